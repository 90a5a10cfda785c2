package dev.weft.client;

import dev.weft.client.Connection.Status;
import dev.weft.spi.Signal;
import dev.weft.spi.StreamSocket;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * What waits to be written, and the connection state that decides where it goes. It owns the one
 * lock of a connection: the outbound buffer that every PUB, SUB and UNSUB is appended to, the PINGs
 * and PONGs asked for, the flushes waiting for a PONG, the status and the live socket. The writer
 * task swaps the buffer out whole, so many messages leave in one socket write; appending wakes the
 * writer only when it is parked, so a burst of publishes costs one wake-up.
 */
final class Outbox {
  static final int WRITE_BATCH = 64 * 1024;

  /** A change made under the lock; true when it left something for the writer. */
  @FunctionalInterface
  private interface Change<E extends Exception> {
    boolean apply() throws E;
  }

  /** What the writer takes in one go: the swapped-out buffer and the PINGs and PONGs asked for. */
  record Batch(byte[] buffer, int length, int pings, int pongs) {}

  private final Options options;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition stateChanged = lock.newCondition();
  private final Condition spaceAvailable = lock.newCondition();
  // Guarded by lock.
  private Status status = Status.CONNECTING;
  private byte[] out = new byte[WRITE_BATCH];
  private int outLen;
  private int pingsRequested;
  private int pongsRequested;
  private final ArrayDeque<CompletableFuture<Void>> pongWaiters = new ArrayDeque<>();
  private boolean writerIdle;
  private Signal writerSignal;
  private StreamSocket socket;
  private ServerAddress currentServer;

  /** Set once close began; read without the lock by the tasks deciding whether to report. */
  private volatile boolean closing;

  Outbox(Options options) {
    this.options = options;
  }

  // ---------------------------------------------------------------- state

  Status status() {
    lock.lock();
    try {
      return status;
    } finally {
      lock.unlock();
    }
  }

  ServerAddress currentServer() {
    lock.lock();
    try {
      return currentServer;
    } finally {
      lock.unlock();
    }
  }

  StreamSocket socket() {
    lock.lock();
    try {
      return socket;
    } finally {
      lock.unlock();
    }
  }

  boolean isClosing() {
    return closing;
  }

  void markClosing() {
    closing = true;
  }

  /** Throws when the connection is closed or closing; callable from inside a change. */
  void checkOpen() {
    lock.lock();
    try {
      if (status == Status.CLOSED || closing) {
        throw new ClientException("connection is closed");
      }
    } finally {
      lock.unlock();
    }
  }

  // ---------------------------------------------------------------- appending

  /**
   * Appends a PUB (or HPUB, with headers) whole. From a plain thread it waits while more than
   * {@link Options#maxOutboundBytes()} wait for the writer; while disconnected it keeps up to
   * {@link Options#reconnectBufferBytes()}.
   */
  void publish(byte[] subject, byte[] reply, byte[] headers, byte[] data) {
    int need = ClientOpWriter.maxLength(subject, reply, headers, data);
    change(
        () -> {
          awaitSpace(need);
          ensureOut(need);
          outLen = ClientOpWriter.encode(out, outLen, subject, reply, headers, data);
          return true;
        });
  }

  /**
   * Runs {@code register} under the lock, then queues {@code line} if connected: a subscription
   * table changed together with its SUB or UNSUB, so a reconnect's resubscribe never misses or
   * repeats one.
   *
   * @param register false when there is nothing to send after all
   * @return what {@code register} returned
   */
  boolean control(BooleanSupplier register, byte[] line) {
    boolean[] registered = new boolean[1];
    change(
        () -> {
          registered[0] = register.getAsBoolean();
          if (!registered[0] || status != Status.CONNECTED || line.length == 0) {
            return false;
          }
          ensureOut(line.length);
          System.arraycopy(line, 0, out, outLen, line.length);
          outLen += line.length;
          return true;
        });
    return registered[0];
  }

  /** Asks the writer for a PONG, answering the server's PING. */
  void pong() {
    change(
        () -> {
          pongsRequested++;
          return true;
        });
  }

  /**
   * Asks the writer for a PING; the future completes at its PONG. While reconnecting it waits for
   * the reconnect until {@code deadline}, then queues the PING anyway.
   */
  CompletableFuture<Void> ping(long deadline) throws InterruptedException {
    CompletableFuture<Void> f = new CompletableFuture<>();
    change(
        () -> {
          while (status != Status.CONNECTED) {
            if (status == Status.CLOSED || closing) {
              throw new ClientException("connection is closed");
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
              break;
            }
            stateChanged.awaitNanos(left);
          }
          pongWaiters.add(f);
          pingsRequested++;
          return true;
        });
    return f;
  }

  /** The flush that the PONG just received answers, or null. */
  CompletableFuture<Void> pongReceived() {
    lock.lock();
    try {
      return pongWaiters.poll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * The one append sequence: lock, apply the change, take the writer's wake flag, unlock, wake the
   * writer.
   */
  private <E extends Exception> void change(Change<E> c) throws E {
    Signal wake = null;
    lock.lock();
    try {
      if (c.apply() && writerIdle && status == Status.CONNECTED) {
        writerIdle = false;
        wake = writerSignal;
      }
    } finally {
      lock.unlock();
    }
    if (wake != null) {
      wake.raise();
    }
  }

  /** Waits for space in the outbound buffer (plain threads only); caller holds the lock. */
  private void awaitSpace(int need) {
    while (true) {
      if (status == Status.CLOSED || closing) {
        throw new ClientException("connection is closed");
      }
      if (status != Status.CONNECTED) {
        if ((long) outLen + need > options.reconnectBufferBytes()) {
          throw new ClientException(
              "reconnect buffer full ("
                  + options.reconnectBufferBytes()
                  + " bytes): publish refused while disconnected");
        }
        return;
      }
      if (outLen == 0
          || (long) outLen + need <= options.maxOutboundBytes()
          || OwnTasks.isAnyClientTask()) {
        return;
      }
      spaceAvailable.awaitUninterruptibly();
    }
  }

  private void ensureOut(int need) {
    if (out.length - outLen < need) {
      int cap = out.length;
      while (cap - outLen < need) {
        cap *= 2;
      }
      out = Arrays.copyOf(out, cap);
    }
  }

  // ---------------------------------------------------------------- the writer's side

  /**
   * Takes everything waiting, leaving {@code spare} as the new buffer; or, when nothing waits,
   * marks the writer parked (so the next append wakes it) and returns null.
   */
  Batch take(byte[] spare) {
    lock.lock();
    try {
      if (outLen == 0 && pingsRequested == 0 && pongsRequested == 0) {
        writerIdle = true;
        return null;
      }
      Batch b = new Batch(out, outLen, pingsRequested, pongsRequested);
      out = spare.length >= WRITE_BATCH ? spare : new byte[WRITE_BATCH];
      outLen = 0;
      pingsRequested = 0;
      pongsRequested = 0;
      writerIdle = false;
      spaceAvailable.signalAll();
      return b;
    } finally {
      lock.unlock();
    }
  }

  /** Queues a keepalive PING, or fails when too many went unanswered. */
  void keepalive() throws IOException {
    lock.lock();
    try {
      int outstanding = pongWaiters.size() - pingsRequested;
      if (outstanding >= options.maxPingsOut()) {
        throw new IOException("stale connection: " + outstanding + " PINGs unanswered");
      }
      pongWaiters.add(new CompletableFuture<>());
      pingsRequested++;
    } finally {
      lock.unlock();
    }
  }

  // ---------------------------------------------------------------- transitions

  /**
   * Publishes the new socket, unless closing.
   *
   * @param resubscribe the SUB lines of every subscription, built under the lock so none is missed
   * @return those lines (to be written before the writer starts), or null when closing
   */
  byte[] connected(
      StreamSocket s, ServerAddress server, Signal writer, Supplier<byte[]> resubscribe) {
    lock.lock();
    try {
      if (closing) {
        return null;
      }
      byte[] lines = resubscribe.get();
      socket = s;
      currentServer = server;
      writerSignal = writer;
      writerIdle = false;
      status = Status.CONNECTED;
      stateChanged.signalAll();
      return lines;
    } finally {
      lock.unlock();
    }
  }

  /**
   * The socket is gone: flushes whose PING was sent on it fail; PINGs not yet sent and everything
   * published stay for the reconnect.
   */
  void disconnected() {
    List<CompletableFuture<Void>> failed = new ArrayList<>();
    lock.lock();
    try {
      socket = null;
      writerSignal = null;
      writerIdle = false;
      pongsRequested = 0;
      int sent = pongWaiters.size() - pingsRequested;
      for (int i = 0; i < sent; i++) {
        failed.add(pongWaiters.poll());
      }
      if (status != Status.CLOSED) {
        status = Status.RECONNECTING;
      }
      stateChanged.signalAll();
      spaceAvailable.signalAll();
    } finally {
      lock.unlock();
    }
    ClientException lost =
        new ClientException("connection lost before the server answered the PING");
    failed.forEach(f -> f.completeExceptionally(lost));
  }

  /**
   * Becomes CLOSED, dropping what was not written and failing every waiting flush.
   *
   * @return false when it already was closed
   */
  boolean closed() {
    List<CompletableFuture<Void>> pongs;
    lock.lock();
    try {
      if (status == Status.CLOSED) {
        return false;
      }
      status = Status.CLOSED;
      pongs = new ArrayList<>(pongWaiters);
      pongWaiters.clear();
      pingsRequested = 0;
      outLen = 0;
      stateChanged.signalAll();
      spaceAvailable.signalAll();
    } finally {
      lock.unlock();
    }
    ClientException closedEx = new ClientException("connection is closed");
    pongs.forEach(f -> f.completeExceptionally(closedEx));
    return true;
  }
}
