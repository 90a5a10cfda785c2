package dev.weft.backend.vertx;

import dev.weft.backend.kit.FlagSignal;
import dev.weft.backend.kit.Timeouts;
import dev.weft.backend.kit.VirtualTask;
import dev.weft.backend.nettykit.AllocatorWarmUp;
import dev.weft.spi.AsyncRuntime;
import dev.weft.spi.Backend;
import dev.weft.spi.Context;
import dev.weft.spi.Listener;
import dev.weft.spi.Outcome;
import dev.weft.spi.RuntimeOptions;
import dev.weft.spi.RuntimeShutdownException;
import dev.weft.spi.ShutdownReport;
import dev.weft.spi.Signal;
import dev.weft.spi.StreamSocket;
import dev.weft.spi.Task;
import dev.weft.spi.TaskCancelledException;
import dev.weft.spi.TaskHandle;
import dev.weft.spi.WaitTimeoutException;
import io.netty.util.concurrent.EventExecutor;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.net.ConnectOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A runtime on one {@code Vertx}: its own (owned) or the application's (handed in). Tasks are
 * virtual threads; sockets, listeners and timers belong to event-loop contexts of that {@code
 * Vertx}, created round-robin, one per connect or listen.
 */
final class VertxRuntime implements AsyncRuntime {
  /** How long shutdown and listener close wait for Vert.x to finish closing sockets and servers. */
  private static final Duration IO_CLOSE_WAIT = Duration.ofMillis(500);

  private static final Duration VERTX_CLOSE_WAIT = Duration.ofSeconds(10);
  private static final Duration BIND_WAIT = Duration.ofSeconds(10);

  private final VertxBackend backend;
  private final VertxSettings settings;
  private final Vertx vertx;
  private final OwnedVertx owned;
  private final BlockedThreadWarnings warnings = new BlockedThreadWarnings();
  private final ContextInternal[] contexts;
  private final AtomicInteger nextContext = new AtomicInteger();
  private final NetClient client;

  private final Set<VirtualTask<?>> tasks = ConcurrentHashMap.newKeySet();
  private final Queue<Thread> endedTaskThreads = new ConcurrentLinkedQueue<>();
  private final AtomicInteger spawnCount = new AtomicInteger();
  private final Set<VertxSocket> sockets = ConcurrentHashMap.newKeySet();
  private final Set<VertxListener> listeners = ConcurrentHashMap.newKeySet();
  private final Set<VertxListener> servers = ConcurrentHashMap.newKeySet();

  private final AtomicBoolean shuttingDown = new AtomicBoolean();
  private final CompletableFuture<ShutdownReport> shutdownReport = new CompletableFuture<>();
  private final AtomicBoolean closing = new AtomicBoolean();
  private final CountDownLatch closed = new CountDownLatch(1);

  private VertxRuntime(
      VertxBackend backend, VertxSettings settings, Vertx vertx, OwnedVertx owned) {
    this.backend = backend;
    this.settings = settings;
    this.vertx = vertx;
    this.owned = owned;
    if (owned != null) {
      warnings.install(vertx);
    }
    VertxInternal internal = (VertxInternal) vertx;
    List<ContextInternal> loops = new ArrayList<>();
    for (EventExecutor ignored : internal.nettyEventLoopGroup()) {
      loops.add(internal.createEventLoopContext());
    }
    this.contexts = loops.toArray(ContextInternal[]::new);
    NetClientOptions clientOptions =
        new NetClientOptions().setTcpNoDelay(true).setConnectTimeout(0);
    if (settings.receiveBuffer() > 0) {
      clientOptions.setReceiveBufferSize(settings.receiveBuffer());
    }
    if (settings.sendBuffer() > 0) {
      clientOptions.setSendBufferSize(settings.sendBuffer());
    }
    // Held for the runtime's life: Vert.x closes an unreachable NetClient with its connections.
    this.client = vertx.createNetClient(clientOptions);
  }

  static VertxRuntime open(VertxBackend backend, Vertx handedIn, RuntimeOptions options) {
    VertxSettings settings = VertxSettings.parse(Objects.requireNonNull(options, "options"));
    AllocatorWarmUp.ensure();
    if (handedIn != null) {
      return new VertxRuntime(backend, settings, handedIn, null);
    }
    OwnedVertx owned = OwnedVertx.create(settings);
    try {
      return new VertxRuntime(backend, settings, owned.vertx(), owned);
    } catch (RuntimeException | Error e) {
      owned.close(VERTX_CLOSE_WAIT);
      throw e;
    }
  }

  VertxSettings settings() {
    return settings;
  }

  Vertx vertx() {
    return vertx;
  }

  /** Blocked-thread warnings of this runtime's own {@code Vertx} so far. */
  long blockedThreadWarnings() {
    return warnings.count();
  }

  private ContextInternal nextContext() {
    return contexts[Math.floorMod(nextContext.getAndIncrement(), contexts.length)];
  }

  @Override
  public Backend backend() {
    return backend;
  }

  @Override
  public String transport() {
    return vertx.isNativeTransportEnabled() ? "epoll" : "nio";
  }

  // ---- tasks -------------------------------------------------------------------------------

  @Override
  public <T> TaskHandle<T> spawn(String name, Task<T> body) {
    return start(name, body);
  }

  private <T> VirtualTask<T> start(String name, Task<T> body) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(body, "body");
    rejectIfShuttingDown();
    VirtualTask<T> task = new VirtualTask<>(name, body);
    VertxTaskContext ctx = new VertxTaskContext(this, task);
    Thread thread =
        Thread.ofVirtual()
            .name(name)
            .unstarted(
                () -> {
                  task.run(ctx);
                  taskEnded(task);
                });
    task.bind(thread);
    tasks.add(task);
    // Shutdown sets its flag, then cancels what it finds: a task added after that must not start.
    if (shuttingDown.get()) {
      tasks.remove(task);
      rejectIfShuttingDown();
    }
    if ((spawnCount.incrementAndGet() & 63) == 0) {
      endedTaskThreads.removeIf(t -> !t.isAlive());
    }
    thread.start();
    return task;
  }

  private void taskEnded(VirtualTask<?> task) {
    endedTaskThreads.add(task.thread());
    tasks.remove(task);
  }

  @Override
  public <T> T runBlocking(String name, Task<T> body) throws Exception {
    if (io.vertx.core.Context.isOnEventLoopThread()) {
      throw new IllegalStateException(
          "runBlocking would block a Vert.x event loop; spawn a task instead");
    }
    VirtualTask<T> task = start(name, body);
    Outcome<T> outcome;
    try {
      outcome = task.join(Context.FOREVER);
    } catch (InterruptedException e) {
      task.cancel();
      throw e;
    }
    if (outcome instanceof Outcome.Success<T> success) {
      return success.value();
    }
    if (outcome instanceof Outcome.Failure<T> failure) {
      Throwable error = failure.error();
      if (error instanceof Exception e) {
        throw e;
      }
      if (error instanceof Error e) {
        throw e;
      }
      throw new ExecutionException(error);
    }
    throw new TaskCancelledException("task '" + name + "' was cancelled");
  }

  /**
   * The task context behind {@code ctx}, checked to be this runtime's and used on its own task
   * (CTX-1).
   */
  VertxTaskContext own(Context ctx) {
    Objects.requireNonNull(ctx, "ctx");
    if (!(ctx instanceof VertxTaskContext task) || task.vertxRuntime() != this) {
      throw new IllegalArgumentException("context " + ctx + " does not belong to this runtime");
    }
    task.checkThread();
    return task;
  }

  // ---- sockets -----------------------------------------------------------------------------

  @Override
  public Signal newSignal() {
    return new FlagSignal(this);
  }

  @Override
  public Listener listen(InetSocketAddress address) throws IOException {
    Objects.requireNonNull(address, "address");
    rejectIfShuttingDown();
    rejectOnEventLoop("listen");
    String host = hostOf(address);
    int port = address.getPort();
    Runnable release = port > 0 ? PortClaims.claim(vertx, host, port, address) : () -> {};
    VertxListener listener =
        VertxListener.start(this, vertx, nextContext(), address, host, port, release, BIND_WAIT);
    NetServer server = listener.server();
    InetAddress ip =
        address.getAddress() != null ? address.getAddress() : InetAddress.getByName(host);
    listener.bound(
        new InetSocketAddress(ip, server.actualPort()),
        () -> {
          servers.remove(listener);
          release.run();
        });
    servers.add(listener);
    listeners.add(listener);
    if (shuttingDown.get()) {
      listener.close();
      rejectIfShuttingDown();
    }
    return listener;
  }

  @Override
  public StreamSocket connect(Context ctx, InetSocketAddress address, Duration timeout)
      throws IOException {
    VertxTaskContext task = own(ctx);
    Objects.requireNonNull(address, "address");
    long nanos = Timeouts.nanos(timeout);
    rejectIfShuttingDown();
    task.throwIfCancelled();
    // Netty's own connect timeout closes the half-open channel; 0 means none.
    int millis =
        Timeouts.isForever(nanos)
            ? 0
            : (int) Math.min(Integer.MAX_VALUE, Math.max(1, (nanos + 999_999) / 1_000_000));
    ConnectOptions options =
        new ConnectOptions().setHost(hostOf(address)).setPort(address.getPort()).setTimeout(millis);
    VertxSocket socket =
        PendingConnect.start(this, client, nextContext(), options).await(task, address, timeout);
    track(socket);
    socket.takeOwnership(false);
    if (shuttingDown.get()) {
      socket.close();
      rejectIfShuttingDown();
    }
    return socket;
  }

  void track(VertxSocket socket) {
    sockets.add(socket);
  }

  void forget(VertxSocket socket) {
    sockets.remove(socket);
  }

  void forget(VertxListener listener) {
    listeners.remove(listener);
  }

  private static String hostOf(InetSocketAddress address) {
    return address.getAddress() != null
        ? address.getAddress().getHostAddress()
        : address.getHostString();
  }

  // ---- shutdown ----------------------------------------------------------------------------

  @Override
  public ShutdownReport shutdown(Duration grace) {
    Objects.requireNonNull(grace, "grace");
    if (grace.isNegative()) {
      throw new IllegalArgumentException("negative grace: " + grace);
    }
    if (!shuttingDown.compareAndSet(false, true)) {
      return awaitEarlierShutdown(grace);
    }
    ShutdownReport report = new ShutdownReport(List.of());
    try {
      long deadline = System.nanoTime() + grace.toNanos();
      List<VirtualTask<?>> running = new ArrayList<>(tasks);
      running.forEach(VirtualTask::cancel);
      for (VirtualTask<?> task : running) {
        if (task.thread() == Thread.currentThread()) {
          continue;
        }
        try {
          task.join(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        } catch (WaitTimeoutException e) {
          // Reported below.
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      List<String> unfinished =
          running.stream().filter(t -> !t.isDone()).map(VirtualTask::name).toList();
      closeAllIo();
      report = new ShutdownReport(unfinished);
      return report;
    } finally {
      shutdownReport.complete(report);
    }
  }

  private ShutdownReport awaitEarlierShutdown(Duration grace) {
    try {
      return shutdownReport.get(grace.toMillis() + 1_000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException | ArithmeticException e) {
      // Still running elsewhere: nothing more to report from here.
    }
    return shutdownReport.getNow(new ShutdownReport(List.of()));
  }

  private void closeAllIo() {
    List<CompletableFuture<?>> closing = new ArrayList<>();
    for (VertxListener listener : new ArrayList<>(servers)) {
      closing.add(listener.closeAsync());
      listener.forceCloseServer();
    }
    for (VertxListener listener : new ArrayList<>(listeners)) {
      closing.add(listener.closeAsync());
    }
    for (VertxSocket socket : new ArrayList<>(sockets)) {
      socket.close();
      Future<Void> f = socket.closeFuture();
      if (f != null) {
        closing.add(f.toCompletionStage().toCompletableFuture());
      }
    }
    try {
      closing.add(client.close().toCompletionStage().toCompletableFuture());
    } catch (RuntimeException e) {
      // The Vertx is gone already, with the client.
    }
    awaitQuietly(CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)));
  }

  /**
   * Waits a bounded time for Vert.x to finish closing; never on an event loop, which would stall
   * it.
   */
  void awaitQuietly(CompletableFuture<?> future) {
    if (io.vertx.core.Context.isOnEventLoopThread()) {
      return;
    }
    try {
      future.get(IO_CLOSE_WAIT.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // Closing is best effort here; the channels are closing regardless.
    }
  }

  @Override
  public void close() {
    if (!closing.compareAndSet(false, true)) {
      try {
        closed.await(
            settings.closeGrace().toMillis() + VERTX_CLOSE_WAIT.toMillis() + 2_000,
            TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return;
    }
    try {
      if (owned != null && io.vertx.core.Context.isOnEventLoopThread()) {
        throw new IllegalStateException(
            "close() must not run on a Vert.x event loop of the runtime it closes");
      }
      shutdown(settings.closeGrace());
      if (owned != null) {
        owned.close(VERTX_CLOSE_WAIT);
      }
      joinTaskThreads(Duration.ofSeconds(1));
    } finally {
      closed.countDown();
    }
  }

  private void joinTaskThreads(Duration bound) {
    long deadline = System.nanoTime() + bound.toNanos();
    List<Thread> threads = new ArrayList<>(endedTaskThreads);
    tasks.forEach(t -> threads.add(t.thread()));
    for (Thread t : threads) {
      if (t == Thread.currentThread()) {
        continue;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return;
      }
      try {
        t.join(Duration.ofNanos(left));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void rejectIfShuttingDown() {
    if (shuttingDown.get()) {
      throw new RuntimeShutdownException("the vertx runtime is shutting down");
    }
  }

  private static void rejectOnEventLoop(String what) {
    if (io.vertx.core.Context.isOnEventLoopThread()) {
      throw new IllegalStateException(
          what + " waits for the event loops and must not be called on one");
    }
  }

  @Override
  public String toString() {
    return "VertxRuntime["
        + transport()
        + (owned != null ? ", owned Vertx" : ", handed-in Vertx")
        + "]";
  }
}
