package dev.weft.backend.netty;

import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Counts the leaks Netty's {@link ResourceLeakDetector} reports, so a test run can fail on them
 * instead of leaving them as log lines. Netty reports through its logger, which is
 * java.util.logging unless an SLF4J or Log4j binding is present; {@link #selfTest()} proves the
 * hook actually sees reports in the running JVM, so a silent hook cannot pass for a clean run.
 */
final class LeakWatch extends Handler {
  static final String LOGGER_NAME = ResourceLeakDetector.class.getName();
  private static final LeakWatch INSTANCE = new LeakWatch();
  private static final int KEPT_REPORTS = 5;

  /**
   * Strong reference: java.util.logging holds loggers weakly, and a collected logger loses its
   * handlers.
   */
  private static Logger logger;

  private final AtomicLong leaks = new AtomicLong();
  private final AtomicLong probeLeaks = new AtomicLong();
  private final List<String> firstReports = new ArrayList<>();

  private LeakWatch() {
    setLevel(Level.ALL);
  }

  static synchronized void install() {
    if (logger == null) {
      logger = Logger.getLogger(LOGGER_NAME);
      logger.addHandler(INSTANCE);
    }
  }

  static long leaks() {
    install();
    return INSTANCE.leaks.get();
  }

  static List<String> firstReports() {
    synchronized (INSTANCE.firstReports) {
      return List.copyOf(INSTANCE.firstReports);
    }
  }

  /**
   * Leaks a tracked probe object on purpose and waits, bounded, for its report to reach this
   * handler. True when it did: leaks in this JVM are being counted.
   */
  static synchronized boolean selfTest() {
    install();
    // The probe's report is expected: keep it out of the console, where it would read as a real
    // leak.
    boolean parents = logger.getUseParentHandlers();
    logger.setUseParentHandlers(false);
    try {
      return probe();
    } finally {
      logger.setUseParentHandlers(parents);
    }
  }

  private static boolean probe() {
    ResourceLeakDetector<LeakProbe> detector =
        ResourceLeakDetectorFactory.instance().newResourceLeakDetector(LeakProbe.class, 1);
    long before = INSTANCE.probeLeaks.get();
    for (int round = 0; round < 50 && INSTANCE.probeLeaks.get() == before; round++) {
      leakOneProbe(detector);
      System.gc();
      // Tracking polls the detector's reference queue, which is where reports are raised.
      LeakProbe kept = new LeakProbe();
      detector.trackForcibly(kept).close(kept);
    }
    return INSTANCE.probeLeaks.get() > before;
  }

  private static void leakOneProbe(ResourceLeakDetector<LeakProbe> detector) {
    detector.trackForcibly(new LeakProbe()).record("weft leak-watch self-test");
  }

  @Override
  public void publish(LogRecord record) {
    String msg = record.getMessage();
    if (msg == null
        || record.getLevel().intValue() < Level.SEVERE.intValue()
        || !msg.startsWith("LEAK:")) {
      return;
    }
    if (msg.contains(LeakProbe.class.getSimpleName())) {
      probeLeaks.incrementAndGet();
      return;
    }
    leaks.incrementAndGet();
    synchronized (firstReports) {
      if (firstReports.size() < KEPT_REPORTS) {
        firstReports.add(msg);
      }
    }
  }

  @Override
  public void flush() {}

  @Override
  public void close() {}

  /** The object the self-test leaks; its simple name marks its reports apart from real ones. */
  static final class LeakProbe {}
}
