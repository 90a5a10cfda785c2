package dev.weft.tck.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.opentest4j.AssertionFailedError;

/**
 * One raw protocol connection of the {@link ProtocolDriver}: bytes out, and every byte the server
 * sent recorded, so a rule can wait for exact text. A subclass supplies the transport (a reference
 * backend's socket, or a plain JDK socket) and calls {@link #arrived} and {@link #ended} from its
 * reader.
 */
abstract class DriverConnection implements AutoCloseable {
  private final String name;
  private final ByteArrayOutputStream received = new ByteArrayOutputStream();
  private boolean eof;
  private String endCause;
  private int cursor;

  DriverConnection(String name) {
    this.name = name;
  }

  /** Writes every byte, in order. */
  abstract void write(byte[] bytes) throws IOException;

  /**
   * Starts the reader if the connection was opened without one (see {@link ProtocolDriver#open}).
   */
  abstract void startReading();

  @Override
  public abstract void close();

  final synchronized void arrived(byte[] b, int off, int len) {
    received.write(b, off, len);
    notifyAll();
  }

  final synchronized void ended(String cause) {
    eof = true;
    endCause = cause;
    notifyAll();
  }

  void send(String text) throws IOException {
    write(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Sends, ignoring a failure because the server already closed: the next expectation tells. */
  void sendQuietly(String text) {
    try {
      send(text);
    } catch (IOException ignored) {
      // a closed connection shows up as EOF in the following expectEof
    }
  }

  synchronized String text() {
    return received.toString(StandardCharsets.ISO_8859_1);
  }

  synchronized boolean isEof() {
    return eof;
  }

  /**
   * Waits until {@code expected} arrives after what earlier expectations consumed, and consumes
   * through it. Returns what came before it since the last expectation.
   */
  synchronized String expect(String expected, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      String all = received.toString(StandardCharsets.ISO_8859_1);
      int at = all.indexOf(expected, cursor);
      if (at >= 0) {
        String skipped = all.substring(cursor, at);
        cursor = at + expected.length();
        return skipped;
      }
      long left = deadline - System.nanoTime();
      if (eof || left <= 0) {
        String got = all.substring(cursor);
        int same = 0;
        while (same < Math.min(got.length(), expected.length())
            && got.charAt(same) == expected.charAt(same)) {
          same++;
        }
        String where =
            same > 100
                ? " (the first "
                    + same
                    + " chars match; from there expected '"
                    + show(expected.substring(same, Math.min(expected.length(), same + 120)))
                    + "', got '"
                    + show(got.substring(same, Math.min(got.length(), same + 120)))
                    + "')"
                : "";
        throw new AssertionFailedError(
            name
                + ": expected '"
                + show(expected)
                + "' within "
                + timeout.toMillis()
                + " ms; received since last match '"
                + show(got)
                + "'"
                + where
                + (eof ? " and then the connection ended (" + endCause + ")" : ""));
      }
      wait(Math.max(1, left / 1_000_000));
    }
  }

  /** Like {@link #expect} but nothing else may come first. */
  void expectExactly(String expected, Duration timeout) throws InterruptedException {
    String before = expect(expected, timeout);
    if (!before.isEmpty()) {
      throw new AssertionFailedError(
          name + ": expected '" + show(expected) + "' next but first got '" + show(before) + "'");
    }
  }

  /** Waits for the server to close the connection; returns everything not yet consumed. */
  synchronized String expectEof(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!eof) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionFailedError(
            name
                + ": expected the server to close within "
                + timeout.toMillis()
                + " ms; received '"
                + show(text().substring(cursor))
                + "'");
      }
      wait(Math.max(1, left / 1_000_000));
    }
    String rest = text().substring(cursor);
    cursor = text().length();
    return rest;
  }

  /** Occurrences of {@code needle} in everything received. */
  synchronized int count(String needle) {
    String all = text();
    int n = 0;
    for (int i = all.indexOf(needle); i >= 0; i = all.indexOf(needle, i + needle.length())) {
      n++;
    }
    return n;
  }

  /** Waits until {@code needle} occurred at least {@code n} times in everything received. */
  synchronized void awaitCount(String needle, int n, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (count(needle) < n) {
      long left = deadline - System.nanoTime();
      if (left <= 0 || eof) {
        throw new AssertionFailedError(
            name
                + ": expected "
                + n
                + " x '"
                + show(needle)
                + "', got "
                + count(needle)
                + (eof ? " (connection ended: " + endCause + ")" : ""));
      }
      wait(Math.max(1, left / 1_000_000));
    }
  }

  static String show(String s) {
    String shown = s.replace("\r", "\\r").replace("\n", "\\n");
    return shown.length() > 600
        ? shown.substring(0, 600) + "...(" + shown.length() + " chars)"
        : shown;
  }
}
