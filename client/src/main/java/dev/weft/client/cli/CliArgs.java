package dev.weft.client.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The parsed command line of {@code weft-cli}. {@link #parse} never exits the JVM: a bad command
 * line throws {@link UsageException}, which {@link CliMain} turns into the usage text and exit code
 * 2.
 *
 * @param command pub, sub, req, reply or bench
 * @param subject the subject argument
 * @param message the message argument (pub, req, reply), else null
 * @param server server URL(s), comma-separated
 * @param count messages to send (pub) or to receive before exiting (sub, reply); 0 = default
 * @param queue queue group (sub, reply), or null
 * @param headers headers given with --header K:V, in order
 * @param timeout request timeout (req)
 * @param pubs publishers (bench)
 * @param subs subscribers (bench)
 * @param msgs messages (bench)
 * @param size payload size in bytes (bench)
 */
public record CliArgs(
    String command,
    String subject,
    String message,
    String server,
    String user,
    String password,
    String token,
    long count,
    String queue,
    List<Map.Entry<String, String>> headers,
    Duration timeout,
    int pubs,
    int subs,
    long msgs,
    int size) {

  public static final String DEFAULT_SERVER = "nats://127.0.0.1:4222";

  public static final String USAGE =
      """
            usage: weft-cli <command> [options]

            commands:
              pub <subject> <message> [--count N] [--header K:V]...   publish (N times)
              sub <subject> [--queue Q] [--count N]                   print messages (exit after N)
              req <subject> <message> [--timeout D] [--header K:V]... send a request, print the reply
              reply <subject> <message> [--queue Q] [--count N]       answer requests with <message>
              bench <subject> --pub N --sub N --msgs N --size N       throughput, like nats-bench

            options for every command:
              -s, --server URL     server URL(s), comma-separated (default nats://127.0.0.1:4222)
                  --user USER      user name
                  --password PASS  password
                  --token TOKEN    auth token
              -h, --help           this text
              -V, --version        the version
            durations: 500ms, 2s, 1m, or plain seconds (1.5)
            """;

  /** A command line that cannot be run; the message says why. */
  public static final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
      super(message);
    }
  }

  /** The user asked for help. */
  public static final class HelpRequested extends Exception {
    private static final long serialVersionUID = 1L;

    public HelpRequested() {
      super("help");
    }
  }

  /** The user asked for the version. */
  public static final class VersionRequested extends Exception {
    private static final long serialVersionUID = 1L;

    public VersionRequested() {
      super("version");
    }
  }

  /** The options that take a value; any other option is unknown, wherever it stands. */
  private static final Set<String> VALUE_OPTIONS =
      Set.of(
          "-s",
          "--server",
          "--user",
          "--password",
          "--token",
          "--count",
          "--queue",
          "--header",
          "--timeout",
          "--pub",
          "--sub",
          "--msgs",
          "--size");

  /**
   * Parses a command line.
   *
   * @throws HelpRequested for {@code -h} or {@code --help} anywhere
   * @throws VersionRequested for {@code -V} or {@code --version} anywhere
   * @throws UsageException when the command line cannot be run
   */
  public static CliArgs parse(String... args)
      throws UsageException, HelpRequested, VersionRequested {
    if (args.length == 0) {
      throw new UsageException("no command given");
    }
    String command = null;
    List<String> positional = new ArrayList<>();
    String server = DEFAULT_SERVER;
    String user = null;
    String password = null;
    String token = null;
    long count = 0;
    String queue = null;
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    Duration timeout = Duration.ofSeconds(2);
    Integer pubs = null;
    Integer subs = null;
    Long msgs = null;
    Integer size = null;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      String inline = null;
      if (a.startsWith("--") && a.contains("=")) {
        inline = a.substring(a.indexOf('=') + 1);
        a = a.substring(0, a.indexOf('='));
      }
      if (a.equals("-h") || a.equals("--help")) {
        throw new HelpRequested();
      }
      if (a.equals("-V") || a.equals("--version")) {
        throw new VersionRequested();
      }
      if (!a.startsWith("-") || a.equals("-")) {
        if (command == null) {
          command = a;
        } else {
          positional.add(a);
        }
        continue;
      }
      if (!VALUE_OPTIONS.contains(a)) {
        throw new UsageException("unknown option " + a);
      }
      if (inline == null) {
        if (i + 1 >= args.length) {
          throw new UsageException("option " + a + " needs a value");
        }
        inline = args[++i];
      }
      String v = inline;
      switch (a) {
        case "-s", "--server" -> server = v;
        case "--user" -> user = v;
        case "--password" -> password = v;
        case "--token" -> token = v;
        case "--count" -> count = positiveLong(a, v);
        case "--queue" -> queue = v;
        case "--header" -> {
          int colon = v.indexOf(':');
          if (colon <= 0) {
            throw new UsageException("--header needs K:V, got '" + v + "'");
          }
          headers.add(Map.entry(v.substring(0, colon).strip(), v.substring(colon + 1).strip()));
        }
        case "--timeout" -> timeout = duration(a, v);
        case "--pub" -> pubs = (int) nonNegativeLong(a, v);
        case "--sub" -> subs = (int) nonNegativeLong(a, v);
        case "--msgs" -> msgs = positiveLong(a, v);
        case "--size" -> size = (int) nonNegativeLong(a, v);
        default -> throw new UsageException("unknown option " + a);
      }
    }
    if (command == null) {
      throw new UsageException("no command given");
    }
    String subject;
    String message = null;
    switch (command) {
      case "pub", "req", "reply" -> {
        expectPositional(command, positional, 2, "<subject> <message>");
        subject = positional.get(0);
        message = positional.get(1);
      }
      case "sub", "bench" -> {
        expectPositional(command, positional, 1, "<subject>");
        subject = positional.get(0);
      }
      default -> throw new UsageException("unknown command '" + command + "'");
    }
    if (!command.equals("bench")
        && (pubs != null || subs != null || msgs != null || size != null)) {
      throw new UsageException("--pub, --sub, --msgs and --size are for bench only");
    }
    if (queue != null && !(command.equals("sub") || command.equals("reply"))) {
      throw new UsageException("--queue is for sub and reply only");
    }
    if (!headers.isEmpty() && !(command.equals("pub") || command.equals("req"))) {
      throw new UsageException("--header is for pub and req only");
    }
    if (command.equals("bench")) {
      if (pubs == null || subs == null || msgs == null || size == null) {
        throw new UsageException("bench needs --pub N --sub N --msgs N --size N");
      }
      if (pubs == 0 && subs == 0) {
        throw new UsageException("bench needs at least one publisher or subscriber");
      }
    }
    return new CliArgs(
        command,
        subject,
        message,
        server,
        user,
        password,
        token,
        count,
        queue,
        List.copyOf(headers),
        timeout,
        pubs == null ? 0 : pubs,
        subs == null ? 0 : subs,
        msgs == null ? 0 : msgs,
        size == null ? 0 : size);
  }

  private static void expectPositional(String command, List<String> positional, int n, String shape)
      throws UsageException {
    if (positional.size() != n) {
      throw new UsageException(
          command + " takes " + shape + ", got " + positional.size() + " argument(s)");
    }
  }

  private static long positiveLong(String flag, String v) throws UsageException {
    long n = nonNegativeLong(flag, v);
    if (n == 0) {
      throw new UsageException(flag + " must be positive");
    }
    return n;
  }

  private static long nonNegativeLong(String flag, String v) throws UsageException {
    try {
      long n = Long.parseLong(v.replace("_", "").replace(",", ""));
      if (n < 0 || n > Integer.MAX_VALUE * 64L) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new UsageException(flag + " needs a non-negative number, got '" + v + "'");
    }
  }

  /** Parses {@code 500ms}, {@code 2s}, {@code 1m}, {@code 1h} or plain (fractional) seconds. */
  static Duration duration(String flag, String v) throws UsageException {
    String s = v.strip().toLowerCase(Locale.ROOT);
    try {
      double amount;
      long unitNanos;
      if (s.endsWith("ms")) {
        amount = Double.parseDouble(s.substring(0, s.length() - 2));
        unitNanos = 1_000_000L;
      } else if (s.endsWith("s")) {
        amount = Double.parseDouble(s.substring(0, s.length() - 1));
        unitNanos = 1_000_000_000L;
      } else if (s.endsWith("m")) {
        amount = Double.parseDouble(s.substring(0, s.length() - 1));
        unitNanos = 60_000_000_000L;
      } else if (s.endsWith("h")) {
        amount = Double.parseDouble(s.substring(0, s.length() - 1));
        unitNanos = 3_600_000_000_000L;
      } else {
        amount = Double.parseDouble(s);
        unitNanos = 1_000_000_000L;
      }
      if (!(amount > 0) || Double.isInfinite(amount)) {
        throw new NumberFormatException();
      }
      return Duration.ofNanos((long) (amount * unitNanos));
    } catch (NumberFormatException e) {
      throw new UsageException(
          flag + " needs a positive duration like 500ms or 2s, got '" + v + "'");
    }
  }
}
