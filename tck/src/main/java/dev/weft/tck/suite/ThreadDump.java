package dev.weft.tck.suite;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Thread dumps printed when a rule times out. Platform threads come from {@link
 * Thread#getAllStackTraces()}; virtual threads (where the Loom backend runs its tasks) are
 * invisible there, so the HotSpot thread dump, which lists them, is appended when available.
 */
public final class ThreadDump {
  private ThreadDump() {}

  /**
   * Every platform thread with its stack, then the JVM's dump of every thread, virtual ones
   * included.
   */
  public static String all() {
    StringBuilder sb = new StringBuilder(platform());
    try {
      sb.append("\n--- all threads, virtual included (HotSpot thread dump) ---\n")
          .append(hotSpot(HotSpotDiagnosticMXBean.ThreadDumpFormat.TEXT_PLAIN));
    } catch (IOException | RuntimeException e) {
      sb.append("\n(no HotSpot thread dump: ").append(e).append(")\n");
    }
    return sb.toString();
  }

  /** Every platform thread with its state and stack. */
  public static String platform() {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
      Thread t = e.getKey();
      sb.append('"').append(t.getName()).append("\" ").append(t.getState()).append('\n');
      for (StackTraceElement frame : e.getValue()) {
        sb.append("    at ").append(frame).append('\n');
      }
    }
    return sb.toString();
  }

  /**
   * The HotSpot dump of every thread, virtual threads included, in {@code format}.
   *
   * @throws IOException when the dump cannot be written or read back
   * @throws UnsupportedOperationException when the JVM offers no such dump
   */
  public static String hotSpot(HotSpotDiagnosticMXBean.ThreadDumpFormat format) throws IOException {
    HotSpotDiagnosticMXBean bean =
        ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
    if (bean == null) {
      throw new UnsupportedOperationException("no HotSpotDiagnosticMXBean in this JVM");
    }
    Path dir = Files.createTempDirectory("weft-tck-threads");
    Path file =
        dir.resolve(
            "threads."
                + (format == HotSpotDiagnosticMXBean.ThreadDumpFormat.JSON ? "json" : "txt"));
    try {
      bean.dumpThreads(file.toAbsolutePath().toString(), format);
      return Files.readString(file);
    } finally {
      Files.deleteIfExists(file);
      Files.deleteIfExists(dir);
    }
  }
}
