package dev.weft.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ServerMainTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return ServerMain.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void badFlagPrintsUsageToStderrAndExits2() {
    assertEquals(2, run("--nope"));
    String e = err.toString(StandardCharsets.UTF_8);
    assertTrue(e.contains("flag provided but not defined: --nope"), e);
    assertTrue(e.contains("Usage: weft-server"), e);
    assertEquals("", out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void badValueExits2() {
    assertEquals(2, run("--write_deadline", "soon"));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("time: invalid duration \"soon\""));
  }

  @Test
  void helpGoesToStdout() {
    assertEquals(0, run("-h"));
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("--max_payload"));
  }

  @Test
  void versionNamesTheBackend() {
    assertEquals(0, run("--version"));
    String v = out.toString(StandardCharsets.UTF_8).strip();
    assertTrue(v.matches("weft-server \\S+ \\(backend loom \\S+\\)"), v);
  }

  @Test
  void missingConfigFileExits1() {
    assertEquals(1, run("-c", "/nonexistent/weft.conf"));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("/nonexistent/weft.conf"));
  }

  /**
   * A real process: logs like nats-server, serves, and on SIGTERM closes gracefully and exits 0.
   */
  @Test
  void sigtermStopsGracefullyWithExitZero() throws Exception {
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cp = new ArrayList<>();
    for (String prop : new String[] {"jdk.module.path", "java.class.path"}) {
      String v = System.getProperty(prop);
      if (v != null && !v.isBlank()) {
        cp.add(v);
      }
    }
    Process p =
        new ProcessBuilder(
                javaBin,
                "-Dweft.backend=loom",
                "-cp",
                String.join(File.pathSeparator, cp),
                ServerMain.class.getName(),
                "-a",
                "127.0.0.1",
                "-p",
                "0",
                "--ping_interval",
                "1m")
            .redirectErrorStream(true)
            .start();
    List<String> log = java.util.Collections.synchronizedList(new ArrayList<>());
    CompletableFuture<Integer> port = new CompletableFuture<>();
    CompletableFuture<Void> ready = new CompletableFuture<>();
    Pattern listening =
        Pattern.compile("Listening for client connections on 127\\.0\\.0\\.1:(\\d+)");
    Thread reader =
        Thread.ofPlatform()
            .daemon(true)
            .start(
                () -> {
                  try (BufferedReader r =
                      new BufferedReader(
                          new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                      log.add(line);
                      Matcher m = listening.matcher(line);
                      if (m.find()) {
                        port.complete(Integer.parseInt(m.group(1)));
                      }
                      if (line.endsWith("[INF] Server is ready")) {
                        ready.complete(null);
                      }
                    }
                  } catch (java.io.IOException ignored) {
                    // process gone
                  }
                });
    try {
      int bound = port.get(30, TimeUnit.SECONDS);
      ready.get(10, TimeUnit.SECONDS);
      try (Socket s = new Socket("127.0.0.1", bound)) {
        OutputStream o = s.getOutputStream();
        o.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
        BufferedReader in =
            new BufferedReader(
                new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
        assertTrue(in.readLine().startsWith("INFO {"));
        assertEquals("PONG", in.readLine());
        // SIGTERM through the handle: Process.destroy() would also close our end of its output
        // pipe.
        p.toHandle().destroy();
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), "no exit after SIGTERM; log: " + log);
        assertEquals(null, in.readLine(), "the server closes client connections on shutdown");
      }
      assertEquals(0, p.exitValue(), "exit status after SIGTERM; log: " + log);
      reader.join(5000);
      assertTrue(log.stream().anyMatch(l -> l.endsWith("[INF] Server Exiting..")), log.toString());
    } finally {
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
