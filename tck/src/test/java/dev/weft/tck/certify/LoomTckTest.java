package dev.weft.tck.certify;

import dev.weft.spi.Backend;
import dev.weft.spi.Backends;
import dev.weft.tck.WeftTck;
import java.util.Arrays;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * Certifies the built-in Loom backend, unless the build chose another one. The condition is what
 * makes the skip show in Surefire ("Tests run: 4, Skipped: 4" with the reason): Surefire leaves a
 * class aborted in {@code @BeforeAll} out of its counts altogether. The assumption stays as the
 * guard for runners that evaluate no conditions, and names the property's actual value.
 */
@EnabledIf(value = "selected", disabledReason = "backend 'loom' is not in -Dweft.tck.backends")
class LoomTckTest extends WeftTck {
    /** Set per {@code -Pbackend=NAME} profile by the build, so a one-backend build certifies only that one. */
    static final String BACKENDS_PROPERTY = "weft.tck.backends";

    static boolean selected() {
        return Arrays.stream(backends().split(",")).map(String::trim).anyMatch("loom"::equals);
    }

    private static String backends() {
        return System.getProperty(BACKENDS_PROPERTY, "loom,netty,vertx");
    }

    @BeforeAll
    static void onlyWhenSelected() {
        Assumptions.assumeTrue(selected(), () -> "backend 'loom' is not in -D" + BACKENDS_PROPERTY + "=" + backends());
    }

    @Override
    protected Backend backend() {
        return Backends.named("loom");
    }
}
