package dev.weft.server.differential;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.opentest4j.AssertionFailedError;

/** Plays a {@link ProtocolScript} against one server and records what each connection received. */
final class ScriptRunner {
  private static final Duration OPEN_TIMEOUT = Duration.ofSeconds(5);

  /**
   * What one server sent.
   *
   * @param infos each connection's INFO line (without CRLF), or null if the first line was not INFO
   * @param transcripts each connection's bytes after the INFO line
   */
  record Result(Map<String, String> infos, Map<String, byte[]> transcripts) {}

  private static final class Conn {
    final RawConnection raw;
    int infoEnd;
    int cursor;

    Conn(RawConnection raw) {
      this.raw = raw;
    }
  }

  private ScriptRunner() {}

  static Result play(ProtocolScript script, ServerUnderTest server) throws Exception {
    Map<String, Conn> conns = new LinkedHashMap<>();
    Map<String, String> infos = new LinkedHashMap<>();
    try {
      for (ProtocolScript.Step step : script.steps()) {
        String at = server.label() + ": " + script.name() + ".txt:" + step.line() + ": ";
        switch (step) {
          case ProtocolScript.Open o -> {
            Conn c = new Conn(new RawConnection(o.conn(), server.address(), OPEN_TIMEOUT));
            conns.put(o.conn(), c);
            c.raw.awaitBytes(b -> indexOf(b, crlf(), 0) >= 0, OPEN_TIMEOUT);
            byte[] got = c.raw.received();
            int end = indexOf(got, crlf(), 0);
            if (end < 0 && !c.raw.isEof()) {
              throw new AssertionFailedError(
                  at + "no first line within " + OPEN_TIMEOUT + " on " + o.conn());
            }
            String first = end < 0 ? "" : new String(got, 0, end, StandardCharsets.ISO_8859_1);
            if (first.startsWith("INFO ")) {
              infos.put(o.conn(), first);
              c.infoEnd = end + 2;
              c.cursor = c.infoEnd;
            } else {
              infos.put(o.conn(), null);
            }
          }
          case ProtocolScript.Send s -> {
            try {
              conns.get(s.conn()).raw.send(s.bytes());
            } catch (IOException e) {
              // The server may already have closed it; the script's next wait tells.
            }
          }
          case ProtocolScript.Wait w -> {
            Conn c = conns.get(w.conn());
            int from = c.cursor;
            boolean ok = c.raw.awaitBytes(b -> indexOf(b, w.bytes(), from) >= 0, w.timeout());
            if (!ok) {
              throw new AssertionFailedError(
                  at
                      + "waited "
                      + w.timeout().toMillis()
                      + " ms for '"
                      + ProtocolScript.escape(w.bytes())
                      + "' on "
                      + w.conn()
                      + "; "
                      + describe(c));
            }
            c.cursor = indexOf(c.raw.received(), w.bytes(), from) + w.bytes().length;
          }
          case ProtocolScript.Eof e -> {
            Conn c = conns.get(e.conn());
            if (!c.raw.awaitEof(e.timeout())) {
              throw new AssertionFailedError(
                  at
                      + "connection "
                      + e.conn()
                      + " still open after "
                      + e.timeout().toMillis()
                      + " ms; "
                      + describe(c));
            }
          }
          case ProtocolScript.Close cl -> conns.get(cl.conn()).raw.close();
          case ProtocolScript.Count n -> {
            int[] seen = {0};
            Runnable recount =
                () ->
                    seen[0] =
                        n.conns().stream()
                            .mapToInt(name -> occurrences(conns.get(name), n.bytes()))
                            .sum();
            long deadline = System.nanoTime() + n.timeout().toNanos();
            recount.run();
            while (seen[0] < n.expected() && System.nanoTime() < deadline) {
              // Wait on each connection in turn for a change; a message arriving on one
              // wakes that connection's wait.
              for (String name : n.conns()) {
                Conn c = conns.get(name);
                int before = c.raw.received().length;
                c.raw.awaitBytes(b -> b.length > before, Duration.ofMillis(50));
              }
              recount.run();
            }
            if (seen[0] != n.expected()) {
              StringBuilder sb = new StringBuilder();
              for (String name : n.conns()) {
                sb.append("\n  ").append(name).append(": ").append(describe(conns.get(name)));
              }
              throw new AssertionFailedError(
                  at
                      + "expected "
                      + n.expected()
                      + " x '"
                      + ProtocolScript.escape(n.bytes())
                      + "' on "
                      + n.conns()
                      + ", got "
                      + seen[0]
                      + sb);
            }
          }
        }
      }
      Map<String, byte[]> transcripts = new LinkedHashMap<>();
      conns.forEach(
          (name, c) -> {
            byte[] all = c.raw.received();
            transcripts.put(
                name, Arrays.copyOfRange(all, Math.min(c.infoEnd, all.length), all.length));
          });
      return new Result(infos, transcripts);
    } finally {
      conns.values().forEach(c -> c.raw.close());
    }
  }

  private static int occurrences(Conn c, byte[] needle) {
    byte[] b = c.raw.received();
    int count = 0;
    int i = c.infoEnd;
    while ((i = indexOf(b, needle, i)) >= 0) {
      count++;
      i += needle.length;
    }
    return count;
  }

  private static String describe(Conn c) {
    byte[] all = c.raw.received();
    byte[] after = Arrays.copyOfRange(all, Math.min(c.infoEnd, all.length), all.length);
    String shown = ProtocolScript.escape(after);
    if (shown.length() > 800) {
      shown =
          "..." + shown.substring(shown.length() - 800) + " (" + after.length + " bytes in all)";
    }
    return "received after INFO: '"
        + shown
        + "'"
        + (c.raw.isEof() ? " (closed by server: " + c.raw.closeCause() + ")" : " (still open)");
  }

  private static byte[] crlf() {
    return new byte[] {'\r', '\n'};
  }

  static int indexOf(byte[] hay, byte[] needle, int from) {
    outer:
    for (int i = Math.max(0, from); i <= hay.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
