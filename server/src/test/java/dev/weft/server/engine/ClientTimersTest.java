package dev.weft.server.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The auth timeout and nats-server's ping timer, on a clock the test drives. */
class ClientTimersTest {
  private static final long AUTH_TIMEOUT = 100;
  private static final long PING_INTERVAL = 1_000;

  private static ClientTimers timers(boolean authRequired) {
    ClientSettings s =
        new ClientSettings(
            4096, 1024, 1 << 20, AUTH_TIMEOUT, PING_INTERVAL, 2, 10_000, false, false);
    return new ClientTimers(s, authRequired, 0);
  }

  @Test
  void noConnectWithinTheAuthTimeoutTimesOutOnceAndRefusesALateConnect() {
    ClientTimers t = timers(true);
    assertTrue(t.awaitingAuth());
    assertEquals(ClientTimers.NONE, t.due(AUTH_TIMEOUT - 1));
    assertEquals(ClientTimers.AUTH_TIMEOUT, t.due(AUTH_TIMEOUT));
    assertEquals(ClientTimers.NONE, t.due(AUTH_TIMEOUT + 1));
    assertFalse(t.beginConnect(AUTH_TIMEOUT + 2));
  }

  @Test
  void aConnectInTimeStopsTheAuthTimer() {
    ClientTimers t = timers(true);
    assertTrue(t.beginConnect(10));
    t.authenticated();
    assertFalse(t.awaitingAuth());
    assertEquals(ClientTimers.NONE, t.due(AUTH_TIMEOUT * 2));
  }

  @Test
  void unansweredPingsUpToPingMaxThenStale() {
    ClientTimers t = timers(false);
    assertEquals(ClientTimers.NONE, t.due(PING_INTERVAL - 1));
    assertEquals(ClientTimers.PING, t.due(PING_INTERVAL));
    assertEquals(ClientTimers.PING, t.due(2 * PING_INTERVAL));
    assertEquals(ClientTimers.STALE, t.due(3 * PING_INTERVAL));
  }

  @Test
  void aPongResetsTheCountAndRecentActivitySkipsThePing() {
    ClientTimers t = timers(false);
    assertEquals(ClientTimers.PING, t.due(PING_INTERVAL));
    assertEquals(ClientTimers.PING, t.due(2 * PING_INTERVAL));
    t.ponged();
    t.activity(3 * PING_INTERVAL - 10);
    assertEquals(ClientTimers.NONE, t.due(3 * PING_INTERVAL));
    assertEquals(ClientTimers.PING, t.due(4 * PING_INTERVAL));
    assertEquals(ClientTimers.PING, t.due(5 * PING_INTERVAL));
    assertEquals(ClientTimers.STALE, t.due(6 * PING_INTERVAL));
  }
}
