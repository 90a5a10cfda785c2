package dev.weft.server.routing;

import dev.weft.wire.Subjects;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The subscription index over subscribers of type {@code S} (the engine's client connection): a
 * trie over subject tokens with a {@code *} and a {@code >} branch per level, as in nats-server.
 * Matching walks it under a read lock; insert and remove take the write lock and bump {@link
 * #generation()}, which is how the per-connection {@link SubjectCache}s know their cached results
 * went stale without the sublist having to track them.
 */
public final class Sublist<S> {
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final Level<S> root = new Level<>();
  private volatile long generation;
  private int count;

  /** Changes on every insert and remove. */
  public long generation() {
    return generation;
  }

  /** Number of subscriptions held. */
  public int count() {
    lock.readLock().lock();
    try {
      return count;
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Inserts a subscription.
   *
   * @return false, inserting nothing, when the subject is invalid (empty token, or a token after
   *     {@code >})
   */
  public boolean insert(SubscriptionEntry<S> sub) {
    if (!Subjects.isValidSubscribeSubject(sub.subject)) {
      return false;
    }
    String[] tokens = tokenize(sub.subject);
    lock.writeLock().lock();
    try {
      Level<S> level = root;
      Node<S> node = null;
      for (String t : tokens) {
        node = level.child(t, true);
        if (node.next == null) {
          node.next = new Level<>();
        }
        level = node.next;
      }
      node.add(sub);
      count++;
      generation++;
      return true;
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Removes a subscription; false if it was not present. Empty branches are pruned. */
  public boolean remove(SubscriptionEntry<S> sub) {
    String[] tokens = tokenize(sub.subject);
    lock.writeLock().lock();
    try {
      @SuppressWarnings("unchecked")
      Level<S>[] levels = (Level<S>[]) new Level<?>[tokens.length];
      @SuppressWarnings("unchecked")
      Node<S>[] nodes = (Node<S>[]) new Node<?>[tokens.length];
      Level<S> level = root;
      Node<S> node = null;
      for (int i = 0; i < tokens.length; i++) {
        if (level == null) {
          return false;
        }
        node = level.child(tokens[i], false);
        if (node == null) {
          return false;
        }
        levels[i] = level;
        nodes[i] = node;
        level = node.next;
      }
      if (node == null || !node.remove(sub)) {
        return false;
      }
      count--;
      generation++;
      for (int i = tokens.length - 1; i >= 0; i--) {
        Node<S> n = nodes[i];
        if (n.isEmpty() && (n.next == null || n.next.isEmpty())) {
          levels[i].prune(tokens[i], n);
        } else {
          break;
        }
      }
      return true;
    } finally {
      lock.writeLock().unlock();
    }
  }

  /**
   * Every subscription whose subject matches the literal {@code subject}. A subject with an empty
   * token matches nothing, as in nats-server.
   */
  public MatchResult<S> match(String subject) {
    if (subject.isEmpty()) {
      return MatchResult.empty();
    }
    String[] tokens = tokenize(subject);
    for (String t : tokens) {
      if (t.isEmpty()) {
        return MatchResult.empty();
      }
    }
    Collector<S> out = new Collector<>();
    lock.readLock().lock();
    try {
      matchLevel(root, tokens, 0, out);
    } finally {
      lock.readLock().unlock();
    }
    return out.result();
  }

  private static <S> void matchLevel(Level<S> level, String[] tokens, int from, Collector<S> out) {
    Node<S> pwc = null;
    Node<S> n = null;
    for (int i = from; i < tokens.length; i++) {
      if (level == null) {
        return;
      }
      if (level.fwc != null) {
        out.add(level.fwc);
      }
      pwc = level.pwc;
      if (pwc != null) {
        matchLevel(pwc.next, tokens, i + 1, out);
      }
      n = level.nodes == null ? null : level.nodes.get(tokens[i]);
      level = n == null ? null : n.next;
    }
    if (n != null) {
      out.add(n);
    }
    if (pwc != null) {
      out.add(pwc);
    }
  }

  private static String[] tokenize(String subject) {
    int parts = 1;
    for (int i = 0; i < subject.length(); i++) {
      if (subject.charAt(i) == '.') {
        parts++;
      }
    }
    String[] tokens = new String[parts];
    int start = 0;
    int k = 0;
    for (int i = 0; i < subject.length(); i++) {
      if (subject.charAt(i) == '.') {
        tokens[k++] = subject.substring(start, i);
        start = i + 1;
      }
    }
    tokens[k] = subject.substring(start);
    return tokens;
  }

  private static final class Level<S> {
    Map<String, Node<S>> nodes;
    Node<S> pwc;
    Node<S> fwc;

    Node<S> child(String token, boolean create) {
      if (token.length() == 1) {
        char c = token.charAt(0);
        if (c == '*') {
          if (pwc == null && create) {
            pwc = new Node<>();
          }
          return pwc;
        }
        if (c == '>') {
          if (fwc == null && create) {
            fwc = new Node<>();
          }
          return fwc;
        }
      }
      if (nodes == null) {
        if (!create) {
          return null;
        }
        nodes = new HashMap<>();
      }
      Node<S> n = nodes.get(token);
      if (n == null && create) {
        n = new Node<>();
        nodes.put(token, n);
      }
      return n;
    }

    void prune(String token, Node<S> n) {
      if (n == pwc) {
        pwc = null;
      } else if (n == fwc) {
        fwc = null;
      } else if (nodes != null) {
        nodes.remove(token, n);
      }
    }

    boolean isEmpty() {
      return (nodes == null || nodes.isEmpty()) && pwc == null && fwc == null;
    }
  }

  private static final class Node<S> {
    Level<S> next;
    List<SubscriptionEntry<S>> plain;
    Map<String, List<SubscriptionEntry<S>>> queues;

    void add(SubscriptionEntry<S> sub) {
      if (sub.queue == null) {
        if (plain == null) {
          plain = new ArrayList<>(2);
        }
        plain.add(sub);
      } else {
        if (queues == null) {
          queues = new LinkedHashMap<>();
        }
        queues.computeIfAbsent(sub.queue, q -> new ArrayList<>(2)).add(sub);
      }
    }

    boolean remove(SubscriptionEntry<S> sub) {
      if (sub.queue == null) {
        return plain != null && removeIdentity(plain, sub);
      }
      if (queues == null) {
        return false;
      }
      List<SubscriptionEntry<S>> group = queues.get(sub.queue);
      if (group == null || !removeIdentity(group, sub)) {
        return false;
      }
      if (group.isEmpty()) {
        queues.remove(sub.queue);
      }
      return true;
    }

    private static <S> boolean removeIdentity(
        List<SubscriptionEntry<S>> list, SubscriptionEntry<S> sub) {
      for (int i = 0; i < list.size(); i++) {
        if (list.get(i) == sub) {
          list.remove(i);
          return true;
        }
      }
      return false;
    }

    boolean isEmpty() {
      return (plain == null || plain.isEmpty()) && (queues == null || queues.isEmpty());
    }
  }

  /** Gathers a match; queue members of one group name are merged across nodes. */
  private static final class Collector<S> {
    private final List<SubscriptionEntry<S>> plain = new ArrayList<>();
    private Map<String, List<SubscriptionEntry<S>>> queues;

    void add(Node<S> n) {
      if (n.plain != null) {
        plain.addAll(n.plain);
      }
      if (n.queues != null && !n.queues.isEmpty()) {
        if (queues == null) {
          queues = new LinkedHashMap<>();
        }
        for (Map.Entry<String, List<SubscriptionEntry<S>>> e : n.queues.entrySet()) {
          queues.computeIfAbsent(e.getKey(), q -> new ArrayList<>()).addAll(e.getValue());
        }
      }
    }

    @SuppressWarnings("unchecked")
    MatchResult<S> result() {
      if (plain.isEmpty() && queues == null) {
        return MatchResult.empty();
      }
      SubscriptionEntry<S>[][] q;
      if (queues == null) {
        q = (SubscriptionEntry<S>[][]) new SubscriptionEntry<?>[0][];
      } else {
        q = (SubscriptionEntry<S>[][]) new SubscriptionEntry<?>[queues.size()][];
        int i = 0;
        for (List<SubscriptionEntry<S>> g : queues.values()) {
          q[i++] = g.toArray((SubscriptionEntry<S>[]) new SubscriptionEntry<?>[0]);
        }
      }
      return new MatchResult<>(
          plain.toArray((SubscriptionEntry<S>[]) new SubscriptionEntry<?>[0]), q);
    }
  }
}
