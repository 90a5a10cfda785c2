package dev.weft.tck;

import dev.weft.spi.Backend;
import dev.weft.spi.RuntimeOptions;
import dev.weft.tck.client.ClientSuite;
import dev.weft.tck.interop.InteropSuite;
import dev.weft.tck.server.ServerSuite;
import dev.weft.tck.spi.SpiSuite;
import dev.weft.tck.suite.TckTarget;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/**
 * The whole kit. A backend is certified by one test class that extends this one and supplies its
 * {@link Backend}:
 *
 * <pre>{@code
 * class MyBackendTckTest extends WeftTck {
 *     @Override
 *     protected Backend backend() {
 *         return new MyBackend();
 *     }
 * }
 * }</pre>
 *
 * Every rule is its own named test ({@code "WAIT-3 [required] ..."}); optional rules whose
 * capability the backend does not declare show as skipped with the reason.
 */
public abstract class WeftTck {
  /** The backend under test. Called once per suite; may return a new instance each time. */
  protected abstract Backend backend();

  /** Options for every runtime the kit opens on the backend under test. */
  protected RuntimeOptions options() {
    return RuntimeOptions.defaults();
  }

  private TckTarget target() {
    return TckTarget.of(backend(), options());
  }

  /** The SPI contract: one test per rule ID of the Javadoc, stress rules included. */
  @TestFactory
  Stream<DynamicNode> spi() {
    return SpiSuite.tests(target());
  }

  /** StreamSocket-level interop: the backend under test against each reference peer, both ways. */
  @TestFactory
  Stream<DynamicNode> interop() {
    return InteropSuite.tests(target());
  }

  /** The NATS server, running on the backend under test. */
  @TestFactory
  Stream<DynamicNode> server() {
    return ServerSuite.tests(target());
  }

  /** The NATS client, running on the backend under test, against servers on every backend. */
  @TestFactory
  Stream<DynamicNode> client() {
    return ClientSuite.tests(target());
  }
}
