package dev.weft.server.cli;

import java.io.PrintStream;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The CLI's own log lines, in nats-server's shape ({@code [pid] 2026/11/23 15:31:47.255286 [INF]
 * text}), so that scripts and people that watch nats-server's output (for "Server is ready") can
 * watch ours.
 */
final class ServerLog {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss.SSSSSS");

  private final PrintStream out;
  private final boolean debug;
  private final long pid = ProcessHandle.current().pid();

  ServerLog(PrintStream out, boolean debug) {
    this.out = out;
    this.debug = debug;
  }

  void info(String text) {
    line("INF", text);
  }

  void warn(String text) {
    line("WRN", text);
  }

  void error(String text) {
    line("ERR", text);
  }

  void debug(String text) {
    if (debug) {
      line("DBG", text);
    }
  }

  private void line(String level, String text) {
    line(LocalDateTime.now(), level, text);
  }

  private synchronized void line(LocalDateTime when, String level, String text) {
    out.println("[" + pid + "] " + TIME.format(when) + " [" + level + "] " + text);
    out.flush();
  }

  /**
   * Sends the engine's log (its {@code System.Logger "dev.weft.server"}, backed by
   * java.util.logging) through this log, so -l FILE gets everything and -D/-V show the engine's
   * debug and trace lines, which java.util.logging's default console level would drop.
   */
  void captureEngineLog(boolean trace) {
    Logger engine = Logger.getLogger("dev.weft.server");
    engine.setUseParentHandlers(false);
    engine.setLevel(trace ? Level.ALL : debug ? Level.FINE : Level.INFO);
    engine.addHandler(
        new Handler() {
          @Override
          public void publish(LogRecord r) {
            int v = r.getLevel().intValue();
            String level =
                v >= Level.SEVERE.intValue()
                    ? "ERR"
                    : v >= Level.WARNING.intValue()
                        ? "WRN"
                        : v >= Level.INFO.intValue()
                            ? "INF"
                            : v >= Level.FINE.intValue() ? "DBG" : "TRC";
            String text =
                r.getParameters() == null
                    ? r.getMessage()
                    : java.text.MessageFormat.format(r.getMessage(), r.getParameters());
            line(LocalDateTime.ofInstant(r.getInstant(), ZoneId.systemDefault()), level, text);
          }

          @Override
          public void flush() {
            out.flush();
          }

          @Override
          public void close() {
            out.flush();
          }
        });
  }
}
