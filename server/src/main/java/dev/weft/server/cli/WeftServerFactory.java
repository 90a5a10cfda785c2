package dev.weft.server.cli;

import dev.weft.server.ServerConfig;
import dev.weft.server.WeftServer;
import dev.weft.spi.Backend;
import java.io.IOException;

/** Turns a parsed {@link ServerConfig} into a running {@link WeftServer} through the embedded builder. */
public final class WeftServerFactory {
    private WeftServerFactory() {
    }

    public static WeftServer start(ServerConfig c, Backend backend) throws IOException {
        WeftServer.Builder b = WeftServer.builder()
                .host(c.host())
                .port(c.port())
                .backend(backend)
                .maxPayload(c.maxPayload())
                .maxConnections(c.maxConnections())
                .maxPending(c.maxPending())
                .pingInterval(c.pingInterval())
                .pingMax(c.pingMax())
                .writeDeadline(c.writeDeadline())
                .authTimeout(c.authTimeout());
        if (c.token() != null) {
            b.token(c.token());
        }
        if (!c.users().isEmpty()) {
            b.users(c.users());
        }
        return b.start();
    }
}
