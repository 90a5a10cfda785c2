package dev.weft.tck.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.spi.AsyncRuntime;
import dev.weft.spi.Context;
import dev.weft.spi.Listener;
import dev.weft.spi.Signal;
import dev.weft.spi.TaskCancelledException;
import dev.weft.spi.TaskHandle;
import dev.weft.tck.suite.Rule;
import dev.weft.tck.suite.TckTarget;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.opentest4j.AssertionFailedError;

/** CTX-1 and CTX-2: a context belongs to its task. */
final class ContextRules extends Fixture {
  ContextRules(TckTarget target) {
    super(target);
  }

  Stream<DynamicNode> tests() {
    return Stream.of(
        Rule.required(
            target,
            "CTX-1",
            "a context used off its own task throws IllegalStateException",
            this::confined),
        Rule.required(
            target,
            "CTX-2",
            "taskName() is the spawn name; isCancelled() turns true on cancel",
            this::nameAndCancel));
  }

  private void confined() throws Exception {
    try (AsyncRuntime rt = open();
        JdkServer server = new JdkServer()) {
      Listener listener = rt.listen(ephemeral());
      SocketPair pair = connectTo(rt, server);
      // Connected but never read: it only makes accept() ready.
      Socket pending = JdkServer.connect(listener.localAddress(), event());
      try (listener;
          pair;
          pending) {
        // Everything a misused call could consume is ready, so an unchecked call returns
        // instead of suspending forever.
        pair.peer().getOutputStream().write(new byte[] {42});
        Signal hold = rt.newSignal();
        Signal ready = rt.newSignal();
        Signal ready2 = rt.newSignal();
        ready.raise();
        ready2.raise();
        AtomicReference<Context> owned = new AtomicReference<>();
        Suspended<String> owner =
            spawnSuspended(
                rt,
                "ctx1-owner",
                ctx -> {
                  owned.set(ctx);
                  ctx.waitReadable(hold, Context.FOREVER);
                  return ctx.taskName();
                });
        Context ctx = owned.get();
        Map<String, Callable<?>> misuses = misuses(rt, ctx, pair, listener, server, ready, ready2);

        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, Callable<?>> m : misuses.entrySet()) {
          Bounded.Result<?> r =
              Bounded.call(event(), m.getKey() + " from a plain thread", m.getValue());
          r.closeValue();
          if (!(r.thrown() instanceof IllegalStateException)) {
            wrong.add(
                m.getKey()
                    + " from a plain thread -> "
                    + (r.thrown() == null ? "returned " + r.value() : r.thrown()));
          }
        }
        // From another task: the same calls, each in a task of its own.
        for (Map.Entry<String, Callable<?>> m : misuses.entrySet()) {
          TaskHandle<Object> other =
              rt.spawn(
                  "ctx1-other",
                  c -> {
                    try {
                      Object v = m.getValue().call();
                      if (v instanceof AutoCloseable closeable) {
                        closeable.close();
                      }
                      return "returned " + v;
                    } catch (IllegalStateException expected) {
                      return expected;
                    } catch (Exception e) {
                      return e.toString();
                    }
                  });
          Object got = value(other, event());
          if (!(got instanceof IllegalStateException)) {
            wrong.add(m.getKey() + " from another task -> " + got);
          }
        }
        assertTrue(
            wrong.isEmpty(),
            () -> "a context used off its task must throw IllegalStateException: " + wrong);

        hold.raise();
        assertEquals(
            "ctx1-owner",
            value(owner.handle(), event()),
            "the owner task, undisturbed by the misuse");
        // A finished task's context is no longer valid anywhere.
        Bounded.Result<?> afterEnd =
            Bounded.call(event(), "taskName() after the task ended", ctx::taskName);
        assertInstanceOf(
            IllegalStateException.class,
            afterEnd.thrown(),
            () -> "taskName() of a finished task's context from a plain thread -> " + afterEnd);
      }
    }
  }

  private Map<String, Callable<?>> misuses(
      AsyncRuntime rt,
      Context ctx,
      SocketPair pair,
      Listener listener,
      JdkServer server,
      Signal ready,
      Signal ready2) {
    Map<String, Callable<?>> m = new LinkedHashMap<>();
    m.put("taskName()", ctx::taskName);
    m.put("runtime()", ctx::runtime);
    m.put("isCancelled()", ctx::isCancelled);
    m.put(
        "checkCancelled()",
        () -> {
          ctx.checkCancelled();
          return null;
        });
    m.put(
        "sleep(1 ms)",
        () -> {
          ctx.sleep(Duration.ofMillis(1));
          return null;
        });
    m.put(
        "waitReadable(raised signal)",
        () -> {
          ctx.waitReadable(ready, Duration.ZERO);
          return null;
        });
    m.put("waitEither(raised signals)", () -> ctx.waitEither(ready, ready2, Duration.ZERO));
    m.put("StreamSocket.read", () -> pair.socket().read(ctx, ByteBuffer.allocate(1)));
    m.put("StreamSocket.write", () -> pair.socket().write(ctx, ByteBuffer.allocate(1)));
    m.put("Listener.accept", () -> listener.accept(ctx));
    m.put("AsyncRuntime.connect", () -> rt.connect(ctx, server.address(), event()));
    return m;
  }

  private void nameAndCancel() throws Exception {
    try (AsyncRuntime rt = open()) {
      for (String name : List.of("a", "ctx2 with spaces", "ctx2-ünïcødé-✓", "x".repeat(200))) {
        assertEquals(
            name,
            value(rt.spawn(name, Context::taskName), event()),
            "taskName() of a task spawned as '" + name + "'");
      }
      Signal never = rt.newSignal();
      AtomicReference<Boolean> before = new AtomicReference<>();
      Suspended<String> s =
          spawnSuspended(
              rt,
              "ctx2-cancel",
              ctx -> {
                before.set(ctx.isCancelled());
                ctx.checkCancelled();
                try {
                  ctx.waitReadable(never, Context.FOREVER);
                  return "not cancelled";
                } catch (TaskCancelledException e) {
                  if (!ctx.isCancelled()) {
                    throw new AssertionFailedError(
                        "isCancelled() is false in a task woken by its cancel");
                  }
                  // isCancelled() is not a suspension: it keeps answering, and never throws.
                  if (!ctx.isCancelled()) {
                    throw new AssertionFailedError("isCancelled() turned false again");
                  }
                  try {
                    ctx.checkCancelled();
                    throw new AssertionFailedError("checkCancelled() returned in a cancelled task");
                  } catch (TaskCancelledException expected) {
                    // as documented
                  }
                  return "saw cancel";
                }
              });
      s.handle().cancel();
      assertEquals("saw cancel", value(s.handle(), event()));
      assertFalse(before.get(), "isCancelled() was true before any cancel");
    }
  }
}
