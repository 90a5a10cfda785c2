/**
 * The {@code weft-cli} command line ({@link dev.weft.client.cli.CliMain}, its parsed form {@link
 * dev.weft.client.cli.CliArgs}, the bench): a user of the client API and nothing more. Only the
 * runnable jars built by {@code profiles} depend on it (as their main class); nothing in the client
 * depends on it.
 */
package dev.weft.client.cli;
