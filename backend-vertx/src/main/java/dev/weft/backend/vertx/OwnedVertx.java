package dev.weft.backend.vertx;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.EventExecutorGroup;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.transport.Transport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A {@code Vertx} the runtime created and must tear down completely (SHUT-5). Vert.x's close future
 * completes before its threads have ended: the event loops terminate asynchronously, the
 * blocked-thread checker is a {@link java.util.Timer} that is only cancelled, and close itself
 * starts short-lived threads. So the threads are captured while they can still be told apart from
 * those of other {@code Vertx} instances, and joined after close.
 */
final class OwnedVertx {
  private static final String CHECKER_THREAD = "vertx-blocked-thread-checker";
  private static final Object CREATION = new Object();

  private final Vertx vertx;
  private final List<Thread> threads;

  private OwnedVertx(Vertx vertx, List<Thread> threads) {
    this.vertx = vertx;
    this.threads = threads;
  }

  static OwnedVertx create(VertxSettings settings) {
    VertxOptions options =
        new VertxOptions()
            .setEventLoopPoolSize(settings.eventLoopThreads())
            .setPreferNativeTransport(settings.preferNative())
            .setBlockedThreadCheckInterval(settings.blockedThreadCheckInterval().toMillis())
            .setBlockedThreadCheckIntervalUnit(TimeUnit.MILLISECONDS)
            .setMaxEventLoopExecuteTime(settings.maxEventLoopExecuteTime().toNanos())
            .setMaxEventLoopExecuteTimeUnit(TimeUnit.NANOSECONDS)
            .setUseDaemonThread(true);
    Vertx vertx;
    List<Thread> threads = new ArrayList<>();
    // The checker's timer thread starts inside build(); it is told apart by name, so two
    // runtimes of this backend must not build at the same instant.
    synchronized (CREATION) {
      Set<Thread> before = threadsNamed(CHECKER_THREAD);
      VertxBuilder builder = Vertx.builder().with(options);
      Transport epoll = settings.preferNative() ? GuardedEpollTransport.ifAvailable() : null;
      if (epoll != null) {
        builder.withTransport(epoll);
      }
      vertx = builder.build();
      Set<Thread> after = threadsNamed(CHECKER_THREAD);
      after.removeAll(before);
      threads.addAll(after);
    }
    VertxInternal internal = (VertxInternal) vertx;
    threads.addAll(loopThreads(internal.nettyEventLoopGroup()));
    threads.addAll(loopThreads(internal.acceptorEventLoopGroup()));
    return new OwnedVertx(vertx, threads);
  }

  Vertx vertx() {
    return vertx;
  }

  /** Closes the {@code Vertx} and waits, at most {@code bound}, until its threads have ended. */
  void close(Duration bound) {
    long deadline = System.nanoTime() + bound.toNanos();
    Set<Thread> beforeClose = threadsNamed(null);
    CompletableFuture<Void> closed = new CompletableFuture<>();
    vertx.close().onComplete(ar -> closed.complete(null));
    try {
      closed.get(remaining(deadline), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    } catch (ExecutionException | TimeoutException e) {
      // Fall through and join what has ended.
    }
    List<Thread> toJoin = new ArrayList<>(threads);
    // Threads that close itself started (its completion threads, the internal blocking pool).
    for (Thread t : threadsNamed(null)) {
      if (!beforeClose.contains(t)
          && (t.getName().startsWith("vert.x-") || t.getName().equals(CHECKER_THREAD))) {
        toJoin.add(t);
      }
    }
    for (Thread t : toJoin) {
      if (t == Thread.currentThread()) {
        continue;
      }
      try {
        t.join(Duration.ofNanos(remaining(deadline)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static long remaining(long deadline) {
    return Math.max(1, deadline - System.nanoTime());
  }

  private static List<Thread> loopThreads(EventExecutorGroup group) {
    List<CompletableFuture<Thread>> found = new ArrayList<>();
    for (EventExecutor loop : group) {
      CompletableFuture<Thread> f = new CompletableFuture<>();
      loop.execute(() -> f.complete(Thread.currentThread()));
      found.add(f);
    }
    List<Thread> threads = new ArrayList<>();
    for (CompletableFuture<Thread> f : found) {
      try {
        threads.add(f.get(10, TimeUnit.SECONDS));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } catch (ExecutionException | TimeoutException e) {
        throw new IllegalStateException("a Vert.x event loop did not start", e);
      }
    }
    return threads;
  }

  /** Live platform threads, all of them or those with exactly {@code name}. */
  private static Set<Thread> threadsNamed(String name) {
    Set<Thread> result = new HashSet<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (name == null || name.equals(t.getName())) {
        result.add(t);
      }
    }
    return result;
  }
}
