package dev.weft.tck.interop;

import dev.weft.spi.Backend;
import dev.weft.tck.suite.Rule;
import dev.weft.tck.suite.TckTarget;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.opentest4j.AssertionFailedError;

/**
 * StreamSocket-level interop: the backend under test against every reference peer, in both
 * directions. The peers are plain JDK blocking sockets, and every other backend found with {@link
 * java.util.ServiceLoader} ({@link TckTarget#references()}), so a third-party backend joins the
 * matrix just by being present.
 *
 * <ul>
 *   <li><b>PEER-1</b> bulk: the backend under test, as client, runs the {@link EchoExchange} (1 MiB
 *       pseudo-random both ways, checked byte for byte at both ends, a half-close each way with
 *       data flowing after the first, then EOF) against the peer as server.
 *   <li><b>PEER-2</b> bulk, with the roles swapped.
 *   <li><b>PEER-3</b> chatty: the backend under test, as client, runs the {@link PingPongExchange}
 *       (2,000 small request/response round trips, then half-close and EOF) against the peer.
 *   <li><b>PEER-4</b> chatty, with the roles swapped.
 * </ul>
 *
 * Each pairing opens fresh runtimes and must finish within twice the kit's event timeout.
 */
public final class InteropSuite {
  /** Bytes sent each way by PEER-1 and PEER-2. */
  static final int PAYLOAD_BYTES = 1 << 20;

  /** Request/response round trips of PEER-3 and PEER-4. */
  static final int ROUND_TRIPS = 2_000;

  private InteropSuite() {}

  /** How to open a peer for one test; a reference backend gets a fresh runtime per test. */
  private interface PeerFactory {
    String name();

    Peer open();
  }

  public static Stream<DynamicNode> tests(TckTarget target) {
    Backend underTest = target.backend();
    PeerFactory self = factory(underTest, target);
    List<PeerFactory> peers = new ArrayList<>();
    peers.add(
        new PeerFactory() {
          @Override
          public String name() {
            return JdkBlockingPeer.NAME;
          }

          @Override
          public Peer open() {
            return new JdkBlockingPeer();
          }
        });
    for (Backend reference : target.references()) {
      peers.add(factory(reference, target));
    }
    List<DynamicNode> tests = new ArrayList<>();
    for (PeerFactory peer : peers) {
      tests.add(pairing(target, "PEER-1", self, peer, bulk(self, peer)));
      tests.add(pairing(target, "PEER-2", peer, self, bulk(peer, self)));
    }
    for (PeerFactory peer : peers) {
      tests.add(pairing(target, "PEER-3", self, peer, chatty(self, peer)));
      tests.add(pairing(target, "PEER-4", peer, self, chatty(peer, self)));
    }
    return Rule.selected(tests.stream());
  }

  private static PeerFactory factory(Backend backend, TckTarget target) {
    return new PeerFactory() {
      @Override
      public String name() {
        return backend.name();
      }

      @Override
      public Peer open() {
        return new RuntimePeer(backend, target.options());
      }
    };
  }

  private static Exchange bulk(PeerFactory client, PeerFactory server) {
    return new EchoExchange(PAYLOAD_BYTES, seed(client, server));
  }

  private static Exchange chatty(PeerFactory client, PeerFactory server) {
    return new PingPongExchange(ROUND_TRIPS, seed(client, server));
  }

  private static long seed(PeerFactory client, PeerFactory server) {
    return (client.name() + "->" + server.name()).hashCode();
  }

  private static DynamicNode pairing(
      TckTarget target, String id, PeerFactory client, PeerFactory server, Exchange exchange) {
    String title =
        client.name() + " (client) -> " + server.name() + " (server): " + exchange.title();
    return Rule.required(
        target,
        id,
        title,
        () -> {
          Duration limit = target.timeouts().event().multipliedBy(2);
          try (Peer s = server.open();
              Peer c = client.open();
              Peer.Serving serving = s.serve(exchange)) {
            try {
              c.call(serving.address(), exchange, limit);
            } catch (Exception | Error clientFailure) {
              // A client that merely saw a reset or an early EOF is often the victim of a server
              // that failed first (say, on a corrupt byte): that failure is the cause to report.
              if (!(clientFailure instanceof AssertionError)) {
                serving
                    .failure(target.timeouts().event())
                    .ifPresent(
                        serverFailure -> {
                          serverFailure.addSuppressed(clientFailure);
                          throw new AssertionFailedError(
                              "the server side failed first: " + serverFailure.getMessage(),
                              serverFailure);
                        });
              }
              throw clientFailure;
            }
            serving.await(limit);
          }
        });
  }
}
