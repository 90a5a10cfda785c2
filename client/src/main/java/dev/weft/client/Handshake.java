package dev.weft.client;

import dev.weft.client.protocol.ServerOpParser;
import dev.weft.spi.Context;
import dev.weft.spi.StreamSocket;
import dev.weft.spi.WaitTimeoutException;
import dev.weft.wire.JsonStrings;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * The handshake on a fresh socket, within the connect timeout: read INFO, send CONNECT and PING,
 * answer the server's PINGs, and wait for the PONG that says the server accepted the CONNECT. A
 * PING that comes in the same read as that PONG is answered too; nothing else can arrive before the
 * client subscribes.
 */
final class Handshake implements ServerOpParser.Handler {
  static final String VERSION = "0.1.0";

  private final Options options;
  private String info;
  private String latestInfo;
  private boolean pong;
  private int pingsToAnswer;
  private String error;

  private Handshake(Options options) {
    this.options = options;
  }

  /**
   * Runs the handshake.
   *
   * @param infoReceived told of each INFO as it arrives
   * @throws AuthorizationException when the server refused the credentials
   * @throws IOException when the server refused otherwise, closed, or was too slow
   */
  static void run(
      Context ctx,
      StreamSocket s,
      ServerAddress server,
      ServerOpParser parser,
      Options options,
      Consumer<ServerInfo> infoReceived)
      throws IOException {
    new Handshake(options).exchange(ctx, s, server, parser, infoReceived);
  }

  private void exchange(
      Context ctx,
      StreamSocket s,
      ServerAddress server,
      ServerOpParser parser,
      Consumer<ServerInfo> infoReceived)
      throws IOException {
    long deadline = System.nanoTime() + options.connectTimeout().toNanos();
    while (info == null) {
      readSome(ctx, s, parser, deadline);
      parser.parse(this);
      checkRefused();
    }
    infoReceived.accept(ServerInfo.parse(info));
    String connect = "CONNECT " + connectJson(server) + "\r\nPING\r\n";
    s.write(ctx, ByteBuffer.wrap(connect.getBytes(StandardCharsets.UTF_8)));
    while (!pong) {
      if (pingsToAnswer > 0) {
        s.write(ctx, ByteBuffer.wrap(SocketWriter.PONG));
        pingsToAnswer--;
      }
      if (pong) {
        break;
      }
      readSome(ctx, s, parser, deadline);
      parser.parse(this);
      checkRefused();
      if (latestInfo != null) {
        infoReceived.accept(ServerInfo.parse(latestInfo));
      }
    }
    for (int i = 0; i < pingsToAnswer; i++) {
      s.write(ctx, ByteBuffer.wrap(SocketWriter.PONG));
    }
  }

  private void checkRefused() throws IOException {
    if (error != null) {
      throw ServerErrors.refused(error);
    }
  }

  private static void readSome(Context ctx, StreamSocket s, ServerOpParser parser, long deadline)
      throws IOException {
    long left = deadline - System.nanoTime();
    if (left <= 0) {
      throw new SocketTimeoutException("handshake timed out");
    }
    try {
      ctx.waitReadable(s, Duration.ofNanos(left));
    } catch (WaitTimeoutException e) {
      throw new SocketTimeoutException("handshake timed out");
    }
    int n = s.read(ctx, parser.readBuffer());
    if (n < 0) {
      throw new EOFException("server closed the connection during the handshake");
    }
    parser.commit(n);
  }

  private String connectJson(ServerAddress server) {
    StringBuilder sb = new StringBuilder(200);
    sb.append("{\"verbose\":false,\"pedantic\":false,\"tls_required\":false");
    if (options.name() != null) {
      sb.append(",\"name\":");
      JsonStrings.quote(sb, options.name());
    }
    sb.append(",\"lang\":\"java-weft\",\"version\":\"").append(VERSION).append('"');
    sb.append(",\"protocol\":1,\"echo\":").append(options.echo());
    sb.append(",\"headers\":true,\"no_responders\":true");
    String user =
        server.user() != null ? server.user() : server.token() != null ? null : options.user();
    String pass =
        server.user() != null
            ? server.password()
            : server.token() != null ? null : options.password();
    String token =
        server.token() != null ? server.token() : server.user() != null ? null : options.token();
    if (user != null) {
      sb.append(",\"user\":");
      JsonStrings.quote(sb, user);
      sb.append(",\"pass\":");
      JsonStrings.quote(sb, pass == null ? "" : pass);
    }
    if (token != null) {
      sb.append(",\"auth_token\":");
      JsonStrings.quote(sb, token);
    }
    return sb.append('}').toString();
  }

  // ---------------------------------------------------------------- ServerOpParser.Handler

  @Override
  public void onMsg(String subject, long sid, String replyTo, byte[] headers, byte[] payload) {
    // No subscription exists on a fresh connection; nothing can arrive.
  }

  @Override
  public void onPing() {
    pingsToAnswer++;
  }

  @Override
  public void onPong() {
    pong = true;
  }

  @Override
  public void onOk() {}

  @Override
  public void onErr(String text) {
    if (error == null) {
      error = text;
    }
  }

  @Override
  public void onInfo(String json) {
    if (info == null) {
      info = json;
    } else {
      latestInfo = json;
    }
  }
}
