package dev.weft.backend.netty;

import dev.weft.backend.kit.ParkedThreads;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.socket.DuplexChannel;
import java.io.IOException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The outbound side of one channel: buffers written by the task, coalesced across calls. The first
 * buffer queued while no drain is pending schedules one loop task, which writes everything queued
 * by the time it runs and flushes once; a task that writes faster than the loop drains therefore
 * costs one hand-off and one flush per batch, not per call. Also the two ends of output that must
 * follow the last write: shutdown of the output and a lingering close.
 */
final class NettyOutboundQueue {
  /** Longest a closed socket keeps sending bytes its peer does not take. */
  static final long CLOSE_LINGER_MILLIS = 2_000;

  private final NettySocket socket;
  private final ParkedThreads writers;
  private final Transport transport;
  private final ConcurrentLinkedQueue<ByteBuf> buffers = new ConcurrentLinkedQueue<>();
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicBoolean drainScheduled = new AtomicBoolean();
  private final Runnable drainTask = this::drain;
  private volatile ChannelFuture lastWrite; // set on the loop by drain

  NettyOutboundQueue(NettySocket socket, ParkedThreads writers, Transport transport) {
    this.socket = socket;
    this.writers = writers;
    this.transport = transport;
  }

  /** Bytes queued here and not yet handed to the channel. */
  long bytes() {
    return bytes.get();
  }

  /** Any thread: queues one buffer and schedules a drain unless one is already pending. */
  void add(ByteBuf buf, int size) throws IOException {
    buffers.add(buf);
    bytes.addAndGet(size);
    if (drainScheduled.compareAndSet(false, true)) {
      try {
        socket.channel().eventLoop().execute(drainTask);
      } catch (RejectedExecutionException e) {
        drainScheduled.set(false);
        releaseQueued();
        throw new IOException("the event loop of this socket is gone", e);
      }
    }
  }

  /**
   * Loop only: hands every queued buffer to the channel and flushes once. The flag is cleared
   * first, so a buffer queued after the last poll schedules a new drain instead of being missed.
   */
  private void drain() {
    drainScheduled.set(false);
    Channel ch = socket.channel();
    ByteBuf b;
    boolean any = false;
    long moved = 0;
    while ((b = buffers.poll()) != null) {
      moved += b.readableBytes();
      // Netty fails the write and releases b if the channel is already closed.
      lastWrite = ch.write(b);
      any = true;
    }
    if (any) {
      bytes.addAndGet(-moved);
      ch.flush();
      // Bytes moved from the queue into the channel do not cross a water mark by themselves.
      writers.wakeAll();
    }
  }

  /** Drops whatever is still queued (the loop is gone, or the socket closed without lingering). */
  private void releaseQueued() {
    ByteBuf b;
    while ((b = buffers.poll()) != null) {
      bytes.addAndGet(-b.readableBytes());
      b.release();
    }
  }

  /** Runs {@code action} on the loop after the writes queued so far reached the channel. */
  private void afterQueuedWrites(Channel ch, Runnable action, Runnable ifLoopGone) {
    try {
      ch.eventLoop()
          .execute(
              () -> {
                drain();
                action.run();
              });
    } catch (RejectedExecutionException e) {
      releaseQueued();
      ifLoopGone.run();
    }
  }

  /**
   * Shuts the output down behind every write queued so far: Netty's shutdownOutput fails writes
   * still queued in the channel, so it waits for the last one.
   */
  void shutdownOutput() {
    DuplexChannel ch = (DuplexChannel) socket.channel();
    afterQueuedWrites(
        ch,
        () -> {
          ChannelFuture last = lastWrite;
          if (last == null || last.isDone()) {
            shutdownOutputNow(ch);
          } else {
            last.addListener(f -> shutdownOutputNow(ch));
          }
        },
        () -> {});
  }

  private void shutdownOutputNow(DuplexChannel ch) {
    ch.shutdownOutput()
        .addListener(
            f -> {
              if (transport == Transport.EPOLL && ch.isActive() && ch.isInputShutdown()) {
                // Both directions are now shut, so the socket reports a hang-up that epoll repeats
                // for as long as the fd stays registered. One more read request makes Netty see
                // the EOF again and drop all interest, which EpollInterestGuard then lets through
                // as a removal.
                ch.read();
              }
            });
  }

  /** Closes {@code ch} once the writes queued so far went out (bounded by the linger). */
  void closeAfterQueuedWrites(Channel ch) {
    afterQueuedWrites(ch, () -> closeAfterLastWrite(ch), ch::close);
  }

  /**
   * Like a kernel socket, a close lets bytes that write() already accepted go out first: Netty
   * would drop whatever still sits in the channel's outbound buffer. A peer that never reads must
   * not keep the channel forever, hence the linger bound.
   */
  private void closeAfterLastWrite(Channel ch) {
    ChannelFuture last = lastWrite;
    if (last == null || last.isDone()) {
      ch.close();
      return;
    }
    last.addListener(f -> ch.close());
    try {
      ScheduledFuture<?> linger =
          ch.eventLoop().schedule(() -> ch.close(), CLOSE_LINGER_MILLIS, TimeUnit.MILLISECONDS);
      ch.closeFuture().addListener(f -> linger.cancel(false));
    } catch (RejectedExecutionException e) {
      ch.close();
    }
  }
}
