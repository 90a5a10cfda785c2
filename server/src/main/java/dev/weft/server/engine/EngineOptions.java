package dev.weft.server.engine;

import java.time.Duration;
import java.util.Map;

/**
 * What the engine reads of the server's options, built by the public API from its {@code
 * ServerConfig} (so this package never depends on the API package that depends on it).
 *
 * @param serverName the name in INFO, or null or empty for the server id
 * @param token the required auth token, or null
 * @param users user name to password (plain or bcrypt), empty when no user auth
 * @param client what each client connection reads
 */
public record EngineOptions(
    String host,
    int port,
    String serverName,
    int maxConnections,
    Duration shutdownGrace,
    String token,
    Map<String, String> users,
    ClientSettings client) {}
