package dev.weft.server.engine;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * One connection's authentication state and keepalive clock, shared by its reader (CONNECT, PING,
 * PONG, activity) and the engine's housekeeping task, which asks {@link #due(long)} what to do.
 */
final class ClientTimers {
  /** Nothing is due. */
  static final int NONE = 0;

  /** No CONNECT arrived within auth_timeout: close with {@code -ERR 'Authentication Timeout'}. */
  static final int AUTH_TIMEOUT = 1;

  /** ping_max PINGs went unanswered: close with {@code -ERR 'Stale Connection'}. */
  static final int STALE = 2;

  /** Send a keepalive PING (already counted as outstanding). */
  static final int PING = 3;

  private static final int AUTH_PENDING = 0;
  private static final int AUTH_DONE = 1;
  private static final int AUTH_TIMED_OUT = 2;
  private static final int AUTH_CHECKING = 3;

  private final ClientSettings settings;
  private final AtomicInteger authState;
  private final long authDeadline;
  private volatile long lastActivity;
  private volatile long lastClientPing;
  private volatile int pingsOut;
  private volatile boolean rttKnown;
  private volatile long nextPingAt;

  ClientTimers(ClientSettings settings, boolean authRequired, long now) {
    this.settings = settings;
    this.authState = new AtomicInteger(authRequired ? AUTH_PENDING : AUTH_DONE);
    this.authDeadline = now + settings.authTimeoutNanos();
    this.nextPingAt = now + settings.pingIntervalNanos();
    this.lastActivity = now;
  }

  boolean awaitingAuth() {
    return authState.get() != AUTH_DONE;
  }

  /**
   * A CONNECT arrived: stops the auth timer first, as nats-server's processConnect does, so a slow
   * bcrypt check cannot race the timeout.
   *
   * @return false when the timeout already fired (the connection is closing)
   */
  boolean beginConnect(long now) {
    if (authState.get() == AUTH_TIMED_OUT
        || (authState.get() == AUTH_PENDING
            && !authState.compareAndSet(AUTH_PENDING, AUTH_CHECKING))) {
      return false;
    }
    lastActivity = now;
    rttKnown = true;
    nextPingAt = now + settings.firstPingDelayNanos();
    return true;
  }

  /** The CONNECT was accepted. */
  void authenticated() {
    authState.set(AUTH_DONE);
  }

  /** The client sent messages or subscriptions (nats-server skips a PING after activity). */
  void activity(long now) {
    lastActivity = now;
  }

  void clientPinged(long now) {
    lastClientPing = now;
  }

  void ponged() {
    pingsOut = 0;
    rttKnown = true;
  }

  /** What the housekeeping task must do now: one of {@link #NONE} ... {@link #PING}. */
  int due(long now) {
    if (authState.get() == AUTH_PENDING
        && now - authDeadline >= 0
        && authState.compareAndSet(AUTH_PENDING, AUTH_TIMED_OUT)) {
      return AUTH_TIMEOUT;
    }
    return now - nextPingAt >= 0 ? pingTimer(now) : NONE;
  }

  /** nats-server's processPingTimer. */
  private int pingTimer(long now) {
    long interval = settings.pingIntervalNanos();
    nextPingAt = now + interval;
    boolean needRtt = !rttKnown;
    if (!needRtt && now - lastActivity < interval) {
      return NONE;
    }
    if (!needRtt && now - lastClientPing < interval) {
      return NONE;
    }
    if (pingsOut + 1 > settings.pingMax()) {
      return STALE;
    }
    pingsOut++;
    return PING;
  }
}
