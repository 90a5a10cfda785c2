package dev.weft.server.routing;

/**
 * The subscriptions interested in one published subject: every plain one, and each queue group (all
 * of its members matching the subject, merged across wildcard nodes by group name) from which a
 * publisher picks one member. Immutable, so it can be cached and shared between tasks.
 */
public final class MatchResult<S> {
  @SuppressWarnings("rawtypes")
  private static final MatchResult EMPTY =
      new MatchResult<>(new SubscriptionEntry[0], new SubscriptionEntry[0][]);

  public final SubscriptionEntry<S>[] plain;
  public final SubscriptionEntry<S>[][] queues;

  public MatchResult(SubscriptionEntry<S>[] plain, SubscriptionEntry<S>[][] queues) {
    this.plain = plain;
    this.queues = queues;
  }

  /** The result with no subscriptions (shared: it holds nothing of any type). */
  @SuppressWarnings("unchecked")
  public static <S> MatchResult<S> empty() {
    return EMPTY;
  }

  public boolean isEmpty() {
    return plain.length == 0 && queues.length == 0;
  }
}
