package dev.weft.backend.netty;

import dev.weft.backend.kit.Timeouts;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * The client side of a connection: a Netty connect on an event loop, which the connecting task
 * waits for on its own virtual thread (never on the future's {@code sync}).
 */
final class NettyConnector {
  private NettyConnector() {}

  static NettySocket connect(
      NettyRuntime runtime,
      NettyTaskContext task,
      InetSocketAddress address,
      long nanos,
      Duration timeout)
      throws IOException {
    task.throwIfCancelled();
    NettySocket socket = new NettySocket(runtime, null);
    Bootstrap b =
        new Bootstrap()
            .group(runtime.group())
            .channel(runtime.options().transport().socketChannel())
            .handler(new InboundHandler(socket));
    ChannelSetup.client(b, runtime.options());
    boolean forever = Timeouts.isForever(nanos);
    long deadline = System.nanoTime() + nanos;
    ChannelFuture f = b.connect(address);
    socket.attach(f.channel());
    Thread me = Thread.currentThread();
    f.addListener(done -> LockSupport.unpark(me));
    try {
      while (!f.isDone()) {
        task.throwIfCancelled();
        if (!task.parker().parkUntil(deadline, forever, f) && !f.isDone()) {
          throw new SocketTimeoutException("connect to " + address + " timed out after " + timeout);
        }
      }
    } catch (IOException | RuntimeException | Error e) {
      f.channel().close();
      throw e;
    } finally {
      task.parker().restoreInterrupt();
    }
    if (!f.isSuccess()) {
      f.channel().close();
      throw connectFailure(address, f.cause());
    }
    socket.cacheAddresses(f.channel());
    runtime.register(socket);
    return socket;
  }

  private static IOException connectFailure(InetSocketAddress address, Throwable cause) {
    if (cause instanceof ConnectException) {
      // Netty's annotated subclasses carry loop-thread stacks; the task gets a plain one with the
      // cause kept.
      ConnectException e =
          new ConnectException(
              cause.getMessage() == null
                  ? "connection to " + address + " refused"
                  : cause.getMessage());
      e.initCause(cause);
      return e;
    }
    if (cause instanceof IOException io) {
      return io;
    }
    return new IOException("connect to " + address + " failed: " + cause, cause);
  }
}
