package dev.weft.tck.spi;

import dev.weft.tck.Rule;
import dev.weft.tck.TckTarget;
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

  public static Stream<DynamicNode> tests(TckTarget target) {
    return Rule.selected(
        Stream.of(
            area(
                "Runtime",
                Stream.of(
                        new BackendRules(target).tests(),
                        new RuntimeRules(target).tests(),
                        new ShutdownRules(target).tests(),
                        new ContextRules(target).tests())
                    .flatMap(s -> s)),
            area("Waits", new WaitRules(target).tests()),
            area("Signals", new SignalRules(target).tests()),
            area("Cancellation", new CancelRules(target).tests()),
            area("Sockets", new SocketRules(target).tests()),
            area("Stress", new StressRules(target).tests()),
            area("Capabilities", new CapabilityRules(target).tests())));
  }

  private static DynamicNode area(String name, Stream<? extends DynamicNode> tests) {
    return DynamicContainer.dynamicContainer(name, tests);
  }
}
