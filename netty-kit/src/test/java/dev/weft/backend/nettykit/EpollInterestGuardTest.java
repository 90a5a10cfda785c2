package dev.weft.backend.nettykit;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.channel.IoOps;
import io.netty.channel.IoRegistration;
import io.netty.channel.epoll.EpollIoOps;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class EpollInterestGuardTest {

  /**
   * Models Netty 4.2.18's registration: an empty set deletes the fd but the state stays "added".
   */
  private static final class NettyLikeRegistration implements IoRegistration {
    final List<IoOps> submitted = new ArrayList<>();
    boolean inEpoll = true;

    @Override
    public <T> T attachment() {
      return null;
    }

    @Override
    public long submit(IoOps ops) {
      if (!inEpoll) {
        throw new UncheckedIOException(
            new java.io.IOException("epoll_ctl(..) failed with error(-2)"));
      }
      submitted.add(ops);
      if (EpollIoOps.NONE.equals(ops)) {
        inEpoll = false;
      }
      return 0;
    }

    @Override
    public boolean isValid() {
      return true;
    }

    @Override
    public boolean cancel() {
      return true;
    }
  }

  @Test
  void theModelReproducesNettysFailureWithoutTheGuard() {
    NettyLikeRegistration netty = new NettyLikeRegistration();
    netty.submit(EpollIoOps.NONE);
    assertThrows(UncheckedIOException.class, () -> netty.submit(EpollIoOps.EPOLLIN));
  }

  @Test
  void anEmptySetWhileEitherDirectionIsOpenKeepsTheFdRegistered() {
    NettyLikeRegistration netty = new NettyLikeRegistration();
    var guarded = new EpollInterestGuard.GuardedRegistration(netty, () -> false);
    guarded.submit(EpollIoOps.NONE);
    guarded.submit(EpollIoOps.EPOLLOUT);
    assertEquals(List.of(EpollIoOps.EPOLLERR, EpollIoOps.EPOLLOUT), netty.submitted);
  }

  @Test
  void changesAfterTheRemovalOfAFullyShutSocketAreDropped() {
    // The CI failure: shutting the output emptied the set of a socket whose input was already shut,
    // the fd was removed, and the read requested right after failed with ENOENT.
    NettyLikeRegistration netty = new NettyLikeRegistration();
    AtomicBoolean shut = new AtomicBoolean();
    var guarded = new EpollInterestGuard.GuardedRegistration(netty, shut::get);
    guarded.submit(EpollIoOps.EPOLLIN);
    shut.set(true);
    guarded.submit(EpollIoOps.NONE);
    assertDoesNotThrow(() -> guarded.submit(EpollIoOps.EPOLLIN));
    assertDoesNotThrow(() -> guarded.submit(EpollIoOps.NONE));
    assertEquals(List.of(EpollIoOps.EPOLLIN, EpollIoOps.NONE), netty.submitted);
  }
}
