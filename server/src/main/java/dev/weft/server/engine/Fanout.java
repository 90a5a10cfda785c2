package dev.weft.server.engine;

import dev.weft.server.protocol.PubArg;
import dev.weft.server.routing.MatchResult;
import dev.weft.server.routing.SubjectCache;
import dev.weft.server.routing.SubscriptionEntry;
import dev.weft.spi.Context;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A reader's delivery side: fans each publish out to the matching subscribers' sinks and remembers
 * which connections it queued bytes for (the dirty set, nats-server's {@code pcd}), so that each is
 * woken once per read batch rather than once per message, and a burst of publishes reaches a
 * subscriber as one large write. Owned by one reader task.
 */
final class Fanout {
  private static final long STALL_BUDGET_NANOS = Duration.ofMillis(10).toNanos();
  private static final Duration STALL_POLL = Duration.ofMillis(1);

  private final ClientConnection self;
  private final SubjectCache<ClientConnection> cache;
  private final long stallThreshold;
  private ClientConnection[] dirty = new ClientConnection[8];
  private int dirtyCount;

  /** This reader's batch number; unique over all readers because it starts at cid << 40. */
  private long epoch;

  private int rnd;

  Fanout(ClientConnection self, SubjectCache<ClientConnection> cache, long stallThreshold) {
    this.self = self;
    this.cache = cache;
    this.stallThreshold = stallThreshold;
    this.epoch = self.cid << 40;
    this.rnd = ThreadLocalRandom.current().nextInt() | 1;
  }

  /**
   * Delivers one publish to every plain subscriber and one member of each queue group.
   *
   * @param echo whether the publisher's own subscriptions get it
   * @return whether any subscriber got it
   */
  boolean publish(byte[] b, PubArg pa, boolean echo) {
    MatchResult<ClientConnection> r = cache.match(b, pa.subjectOffset(), pa.subjectLength());
    boolean delivered = false;
    SubscriptionEntry<ClientConnection>[] plain = r.plain;
    for (int i = 0; i < plain.length; i++) {
      delivered |= deliver(plain[i], b, pa, echo);
    }
    SubscriptionEntry<ClientConnection>[][] queues = r.queues;
    for (int g = 0; g < queues.length; g++) {
      SubscriptionEntry<ClientConnection>[] group = queues[g];
      int n = group.length;
      int start = n == 1 ? 0 : nextRandom(n);
      for (int k = 0; k < n; k++) {
        int idx = start + k;
        if (idx >= n) {
          idx -= n;
        }
        if (deliver(group[idx], b, pa, echo)) {
          delivered = true;
          break;
        }
      }
    }
    return delivered;
  }

  private boolean deliver(
      SubscriptionEntry<ClientConnection> sub, byte[] b, PubArg pa, boolean echo) {
    ClientConnection target = sub.owner;
    if (target == self && !echo) {
      return false;
    }
    switch (target.sink.message(sub, b, pa)) {
      case PendingOutput.DELIVERED:
        markDirty(target);
        return true;
      case PendingOutput.DELIVERED_LAST:
        markDirty(target);
        target.subscriptions.remove(sub);
        return true;
      case PendingOutput.EXPIRED:
        target.subscriptions.remove(sub);
        return false;
      case PendingOutput.SLOW:
        target.slowConsumer(false);
        return false;
      default:
        return false;
    }
  }

  /**
   * The 503 status a no-responders client gets when its request reached nobody, sent to the
   * publisher's own subscription on the reply subject (nats-server does not trace it).
   */
  void noResponders(byte[] b, PubArg pa) {
    MatchResult<ClientConnection> rr = cache.match(b, pa.replyOffset(), pa.replyLength());
    for (SubscriptionEntry<ClientConnection> s : rr.plain) {
      if (s.owner == self) {
        String proto = "HMSG " + pa.reply(b) + " " + s.sid + " 16 16\r\nNATS/1.0 503\r\n\r\n\r\n";
        queued(self.pending.control(proto.getBytes(StandardCharsets.ISO_8859_1)));
        return;
      }
    }
  }

  /** Queues a control line to the publisher itself; its writer is woken at batch end. */
  void sendOwn(byte[] line) {
    queued(self.sink.control(line));
  }

  private void queued(int result) {
    if (result == PendingOutput.DELIVERED) {
      markDirty(self);
    } else if (result == PendingOutput.SLOW) {
      self.slowConsumer(false);
    }
  }

  private void markDirty(ClientConnection target) {
    // A target remembers the batch that last marked it. A batch skips adding a target only
    // when the mark is its own, which it can only be if this batch added it; another reader
    // overwriting the mark just causes a duplicate raise, never a missed one.
    long e = epoch;
    if (target.dirtyMark == e) {
      return;
    }
    target.dirtyMark = e;
    if (dirtyCount == dirty.length) {
      dirty = Arrays.copyOf(dirty, dirtyCount * 2);
    }
    dirty[dirtyCount++] = target;
  }

  /**
   * Wakes every writer this batch queued bytes for. Then, if a subscriber is near its max_pending,
   * stalls this publisher briefly (the "stall gate"): a subscriber that reads slower than a
   * publisher writes slows the publisher down instead of being cut, while one that does not read at
   * all costs each publisher at most {@link #STALL_BUDGET_NANOS} per read batch and is cut at
   * max_pending. This is nats-server's current policy (2-10 ms per read); 2.9.10 waited up to 1 s,
   * which starves publishers behind one dead subscriber.
   *
   * @param ctx the reader's context, or null to wake without stalling (the reader is closing)
   */
  void flushDirty(Context ctx) {
    ClientConnection stalled = null;
    for (int i = 0; i < dirtyCount; i++) {
      ClientConnection t = dirty[i];
      t.writeSignal.raise();
      if (t != self && stalled == null && t.pending.pendingBytes() > stallThreshold) {
        stalled = t;
      }
      dirty[i] = null;
    }
    dirtyCount = 0;
    epoch++;
    if (stalled != null && ctx != null) {
      stall(ctx, stalled);
    }
  }

  private void stall(Context ctx, ClientConnection target) {
    long deadline = System.nanoTime() + STALL_BUDGET_NANOS;
    while (!target.isTerminated()
        && target.pending.pendingBytes() > stallThreshold
        && System.nanoTime() - deadline < 0) {
      ctx.sleep(STALL_POLL);
    }
  }

  private int nextRandom(int bound) {
    int x = rnd;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    rnd = x;
    return (x >>> 1) % bound;
  }
}
