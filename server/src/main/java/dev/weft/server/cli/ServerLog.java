package dev.weft.server.cli;

import java.io.PrintStream;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The CLI's own log lines, in nats-server's shape ({@code [pid] 2026/11/23 15:31:47.255286 [INF] text}),
 * so that scripts and people that watch nats-server's output (for "Server is ready") can watch ours.
 */
final class ServerLog {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss.SSSSSS");

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
        out.println("[" + pid + "] " + TIME.format(LocalDateTime.now()) + " [" + level + "] " + text);
        out.flush();
    }
}
