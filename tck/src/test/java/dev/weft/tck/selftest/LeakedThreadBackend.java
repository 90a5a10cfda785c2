package dev.weft.tck.selftest;

import dev.weft.spi.AsyncRuntime;
import dev.weft.spi.Backend;
import dev.weft.spi.RuntimeOptions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;

/**
 * Defect: every {@link #open} starts a housekeeping thread (platform or virtual) that nothing ever
 * stops, so it outlives {@link AsyncRuntime#close()}. Must fail SHUT-5.
 */
final class LeakedThreadBackend extends ForwardingBackend {
  private final boolean virtual;
  private final List<Thread> leaked = new CopyOnWriteArrayList<>();

  LeakedThreadBackend(Backend real, boolean virtual) {
    super(virtual ? "broken-leaked-virtual-thread" : "broken-leaked-platform-thread", real);
    this.virtual = virtual;
  }

  @Override
  public AsyncRuntime open(RuntimeOptions options) {
    AsyncRuntime rt = super.open(options);
    Thread.Builder builder = virtual ? Thread.ofVirtual() : Thread.ofPlatform().daemon(true);
    leaked.add(
        builder
            .name("weft-housekeeper")
            .start(
                () -> {
                  while (!Thread.currentThread().isInterrupted()) {
                    LockSupport.park(this);
                  }
                }));
    return rt;
  }

  /** Only the self-test harness stops the threads, so its own JVM stays clean. */
  @Override
  void release() {
    super.release();
    for (Thread t : leaked) {
      t.interrupt();
    }
    for (Thread t : leaked) {
      try {
        t.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    leaked.clear();
  }
}
