package dev.weft.bench.nats;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints N loopback ports that were free a moment ago, one a line, for the bench scripts to start
 * servers on (all held open together, so they differ).
 */
public final class FreePorts {
  private FreePorts() {}

  public static void main(String[] args) throws IOException {
    int n = args.length == 0 ? 1 : Integer.parseInt(args[0]);
    List<ServerSocket> held = new ArrayList<>();
    try {
      for (int i = 0; i < n; i++) {
        ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        held.add(s);
        System.out.println(s.getLocalPort());
      }
    } finally {
      for (ServerSocket s : held) {
        s.close();
      }
    }
  }
}
