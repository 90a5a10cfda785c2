package dev.weft.backend.netty;

import dev.weft.backend.kit.FlagSignal;
import dev.weft.backend.kit.ThreadExit;
import dev.weft.backend.kit.Timeouts;
import dev.weft.backend.kit.VirtualTask;
import dev.weft.backend.nettykit.AllocatorWarmUp;
import dev.weft.spi.AsyncRuntime;
import dev.weft.spi.Backend;
import dev.weft.spi.Context;
import dev.weft.spi.Listener;
import dev.weft.spi.Outcome;
import dev.weft.spi.RuntimeShutdownException;
import dev.weft.spi.ShutdownReport;
import dev.weft.spi.Signal;
import dev.weft.spi.StreamSocket;
import dev.weft.spi.Task;
import dev.weft.spi.TaskCancelledException;
import dev.weft.spi.TaskHandle;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One open runtime: an event loop group for I/O, one virtual thread per task, and the sockets,
 * listeners and tasks it must shut down together.
 */
final class NettyRuntime implements AsyncRuntime {
  private static final AtomicLong IDS = new AtomicLong();

  /** How long close() waits for event loop threads to exit after their group terminated. */
  private static final long LOOP_EXIT_NANOS = TimeUnit.SECONDS.toNanos(5);

  /** How long close() waits for cancelled task threads that outlived the grace period. */
  private static final long TASK_EXIT_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final Backend backend;
  private final NettyOptions options;
  private final long id = IDS.incrementAndGet();
  private final MultiThreadIoEventLoopGroup group;
  private final List<Thread> loopThreads = new CopyOnWriteArrayList<>();
  private final Set<VirtualTask<?>> tasks = ConcurrentHashMap.newKeySet();
  private final Set<AutoCloseable> resources = ConcurrentHashMap.newKeySet();
  private volatile boolean shuttingDown;

  /**
   * Set before the final sweep of {@link #resources}, so a late register() closes its own resource.
   */
  private volatile boolean swept;

  private final CompletableFuture<ShutdownReport> shutdownDone = new CompletableFuture<>();
  private final Object closeLock = new Object();
  private boolean closed;

  private NettyRuntime(Backend backend, NettyOptions options) {
    this.backend = backend;
    this.options = options;
    this.group =
        new MultiThreadIoEventLoopGroup(
            options.eventLoopThreads(),
            loopThreadFactory(),
            options.transport().ioHandlerFactory());
  }

  static NettyRuntime open(Backend backend, NettyOptions options) {
    LeakWatch.install();
    AllocatorWarmUp.ensure();
    return new NettyRuntime(backend, options);
  }

  private ThreadFactory loopThreadFactory() {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      // FastThreadLocalThread lets Netty keep its per-loop caches without a cleaner thread.
      Thread t =
          new io.netty.util.concurrent.FastThreadLocalThread(
              r, "weft-netty-" + id + "-" + options.transport().id() + "-" + n.incrementAndGet());
      t.setDaemon(true);
      loopThreads.add(t);
      return t;
    };
  }

  long id() {
    return id;
  }

  NettyOptions options() {
    return options;
  }

  MultiThreadIoEventLoopGroup group() {
    return group;
  }

  @Override
  public Backend backend() {
    return backend;
  }

  @Override
  public String transport() {
    return options.transport().id();
  }

  @Override
  public <T> TaskHandle<T> spawn(String name, Task<T> body) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(body, "body");
    rejectIfShuttingDown("spawn");
    VirtualTask<T> task = new VirtualTask<>(name, body);
    NettyTaskContext ctx = new NettyTaskContext(this, task);
    Thread thread =
        taskThreads()
            .name(name)
            .unstarted(
                () -> {
                  task.run(ctx);
                  tasks.remove(task);
                });
    task.bind(thread);
    tasks.add(task);
    if (shuttingDown) {
      // shutdown() may have swept the task set before this task joined it.
      tasks.remove(task);
      throw shutdownException("spawn");
    }
    thread.start();
    return task;
  }

  private Thread.Builder.OfVirtual taskThreads() {
    // Round-robin over the loops, as Netty spreads channels; a task may still use sockets of any
    // loop.
    return options.tasksOnEventLoop()
        ? LoopHostedThreads.builder(group.next())
        : Thread.ofVirtual();
  }

  @Override
  public <T> T runBlocking(String name, Task<T> body) throws Exception {
    TaskHandle<T> handle = spawn(name, body);
    Outcome<T> outcome = handle.join(dev.weft.spi.Context.FOREVER);
    return switch (outcome) {
      case Outcome.Success<T> s -> s.value();
      case Outcome.Cancelled<T> c ->
          throw new TaskCancelledException("task '" + name + "' was cancelled");
      case Outcome.Failure<T> f -> {
        if (f.error() instanceof Exception e) {
          throw e;
        }
        if (f.error() instanceof Error e) {
          throw e;
        }
        throw new IllegalStateException(f.error());
      }
    };
  }

  @Override
  public Listener listen(InetSocketAddress address) throws IOException {
    Objects.requireNonNull(address, "address");
    rejectIfShuttingDown("listen");
    return NettyListener.bind(this, address);
  }

  @Override
  public StreamSocket connect(Context ctx, InetSocketAddress address, Duration timeout)
      throws IOException {
    NettyTaskContext task = NettyTaskContext.current(ctx);
    Objects.requireNonNull(address, "address");
    long nanos = Timeouts.nanos(timeout);
    rejectIfShuttingDown("connect");
    return NettyConnector.connect(this, task, address, nanos, timeout);
  }

  @Override
  public Signal newSignal() {
    return new FlagSignal(this);
  }

  // ---- resources

  /** Tracks a socket or listener; closes it at once if shutdown already swept the set. */
  void register(AutoCloseable resource) {
    resources.add(resource);
    if (swept) {
      if (resource instanceof NettySocket s) {
        s.closeNow();
      } else {
        closeQuietly(resource);
      }
    }
  }

  void unregister(AutoCloseable resource) {
    resources.remove(resource);
  }

  boolean isShuttingDown() {
    return shuttingDown;
  }

  private void rejectIfShuttingDown(String what) {
    if (shuttingDown) {
      throw shutdownException(what);
    }
  }

  private RuntimeShutdownException shutdownException(String what) {
    return new RuntimeShutdownException(
        "netty runtime " + id + " is shutting down; " + what + " refused");
  }

  // ---- shutdown

  @Override
  public ShutdownReport shutdown(Duration grace) {
    long graceNanos = Timeouts.nanos(grace);
    boolean first;
    synchronized (closeLock) {
      first = !shuttingDown;
      shuttingDown = true;
    }
    if (!first) {
      return shutdownDone.join();
    }
    try {
      List<VirtualTask<?>> snapshot = new ArrayList<>(tasks);
      for (VirtualTask<?> t : snapshot) {
        t.cancel();
      }
      long start = System.nanoTime();
      List<String> unfinished = new ArrayList<>();
      for (VirtualTask<?> t : snapshot) {
        long left =
            Timeouts.isForever(graceNanos) ? graceNanos : graceNanos - (System.nanoTime() - start);
        if (!t.awaitDoneUninterruptibly(Math.max(0, left))) {
          unfinished.add(t.name());
        }
      }
      closeAllResources();
      ShutdownReport report = new ShutdownReport(unfinished);
      shutdownDone.complete(report);
      return report;
    } catch (RuntimeException | Error e) {
      shutdownDone.complete(new ShutdownReport(List.of()));
      throw e;
    }
  }

  private void closeAllResources() {
    swept = true;
    // Sockets and listeners may still be registering on a loop; one pass catches those that made
    // it,
    // register() closes the rest as they arrive.
    for (AutoCloseable r : new ArrayList<>(resources)) {
      if (r instanceof NettySocket s) {
        s.closeNow();
      } else {
        closeQuietly(r);
      }
    }
  }

  @Override
  public void close() {
    synchronized (closeLock) {
      if (closed) {
        return;
      }
      closed = true;
    }
    shutdown(options.closeGrace());
    closeAllResources();
    releaseThreads();
  }

  private void releaseThreads() {
    // Tasks first: a task hosted on a loop that has terminated could never be scheduled again.
    long taskStart = System.nanoTime();
    for (VirtualTask<?> t : new ArrayList<>(tasks)) {
      t.cancel();
      ThreadExit.await(t.thread(), TASK_EXIT_NANOS - (System.nanoTime() - taskStart));
    }
    CompletableFuture<Void> terminated = new CompletableFuture<>();
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).addListener(f -> terminated.complete(null));
    try {
      terminated.get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      // Fall through: the joins below bound the wait either way.
    }
    long start = System.nanoTime();
    for (Thread t : loopThreads) {
      ThreadExit.await(t, LOOP_EXIT_NANOS - (System.nanoTime() - start));
    }
  }

  static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      // Closing during shutdown is best effort; the socket is being discarded anyway.
    }
  }

  @Override
  public String toString() {
    return "NettyRuntime[" + id + ", " + transport() + "]";
  }
}
