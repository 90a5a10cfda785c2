package dev.weft.server.cli;

import dev.weft.server.ServerConfig;
import java.util.List;

/**
 * What a command line asks for, once parsed. Kept apart from running it so parsing is testable
 * without exiting.
 */
public sealed interface Invocation {

  /** Start a server with this configuration; {@code warnings} come from the configuration file. */
  record Run(ServerConfig config, String configFile, List<String> warnings) implements Invocation {}

  /** {@code --version}. */
  record ShowVersion() implements Invocation {}

  /** {@code -h} / {@code --help}. */
  record ShowHelp() implements Invocation {}
}
