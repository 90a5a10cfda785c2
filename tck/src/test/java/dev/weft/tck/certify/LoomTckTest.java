package dev.weft.tck.certify;

import dev.weft.spi.Backend;
import dev.weft.spi.Backends;
import dev.weft.tck.WeftTck;
import java.util.Arrays;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;

/** Certifies the built-in Loom backend. */
class LoomTckTest extends WeftTck {
    /** Set per {@code -Pbackend=NAME} profile by the build, so a one-backend build certifies only that one. */
    static final String BACKENDS_PROPERTY = "weft.tck.backends";

    @BeforeAll
    static void onlyWhenSelected() {
        String selected = System.getProperty(BACKENDS_PROPERTY, "loom,netty,vertx");
        Assumptions.assumeTrue(Arrays.stream(selected.split(",")).map(String::trim).anyMatch("loom"::equals),
                () -> "backend 'loom' is not in -D" + BACKENDS_PROPERTY + "=" + selected);
    }

    @Override
    protected Backend backend() {
        return Backends.named("loom");
    }
}
