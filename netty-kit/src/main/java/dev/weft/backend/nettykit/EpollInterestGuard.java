package dev.weft.backend.nettykit;

import io.netty.channel.IoHandle;
import io.netty.channel.IoHandler;
import io.netty.channel.IoHandlerContext;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.IoOps;
import io.netty.channel.IoRegistration;
import io.netty.channel.epoll.EpollIoHandle;
import io.netty.channel.epoll.EpollIoOps;
import io.netty.channel.unix.Socket;
import io.netty.util.concurrent.ThreadAwareExecutor;
import java.util.function.BooleanSupplier;

/**
 * Works around a Netty 4.2.18 epoll defect that breaks a connection after a half-close.
 *
 * <p>When a channel's interest set becomes empty, Netty's epoll registration removes the fd from
 * epoll ({@code EPOLL_CTL_DEL}) but keeps believing it is added, so the next interest change is an
 * {@code EPOLL_CTL_MOD} that fails with ENOENT, and the channel closes. The set becomes empty after
 * the peer's FIN (read-hangup interest is dropped) while reads are paused or the input is shut
 * down; the next change is then either a read request or, worse, write interest once the kernel's
 * send buffer is full: a large write after the peer half-closed was cut off after a few MiB.
 *
 * <p>This factory wraps Netty's epoll handler and turns "no interest" into "errors only" ({@code
 * EPOLLERR}, which epoll reports whether asked or not), so the fd stays registered and later
 * changes are valid modifications. Once both directions of the socket are shut down nothing more
 * can be asked for, and the removal goes through unchanged, so a hung-up socket does not keep
 * waking its loop; any change Netty submits after that removal is dropped, because Netty would send
 * it as an {@code EPOLL_CTL_MOD} for an fd epoll no longer holds.
 */
public final class EpollInterestGuard implements IoHandlerFactory {
  private final IoHandlerFactory delegate;

  /**
   * Wraps {@code delegate}, normally {@code EpollIoHandler.newFactory()} or a transport's own epoll
   * factory.
   */
  public EpollInterestGuard(IoHandlerFactory delegate) {
    this.delegate = delegate;
  }

  @Override
  public IoHandler newHandler(ThreadAwareExecutor executor) {
    return new GuardedHandler(delegate.newHandler(executor));
  }

  @Override
  public boolean isChangingThreadSupported() {
    return delegate.isChangingThreadSupported();
  }

  private static final class GuardedHandler implements IoHandler {
    private final IoHandler handler;

    GuardedHandler(IoHandler handler) {
      this.handler = handler;
    }

    @Override
    public void initialize() {
      handler.initialize();
    }

    @Override
    public int run(IoHandlerContext context) {
      return handler.run(context);
    }

    @Override
    public void prepareToDestroy() {
      handler.prepareToDestroy();
    }

    @Override
    public void destroy() {
      handler.destroy();
    }

    @Override
    public IoRegistration register(IoHandle handle) throws Exception {
      return new GuardedRegistration(handler.register(handle), handle);
    }

    @Override
    public void wakeup() {
      handler.wakeup();
    }

    @Override
    public boolean isCompatible(Class<? extends IoHandle> handleType) {
      return handler.isCompatible(handleType);
    }
  }

  /**
   * One channel's registration. Netty calls {@link #submit} only from the channel's event loop, so
   * the removal latch needs no synchronisation beyond what that thread gives it.
   */
  static final class GuardedRegistration implements IoRegistration {
    private final IoRegistration registration;
    private final BooleanSupplier shutBothWays;
    // Netty still believes the fd is added after the removal, so every later change would be an
    // EPOLL_CTL_MOD or a second EPOLL_CTL_DEL, both failing with ENOENT. With both directions shut
    // there is nothing left to wait for, so later changes are dropped instead.
    private boolean removed;

    GuardedRegistration(IoRegistration registration, IoHandle handle) {
      this(
          registration,
          () ->
              handle instanceof EpollIoHandle h
                  && h.fd() instanceof Socket s
                  && s.isInputShutdown()
                  && s.isOutputShutdown());
    }

    GuardedRegistration(IoRegistration registration, BooleanSupplier shutBothWays) {
      this.registration = registration;
      this.shutBothWays = shutBothWays;
    }

    @Override
    public <T> T attachment() {
      return registration.attachment();
    }

    @Override
    public long submit(IoOps ops) {
      if (removed) {
        return 0;
      }
      if (EpollIoOps.NONE.equals(ops)) {
        if (!shutBothWays.getAsBoolean()) {
          return registration.submit(EpollIoOps.EPOLLERR);
        }
        removed = true;
      }
      return registration.submit(ops);
    }

    @Override
    public boolean isValid() {
      return registration.isValid();
    }

    @Override
    public boolean cancel() {
      return registration.cancel();
    }
  }
}
