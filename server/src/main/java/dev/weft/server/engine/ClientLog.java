package dev.weft.server.engine;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/** One connection's log lines, each prefixed with its peer and cid as nats-server prefixes them. */
final class ClientLog {
  private final Logger log;
  private final boolean debug;
  private final String prefix;

  ClientLog(Logger log, boolean debug, String prefix) {
    this.log = log;
    this.debug = debug;
    this.prefix = prefix;
  }

  String prefix() {
    return prefix;
  }

  void debug(String msg) {
    if (debug) {
      log.log(Level.DEBUG, prefix + msg);
    }
  }

  /** Protocol trace; only the tracing decorators call it, and only when tracing is on. */
  void trace(String msg) {
    log.log(Level.TRACE, prefix + msg);
  }

  void warn(String msg) {
    log.log(Level.WARNING, prefix + msg);
  }

  void error(String msg) {
    log.log(Level.ERROR, prefix + msg);
  }

  void error(String msg, Throwable t) {
    log.log(Level.ERROR, prefix + msg, t);
  }
}
