package dev.weft.spi;

/**
 * A cross-thread wake-up flag, the twin of Linux's eventfd: any thread raises it, one task waits
 * for it with {@link Context#waitReadable} or {@link Context#waitEither}.
 *
 * <p>Rules:
 *
 * <ul>
 *   <li><b>SIG-1</b> {@link #raise()} may be called from any thread, task or not, and wakes the
 *       task waiting on the signal. It never blocks and never throws.
 *   <li><b>SIG-2</b> raises that come before a wait coalesce: after any number of raises, exactly
 *       one wait returns at once and the next one waits for a new raise.
 *   <li><b>SIG-3</b> a wait that returns the signal consumes the raise (auto-reset).
 *   <li><b>SIG-4</b> one waiter at a time: a second task that waits while another is waiting gets
 *       {@link IllegalStateException}, and the first waiter is not disturbed.
 *   <li><b>STRESS-1</b> two tasks doing 100,000 signal ping-pongs never lose a wake.
 * </ul>
 */
public interface Signal extends Waitable {
  /** Raises the signal (SIG-1). Cheap enough to call once per message. */
  void raise();
}
