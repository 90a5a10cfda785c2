package dev.weft.tck.server;

import dev.weft.spi.AsyncRuntime;
import dev.weft.spi.Backend;
import dev.weft.spi.Context;
import dev.weft.spi.RuntimeOptions;
import dev.weft.spi.StreamSocket;
import dev.weft.spi.TaskHandle;
import dev.weft.tck.suite.TckTarget;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The byte-level NATS client of the server rules. It runs on a reference backend (one that is not
 * under test, so a bug of the backend under test cannot hide itself on both ends); with no
 * reference present it uses plain JDK sockets.
 */
abstract class ProtocolDriver implements AutoCloseable {
  private final List<DriverConnection> open = new ArrayList<>();

  /** On the first reference backend of {@code target}, else on JDK sockets. */
  static ProtocolDriver forTarget(TckTarget target) {
    if (!target.references().isEmpty()) {
      return new OnBackend(target.references().get(0));
    }
    return new OnJdk();
  }

  abstract String describe();

  abstract DriverConnection connect(String name, InetSocketAddress address, boolean read)
      throws IOException;

  /** Opens a connection whose reader records everything from the first byte. */
  final DriverConnection open(String name, InetSocketAddress address) throws IOException {
    return open(name, address, true);
  }

  /** Opens a connection and waits for the server's INFO line, as every client does first. */
  final DriverConnection greeted(String name, InetSocketAddress address, Duration within)
      throws IOException, InterruptedException {
    DriverConnection c = open(name, address);
    c.expect("\r\n", within);
    return c;
  }

  /**
   * Opens a connection; with {@code read} false nothing is read until {@link
   * DriverConnection#startReading}.
   */
  final synchronized DriverConnection open(String name, InetSocketAddress address, boolean read)
      throws IOException {
    DriverConnection c = connect(name, address, read);
    open.add(c);
    return c;
  }

  @Override
  public synchronized void close() {
    open.forEach(DriverConnection::close);
    open.clear();
  }

  /**
   * Sockets of a reference backend: a reader task per connection, writes from the caller through
   * runBlocking.
   */
  private static final class OnBackend extends ProtocolDriver {
    private final AsyncRuntime runtime;

    OnBackend(Backend backend) {
      this.runtime = backend.open(RuntimeOptions.defaults());
    }

    @Override
    String describe() {
      return "raw driver on backend " + runtime.backend().name();
    }

    @Override
    DriverConnection connect(String name, InetSocketAddress address, boolean read)
        throws IOException {
      StreamSocket socket;
      try {
        socket =
            runtime.runBlocking(
                "driver-connect-" + name,
                ctx -> runtime.connect(ctx, address, Duration.ofSeconds(5)));
      } catch (IOException | RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IOException(e);
      }
      DriverConnection c =
          new DriverConnection(name) {
            private TaskHandle<Void> reader;

            @Override
            void write(byte[] bytes) throws IOException {
              try {
                runtime.runBlocking(
                    "driver-write-" + name, ctx -> socket.write(ctx, ByteBuffer.wrap(bytes)));
              } catch (IOException | RuntimeException e) {
                throw e;
              } catch (Exception e) {
                throw new IOException(e);
              }
            }

            @Override
            synchronized void startReading() {
              if (reader != null) {
                return;
              }
              reader =
                  runtime.spawn(
                      "driver-read-" + name,
                      (Context ctx) -> {
                        ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
                        String cause = "EOF";
                        try {
                          while (true) {
                            buf.clear();
                            int n = socket.read(ctx, buf);
                            if (n < 0) {
                              break;
                            }
                            arrived(buf.array(), 0, n);
                          }
                        } catch (IOException e) {
                          cause = e.toString();
                        } finally {
                          ended(cause);
                        }
                        return null;
                      });
            }

            @Override
            public synchronized void close() {
              socket.close();
              if (reader != null) {
                reader.cancel();
              }
            }
          };
      if (read) {
        c.startReading();
      }
      return c;
    }

    @Override
    public void close() {
      super.close();
      runtime.close();
    }
  }

  /** Plain JDK sockets with a platform reader thread per connection. */
  private static final class OnJdk extends ProtocolDriver {
    @Override
    String describe() {
      return "raw driver on JDK sockets";
    }

    @Override
    DriverConnection connect(String name, InetSocketAddress address, boolean read)
        throws IOException {
      Socket socket = new Socket();
      socket.setTcpNoDelay(true);
      socket.connect(address, 5000);
      DriverConnection c =
          new DriverConnection(name) {
            private Thread reader;

            @Override
            void write(byte[] bytes) throws IOException {
              socket.getOutputStream().write(bytes);
              socket.getOutputStream().flush();
            }

            @Override
            synchronized void startReading() {
              if (reader != null) {
                return;
              }
              reader =
                  Thread.ofPlatform()
                      .daemon(true)
                      .name("driver-read-" + name)
                      .start(
                          () -> {
                            byte[] buf = new byte[64 * 1024];
                            String cause = "EOF";
                            try {
                              InputStream in = socket.getInputStream();
                              int n;
                              while ((n = in.read(buf)) >= 0) {
                                arrived(buf, 0, n);
                              }
                            } catch (IOException e) {
                              cause = e.toString();
                            } finally {
                              ended(cause);
                            }
                          });
            }

            @Override
            public synchronized void close() {
              try {
                socket.close();
              } catch (IOException ignored) {
                // best effort
              }
              if (reader != null) {
                try {
                  reader.join(2000);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              }
            }
          };
      if (read) {
        c.startReading();
      }
      return c;
    }
  }
}
