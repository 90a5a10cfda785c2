package dev.weft.tck.server;

import dev.weft.tck.suite.TckTarget;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;

/**
 * The NATS server on the backend under test ({@code
 * WeftServer.builder().backend(target.backend())}), judged (a) byte by byte by a raw protocol
 * driver running on a reference backend (plain JDK sockets when there is none), with the bytes
 * nats-server 2.9.10 sends, and (b) by jnats. Rules are SRV-1 to SRV-26; docs/protocol.md maps each
 * protocol feature to its rule.
 */
public final class ServerSuite {
  private ServerSuite() {}

  public static Stream<DynamicNode> tests(TckTarget target) {
    String driver =
        target.references().isEmpty()
            ? "JDK sockets"
            : "backend " + target.references().get(0).name();
    return Stream.of(
        DynamicContainer.dynamicContainer(
            "protocol (raw driver on " + driver + ")",
            Stream.concat(ProtocolRules.tests(target), ErrorRules.tests(target))),
        DynamicContainer.dynamicContainer("limits, auth and shutdown", LimitRules.tests(target)),
        DynamicContainer.dynamicContainer("jnats", JnatsRules.tests(target)));
  }
}
