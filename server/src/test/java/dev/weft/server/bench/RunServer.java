package dev.weft.server.bench;

import dev.weft.server.WeftServer;
import java.util.concurrent.CountDownLatch;

/**
 * Starts an embedded server on the port given as the first argument and runs until killed; for
 * bench/compare.sh before and besides the CLI. Backend: whatever {@code Backends.bind()} finds.
 */
public final class RunServer {
    private RunServer() {
    }

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 4222;
        WeftServer server = WeftServer.builder().port(port).start();
        System.err.println("weft listening on " + server.address() + " backend " + server.backendName());
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            done.countDown();
        }));
        done.await();
    }
}
