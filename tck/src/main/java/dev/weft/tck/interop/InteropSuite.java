package dev.weft.tck.interop;

import dev.weft.spi.Backend;
import dev.weft.tck.Rule;
import dev.weft.tck.TckTarget;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.opentest4j.AssertionFailedError;

/**
 * StreamSocket-level interop: the backend under test against every reference peer, in both
 * directions. The peers are plain JDK blocking sockets, and every other backend found with
 * {@link java.util.ServiceLoader} ({@link TckTarget#references()}), so a third-party backend joins
 * the matrix just by being present.
 *
 * <ul>
 *   <li><b>PEER-1</b> the backend under test, as client, runs the {@link EchoExchange} against the peer
 *       as server.</li>
 *   <li><b>PEER-2</b> the same with the roles swapped.</li>
 * </ul>
 * Each pairing carries a 1 MiB pseudo-random payload both ways, checked byte for byte at both
 * ends, then a half-close each way with data flowing after the first one, then EOF.
 */
public final class InteropSuite {
    /** Bytes sent each way per pairing. */
    static final int PAYLOAD_BYTES = 1 << 20;

    private InteropSuite() {
    }

    /** How to open a peer for one test; a reference backend gets a fresh runtime per test. */
    private interface PeerFactory {
        String name();

        Peer open();
    }

    public static Stream<DynamicNode> tests(TckTarget target) {
        Backend underTest = target.backend();
        PeerFactory self = factory(underTest, target);
        List<PeerFactory> peers = new ArrayList<>();
        peers.add(new PeerFactory() {
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
            tests.add(pairing(target, "PEER-1", self, peer));
            tests.add(pairing(target, "PEER-2", peer, self));
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

    private static DynamicNode pairing(TckTarget target, String id, PeerFactory client, PeerFactory server) {
        String title = client.name() + " (client) -> " + server.name() + " (server): echo 1 MiB both ways, half-close, EOF";
        return Rule.required(target, id, title, () -> {
            Duration limit = target.timeouts().event().multipliedBy(2);
            EchoExchange exchange = new EchoExchange(PAYLOAD_BYTES, (id + title).hashCode());
            try (Peer s = server.open(); Peer c = client.open(); Peer.Serving serving = s.serve(exchange)) {
                try {
                    c.call(serving.address(), exchange, limit);
                } catch (Exception | Error clientFailure) {
                    // A client that merely saw a reset or an early EOF is often the victim of a server
                    // that failed first (say, on a corrupt byte): that failure is the cause to report.
                    if (!(clientFailure instanceof AssertionError)) {
                        serving.failure(target.timeouts().event()).ifPresent(serverFailure -> {
                            serverFailure.addSuppressed(clientFailure);
                            throw new AssertionFailedError("the server side failed first: " + serverFailure.getMessage(), serverFailure);
                        });
                    }
                    throw clientFailure;
                }
                serving.await(limit);
            }
        });
    }
}
