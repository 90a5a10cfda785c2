package dev.weft.tck.spi;

import dev.weft.tck.TckTarget;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;

/** Entry point of this suite; see {@link dev.weft.tck.WeftTck}. */
public final class SpiSuite {
    private SpiSuite() {
    }

    public static Stream<DynamicNode> tests(TckTarget target) {
        return Stream.empty();
    }
}
