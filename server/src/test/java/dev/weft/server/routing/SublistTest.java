package dev.weft.server.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SublistTest {
  private final Object owner = new Object();
  private final Sublist<Object> sl = new Sublist<>();
  private int sid;

  private SubscriptionEntry<Object> sub(String subject) {
    return sub(subject, null);
  }

  private SubscriptionEntry<Object> sub(String subject, String queue) {
    SubscriptionEntry<Object> s =
        new SubscriptionEntry<>(owner, subject, queue, Integer.toString(++sid));
    assertTrue(sl.insert(s), subject);
    return s;
  }

  private Set<String> plainMatches(String subject) {
    return Arrays.stream(sl.match(subject).plain).map(s -> s.subject).collect(Collectors.toSet());
  }

  @Test
  void wildcards() {
    sub("foo.bar");
    sub("foo.*");
    sub("foo.>");
    sub(">");
    sub("*.bar");
    sub("*");
    assertEquals(Set.of("foo.bar", "foo.*", "foo.>", ">", "*.bar"), plainMatches("foo.bar"));
    assertEquals(Set.of("foo.>", ">"), plainMatches("foo.bar.baz"));
    assertEquals(Set.of(">", "*"), plainMatches("foo"), "foo.> must not match foo");
    assertEquals(Set.of(">", "*.bar"), plainMatches("x.bar"));
  }

  @Test
  void wildcardCharactersInsideATokenAreLiterals() {
    sub("f*o");
    sub("a>b.c");
    assertEquals(Set.of("f*o"), plainMatches("f*o"));
    assertEquals(Set.of(), plainMatches("fxo"));
    assertEquals(Set.of("a>b.c"), plainMatches("a>b.c"));
  }

  @Test
  void publishingAWildcardSubjectMatchesLiterally() {
    sub("foo.*");
    sub("foo.bar");
    assertEquals(Set.of("foo.*"), plainMatches("foo.*"));
  }

  @Test
  void emptyTokensMatchNothing() {
    sub(">");
    assertTrue(sl.match("foo..bar").isEmpty());
    assertTrue(sl.match(".foo").isEmpty());
    assertTrue(sl.match("foo.").isEmpty());
    assertFalse(sl.match("foo").isEmpty());
  }

  @Test
  void invalidSubscribeSubjects() {
    for (String bad : new String[] {"foo..bar", ".foo", "foo.", "foo.>.bar", ">.x", ""}) {
      assertFalse(sl.insert(new SubscriptionEntry<>(owner, bad, null, "x")), bad);
    }
    assertEquals(0, sl.count());
  }

  @Test
  void queueGroupsMergeAcrossNodes() {
    sub("q.a", "g");
    sub("q.*", "g");
    sub("q.>", "h");
    MatchResult<Object> r = sl.match("q.a");
    assertEquals(0, r.plain.length);
    assertEquals(2, r.queues.length);
    int sizes = r.queues[0].length + r.queues[1].length;
    assertEquals(3, sizes);
  }

  @Test
  void removePrunesAndBumpsGeneration() {
    SubscriptionEntry<Object> a = sub("a.b.c");
    SubscriptionEntry<Object> b = sub("a.*.c");
    long gen = sl.generation();
    assertTrue(sl.remove(a));
    assertNotEquals(gen, sl.generation());
    assertFalse(sl.remove(a));
    assertEquals(Set.of("a.*.c"), plainMatches("a.b.c"));
    assertTrue(sl.remove(b));
    assertTrue(sl.match("a.b.c").isEmpty());
    assertEquals(0, sl.count());
  }

  @Test
  void cacheFollowsGenerations() {
    SubjectCache<Object> cache = new SubjectCache<>(sl);
    byte[] subject = "x.y".getBytes(StandardCharsets.ISO_8859_1);
    MatchResult<Object> first = cache.match(subject, 0, subject.length);
    assertTrue(first.isEmpty());
    assertSame(first, cache.match(subject, 0, subject.length));
    SubscriptionEntry<Object> s = sub("x.*");
    assertEquals(1, cache.match(subject, 0, subject.length).plain.length);
    sl.remove(s);
    assertTrue(cache.match(subject, 0, subject.length).isEmpty());
  }
}
