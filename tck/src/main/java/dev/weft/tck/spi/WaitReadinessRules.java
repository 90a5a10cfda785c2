package dev.weft.tck.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.spi.AsyncRuntime;
import dev.weft.spi.Listener;
import dev.weft.spi.Signal;
import dev.weft.spi.WaitTimeoutException;
import dev.weft.spi.Waitable;
import dev.weft.tck.suite.Rule;
import dev.weft.tck.suite.TckTarget;
import java.net.Socket;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;

/** WAIT-1 and WAIT-2: a wait returns on every kind of readiness, level-triggered. */
final class WaitReadinessRules extends Fixture {
  WaitReadinessRules(TckTarget target) {
    super(target);
  }

  Stream<DynamicNode> tests() {
    return Stream.of(
        Rule.required(
            target,
            "WAIT-1",
            "waitReadable returns on data, EOF, error, a raise or a pending connection",
            this::wakes),
        Rule.required(
            target,
            "WAIT-2",
            "readiness is level-triggered: what arrived before the wait is seen",
            this::levelTriggered));
  }

  /**
   * Spawns a task that waits on {@code w}, fires {@code trigger} once it is suspended, and expects
   * the wait to return.
   */
  private void assertWokenBy(AsyncRuntime rt, Waitable w, String what, Trigger trigger)
      throws Exception {
    Suspended<String> waiter =
        spawnSuspended(
            rt,
            "wait1-" + what,
            ctx -> {
              try {
                ctx.waitReadable(w, event());
                return "woken";
              } catch (WaitTimeoutException e) {
                return "not woken within " + event();
              }
            });
    trigger.fire();
    assertEquals("woken", value(waiter.handle(), event().multipliedBy(2)), "a wait on " + what);
  }

  private interface Trigger {
    void fire() throws Exception;
  }

  private void wakes() throws Exception {
    try (AsyncRuntime rt = open();
        JdkServer server = new JdkServer()) {
      try (SocketPair data = connectTo(rt, server)) {
        assertWokenBy(
            rt, data.socket(), "socket data", () -> data.peer().getOutputStream().write(7));
      }
      try (SocketPair eof = connectTo(rt, server)) {
        assertWokenBy(rt, eof.socket(), "socket EOF", () -> eof.peer().shutdownOutput());
      }
      try (SocketPair reset = connectTo(rt, server)) {
        assertWokenBy(
            rt,
            reset.socket(),
            "socket reset",
            () -> {
              reset.peer().setSoLinger(true, 0);
              reset.peer().close();
            });
      }
      Signal s = rt.newSignal();
      assertWokenBy(rt, s, "signal raised from a plain thread", s::raise);
      try (Listener listener = rt.listen(ephemeral())) {
        Socket[] client = new Socket[1];
        try {
          assertWokenBy(
              rt,
              listener,
              "listener connection",
              () -> client[0] = JdkServer.connect(listener.localAddress(), event()));
        } finally {
          if (client[0] != null) {
            client[0].close();
          }
        }
      }
    }
  }

  private void levelTriggered() throws Exception {
    Duration within = scaledMillis(1000);
    try (AsyncRuntime rt = open();
        JdkServer server = new JdkServer()) {
      try (SocketPair data = connectTo(rt, server)) {
        data.peer().getOutputStream().write(new byte[] {1, 2, 3});
        rt.runBlocking(
            "wait2-data",
            ctx -> {
              ctx.waitReadable(data.socket(), within);
              ctx.waitReadable(data.socket(), within); // still readable: nothing was read
              return null;
            });
      }
      try (SocketPair eof = connectTo(rt, server)) {
        eof.peer().shutdownOutput();
        rt.runBlocking(
            "wait2-eof",
            ctx -> {
              ctx.waitReadable(eof.socket(), within);
              ctx.waitReadable(eof.socket(), within);
              return null;
            });
      }
      Signal s = rt.newSignal();
      s.raise();
      rt.runBlocking(
          "wait2-signal",
          ctx -> {
            ctx.waitReadable(s, within);
            return null;
          });
      try (Listener listener = rt.listen(ephemeral());
          Socket client = JdkServer.connect(listener.localAddress(), event())) {
        rt.runBlocking(
            "wait2-listener",
            ctx -> {
              ctx.waitReadable(listener, within);
              ctx.waitReadable(listener, within);
              listener.accept(ctx).close();
              return null;
            });
        assertTrue(client.isConnected());
      }
    }
  }
}
