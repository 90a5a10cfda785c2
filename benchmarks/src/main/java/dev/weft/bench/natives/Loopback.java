package dev.weft.bench.natives;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** Blocking JDK sockets over 127.0.0.1 on an ephemeral port, with the backends' TCP_NODELAY. */
final class Loopback {
  private Loopback() {}

  static ServerSocket listen() throws IOException {
    return new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
  }

  static Socket accept(ServerSocket server) throws IOException {
    Socket socket = server.accept();
    socket.setTcpNoDelay(true);
    return socket;
  }

  static Socket connect(ServerSocket server) throws IOException {
    Socket socket = new Socket();
    socket.setTcpNoDelay(true);
    socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()));
    return socket;
  }
}
