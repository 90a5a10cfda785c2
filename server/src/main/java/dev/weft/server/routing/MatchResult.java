package dev.weft.server.routing;

/**
 * The subscriptions interested in one published subject: every plain one, and each queue group (all
 * of its members matching the subject, merged across wildcard nodes by group name) from which a
 * publisher picks one member. Immutable, so it can be cached and shared between tasks.
 */
public final class MatchResult {
  public static final MatchResult EMPTY =
      new MatchResult(new Subscription[0], new Subscription[0][]);

  public final Subscription[] plain;
  public final Subscription[][] queues;

  public MatchResult(Subscription[] plain, Subscription[][] queues) {
    this.plain = plain;
    this.queues = queues;
  }

  public boolean isEmpty() {
    return plain.length == 0 && queues.length == 0;
  }
}
