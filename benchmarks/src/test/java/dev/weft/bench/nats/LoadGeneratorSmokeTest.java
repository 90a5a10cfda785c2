package dev.weft.bench.nats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.server.WeftServer;
import dev.weft.spi.Backends;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Short runs of the load generator against an in-process Weft server, and against fake servers. */
class LoadGeneratorSmokeTest {
  private static WeftServer server;
  private static InetSocketAddress address;

  @BeforeAll
  static void start() throws IOException {
    // All three backends are on this module's class path; the generator does not depend on which.
    server = WeftServer.builder().host("127.0.0.1").port(0).backend(Backends.named("loom")).start();
    address = new InetSocketAddress("127.0.0.1", server.port());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void everyScenarioDeliversEveryMessage() throws IOException {
    int i = 0;
    for (Scenario scenario : Scenario.defaults()) {
      Scenario small = scenario.scaled(0.002);
      // ScenarioRun throws unless every subscriber got every message, once, in order.
      Throughput run = ScenarioRun.run(address, small, "smoke." + i++);
      assertTrue(run.elapsedNanos() > 0, small.label());
      assertTrue(run.messagesPerSecond() > 0, small.label());
    }
  }

  @Test
  void requestReplyTimesEveryRequest() throws IOException {
    RequestReply.Latencies latencies = RequestReply.run(address, "smoke.rr", 10, 200, 16);
    assertEquals(200, latencies.sortedNanos().length);
    assertTrue(latencies.sortedNanos()[0] > 0);
    assertTrue(latencies.percentileMicros(0.50) <= latencies.percentileMicros(0.99));
  }

  @Test
  void compareReportsEveryScenarioWithARatio() throws IOException {
    Map<String, InetSocketAddress> targets = new LinkedHashMap<>();
    targets.put("a", address);
    targets.put("b", address);
    String report = CompareServers.compare(targets, 1, 0.002, 100);
    assertTrue(
        report.contains("| scenario | a msgs/s | a MB/s | b msgs/s | b MB/s | b / a |"), report);
    for (Scenario s : Scenario.defaults()) {
      assertTrue(report.contains("| " + s.scaled(0.002).label() + " |"), report);
    }
    assertTrue(report.contains("| request/reply, 16 B, 100 requests | p50 µs | p99 µs |"), report);
  }

  @Test
  void idleConnectionsAreOpenedAndMeasured() throws IOException {
    IdleConnections.Growth growth =
        IdleConnections.measure("weft", address, ProcessHandle.current().pid(), 50);
    assertEquals(50, growth.connections());
    assertTrue(growth.beforeKib() > 0 && growth.afterKib() > 0, growth.toString());
  }

  @Test
  void anErrFromTheServerFailsLoudly() throws Exception {
    try (FakeServer fake = new FakeServer("-ERR 'Unknown Protocol Operation'\r\n");
        NatsWire wire = NatsWire.open(fake.address(), "smoke", 1024)) {
      IOException e = assertThrows(IOException.class, wire::roundTrip);
      assertEquals("protocol error from server: -ERR 'Unknown Protocol Operation'", e.getMessage());
    }
  }

  @Test
  void aMissingMessageIsDetected() throws Exception {
    // Publisher 0's message 1 arrives where its message 0 was expected.
    String payload = "\0\0\0\0\0\0\0\1" + "\0".repeat(8);
    try (FakeServer fake = new FakeServer("MSG s 1 16\r\n" + payload + "\r\n");
        NatsWire wire = NatsWire.open(fake.address(), "smoke", 1024)) {
      wire.flush();
      assertEquals(NatsWire.Op.MSG, wire.next());
      IOException e =
          assertThrows(IOException.class, () -> Payloads.check(wire, 1, 16, new int[1]));
      assertEquals(
          "publisher 0: got message 1, expected 0 (lost, duplicated or reordered)", e.getMessage());
    }
  }

  /** Accepts one connection, sends INFO and then {@code script} once the CONNECT has arrived. */
  private static final class FakeServer implements AutoCloseable {
    private final ServerSocket socket;
    private final Thread thread;

    FakeServer(String script) throws IOException {
      socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
      thread =
          new Thread(
              () -> {
                try (Socket s = socket.accept()) {
                  OutputStream out = s.getOutputStream();
                  InputStream in = s.getInputStream();
                  out.write("INFO {}\r\n".getBytes(StandardCharsets.US_ASCII));
                  out.flush();
                  while (in.read() != '\n') {
                    // the CONNECT line
                  }
                  out.write(script.getBytes(StandardCharsets.ISO_8859_1));
                  out.flush();
                  in.read(); // hold the connection open until the client closes it
                } catch (IOException e) {
                  // the test's assertions report what the client saw
                }
              },
              "fake-nats-server");
      thread.setDaemon(true);
      thread.start();
    }

    InetSocketAddress address() {
      return new InetSocketAddress(socket.getInetAddress(), socket.getLocalPort());
    }

    @Override
    public void close() throws Exception {
      socket.close();
      thread.join(10_000);
    }
  }
}
