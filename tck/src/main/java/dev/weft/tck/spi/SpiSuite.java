package dev.weft.tck.spi;

import dev.weft.tck.suite.Rule;
import dev.weft.tck.suite.TckTarget;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;

/**
 * Entry point of this suite; see {@link dev.weft.tck.WeftTck}. One test per rule ID of the SPI
 * Javadoc, grouped by area. Every test opens its own runtime on the backend under test and closes
 * it, and judges through an independent peer (plain JDK sockets on platform threads) wherever the
 * rule is about what the other side sees.
 */
public final class SpiSuite {
  private SpiSuite() {}

  /** The tests of the rules that {@code -Dweft.tck.rules} selects (all of them when unset). */
  public static Stream<DynamicNode> tests(TckTarget target) {
    return Rule.selected(allTests(target));
  }

  /**
   * Every rule's test, selected or not, in report order. Building them runs nothing and never
   * touches the backend: each body runs only when JUnit executes its test.
   */
  public static Stream<DynamicNode> allTests(TckTarget target) {
    return Stream.of(
        area(
            "Runtime",
            new BackendRules(target).tests(),
            new RuntimeRules(target).tests(),
            new ShutdownRules(target).tests(),
            new AfterShutdownRules(target).tests(),
            new ContextRules(target).tests()),
        area(
            "Waits",
            new WaitReadinessRules(target).tests(),
            new WaitTimeoutRules(target).tests(),
            new SocketWaitRules(target).tests(),
            new EitherRules(target).tests(),
            new SleepRules(target).tests()),
        area("Signals", new SignalRules(target).tests()),
        area("Cancellation", new CancelRules(target).tests(), new CancelWakeRules(target).tests()),
        area(
            "Sockets",
            new ConnectListenRules(target).tests(),
            new ReadWriteRules(target).tests(),
            new CloseRules(target).tests(),
            new SocketOptionRules(target).tests()),
        area("Stress", new StressRules(target).tests()),
        area("Capabilities", new CapabilityRules(target).tests()));
  }

  @SafeVarargs
  private static DynamicNode area(String name, Stream<? extends DynamicNode>... groups) {
    Stream<DynamicNode> all = Stream.empty();
    for (Stream<? extends DynamicNode> group : groups) {
      all = Stream.concat(all, group);
    }
    return DynamicContainer.dynamicContainer(name, all);
  }
}
