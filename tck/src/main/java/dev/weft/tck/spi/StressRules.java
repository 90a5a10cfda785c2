package dev.weft.tck.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.spi.AsyncRuntime;
import dev.weft.spi.Context;
import dev.weft.spi.Listener;
import dev.weft.spi.Outcome;
import dev.weft.spi.Signal;
import dev.weft.spi.StreamSocket;
import dev.weft.spi.TaskHandle;
import dev.weft.spi.WaitTimeoutException;
import dev.weft.tck.suite.Rule;
import dev.weft.tck.suite.TckTarget;
import dev.weft.testing.Eventually;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.opentest4j.AssertionFailedError;

/**
 * STRESS-1 to STRESS-4: the same rules under load, where lost wake-ups and races show. Each is
 * sized to take a few seconds on a good backend on two cores.
 */
final class StressRules extends Fixture {
  StressRules(TckTarget target) {
    super(target);
  }

  Stream<DynamicNode> tests() {
    return Stream.of(
        Rule.stress(
            target,
            "STRESS-1",
            "100,000 signal ping-pongs between two tasks lose no wake",
            this::pingPong),
        Rule.stress(
            target,
            "STRESS-2",
            "10,000 concurrent sleeping tasks all finish, each after at least its duration",
            this::sleepers),
        Rule.stress(
            target,
            "STRESS-3",
            "1,000 concurrent echo connections each move 1 MiB intact",
            this::echo),
        Rule.stress(
            target,
            "STRESS-4",
            "10,000 cancel-versus-completion races: none hangs, none loses data",
            this::races));
  }

  private void pingPong() throws Exception {
    int rounds = 100_000;
    try (AsyncRuntime rt = open()) {
      Signal ping = rt.newSignal();
      Signal pong = rt.newSignal();
      Duration patience = event();
      TaskHandle<Integer> ponger =
          rt.spawn(
              "stress1-pong",
              ctx -> {
                for (int i = 0; i < rounds; i++) {
                  awaitRaise(ctx, ping, patience, "pong", i);
                  pong.raise();
                }
                return rounds;
              });
      TaskHandle<Integer> pinger =
          rt.spawn(
              "stress1-ping",
              ctx -> {
                for (int i = 0; i < rounds; i++) {
                  ping.raise();
                  awaitRaise(ctx, pong, patience, "ping", i);
                }
                return rounds;
              });
      Duration limit = target.timeouts().stress().minus(event());
      assertEquals(rounds, value(pinger, limit));
      assertEquals(rounds, value(ponger, event()));
    }
  }

  private static void awaitRaise(Context ctx, Signal s, Duration patience, String who, int round)
      throws Exception {
    try {
      ctx.waitReadable(s, patience);
    } catch (WaitTimeoutException e) {
      throw new AssertionFailedError(
          who + " lost a wake-up in round " + round + ": no raise within " + patience);
    }
  }

  private void sleepers() throws Exception {
    int tasks = 10_000;
    try (AsyncRuntime rt = open()) {
      List<TaskHandle<Long>> handles = new ArrayList<>(tasks);
      long[] durations = new long[tasks];
      SplittableRandom rnd = new SplittableRandom(2);
      long t0 = System.nanoTime();
      for (int i = 0; i < tasks; i++) {
        long ms = 200 + rnd.nextInt(300);
        durations[i] = ms;
        Duration d = Duration.ofMillis(ms);
        handles.add(
            rt.spawn(
                "stress2-" + i,
                ctx -> {
                  long start = System.nanoTime();
                  ctx.sleep(d);
                  return System.nanoTime() - start;
                }));
      }
      int early = 0;
      String firstEarly = null;
      for (int i = 0; i < tasks; i++) {
        long slept = value(handles.get(i), target.timeouts().stress());
        if (slept < durations[i] * 1_000_000) {
          early++;
          if (firstEarly == null) {
            firstEarly =
                "task " + i + " slept " + (slept / 1000) + " µs of " + durations[i] + " ms";
          }
        }
      }
      long took = System.nanoTime() - t0;
      assertEquals(0, early, early + " of " + tasks + " sleeps ended early, e.g. " + firstEarly);
      // Concurrent, not one after another: 10,000 sleeps of 200-500 ms end in a few seconds.
      assertTrue(
          took < scaled(Duration.ofSeconds(20)).toNanos(),
          () ->
              tasks
                  + " concurrent sleeps took "
                  + millis(took)
                  + " ms; they do not run concurrently");
    }
  }

  private static final int ECHO_CONNECTIONS = 1000;
  private static final int ECHO_BYTES = 1024 * 1024;
  private static final int ECHO_CHUNK = 32 * 1024;

  /**
   * Each connection sends its own window of one numbered sequence, so crossed streams show as well
   * as gaps.
   */
  private static final int ECHO_SHIFT = 61;

  private static final byte[] ECHO_DATA = echoData();

  private static byte[] echoData() {
    byte[] data = new byte[ECHO_BYTES + ECHO_CONNECTIONS * ECHO_SHIFT];
    for (int i = 0; i < data.length; i++) {
      data[i] = ByteStreamCheck.at(i);
    }
    return data;
  }

  private void echo() throws Exception {
    try (AsyncRuntime rt = open();
        Listener listener = rt.listen(ephemeral())) {
      AtomicInteger echoed = new AtomicInteger();
      List<StreamSocket> serverSockets = Collections.synchronizedList(new ArrayList<>());
      TaskHandle<Integer> acceptor =
          rt.spawn(
              "stress3-acceptor",
              ctx -> {
                for (int i = 0; i < ECHO_CONNECTIONS; i++) {
                  StreamSocket s = listener.accept(ctx);
                  serverSockets.add(s);
                  rt.spawn(
                      "stress3-echo-" + i,
                      c -> {
                        ByteBuffer buf = ByteBuffer.allocate(ECHO_CHUNK);
                        while (s.read(c, buf) >= 0) {
                          buf.flip();
                          s.write(c, buf);
                          buf.clear();
                        }
                        // Keep the socket open until the end: the client closes first.
                        s.shutdownOutput();
                        echoed.incrementAndGet();
                        return null;
                      });
                }
                return ECHO_CONNECTIONS;
              });
      List<TaskHandle<Long>> clients = new ArrayList<>(ECHO_CONNECTIONS);
      for (int i = 0; i < ECHO_CONNECTIONS; i++) {
        int id = i;
        clients.add(rt.spawn("stress3-client-" + i, ctx -> client(rt, ctx, listener, id)));
      }
      Duration limit = target.timeouts().stress().minus(event());
      long deadline = System.nanoTime() + limit.toNanos();
      long total = 0;
      for (TaskHandle<Long> c : clients) {
        long left = Math.max(1, deadline - System.nanoTime());
        total += value(c, Duration.ofNanos(left));
      }
      assertEquals((long) ECHO_CONNECTIONS * ECHO_BYTES, total, "bytes echoed intact");
      assertEquals(ECHO_CONNECTIONS, value(acceptor, event()));
      Eventually.until(
          event(), "every echo task to finish", () -> echoed.get() == ECHO_CONNECTIONS);
      serverSockets.forEach(StreamSocket::close);
    }
  }

  private long client(AsyncRuntime rt, Context ctx, Listener listener, int id) throws Exception {
    try (StreamSocket s = rt.connect(ctx, listener.localAddress(), event())) {
      TaskHandle<Void> writer =
          rt.spawn(
              "stress3-writer-" + id,
              c -> {
                int base = id * ECHO_SHIFT;
                for (int off = 0; off < ECHO_BYTES; off += ECHO_CHUNK) {
                  s.write(
                      c,
                      ByteBuffer.wrap(
                          ECHO_DATA, base + off, Math.min(ECHO_CHUNK, ECHO_BYTES - off)));
                }
                s.shutdownOutput();
                return null;
              });
      byte[] in = new byte[ECHO_CHUNK];
      int base = id * ECHO_SHIFT;
      long got = 0;
      while (true) {
        int n = s.read(ctx, ByteBuffer.wrap(in));
        if (n < 0) {
          break;
        }
        if (got + n > ECHO_BYTES) {
          throw new AssertionFailedError(
              "connection " + id + ": more than " + ECHO_BYTES + " bytes came back");
        }
        int at = (int) got;
        int wrong = Arrays.mismatch(in, 0, n, ECHO_DATA, base + at, base + at + n);
        if (wrong >= 0) {
          throw new AssertionFailedError(
              "connection " + id + ": byte " + (got + wrong) + " came back wrong");
        }
        got += n;
      }
      Outcome<Void> w = writer.join(event());
      if (w instanceof Outcome.Failure<Void> f) {
        throw rethrowable(writer.name(), f.error());
      }
      if (got != ECHO_BYTES) {
        throw new AssertionFailedError(
            "connection " + id + ": " + got + " of " + ECHO_BYTES + " bytes came back");
      }
      return got;
    }
  }

  private void races() throws Exception {
    int races = 10_000;
    try (AsyncRuntime rt = open();
        JdkServer server = new JdkServer();
        SocketPair pair = connectTo(rt, server)) {
      ByteStreamCheck check = new ByteStreamCheck();
      OutputStream out = pair.peer().getOutputStream();
      SplittableRandom rnd = new SplittableRandom(4);
      int[] ends = new int[2];
      for (int i = 0; i < races; i++) {
        long spin = rnd.nextInt(100_000);
        TaskHandle<?> h;
        Signal s = null;
        switch (i % 3) {
          case 0 -> {
            Duration nap = Duration.ofNanos(rnd.nextInt(100_000));
            h =
                rt.spawn(
                    "stress4-sleep-" + i,
                    ctx -> {
                      ctx.sleep(nap);
                      return "slept";
                    });
          }
          case 1 -> {
            Signal sig = rt.newSignal();
            s = sig;
            h =
                rt.spawn(
                    "stress4-signal-" + i,
                    ctx -> {
                      ctx.waitReadable(sig, Context.FOREVER);
                      return "raised";
                    });
          }
          default -> {
            out.write(check.next(1 + rnd.nextInt(32)));
            h =
                rt.spawn(
                    "stress4-read-" + i,
                    ctx -> {
                      ByteBuffer buf = ByteBuffer.allocate(64);
                      int n = pair.socket().read(ctx, buf);
                      if (n > 0) {
                        check.accept(buf.flip());
                      }
                      return n;
                    });
          }
        }
        spinFor(spin);
        if (s != null && rnd.nextBoolean()) {
          s.raise();
        }
        h.cancel();
        if (s != null) {
          s.raise();
        }
        Outcome<?> o;
        try {
          o = h.join(event());
        } catch (WaitTimeoutException e) {
          throw new AssertionFailedError(
              "race " + i + " (" + h.name() + ") hung: not ended " + event() + " after its cancel");
        }
        switch (o) {
          case Outcome.Success<?> ok -> ends[0]++;
          case Outcome.Cancelled<?> c -> ends[1]++;
          case Outcome.Failure<?> f -> throw rethrowable(h.name(), f.error());
        }
      }
      rt.runBlocking(
          "stress4-drain",
          ctx -> {
            ByteBuffer buf = ByteBuffer.allocate(4096);
            while (check.received() < check.sent()) {
              buf.clear();
              try {
                ctx.waitReadable(pair.socket(), scaledMillis(1000));
              } catch (WaitTimeoutException e) {
                break;
              }
              if (pair.socket().read(ctx, buf) < 0) {
                break;
              }
              check.accept(buf.flip());
            }
            return null;
          });
      check.assertComplete(
          "after " + races + " races (" + ends[0] + " completed, " + ends[1] + " cancelled)");
      assertTrue(
          ends[0] > 0 && ends[1] > 0,
          () ->
              "the races never went both ways ("
                  + ends[0]
                  + " completed, "
                  + ends[1]
                  + " cancelled); the test did not race");
    }
  }

  private static void spinFor(long nanos) {
    long end = System.nanoTime() + nanos;
    while (System.nanoTime() - end < 0) {
      Thread.onSpinWait();
    }
  }
}
