package dev.weft.tck.spi;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An address where a connect never completes, on loopback: a JDK listener with backlog 1 that never
 * accepts, its accept queue filled with plain connections. Linux then drops further SYNs, so a new
 * connect hangs until its timeout. Where the platform answers otherwise, {@link #open} finds no
 * such address and the rule that needs it is skipped.
 */
final class FullBacklog implements AutoCloseable {
  private static final int MAX_FILLERS = 64;
  private static final int PROBE_MILLIS = 250;

  private final ServerSocket server;
  private final List<Socket> fillers;

  private FullBacklog(ServerSocket server, List<Socket> fillers) {
    this.server = server;
    this.fillers = fillers;
  }

  /**
   * A full backlog, or empty when plain connects keep completing (the platform does not drop SYNs).
   */
  static Optional<FullBacklog> open() throws IOException {
    ServerSocket server = new ServerSocket();
    List<Socket> fillers = new ArrayList<>();
    try {
      server.bind(new InetSocketAddress(Fixture.LOOPBACK, 0), 1);
      InetSocketAddress address = new InetSocketAddress(Fixture.LOOPBACK, server.getLocalPort());
      for (int i = 0; i < MAX_FILLERS; i++) {
        Socket s = new Socket();
        try {
          s.connect(address, PROBE_MILLIS);
          fillers.add(s);
        } catch (SocketTimeoutException full) {
          s.close();
          return Optional.of(new FullBacklog(server, fillers));
        } catch (IOException e) {
          s.close();
          throw e;
        }
      }
    } catch (IOException | RuntimeException e) {
      closeAll(server, fillers);
      throw e;
    }
    closeAll(server, fillers);
    return Optional.empty();
  }

  InetSocketAddress address() {
    return new InetSocketAddress(Fixture.LOOPBACK, server.getLocalPort());
  }

  @Override
  public void close() {
    closeAll(server, fillers);
  }

  private static void closeAll(ServerSocket server, List<Socket> fillers) {
    for (Socket s : fillers) {
      try {
        s.close();
      } catch (IOException ignored) {
        // Ours, and only filling a queue.
      }
    }
    try {
      server.close();
    } catch (IOException ignored) {
      // Ours.
    }
  }
}
