package dev.weft.tck.interop;

import java.io.IOException;

/**
 * A conversation a pairing runs, written once against {@link Conn} so that it is byte for byte the
 * same whichever implementation sits at either end. The client side has two halves, run at the same
 * time on the same connection by two tasks (or threads): one reader and one writer, as READ-3
 * allows.
 */
interface Exchange {
  /** What the test name says the pairing does, e.g. {@code echo 1 MiB both ways}. */
  String title();

  /** The whole server side, on an accepted connection. */
  void server(Conn conn, String who) throws IOException;

  /** The client's writing half; it may have nothing to do. */
  void clientWrites(Conn conn) throws IOException;

  /** The client's reading half, on the task (or thread) that connected. */
  void clientReads(Conn conn, String who) throws IOException;
}
