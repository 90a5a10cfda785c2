package dev.weft.bench.nats;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one {@link Scenario} against one server, one platform thread per connection, and checks what
 * arrives: every subscriber must receive every publisher's messages exactly once, in each
 * publisher's order, at the right size (each payload carries its publisher's index and sequence
 * number). The clock starts when the publishers are released and stops when the last subscriber has
 * its last message, or, publishing only, when the last publisher's PING after its messages is
 * answered (the server has read them all).
 */
final class ScenarioRun {
  private static final int BUFFER = 64 * 1024;
  private static final long RUN_TIMEOUT_SECONDS = 300;

  private ScenarioRun() {}

  static Throughput run(InetSocketAddress server, Scenario scenario, String subject)
      throws IOException {
    List<NatsWire> wires = new ArrayList<>();
    ExecutorService threads =
        Executors.newCachedThreadPool(
            task -> {
              Thread t = new Thread(task, "bench-" + subject);
              t.setDaemon(true);
              return t;
            });
    try {
      List<Callable<Long>> tasks = new ArrayList<>();
      CountDownLatch start = new CountDownLatch(1);
      long expected = (long) scenario.publishers() * scenario.messages();
      for (int s = 0; s < scenario.subscribers(); s++) {
        NatsWire wire = NatsWire.open(server, "bench-sub-" + s, BUFFER);
        wires.add(wire);
        wire.subscribe(subject, 1);
        wire.roundTrip();
        int index = s;
        tasks.add(() -> receive(wire, index, scenario, expected));
      }
      for (int p = 0; p < scenario.publishers(); p++) {
        NatsWire wire = NatsWire.open(server, "bench-pub-" + p, BUFFER);
        wires.add(wire);
        wire.roundTrip();
        int index = p;
        tasks.add(() -> publish(wire, index, scenario, subject, start));
      }
      List<Future<Long>> results = new ArrayList<>();
      for (Callable<Long> task : tasks) {
        results.add(threads.submit(task));
      }
      long begin = System.nanoTime();
      start.countDown();
      long end = begin;
      long deadline = begin + TimeUnit.SECONDS.toNanos(RUN_TIMEOUT_SECONDS);
      // Publishers first: if one fails, its error is the cause, not the subscribers' silence.
      for (int i = results.size() - 1; i >= 0; i--) {
        String who =
            i < scenario.subscribers()
                ? "subscriber " + i
                : "publisher " + (i - scenario.subscribers());
        end = Math.max(end, await(results.get(i), deadline, who, scenario));
      }
      return new Throughput(scenario, end - begin);
    } finally {
      for (NatsWire wire : wires) {
        wire.close();
      }
      threads.shutdownNow();
    }
  }

  private static long publish(
      NatsWire wire, int index, Scenario scenario, String subject, CountDownLatch start)
      throws IOException, InterruptedException {
    byte[] header = NatsWire.pubHeader(subject, null, scenario.size());
    byte[] data = new byte[scenario.size()];
    Payloads.putInt(data, 0, index);
    start.await();
    for (int seq = 0; seq < scenario.messages(); seq++) {
      Payloads.putInt(data, 4, seq);
      wire.publish(header, data, data.length);
    }
    wire.roundTrip();
    return System.nanoTime();
  }

  private static long receive(NatsWire wire, int index, Scenario scenario, long expected)
      throws IOException {
    int[] nextSeq = new int[scenario.publishers()];
    long received = 0;
    try {
      while (received < expected) {
        if (wire.next() != NatsWire.Op.MSG) {
          throw new IOException("unexpected PONG");
        }
        Payloads.check(wire, 1, scenario.size(), nextSeq);
        received++;
      }
    } catch (SocketTimeoutException e) {
      throw new IOException(
          "subscriber "
              + index
              + " received "
              + received
              + " of "
              + expected
              + " messages, then nothing for 30 s",
          e);
    }
    return System.nanoTime();
  }

  private static long await(Future<Long> result, long deadline, String who, Scenario scenario)
      throws IOException {
    try {
      return result.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw new IOException(
          scenario.label() + ": " + who + " failed: " + cause.getMessage(), cause);
    } catch (TimeoutException e) {
      throw new IOException(
          scenario.label() + ": " + who + " not done after " + RUN_TIMEOUT_SECONDS + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for " + who);
    }
  }
}
