package dev.weft.client;

import dev.weft.spi.Context;
import dev.weft.spi.Signal;
import dev.weft.spi.TaskHandle;
import dev.weft.spi.WaitTimeoutException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Interest in a subject, made by {@link Connection#subscribe}. Messages wait in a client-side queue
 * bounded by pending limits; beyond them messages are dropped and the {@link ErrorListener} is told
 * of a slow consumer. A blocking subscription is read with {@link #next(Duration)} (plain threads)
 * or {@link #next(Context, Duration)} (tasks); a handler subscription has its own dispatcher task.
 * Thread-safe.
 */
public final class Subscription {
  private final Connection connection;
  private final long sid;
  private final String subject;
  private final String queueGroup;
  private final MessageHandler handler;
  private final boolean inbox;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition notEmpty = lock.newCondition();
  private final Condition finished = lock.newCondition();
  private boolean busy;
  private volatile boolean discarded;
  private static final int DISPATCH_BATCH = 256;
  private final ArrayDeque<Message> queue = new ArrayDeque<>();
  private final Signal signal;

  /** A task is (about to be) suspended on the signal; guarded by lock. */
  private boolean parked;

  private long pendingBytes;
  private long pendingMessagesLimit;
  private long pendingBytesLimit;
  private long delivered;
  private long dropped;
  private long max;
  private boolean slow;
  private boolean closed;
  private TaskHandle<Void> dispatcher;

  Subscription(
      Connection connection,
      long sid,
      String subject,
      String queueGroup,
      MessageHandler handler,
      boolean inbox,
      Signal signal,
      long pendingMessagesLimit,
      long pendingBytesLimit) {
    this.connection = connection;
    this.sid = sid;
    this.subject = subject;
    this.queueGroup = queueGroup;
    this.handler = handler;
    this.inbox = inbox;
    this.signal = signal;
    this.pendingMessagesLimit = pendingMessagesLimit;
    this.pendingBytesLimit = pendingBytesLimit;
  }

  public String subject() {
    return subject;
  }

  /** The queue group, or null. */
  public String queueGroup() {
    return queueGroup;
  }

  /** The subscription id on the wire. */
  public long sid() {
    return sid;
  }

  public Connection connection() {
    return connection;
  }

  /** True until unsubscribed, drained, auto-unsubscribed at its max, or the connection closed. */
  public boolean isActive() {
    lock.lock();
    try {
      return !closed;
    } finally {
      lock.unlock();
    }
  }

  /**
   * The next message, waiting up to {@code timeout}; for plain threads.
   *
   * @return the message, or null when none arrived in time
   * @throws IllegalStateException when the subscription is no longer active and nothing is left, or
   *     it is a handler subscription
   */
  public Message next(Duration timeout) throws InterruptedException {
    checkNotHandler();
    long nanos = timeout.toNanos();
    lock.lock();
    try {
      while (queue.isEmpty()) {
        if (closed) {
          throw new IllegalStateException("subscription to '" + subject + "' is no longer active");
        }
        if (nanos <= 0) {
          return null;
        }
        nanos = notEmpty.awaitNanos(nanos);
      }
      return take();
    } finally {
      lock.unlock();
    }
  }

  /**
   * {@link #next(Duration)} for a task: it suspends the task instead of blocking a thread. The task
   * must run on the connection's runtime ({@link Connection#runtime()}), whose signal it waits on.
   */
  public Message next(Context ctx, Duration timeout) {
    checkNotHandler();
    long deadline = System.nanoTime() + Math.min(timeout.toNanos(), Long.MAX_VALUE / 4);
    try {
      while (true) {
        lock.lock();
        try {
          if (!queue.isEmpty()) {
            return take();
          }
          if (closed) {
            throw new IllegalStateException(
                "subscription to '" + subject + "' is no longer active");
          }
          parked = true;
        } finally {
          lock.unlock();
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return null;
        }
        try {
          ctx.waitReadable(signal, Duration.ofNanos(left));
        } catch (WaitTimeoutException e) {
          return null;
        } catch (java.io.IOException e) {
          throw new IllegalStateException(e);
        }
      }
    } finally {
      lock.lock();
      parked = false;
      lock.unlock();
    }
  }

  /** Stops delivery now; queued messages not yet taken are discarded. Idempotent. */
  public void unsubscribe() {
    connection.unsubscribe(this, 0);
  }

  /**
   * Stops after {@code max} messages in all (counting those already received), as the server
   * counts; if that many already arrived it stops now.
   */
  public void unsubscribe(long max) {
    if (max <= 0) {
      throw new IllegalArgumentException("max must be positive");
    }
    connection.unsubscribe(this, max);
  }

  /** Sets this subscription's pending limits; {@link Options#UNLIMITED} (or 0) for none. */
  public void setPendingLimits(long messages, long bytes) {
    lock.lock();
    try {
      pendingMessagesLimit = messages <= 0 ? Options.UNLIMITED : messages;
      pendingBytesLimit = bytes <= 0 ? Options.UNLIMITED : bytes;
    } finally {
      lock.unlock();
    }
  }

  /** Messages queued and not yet taken or handled. */
  public long pendingMessages() {
    lock.lock();
    try {
      return queue.size();
    } finally {
      lock.unlock();
    }
  }

  public long pendingBytes() {
    lock.lock();
    try {
      return pendingBytes;
    } finally {
      lock.unlock();
    }
  }

  /** Messages received from the server for this subscription, dropped ones included. */
  public long delivered() {
    lock.lock();
    try {
      return delivered;
    } finally {
      lock.unlock();
    }
  }

  /** Messages dropped because a pending limit was reached. */
  public long dropped() {
    lock.lock();
    try {
      return dropped;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    return "Subscription[sid="
        + sid
        + ", subject="
        + subject
        + (queueGroup == null ? "" : ", queue=" + queueGroup)
        + "]";
  }

  // ---- used by Connection ----

  boolean isInbox() {
    return inbox;
  }

  MessageHandler handler() {
    return handler;
  }

  void dispatcher(TaskHandle<Void> handle) {
    this.dispatcher = handle;
  }

  TaskHandle<Void> dispatcher() {
    return dispatcher;
  }

  /** Max total deliveries, or 0; and how many are left for a resubscribe. */
  long remainingForResubscribe() {
    lock.lock();
    try {
      return max <= 0 ? 0 : Math.max(max - delivered, 0);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Sets the auto-unsubscribe limit.
   *
   * @return true when the limit is already reached (so the caller unsubscribes now)
   */
  boolean setMax(long max) {
    lock.lock();
    try {
      this.max = max;
      return delivered >= max;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Queues a message from the reader.
   *
   * @return true when this delivery reached the max, so the subscription is done
   */
  boolean deliver(Message m) {
    return deliver(List.of(m));
  }

  /**
   * Queues the messages one read brought for this subscription, in order, under one lock.
   *
   * @return true when the max was reached, so the subscription is done
   */
  boolean deliver(List<Message> messages) {
    boolean reportSlow = false;
    boolean done = false;
    boolean wake;
    lock.lock();
    try {
      if (closed) {
        return false;
      }
      for (int i = 0; i < messages.size() && !done; i++) {
        Message m = messages.get(i);
        delivered++;
        long size = m.footprint();
        boolean over =
            (pendingMessagesLimit > 0 && queue.size() >= pendingMessagesLimit)
                || (pendingBytesLimit > 0 && pendingBytes + size > pendingBytesLimit);
        if (over) {
          dropped++;
          if (!slow) {
            slow = true;
            reportSlow = true;
          }
        } else {
          queue.add(m);
          pendingBytes += size;
        }
        done = max > 0 && delivered >= max;
      }
      notEmpty.signalAll();
      if (done) {
        closed = true;
      }
      wake = parked || done;
      parked = false;
    } finally {
      lock.unlock();
    }
    if (wake) {
      signal.raise();
    }
    if (reportSlow) {
      connection.notifier().slowConsumer(this);
    }
    return done;
  }

  /**
   * Ends delivery. With {@code discard}, queued messages are dropped (unsubscribe, close); without
   * it they stay to be taken (drain, max reached).
   */
  void close(boolean discard) {
    lock.lock();
    try {
      closed = true;
      if (discard) {
        discarded = true;
        queue.clear();
        pendingBytes = 0;
      }
      notEmpty.signalAll();
      finished.signalAll();
    } finally {
      lock.unlock();
    }
    signal.raise();
  }

  /** True once closed and every queued message was taken (and handled, for a handler). */
  boolean isFinished() {
    lock.lock();
    try {
      return closed && queue.isEmpty() && !busy;
    } finally {
      lock.unlock();
    }
  }

  /**
   * The dispatcher task of a handler subscription. It takes whatever is queued in one go, so the
   * reader and the dispatcher meet on the lock once per batch rather than once per message.
   */
  Void dispatch(Context ctx) {
    ArrayDeque<Message> batch = new ArrayDeque<>();
    while (true) {
      lock.lock();
      try {
        busy = false;
        if (queue.isEmpty() && closed) {
          finished.signalAll();
          return null;
        }
        for (int i = 0; i < DISPATCH_BATCH && !queue.isEmpty(); i++) {
          batch.add(take());
        }
        busy = !batch.isEmpty();
        parked = batch.isEmpty();
      } finally {
        lock.unlock();
      }
      if (batch.isEmpty()) {
        try {
          ctx.waitReadable(signal, Context.FOREVER);
        } catch (java.io.IOException e) {
          return null;
        }
        continue;
      }
      Message m;
      while ((m = batch.poll()) != null) {
        try {
          handler.onMessage(m);
        } catch (dev.weft.spi.TaskCancelledException e) {
          throw e;
        } catch (Throwable t) {
          connection
              .notifier()
              .exception(
                  new ClientException("message handler of '" + subject + "' failed: " + t, t));
        }
        if (discarded) {
          // Unsubscribe and close drop what was queued, a batch already taken included.
          batch.clear();
        }
      }
    }
  }

  private Message take() {
    Message m = queue.poll();
    pendingBytes -= m.footprint();
    if (queue.isEmpty()) {
      slow = false;
      if (closed) {
        finished.signalAll();
      }
    }
    return m;
  }

  private void checkNotHandler() {
    if (handler != null) {
      throw new IllegalStateException(
          "a handler subscription delivers to its handler; next() is for blocking subscriptions");
    }
  }

  /** Waits (plain thread) until queued messages are all taken and handled, or the time runs out. */
  boolean awaitFinished(long deadlineNanos) throws InterruptedException {
    lock.lock();
    try {
      while (!(closed && queue.isEmpty() && !busy)) {
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        finished.awaitNanos(left);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }
}
