package dev.weft.tck.selftest;

import dev.weft.spi.AsyncRuntime;
import dev.weft.spi.Backend;
import dev.weft.spi.Context;
import dev.weft.spi.Signal;
import dev.weft.spi.SocketClosedException;
import dev.weft.spi.StreamSocket;
import dev.weft.spi.TaskCancelledException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Defect: write copies into an unbounded queue and returns at once; a background task of the real
 * runtime drains the queue into the socket. Order, contents and half-close stay right, so only a
 * peer that stops reading shows it: the writer never blocks and memory grows. Must fail WRITE-2.
 */
final class UnboundedWriteBackend extends ForwardingBackend {
  UnboundedWriteBackend(Backend real) {
    super("broken-unbounded-write", real);
  }

  @Override
  protected AsyncRuntime decorate(AsyncRuntime realRuntime) {
    return new ForwardingRuntime(this, realRuntime) {
      @Override
      protected StreamSocket socket(StreamSocket realSocket) {
        return new QueueingSocket(realRuntime, realSocket);
      }
    };
  }

  private static final class QueueingSocket extends ForwardingSocket {
    /** Queued after the last bytes by shutdownOutput; compared by identity. */
    private static final ByteBuffer END_OF_OUTPUT = ByteBuffer.allocate(0);

    private final AsyncRuntime realRuntime;
    private final Queue<ByteBuffer> queue = new ConcurrentLinkedQueue<>();
    private Signal work;
    private volatile boolean outputShut;
    private volatile boolean closing;
    private volatile boolean drainerDone;
    private volatile IOException drainFailure;

    QueueingSocket(AsyncRuntime realRuntime, StreamSocket real) {
      super(real);
      this.realRuntime = realRuntime;
    }

    @Override
    public int read(Context ctx, ByteBuffer dst) throws IOException {
      if (closing) {
        throw new SocketClosedException("socket closed");
      }
      return super.read(ctx, dst);
    }

    @Override
    public long write(Context ctx, ByteBuffer... srcs) throws IOException {
      ctx.checkCancelled();
      if (!isOpen()) {
        throw new SocketClosedException("socket closed");
      }
      if (drainFailure != null) {
        throw drainFailure;
      }
      if (outputShut) {
        throw new IOException("output shut down");
      }
      long total = 0;
      for (ByteBuffer src : srcs) {
        ByteBuffer copy = ByteBuffer.allocate(src.remaining());
        copy.put(src).flip();
        total += copy.remaining();
        queue.add(copy);
      }
      drainer().raise();
      return total;
    }

    @Override
    public void shutdownOutput() throws IOException {
      outputShut = true;
      Signal w = started();
      if (w == null) {
        super.shutdownOutput();
      } else {
        queue.add(END_OF_OUTPUT);
        w.raise();
      }
    }

    @Override
    public boolean isOpen() {
      return !closing && super.isOpen();
    }

    /**
     * Queued bytes were accepted by write, so close delivers them first, as a kernel does with its
     * send buffer; otherwise the decoration would add a second defect (data loss on close).
     */
    @Override
    public void close() {
      closing = true;
      Signal w = started();
      if (w == null || drainerDone) {
        super.close();
      } else {
        w.raise();
      }
    }

    private synchronized Signal started() {
      return work;
    }

    private synchronized Signal drainer() {
      if (work == null) {
        work = realRuntime.newSignal();
        Signal w = work;
        StreamSocket out = real();
        realRuntime.spawn(
            "unbounded-write-drainer",
            ctx -> {
              try {
                while (true) {
                  ByteBuffer next = queue.poll();
                  if (next == null) {
                    if (closing) {
                      return null;
                    }
                    ctx.waitReadable(w, Context.FOREVER);
                  } else if (next == END_OF_OUTPUT) {
                    out.shutdownOutput();
                  } else {
                    out.write(ctx, next);
                  }
                }
              } catch (IOException e) {
                drainFailure = e;
              } catch (TaskCancelledException e) {
                // runtime shutdown
              } finally {
                drainerDone = true;
                if (closing) {
                  out.close();
                }
              }
              return null;
            });
      }
      return work;
    }
  }
}
