package dev.weft.backend.vertx;

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
 * Keeps Netty 4.2.18's epoll registrations valid across a half-close.
 *
 * <p>When a channel's interest set becomes empty, Netty's epoll registration removes the fd
 * ({@code EPOLL_CTL_DEL}) but still believes it is added, so the next change is an
 * {@code EPOLL_CTL_MOD} that fails with ENOENT and closes the channel. With half-closure the set
 * empties once the peer's FIN is read and no write is pending; a later write that has to wait for
 * room then asks for {@code EPOLLOUT} and the connection dies mid-answer.
 *
 * <p>This wrapper submits "errors only" ({@code EPOLLERR}, which epoll reports whether asked or not)
 * instead of an empty set, so the fd stays registered and later changes are valid. Once both
 * directions are shut down nothing more can be asked for, and the removal goes through; changes
 * submitted after it are dropped, since Netty would send them as modifications of a removed fd.
 */
final class EpollInterestGuard implements IoHandlerFactory {
    private final IoHandlerFactory delegate;

    EpollInterestGuard(IoHandlerFactory delegate) {
        this.delegate = delegate;
    }

    @Override
    public IoHandler newHandler(ThreadAwareExecutor executor) {
        IoHandler handler = delegate.newHandler(executor);
        return new IoHandler() {
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
                return new Guarded(handler.register(handle), handle);
            }

            @Override
            public void wakeup() {
                handler.wakeup();
            }

            @Override
            public boolean isCompatible(Class<? extends IoHandle> handleType) {
                return handler.isCompatible(handleType);
            }
        };
    }

    @Override
    public boolean isChangingThreadSupported() {
        return delegate.isChangingThreadSupported();
    }

    /** One channel's registration; Netty submits changes only from the channel's event loop. */
    static final class Guarded implements IoRegistration {
        private final IoRegistration registration;
        private final BooleanSupplier shutBothWays;
        // After the removal Netty still thinks the fd is added, and any further change (a MOD or a
        // second DEL) would fail with ENOENT; with both directions shut none is needed.
        private boolean removed;

        Guarded(IoRegistration registration, IoHandle handle) {
            this(registration, () -> handle instanceof EpollIoHandle h && h.fd() instanceof Socket s
                    && s.isInputShutdown() && s.isOutputShutdown());
        }

        Guarded(IoRegistration registration, BooleanSupplier shutBothWays) {
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
