package dev.weft.bench.nats;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Arrays;

/**
 * Request/reply round-trip latency: a responder connection answers each request on its reply
 * subject with the same payload; a requester connection sends one request at a time and times each,
 * from writing the PUB to reading the answering MSG, on one thread with no hand-off. Each answer is
 * checked (sid, size, sequence number).
 */
final class RequestReply {
  private static final int BUFFER = 16 * 1024;

  /** Round trips in nanoseconds, sorted. */
  record Latencies(long[] sortedNanos) {
    double percentileMicros(double q) {
      int index = (int) Math.ceil(q * sortedNanos.length) - 1;
      return sortedNanos[Math.max(0, Math.min(sortedNanos.length - 1, index))] / 1e3;
    }
  }

  private RequestReply() {}

  static Latencies run(InetSocketAddress server, String subject, int warmUp, int requests, int size)
      throws IOException {
    String inbox = "_INBOX." + subject;
    try (NatsWire responder = NatsWire.open(server, "bench-responder", BUFFER);
        NatsWire requester = NatsWire.open(server, "bench-requester", BUFFER)) {
      responder.subscribe(subject, 1);
      responder.roundTrip();
      requester.subscribe(inbox, 1);
      requester.roundTrip();
      Thread answering = new Thread(() -> answer(responder, size), "bench-responder");
      answering.setDaemon(true);
      answering.start();

      byte[] header = NatsWire.pubHeader(subject, inbox, size);
      byte[] data = new byte[size];
      int[] nextSeq = new int[1];
      long[] samples = new long[requests];
      for (int i = 0; i < warmUp + requests; i++) {
        Payloads.putInt(data, 4, i);
        long t0 = System.nanoTime();
        requester.publish(header, data, size);
        requester.flush();
        if (requester.next() != NatsWire.Op.MSG) {
          throw new IOException("unexpected PONG while waiting for reply " + i);
        }
        long t1 = System.nanoTime();
        Payloads.check(requester, 1, size, nextSeq);
        if (i >= warmUp) {
          samples[i - warmUp] = t1 - t0;
        }
      }
      Arrays.sort(samples);
      return new Latencies(samples);
    }
  }

  /** Echoes every request to its reply subject until the connection is closed. */
  private static void answer(NatsWire responder, int size) {
    String lastReply = null;
    byte[] header = null;
    try {
      while (true) {
        if (responder.next() != NatsWire.Op.MSG || responder.reply() == null) {
          throw new IOException("responder got something other than a request");
        }
        if (!responder.reply().equals(lastReply)) {
          lastReply = responder.reply();
          header = NatsWire.pubHeader(lastReply, null, size);
        }
        if (responder.payloadLength() != size) {
          throw new IOException("request of " + responder.payloadLength() + " bytes");
        }
        responder.publish(header, responder.payload(), size);
        responder.flush();
      }
    } catch (IOException e) {
      // Closed at the end of the run, or broken: a broken responder shows as the requester's
      // read timing out with the request it was waiting for.
    }
  }
}
