package dev.weft.tck.spi;

import com.sun.management.HotSpotDiagnosticMXBean;
import dev.weft.tck.suite.ThreadDump;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The threads alive at one moment, to tell which ones a runtime started and left behind (SHUT-5).
 * Platform threads come from {@link Thread#getAllStackTraces()}; virtual threads are invisible
 * there, so the HotSpot JSON thread dump (JDK 21+), which lists them, is read too when the JVM
 * offers it. Threads the JVM or the test harness start on their own are allowed.
 */
final class ThreadCensus {
  /** Names (prefixes) of threads the JVM, JUnit, Surefire and the kit itself start on their own. */
  private static final List<String> ALLOWED_PREFIXES =
      List.of(
          "Attach Listener",
          "process reaper",
          "Common-Cleaner",
          "Signal Dispatcher",
          "Reference Handler",
          "Finalizer",
          "Notification Thread",
          "ForkJoinPool.commonPool-worker-",
          "surefire-",
          "junit-",
          "tck-",
          "JFR ",
          "RMI ",
          "MasterPoller",
          "SubPoller-",
          "Read-Poller",
          "Write-Poller",
          "VirtualThread-unblocker",
          "Monitor Deflation",
          "Service Thread",
          "C1 CompilerThread",
          "C2 CompilerThread",
          "Sweeper thread");

  private final Set<Thread> platform;
  private final Set<Long> dumped;
  private final String dumpProblem;

  private ThreadCensus(Set<Thread> platform, Set<Long> dumped, String dumpProblem) {
    this.platform = platform;
    this.dumped = dumped;
    this.dumpProblem = dumpProblem;
  }

  static ThreadCensus take() {
    Set<Thread> platform = new HashSet<>(Thread.getAllStackTraces().keySet());
    Map<Long, String> dumped = new HashMap<>();
    String problem = null;
    try {
      dumped = dumpedThreads();
    } catch (IOException | RuntimeException e) {
      problem = e.toString();
    }
    return new ThreadCensus(platform, dumped.keySet(), problem);
  }

  /** Why the HotSpot dump could not be read, or null when it could. */
  String dumpProblem() {
    return dumpProblem;
  }

  /**
   * Platform threads alive now that were not in this census and are not the JVM's or the harness's.
   */
  List<Thread> newPlatformThreads() {
    List<Thread> found = new ArrayList<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.isAlive() && !platform.contains(t) && !allowed(t)) {
        found.add(t);
      }
    }
    return found;
  }

  /**
   * Threads in a HotSpot dump taken now, virtual ones included, that were not in this census, as
   * "#tid name"; threads allowed by name and live platform threads already judged by {@link
   * #newPlatformThreads()} are left out. Empty when the dump is unavailable.
   */
  List<String> newDumpedThreads() {
    if (dumpProblem != null) {
      return List.of();
    }
    Map<Long, String> now;
    try {
      now = dumpedThreads();
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
    Set<Long> platformIds = new HashSet<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      platformIds.add(t.threadId());
    }
    List<String> found = new ArrayList<>();
    for (Map.Entry<Long, String> e : now.entrySet()) {
      if (!dumped.contains(e.getKey())
          && !platformIds.contains(e.getKey())
          && !allowedName(e.getValue())) {
        found.add("#" + e.getKey() + " '" + e.getValue() + "'");
      }
    }
    return found;
  }

  private static boolean allowed(Thread t) {
    // The JDK's own helpers: virtual-thread carriers, pollers and innocuous system threads.
    String type = t.getClass().getName();
    if (type.startsWith("jdk.internal.") || type.equals("java.util.concurrent.DelayScheduler")) {
      return true;
    }
    ThreadGroup g = t.getThreadGroup();
    if (g != null
        && (g.getName().equals("CarrierThreads") || g.getName().equals("InnocuousThreadGroup"))) {
      return true;
    }
    return allowedName(t.getName());
  }

  private static boolean allowedName(String name) {
    for (String p : ALLOWED_PREFIXES) {
      if (name.startsWith(p)) {
        return true;
      }
    }
    return false;
  }

  private static final Pattern TID = Pattern.compile("\"tid\"\\s*:\\s*\"?(\\d+)\"?");
  private static final Pattern NAME =
      Pattern.compile("\"name\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

  /** Every thread in a HotSpot JSON dump, by thread ID, with its name. */
  static Map<Long, String> dumpedThreads() throws IOException {
    String json = ThreadDump.hotSpot(HotSpotDiagnosticMXBean.ThreadDumpFormat.JSON);
    Map<Long, String> threads = new HashMap<>();
    Matcher tid = TID.matcher(json);
    List<int[]> starts = new ArrayList<>();
    List<Long> ids = new ArrayList<>();
    while (tid.find()) {
      starts.add(new int[] {tid.start(), tid.end()});
      ids.add(Long.parseLong(tid.group(1)));
    }
    for (int i = 0; i < ids.size(); i++) {
      int from = starts.get(i)[1];
      int to = i + 1 < ids.size() ? starts.get(i + 1)[0] : json.length();
      Matcher name = NAME.matcher(json).region(from, to);
      threads.put(ids.get(i), name.find() ? name.group(1) : "");
    }
    return threads;
  }

  /** A thread with its stack, for a failure message. */
  static String describe(Thread t) {
    StringBuilder sb =
        new StringBuilder(
            "'"
                + t.getName()
                + "' ("
                + t.getClass().getName()
                + ", "
                + t.getState()
                + (t.isVirtual() ? ", virtual" : "")
                + ")");
    StackTraceElement[] stack = t.getStackTrace();
    for (int i = 0; i < Math.min(stack.length, 12); i++) {
      sb.append("\n      at ").append(stack[i]);
    }
    return sb.toString();
  }
}
