package dev.weft.backend.vertx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.spi.AsyncRuntime;
import dev.weft.spi.Capability;
import dev.weft.spi.RuntimeOptions;
import org.junit.jupiter.api.Test;

/**
 * Epoll by default (its native library ships for Linux x86-64); weft.vertx.preferNative=false picks
 * NIO.
 */
class TransportChoiceTest {
  @Test
  void epollOnRequestNioByDefault() {
    try (AsyncRuntime rt = new VertxBackend().open(RuntimeOptions.defaults())) {
      assertEquals("epoll", rt.transport());
    }
    try (AsyncRuntime rt =
        new VertxBackend()
            .open(RuntimeOptions.defaults().with(VertxSettings.PREFER_NATIVE, "false"))) {
      assertEquals("nio", rt.transport());
    }
    assertTrue(
        new VertxBackend().capabilities().contains(Capability.NATIVE_TRANSPORT),
        "epoll by default, so the owned-Vertx backend claims CAP-NATIVE");
  }

  @Test
  void aBadBooleanNamesTheKey() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new VertxBackend()
                    .open(RuntimeOptions.defaults().with(VertxSettings.PREFER_NATIVE, "yes")));
    assertEquals(true, e.getMessage().contains(VertxSettings.PREFER_NATIVE), e.getMessage());
  }
}
