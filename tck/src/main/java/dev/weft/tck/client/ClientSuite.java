package dev.weft.tck.client;

import dev.weft.tck.TckTarget;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;

/** Entry point of this suite; see {@link dev.weft.tck.WeftTck}. */
public final class ClientSuite {
    private ClientSuite() {
    }

    public static Stream<DynamicNode> tests(TckTarget target) {
        return Stream.empty();
    }
}
