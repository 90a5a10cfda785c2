package dev.weft.client;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scripted stand-in for a NATS server on a loopback ephemeral port, built on plain JDK sockets,
 * for behaviour a real server will not produce on demand (ignored PINGs, a -ERR at a chosen
 * moment). Each accepted connection runs the script on its own thread, given its 0-based index.
 */
final class FakeServer implements AutoCloseable {
  interface Script {
    void run(Peer peer, int index) throws IOException;
  }

  /** One accepted connection. */
  static final class Peer {
    final InputStream in;
    final OutputStream out;
    String connect;

    Peer(Socket s) throws IOException {
      this.in = s.getInputStream();
      this.out = s.getOutputStream();
    }

    String readLine() throws IOException {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      int c;
      while ((c = in.read()) != '\n') {
        if (c < 0) {
          throw new EOFException();
        }
        line.write(c);
      }
      String s = line.toString(StandardCharsets.UTF_8);
      return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    void send(String s) throws IOException {
      out.write(s.getBytes(StandardCharsets.UTF_8));
      out.flush();
    }

    /** INFO, then CONNECT and PING from the client, then PONG. */
    void handshake() throws IOException {
      send(
          "INFO {\"server_id\":\"fake\",\"version\":\"2.9.10\",\"proto\":1,\"headers\":true,\"max_payload\":1048576} \r\n");
      connect = readLine();
      String ping = readLine();
      if (!ping.equals("PING")) {
        throw new IOException("expected PING after CONNECT, got " + ping);
      }
      send("PONG\r\n");
    }

    /** Reads and drops everything until the client goes away. */
    void ignoreAll() throws IOException {
      byte[] b = new byte[4096];
      while (in.read(b) >= 0) {
        // Deliberately no answer to anything.
      }
    }
  }

  private final ServerSocket listener;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final List<Thread> threads = new CopyOnWriteArrayList<>();
  private final AtomicInteger accepted = new AtomicInteger();
  final List<Peer> peers = new CopyOnWriteArrayList<>();

  FakeServer(Script script) throws IOException {
    listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    threads.add(
        Thread.ofPlatform()
            .name("fake-nats-accept")
            .daemon(true)
            .start(
                () -> {
                  while (!listener.isClosed()) {
                    try {
                      Socket s = listener.accept();
                      sockets.add(s);
                      int index = accepted.getAndIncrement();
                      threads.add(
                          Thread.ofPlatform()
                              .name("fake-nats-" + index)
                              .daemon(true)
                              .start(
                                  () -> {
                                    try {
                                      Peer p = new Peer(s);
                                      peers.add(p);
                                      script.run(p, index);
                                    } catch (IOException e) {
                                      // The client went away: the script ends with it.
                                    } finally {
                                      try {
                                        s.close();
                                      } catch (IOException ignored) {
                                        // Closing is best effort.
                                      }
                                    }
                                  }));
                    } catch (IOException e) {
                      return;
                    }
                  }
                }));
  }

  String url() {
    return "nats://127.0.0.1:" + listener.getLocalPort();
  }

  int accepted() {
    return accepted.get();
  }

  @Override
  public void close() throws Exception {
    listener.close();
    for (Socket s : sockets) {
      s.close();
    }
    for (Thread t : threads) {
      t.join(5000);
    }
  }
}
