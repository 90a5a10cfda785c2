package dev.weft.backend.netty;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * Threads parked on one level (readable, writable, acceptable). Wakes are hints: the woken task
 * re-reads the level, so a spurious or duplicate unpark costs a re-check and nothing else.
 */
final class Waiters {
  private final Set<Thread> threads = ConcurrentHashMap.newKeySet();

  void add(Thread t) {
    threads.add(t);
  }

  void remove(Thread t) {
    threads.remove(t);
  }

  void wakeAll() {
    if (threads.isEmpty()) {
      return;
    }
    for (Thread t : threads) {
      LockSupport.unpark(t);
    }
  }
}
