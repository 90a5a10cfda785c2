/**
 * The server's public API, the one package the module exports: {@link dev.weft.server.WeftServer}
 * (build, start, inspect and close an embedded server) and {@link dev.weft.server.ServerConfig}
 * (its options). Applications, the TCK and the CLI depend on it; it depends on {@code engine} to
 * run the server and hands it {@code EngineOptions} built from the {@code ServerConfig}, so the
 * engine never depends back on this package.
 */
package dev.weft.server;
