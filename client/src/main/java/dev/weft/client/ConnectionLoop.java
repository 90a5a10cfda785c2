package dev.weft.client;

import dev.weft.client.protocol.ServerOpParser;
import dev.weft.spi.AsyncRuntime;
import dev.weft.spi.Context;
import dev.weft.spi.Signal;
import dev.weft.spi.StreamSocket;
import dev.weft.spi.TaskCancelledException;
import dev.weft.spi.TaskHandle;
import dev.weft.spi.WaitTimeoutException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The connection task: connects, handshakes, restores the subscriptions, starts a writer and then
 * is the reader, until the socket is lost; then it reconnects, at once after a drop and with
 * exponential backoff plus jitter after each failed attempt, cycling through the server list, until
 * the connection closes or reconnects run out.
 */
final class ConnectionLoop {
  private final Connection connection;
  private final Options options;
  private final AsyncRuntime runtime;
  private final Outbox outbox;
  private final SubscriptionTable subs;
  private final RequestMux requests;

  ConnectionLoop(
      Connection connection,
      Options options,
      AsyncRuntime runtime,
      Outbox outbox,
      SubscriptionTable subs,
      RequestMux requests) {
    this.connection = connection;
    this.options = options;
    this.runtime = runtime;
    this.outbox = outbox;
    this.subs = subs;
    this.requests = requests;
  }

  Void run(Context ctx) {
    List<ServerAddress> servers = options.servers();
    int next = 0;
    int failures = 0;
    boolean everConnected = false;
    try {
      while (!outbox.isClosing()) {
        ServerAddress server = servers.get(next % servers.size());
        next++;
        StreamSocket s = null;
        try {
          s = runtime.connect(ctx, server.socketAddress(), options.connectTimeout());
          ServerOpParser parser = new ServerOpParser();
          Handshake.run(ctx, s, server, parser, options, connection::infoReceived);
          Signal sig = runtime.newSignal();
          if (!becomeConnected(ctx, s, server, sig)) {
            s.close();
            break;
          }
          failures = 0;
          connection.connected(server, everConnected);
          everConnected = true;
          serve(ctx, s, sig, parser);
          connection.notifier().event(ConnectionEvent.DISCONNECTED, server);
          if (outbox.isClosing() || options.maxReconnects() == 0) {
            break;
          }
          // A dropped connection is retried at once; backoff applies to failed attempts.
          continue;
        } catch (TaskCancelledException e) {
          if (s != null) {
            s.close();
          }
          throw e;
        } catch (IOException | RuntimeException e) {
          if (s != null) {
            s.close();
          }
          if (outbox.isClosing()) {
            break;
          }
          if (!everConnected && !options.retryOnFailedConnect()) {
            if (next >= servers.size() || e instanceof AuthorizationException) {
              connection.firstConnectFailed(e);
              break;
            }
            continue;
          }
          connection.notifier().exception(e);
          failures++;
          if (options.maxReconnects() >= 0 && failures > options.maxReconnects()) {
            break;
          }
        }
        ctx.sleep(backoff(failures));
      }
    } catch (TaskCancelledException e) {
      // close() cancels this task; the finally below ends the connection.
    } finally {
      connection.loopEnded(everConnected);
    }
    return null;
  }

  /** Reads a live socket with a writer beside it, until the socket is lost. */
  private void serve(Context ctx, StreamSocket s, Signal sig, ServerOpParser parser) {
    SocketWriter writer = new SocketWriter(connection, outbox, s, sig, options.pingInterval());
    TaskHandle<Void> writerTask =
        OwnTasks.spawn(runtime, "weft-client-writer", connection, null, writer::run);
    try {
      new InboundReader(connection, outbox, subs, requests).run(ctx, s, parser);
    } catch (TaskCancelledException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      if (!outbox.isClosing()) {
        connection.notifier().exception(e);
      }
    } finally {
      s.close();
      writerTask.cancel();
      joinQuietly(writerTask);
      outbox.disconnected();
    }
  }

  /** Publishes the new socket and restores subscriptions before the writer starts. */
  private boolean becomeConnected(Context ctx, StreamSocket s, ServerAddress server, Signal sig)
      throws IOException {
    byte[] resub = outbox.connected(s, server, sig, subs::resubscribeLines);
    if (resub == null) {
      return false;
    }
    if (resub.length > 0) {
      // Written by the connection task itself: the writer, which will send what was
      // buffered meanwhile, has not started yet, so the subscriptions come first.
      s.write(ctx, ByteBuffer.wrap(resub));
    }
    return true;
  }

  private Duration backoff(int failures) {
    long base = options.reconnectWait().toNanos();
    long max = options.maxReconnectWait().toNanos();
    long wait = base;
    for (int i = 1; i < failures && wait < max; i++) {
      wait *= 2;
    }
    wait = Math.min(wait, max);
    long jitter = options.reconnectJitter().toNanos();
    if (jitter > 0) {
      wait += ThreadLocalRandom.current().nextLong(jitter + 1);
    }
    return Duration.ofNanos(wait);
  }

  private void joinQuietly(TaskHandle<?> h) {
    try {
      h.join(Duration.ofSeconds(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (WaitTimeoutException e) {
      connection.notifier().exception(new ClientException("writer task did not stop"));
    }
  }
}
