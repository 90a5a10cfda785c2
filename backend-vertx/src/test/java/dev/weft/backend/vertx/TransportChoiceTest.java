package dev.weft.backend.vertx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weft.spi.AsyncRuntime;
import dev.weft.spi.Capability;
import dev.weft.spi.RuntimeOptions;
import org.junit.jupiter.api.Test;

/** weft.vertx.preferNative picks epoll (its native library ships for Linux x86-64); NIO is the default. */
class TransportChoiceTest {
    @Test
    void epollOnRequestNioByDefault() {
        try (AsyncRuntime rt = new VertxBackend().open(RuntimeOptions.defaults().with(VertxSettings.PREFER_NATIVE, "true"))) {
            assertEquals("epoll", rt.transport());
        }
        try (AsyncRuntime rt = new VertxBackend().open(RuntimeOptions.defaults())) {
            assertEquals("nio", rt.transport());
        }
        assertFalse(new VertxBackend().capabilities().contains(Capability.NATIVE_TRANSPORT),
                "NIO by default, so the owned-Vertx backend must not claim CAP-NATIVE");
    }

    @Test
    void aBadBooleanNamesTheKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new VertxBackend().open(RuntimeOptions.defaults().with(VertxSettings.PREFER_NATIVE, "yes")));
        assertEquals(true, e.getMessage().contains(VertxSettings.PREFER_NATIVE), e.getMessage());
    }
}
