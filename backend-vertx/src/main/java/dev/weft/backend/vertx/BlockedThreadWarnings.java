package dev.weft.backend.vertx;

import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.internal.threadchecker.BlockedThreadChecker;
import io.vertx.core.internal.threadchecker.BlockedThreadEvent;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts Vert.x's "Thread ... has been blocked for ..." warnings of the {@code Vertx} instances
 * this backend owns. Task code never runs on an event loop, so any such warning is a bug (ours, or
 * a stall of the machine) that a test run must not hide.
 *
 * <p>The count comes from the checker's handler hook rather than from a log handler, so it works
 * whatever logging backend Vert.x picked (JUL, SLF4J or Log4j2). The warning is still logged, under
 * Vert.x's own logger name {@value BlockedThreadChecker#LOGGER_NAME}, through {@link
 * System.Logger}.
 */
final class BlockedThreadWarnings {
  private static final AtomicLong TOTAL = new AtomicLong();
  private static final System.Logger LOG = System.getLogger(BlockedThreadChecker.LOGGER_NAME);

  private final AtomicLong count = new AtomicLong();

  /** Every warning of every owned {@code Vertx} in this JVM so far. */
  static long total() {
    return TOTAL.get();
  }

  /** This runtime's warnings so far. */
  long count() {
    return count.get();
  }

  /** Replaces the checker's handler of an owned {@code Vertx}; never called for a handed-in one. */
  void install(Vertx vertx) {
    ((VertxInternal) vertx).blockedThreadChecker().setThreadBlockedHandler(this::onBlocked);
  }

  private void onBlocked(BlockedThreadEvent event) {
    count.incrementAndGet();
    TOTAL.incrementAndGet();
    String message =
        "Thread "
            + event.thread().getName()
            + " has been blocked for "
            + event.duration() / 1_000_000
            + " ms, time limit is "
            + event.maxExecTime() / 1_000_000
            + " ms (counted by the Weft vertx backend)";
    // Always with the stack: a stalled loop is rare and the stack is what tells why.
    Throwable where = new Throwable("Thread blocked");
    where.setStackTrace(event.thread().getStackTrace());
    LOG.log(System.Logger.Level.WARNING, message, where);
  }
}
