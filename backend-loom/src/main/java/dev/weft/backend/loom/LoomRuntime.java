package dev.weft.backend.loom;

import dev.weft.backend.kit.FlagSignal;
import dev.weft.backend.kit.LevelWaitable;
import dev.weft.backend.kit.Timeouts;
import dev.weft.backend.kit.VirtualTask;
import dev.weft.spi.AsyncRuntime;
import dev.weft.spi.Backend;
import dev.weft.spi.Context;
import dev.weft.spi.Outcome;
import dev.weft.spi.RuntimeShutdownException;
import dev.weft.spi.ShutdownReport;
import dev.weft.spi.Signal;
import dev.weft.spi.StreamSocket;
import dev.weft.spi.Task;
import dev.weft.spi.TaskCancelledException;
import dev.weft.spi.Waitable;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * A Loom runtime. It owns every thread it starts (tasks, socket pumps, acceptors, connect helpers,
 * closers: all virtual, all tracked in {@link #threads}) and every socket and listener, so shutdown
 * can cancel, close and join all of them.
 *
 * <p>Registration races with shutdown are settled by "add, then check the flag": shutdown sets the
 * flag, then walks the sets, so a resource is either refused or seen by the walk.
 */
final class LoomRuntime implements AsyncRuntime {
  private static final AtomicInteger RUNTIME_IDS = new AtomicInteger();

  /** How long close() waits for threads after the shutdown (SHUT-5). */
  private static final long THREAD_JOIN_NANOS = TimeUnit.SECONDS.toNanos(5);

  private final LoomBackend backend;
  private final LoomOptions options;
  private final int runtimeId = RUNTIME_IDS.incrementAndGet();
  private final AtomicLong ids = new AtomicLong();

  private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
  private final Set<VirtualTask<?>> tasks = ConcurrentHashMap.newKeySet();
  private final Set<LoomSocket> sockets = ConcurrentHashMap.newKeySet();
  private final Set<LoomListener> listeners = ConcurrentHashMap.newKeySet();
  private final Set<SocketChannel> connecting = ConcurrentHashMap.newKeySet();

  private volatile boolean shuttingDown;
  private volatile boolean resourcesClosed;
  private final AtomicReference<CompletableFuture<ShutdownReport>> shutdown =
      new AtomicReference<>();
  private final AtomicBoolean closing = new AtomicBoolean();
  private final CountDownLatch closed = new CountDownLatch(1);

  LoomRuntime(LoomBackend backend, LoomOptions options) {
    this.backend = backend;
    this.options = options;
  }

  @Override
  public Backend backend() {
    return backend;
  }

  @Override
  public String transport() {
    return "jdk";
  }

  // ---- threads and ownership

  /** An unstarted virtual thread that the runtime tracks until it ends. */
  Thread newThread(String name, Runnable body) {
    Thread t =
        Thread.ofVirtual()
            .name(name + "@" + runtimeId)
            .unstarted(
                () -> {
                  try {
                    body.run();
                  } finally {
                    threads.remove(Thread.currentThread());
                  }
                });
    threads.add(t);
    return t;
  }

  /**
   * The task context behind {@code ctx}, checked to be of this runtime and on its own thread
   * (CTX-1).
   */
  LoomTaskContext own(Context ctx) {
    Objects.requireNonNull(ctx, "ctx");
    if (!(ctx instanceof LoomTaskContext tc) || tc.owner() != this) {
      throw new IllegalArgumentException("context does not belong to this runtime: " + ctx);
    }
    tc.ensureOwner();
    return tc;
  }

  LevelWaitable ownWaitable(Waitable w) {
    Objects.requireNonNull(w, "waitable");
    if (!(w instanceof LevelWaitable lw) || lw.owner() != this) {
      throw new IllegalArgumentException("waitable does not belong to this runtime: " + w);
    }
    return lw;
  }

  private void ensureRunning() {
    if (shuttingDown) {
      throw new RuntimeShutdownException("the loom runtime is shut down");
    }
  }

  // ---- tasks

  @Override
  public <T> VirtualTask<T> spawn(String name, Task<T> body) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(body, "body");
    ensureRunning();
    VirtualTask<T> task = new VirtualTask<>(name, body);
    LoomTaskContext ctx = new LoomTaskContext(this, task);
    Thread t =
        newThread(
            "weft-loom-task-" + name,
            () -> {
              try {
                task.run(ctx);
              } finally {
                tasks.remove(task);
              }
            });
    task.bind(t);
    tasks.add(task);
    if (shuttingDown) {
      tasks.remove(task);
      threads.remove(t);
      throw new RuntimeShutdownException("the loom runtime is shut down");
    }
    t.start();
    return task;
  }

  @Override
  public <T> T runBlocking(String name, Task<T> body) throws Exception {
    VirtualTask<T> task = spawn(name, body);
    Outcome<T> outcome;
    try {
      outcome = task.join(Context.FOREVER);
    } catch (InterruptedException e) {
      task.cancel();
      throw e;
    }
    return switch (outcome) {
      case Outcome.Success<T> s -> s.value();
      case Outcome.Failure<T> f -> throw rethrowable(f.error());
      case Outcome.Cancelled<T> c ->
          throw task.thrown() instanceof TaskCancelledException tce
              ? tce
              : new TaskCancelledException("task '" + name + "' was cancelled");
    };
  }

  private static Exception rethrowable(Throwable t) {
    if (t instanceof Exception e) {
      return e;
    }
    if (t instanceof Error e) {
      throw e;
    }
    return new RuntimeException(t);
  }

  @Override
  public Signal newSignal() {
    return new FlagSignal(this);
  }

  // ---- sockets

  @Override
  public LoomListener listen(InetSocketAddress address) throws IOException {
    Objects.requireNonNull(address, "address");
    ensureRunning();
    ServerSocketChannel ssc = ServerSocketChannel.open(family(address));
    LoomListener l;
    try {
      ssc.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      if (options.receiveBuffer() > 0) {
        ssc.setOption(StandardSocketOptions.SO_RCVBUF, options.receiveBuffer());
      }
      ssc.bind(address, options.backlog());
      l = new LoomListener(this, ids.incrementAndGet(), ssc, options.acceptQueue());
    } catch (IOException | RuntimeException e) {
      ssc.close();
      throw e;
    }
    listeners.add(l);
    if (shuttingDown) {
      l.close();
      throw new RuntimeShutdownException("the loom runtime is shut down");
    }
    l.start();
    return l;
  }

  @Override
  public StreamSocket connect(Context ctx, InetSocketAddress address, Duration timeout)
      throws IOException {
    LoomTaskContext task = own(ctx);
    Objects.requireNonNull(address, "address");
    long nanos = Timeouts.nanos(timeout);
    ensureRunning();
    task.throwIfCancelled();
    SocketChannel ch = SocketChannel.open(family(address));
    connecting.add(ch);
    try {
      if (shuttingDown) {
        throw new RuntimeShutdownException("the loom runtime is shut down");
      }
      configure(ch);
      ConnectAttempt attempt = new ConnectAttempt(ch, address, Thread.currentThread());
      newThread("weft-loom-connect-" + ids.incrementAndGet(), attempt::connect).start();
      attempt.await(task, nanos);
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    } finally {
      connecting.remove(ch);
    }
    return adopt(ch);
  }

  private static ProtocolFamily family(InetSocketAddress address) {
    return address.getAddress() instanceof Inet6Address
        ? StandardProtocolFamily.INET6
        : StandardProtocolFamily.INET;
  }

  private void configure(SocketChannel ch) throws IOException {
    ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
    if (options.receiveBuffer() > 0) {
      ch.setOption(StandardSocketOptions.SO_RCVBUF, options.receiveBuffer());
    }
    if (options.sendBuffer() > 0) {
      ch.setOption(StandardSocketOptions.SO_SNDBUF, options.sendBuffer());
    }
  }

  /**
   * Wraps a connected channel, registers it and starts its pumps. On failure the channel is closed;
   * {@link RuntimeShutdownException} when the runtime has already closed its resources.
   */
  LoomSocket adopt(SocketChannel ch) throws IOException {
    LoomSocket s;
    try {
      configure(ch);
      s = new LoomSocket(this, ids.incrementAndGet(), ch, options);
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
    sockets.add(s);
    if (resourcesClosed) {
      s.abort();
      throw new RuntimeShutdownException("the loom runtime is shut down");
    }
    s.start();
    return s;
  }

  void forget(LoomSocket s) {
    sockets.remove(s);
  }

  void forget(LoomListener l) {
    listeners.remove(l);
  }

  // ---- shutdown

  @Override
  public ShutdownReport shutdown(Duration grace) {
    long nanos = Timeouts.nanos(grace);
    CompletableFuture<ShutdownReport> mine = new CompletableFuture<>();
    if (!shutdown.compareAndSet(null, mine)) {
      return shutdown.get().join();
    }
    try {
      mine.complete(doShutdown(nanos));
    } catch (Throwable t) {
      mine.completeExceptionally(t);
      throw t;
    }
    return mine.join();
  }

  private ShutdownReport doShutdown(long graceNanos) {
    shuttingDown = true;
    List<VirtualTask<?>> all = new ArrayList<>(tasks);
    all.forEach(VirtualTask::cancel);
    long deadline = System.nanoTime() + graceNanos;
    boolean interrupted = false;
    Thread me = Thread.currentThread();
    for (VirtualTask<?> t : all) {
      if (t.thread() == me) {
        continue; // a task shutting down its own runtime cannot end while it waits here
      }
      long left =
          Timeouts.isForever(graceNanos) ? graceNanos : Math.max(0, deadline - System.nanoTime());
      try {
        t.awaitDone(left);
      } catch (InterruptedException e) {
        interrupted = true;
        break;
      }
    }
    List<String> unfinished = new ArrayList<>();
    for (VirtualTask<?> t : new ArrayList<>(tasks)) {
      if (!t.isDone()) {
        unfinished.add(t.name());
      }
    }
    resourcesClosed = true;
    new ArrayList<>(listeners).forEach(LoomListener::close);
    new ArrayList<>(sockets).forEach(LoomSocket::abort);
    for (SocketChannel ch : new ArrayList<>(connecting)) {
      try {
        ch.close();
      } catch (IOException ignored) {
        // the descriptor is released either way
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return new ShutdownReport(unfinished);
  }

  /**
   * Shuts down with the close grace, then makes sure no thread of the runtime is left (SHUT-5). A
   * task that ignored its cancel through the whole grace is interrupted as a last resort: its
   * sockets are closed by then, so the interrupt can no longer cost it a channel.
   */
  @Override
  public void close() {
    if (!closing.compareAndSet(false, true)) {
      try {
        closed.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return;
    }
    try {
      shutdown(options.closeGrace());
      Thread me = Thread.currentThread();
      for (VirtualTask<?> t : new ArrayList<>(tasks)) {
        Thread th = t.thread();
        if (th != null && th != me && !t.isDone()) {
          th.interrupt();
        }
      }
      long deadline = System.nanoTime() + THREAD_JOIN_NANOS;
      boolean interrupted = false;
      while (!(threads.isEmpty() || threads.size() == 1 && threads.contains(me))
          && deadline - System.nanoTime() > 0) {
        for (Thread t : new ArrayList<>(threads)) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            break;
          }
          if (t == me) {
            continue;
          }
          try {
            if (t.getState() == Thread.State.NEW) {
              // registered a moment before its start(): give the starter a moment
              LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            } else {
              t.join(Duration.ofNanos(left));
            }
          } catch (InterruptedException e) {
            interrupted = true;
          }
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    } finally {
      closed.countDown();
    }
  }

  /** Threads of this runtime still alive; for tests and diagnostics. */
  int liveThreads() {
    return threads.size();
  }

  @Override
  public String toString() {
    return "LoomRuntime#"
        + runtimeId
        + "[tasks="
        + tasks.size()
        + ", sockets="
        + sockets.size()
        + (shuttingDown ? ", shut down" : "")
        + "]";
  }
}
