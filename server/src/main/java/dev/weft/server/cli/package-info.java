/**
 * The {@code weft-server} command: nats-server's command-line flags, the configuration file they
 * point to, and log output in nats-server's format. The top of the server: it depends on the public
 * API and on {@code config}, and nothing in the server depends on it.
 */
package dev.weft.server.cli;
