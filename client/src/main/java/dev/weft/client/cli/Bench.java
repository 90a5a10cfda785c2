package dev.weft.client.cli;

import dev.weft.client.Connection;
import dev.weft.client.Options;
import dev.weft.spi.AsyncRuntime;
import dev.weft.spi.Backends;
import dev.weft.spi.RuntimeOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code weft-cli bench}: the nats-bench scenario. NS subscribers (each its own connection, no
 * pending limits) listen, then NP publishers (each its own connection and thread) send N messages
 * between them; rates are messages over the span from the first start to the last finish, printed
 * in nats-bench's format so the same scripts can read them. Every connection shares one runtime.
 */
final class Bench {
  private static final Duration RECEIVE_LIMIT = Duration.ofMinutes(2);

  private final CliArgs cli;
  private final Options.Builder options;
  private final PrintStream out;

  Bench(CliArgs cli, Options.Builder options, PrintStream out) {
    this.cli = cli;
    this.options = options;
    this.out = out;
  }

  /** One side's timing: when it began and ended, in nanoTime. */
  private static final class Span {
    final AtomicLong start = new AtomicLong(Long.MAX_VALUE);
    final AtomicLong end = new AtomicLong(Long.MIN_VALUE);

    void began(long t) {
      start.accumulateAndGet(t, Math::min);
    }

    void ended(long t) {
      end.accumulateAndGet(t, Math::max);
    }

    double seconds() {
      return Math.max(end.get() - start.get(), 1) / 1e9;
    }
  }

  int run() throws IOException, InterruptedException {
    long n = cli.msgs();
    int np = cli.pubs();
    int ns = cli.subs();
    byte[] payload = new byte[cli.size()];
    java.util.Arrays.fill(payload, (byte) 'x');
    List<Connection> conns = new ArrayList<>();
    Span pubSpan = new Span();
    Span subSpan = new Span();
    CountDownLatch subsDone = new CountDownLatch(ns);
    try (AsyncRuntime rt = Backends.bind().open(RuntimeOptions.defaults())) {
      options.runtime(rt).pendingLimits(Options.UNLIMITED, Options.UNLIMITED);
      try {
        for (int i = 0; i < ns; i++) {
          Connection c = Connection.connect(options.name("weft-bench-sub-" + i).build());
          conns.add(c);
          AtomicLong got = new AtomicLong();
          c.subscribe(
              cli.subject(),
              m -> {
                long k = got.incrementAndGet();
                if (k == 1) {
                  subSpan.began(System.nanoTime());
                }
                if (k == n) {
                  subSpan.ended(System.nanoTime());
                  subsDone.countDown();
                }
              });
          c.flush(Duration.ofSeconds(10));
        }
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> publishers = new ArrayList<>();
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int i = 0; i < np; i++) {
          Connection c = Connection.connect(options.name("weft-bench-pub-" + i).build());
          conns.add(c);
          long share = n / np + (i < n % np ? 1 : 0);
          publishers.add(
              Thread.ofPlatform()
                  .name("weft-bench-pub-" + i)
                  .start(
                      () -> {
                        try {
                          go.await();
                          pubSpan.began(System.nanoTime());
                          for (long k = 0; k < share; k++) {
                            c.publish(cli.subject(), payload);
                          }
                          c.flush(Duration.ofSeconds(60));
                          pubSpan.ended(System.nanoTime());
                        } catch (Throwable t) {
                          failures.add(t);
                        }
                      }));
        }
        go.countDown();
        for (Thread t : publishers) {
          t.join();
        }
        if (!failures.isEmpty()) {
          out.println("publisher failed: " + failures.get(0));
          return 1;
        }
        if (!subsDone.await(RECEIVE_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
          out.println("subscribers did not receive every message within " + RECEIVE_LIMIT);
          return 1;
        }
      } finally {
        for (Connection c : conns) {
          c.close();
        }
      }
    }
    report(n, np, ns, pubSpan, subSpan);
    return 0;
  }

  private void report(long n, int np, int ns, Span pub, Span sub) {
    out.println(
        "Starting benchmark [msgs="
            + n
            + ", msgsize="
            + cli.size()
            + ", pubs="
            + np
            + ", subs="
            + ns
            + "]");
    if (np > 0 && ns > 0) {
      Span all = new Span();
      all.began(Math.min(pub.start.get(), sub.start.get()));
      all.ended(Math.max(pub.end.get(), sub.end.get()));
      out.println(line("NATS Pub/Sub stats", n + n * ns, all.seconds()));
    }
    if (np > 0) {
      out.println(line(" Pub stats", n, pub.seconds()));
    }
    if (ns > 0) {
      out.println(line(" Sub stats", n * ns, sub.seconds()));
    }
  }

  private String line(String label, long msgs, double seconds) {
    double rate = msgs / seconds;
    double mb = rate * cli.size() / (1024.0 * 1024.0);
    return String.format(
        Locale.ROOT, "%s: %,d msgs/sec ~ %.2f MB/sec", label, Math.round(rate), mb);
  }
}
