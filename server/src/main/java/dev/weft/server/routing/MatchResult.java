package dev.weft.server.routing;

/**
 * The subscriptions interested in one published subject: every plain one, and each queue group (all
 * of its members matching the subject, merged across wildcard nodes by group name) from which a
 * publisher picks one member. Immutable, so it can be cached and shared between tasks.
 */
public final class MatchResult<S> {
  private static final MatchResult<Object> EMPTY = new MatchResult<>(noEntries(), noGroups());

  public final SubscriptionEntry<S>[] plain;
  public final SubscriptionEntry<S>[][] queues;

  public MatchResult(SubscriptionEntry<S>[] plain, SubscriptionEntry<S>[][] queues) {
    this.plain = plain;
    this.queues = queues;
  }

  /** The result with no subscriptions (shared: it holds nothing of any type). */
  @SuppressWarnings("unchecked")
  public static <S> MatchResult<S> empty() {
    return (MatchResult<S>) EMPTY;
  }

  // Java cannot create an array of a generic type; an empty one holds nothing of any type.
  @SuppressWarnings("unchecked")
  private static SubscriptionEntry<Object>[] noEntries() {
    return (SubscriptionEntry<Object>[]) new SubscriptionEntry<?>[0];
  }

  @SuppressWarnings("unchecked")
  private static SubscriptionEntry<Object>[][] noGroups() {
    return (SubscriptionEntry<Object>[][]) new SubscriptionEntry<?>[0][];
  }

  public boolean isEmpty() {
    return plain.length == 0 && queues.length == 0;
  }
}
