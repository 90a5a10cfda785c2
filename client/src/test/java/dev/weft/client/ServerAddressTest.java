package dev.weft.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ServerAddressTest {
  @Test
  void hostAndPort() {
    ServerAddress a = ServerAddress.parse("nats://127.0.0.1:4333");
    assertEquals("127.0.0.1", a.host());
    assertEquals(4333, a.port());
    assertNull(a.user());
    assertNull(a.token());
  }

  @Test
  void schemeAndPortAreOptional() {
    assertEquals(
        new ServerAddress("localhost", 4222, null, null, null), ServerAddress.parse("localhost"));
    assertEquals(
        new ServerAddress("localhost", 5000, null, null, null),
        ServerAddress.parse("localhost:5000"));
    assertEquals(new ServerAddress("h", 4222, null, null, null), ServerAddress.parse("nats://h"));
  }

  @Test
  void userAndPasswordFromTheUrl() {
    ServerAddress a = ServerAddress.parse("nats://alice:s3cr%40t@127.0.0.1:4222");
    assertEquals("alice", a.user());
    assertEquals("s3cr@t", a.password());
    assertNull(a.token());
  }

  @Test
  void aUserPartWithoutPasswordIsAToken() {
    ServerAddress a = ServerAddress.parse("nats://tok123@127.0.0.1:4222");
    assertEquals("tok123", a.token());
    assertNull(a.user());
  }

  @Test
  void ipv6Literal() {
    ServerAddress a = ServerAddress.parse("nats://[::1]:4223");
    assertEquals("::1", a.host());
    assertEquals(4223, a.port());
    assertEquals("nats://[::1]:4223", a.toString());
  }

  @Test
  void toStringHidesCredentials() {
    assertEquals("nats://h:1", ServerAddress.parse("nats://u:p@h:1").toString());
  }

  @Test
  void badUrlsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> ServerAddress.parse("tls://h:4222"));
    assertThrows(IllegalArgumentException.class, () -> ServerAddress.parse("nats://h:notaport"));
    assertThrows(IllegalArgumentException.class, () -> ServerAddress.parse("nats://h:70000"));
    assertThrows(IllegalArgumentException.class, () -> ServerAddress.parse("nats://:4222"));
    assertThrows(IllegalArgumentException.class, () -> ServerAddress.parse(""));
  }

  @Test
  void optionsTakeCommaSeparatedLists() {
    Options o = Options.builder().servers("nats://a:1,nats://b:2", "c").build();
    assertEquals(3, o.servers().size());
    assertEquals("c", o.servers().get(2).host());
  }
}
