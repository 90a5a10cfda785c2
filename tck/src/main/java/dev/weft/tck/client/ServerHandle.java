package dev.weft.tck.client;

/** A running server a client scenario talks to. */
interface ServerHandle extends AutoCloseable {
  String url();

  @Override
  void close();
}
