package dev.weft.server.differential;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One differential script: what to send to a server on which connection, and what to wait for. The
 * format, one command per line ({@code #} starts a comment line):
 *
 * <pre>
 * config KEY: VALUE         a line of the server's configuration file (nats-server syntax)
 * timeout MILLIS            deadline of every later wait (default 5000)
 * open C                    connect C; the first line received, if INFO, is set aside and checked apart
 * send C TEXT               send TEXT on C
 * wait C TEXT               wait until TEXT arrives on C after what earlier waits consumed
 * eof C                     wait until the server closes C
 * close C                   close C from the client side
 * count C1,C2 N TEXT        wait until TEXT occurred N times in total on C1, C2 (never more)
 * nocompare C               C's bytes are not compared between servers (nondeterministic, e.g. a queue member)
 * unordered C               C's frames are compared as a multiset: nats-server delivers to several matching
 *                           subscriptions of one connection in an unspecified order
 * </pre>
 *
 * TEXT is the rest of the line with escapes {@code \r \n \t \s} (space) {@code \\ \xHH}, {@code
 * {{c*N}}} for N copies of the character c and {@code {{(text)*N}}} for N copies of a text.
 * Trailing blanks are not part of TEXT; write {@code \s}. Every connection not marked nocompare
 * must receive byte-identical streams (after INFO) from nats-server and from Weft.
 */
record ProtocolScript(
    String name,
    List<String> config,
    List<Step> steps,
    Set<String> noCompare,
    Set<String> unordered) {

  sealed interface Step {
    int line();
  }

  record Open(int line, String conn) implements Step {}

  record Send(int line, String conn, byte[] bytes) implements Step {}

  record Wait(int line, String conn, byte[] bytes, Duration timeout) implements Step {}

  record Eof(int line, String conn, Duration timeout) implements Step {}

  record Close(int line, String conn) implements Step {}

  record Count(int line, List<String> conns, int expected, byte[] bytes, Duration timeout)
      implements Step {}

  private static final Pattern REPEAT = Pattern.compile("\\{\\{(.)\\*(\\d+)}}");
  private static final Pattern REPEAT_TEXT = Pattern.compile("\\{\\{\\((.*?)\\)\\*(\\d+)}}");

  static ProtocolScript load(Path file) throws IOException {
    String fileName = file.getFileName().toString();
    String name =
        fileName.endsWith(".txt") ? fileName.substring(0, fileName.length() - 4) : fileName;
    return parse(name, Files.readString(file, StandardCharsets.UTF_8));
  }

  static ProtocolScript parse(String name, String text) {
    List<String> config = new ArrayList<>();
    List<Step> steps = new ArrayList<>();
    Set<String> noCompare = new LinkedHashSet<>();
    Set<String> unordered = new LinkedHashSet<>();
    Set<String> opened = new LinkedHashSet<>();
    Duration timeout = Duration.ofSeconds(5);
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      int lineNo = i + 1;
      String line = lines[i].stripTrailing();
      if (line.isBlank() || line.stripLeading().startsWith("#")) {
        continue;
      }
      String[] parts = line.split(" ", 3);
      String cmd = parts[0];
      String where = name + ".txt:" + lineNo + ": ";
      try {
        switch (cmd) {
          case "config" -> config.add(line.substring("config".length()).strip());
          case "timeout" -> timeout = Duration.ofMillis(Long.parseLong(parts[1]));
          case "open" -> {
            steps.add(new Open(lineNo, parts[1]));
            opened.add(parts[1]);
          }
          case "send" -> steps.add(new Send(lineNo, known(opened, parts[1]), unescape(parts[2])));
          case "wait" ->
              steps.add(new Wait(lineNo, known(opened, parts[1]), unescape(parts[2]), timeout));
          case "eof" -> steps.add(new Eof(lineNo, known(opened, parts[1]), timeout));
          case "close" -> steps.add(new Close(lineNo, known(opened, parts[1])));
          case "nocompare" -> noCompare.add(parts[1]);
          case "unordered" -> unordered.add(parts[1]);
          case "count" -> {
            String[] rest = parts[2].split(" ", 2);
            List<String> conns = List.of(parts[1].split(","));
            conns.forEach(c -> known(opened, c));
            steps.add(
                new Count(lineNo, conns, Integer.parseInt(rest[0]), unescape(rest[1]), timeout));
          }
          default -> throw new IllegalArgumentException("unknown command '" + cmd + "'");
        }
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(where + e.getMessage() + " in: " + line, e);
      }
    }
    return new ProtocolScript(
        name,
        List.copyOf(config),
        List.copyOf(steps),
        Set.copyOf(noCompare),
        Set.copyOf(unordered));
  }

  private static String known(Set<String> opened, String conn) {
    if (!opened.contains(conn)) {
      throw new IllegalArgumentException("connection '" + conn + "' used before 'open'");
    }
    return conn;
  }

  static byte[] unescape(String text) {
    Matcher t = REPEAT_TEXT.matcher(text);
    StringBuilder texts = new StringBuilder();
    while (t.find()) {
      t.appendReplacement(
          texts, Matcher.quoteReplacement(t.group(1).repeat(Integer.parseInt(t.group(2)))));
    }
    t.appendTail(texts);
    Matcher m = REPEAT.matcher(texts.toString());
    StringBuilder expanded = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(
          expanded, Matcher.quoteReplacement(m.group(1).repeat(Integer.parseInt(m.group(2)))));
    }
    m.appendTail(expanded);
    String s = expanded.toString();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '\\') {
        byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        out.write(b, 0, b.length);
        continue;
      }
      if (++i >= s.length()) {
        throw new IllegalArgumentException("dangling backslash");
      }
      char e = s.charAt(i);
      switch (e) {
        case 'r' -> out.write('\r');
        case 'n' -> out.write('\n');
        case 't' -> out.write('\t');
        case 's' -> out.write(' ');
        case '\\' -> out.write('\\');
        case 'x' -> {
          out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
          i += 2;
        }
        default -> throw new IllegalArgumentException("unknown escape \\" + e);
      }
    }
    return out.toByteArray();
  }

  /** Bytes shown with the same escapes a script uses, for failure messages. */
  static String escape(byte[] bytes) {
    StringBuilder sb = new StringBuilder();
    for (byte b : bytes) {
      int c = b & 0xff;
      switch (c) {
        case '\r' -> sb.append("\\r");
        case '\n' -> sb.append("\\n");
        case '\t' -> sb.append("\\t");
        case '\\' -> sb.append("\\\\");
        default -> {
          if (c < 0x20 || c >= 0x7f) {
            sb.append(String.format("\\x%02x", c));
          } else {
            sb.append((char) c);
          }
        }
      }
    }
    return sb.toString();
  }
}
