package dev.weft.backend.kit;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The threads parked until one level (readable, writable, acceptable) changes. Copy-on-write
 * because waiters come and go once per suspension while the producer reads the set after every
 * change it publishes: an empty set costs one volatile read.
 *
 * <p>Lost wake-ups are impossible by construction: a waiter adds itself and then re-checks the
 * level; a producer publishes the level and then wakes the set. Either the waiter sees the new
 * state or the producer sees the waiter (both sides are volatile), and an unpark that lands before
 * the park leaves a permit. Wakes are hints: a spurious one costs a re-check.
 */
public final class ParkedThreads {
  private static final Thread[] NONE = new Thread[0];

  private final AtomicReference<Thread[]> threads = new AtomicReference<>(NONE);

  public void add(Thread t) {
    while (true) {
      Thread[] cur = threads.get();
      Thread[] next = Arrays.copyOf(cur, cur.length + 1);
      next[cur.length] = t;
      if (threads.compareAndSet(cur, next)) {
        return;
      }
    }
  }

  public void remove(Thread t) {
    while (true) {
      Thread[] cur = threads.get();
      int i = indexOf(cur, t);
      if (i < 0) {
        return;
      }
      Thread[] next;
      if (cur.length == 1) {
        next = NONE;
      } else {
        next = new Thread[cur.length - 1];
        System.arraycopy(cur, 0, next, 0, i);
        System.arraycopy(cur, i + 1, next, i, cur.length - i - 1);
      }
      if (threads.compareAndSet(cur, next)) {
        return;
      }
    }
  }

  public void wakeAll() {
    for (Thread t : threads.get()) {
      LockSupport.unpark(t);
    }
  }

  private static int indexOf(Thread[] a, Thread t) {
    for (int i = 0; i < a.length; i++) {
      if (a[i] == t) {
        return i;
      }
    }
    return -1;
  }
}
