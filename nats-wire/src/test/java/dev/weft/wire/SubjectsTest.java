package dev.weft.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SubjectsTest {
  @Test
  void subscribeSubjectsFollowSublistInsert() {
    for (String ok : new String[] {"a", "a.b", "*", ">", "a.*.c", "a.>", "a*.b>", "*.>", "a b"}) {
      assertEquals(true, Subjects.isValidSubscribeSubject(ok), ok);
    }
    for (String bad : new String[] {"", ".", "a.", ".a", "a..b", ">.a", "a.>.b", "a.>."}) {
      assertEquals(false, Subjects.isValidSubscribeSubject(bad), bad);
    }
  }

  @Test
  void literalSubjectsHaveNoWildcardTokenAndNoEmptyToken() {
    assertEquals(true, literal("xa.bx", 1, 3));
    assertEquals(true, literal("a*.b>", 0, 5));
    assertEquals(false, literal("a.*", 0, 3));
    assertEquals(false, literal("a.>", 0, 3));
    assertEquals(false, literal("a..b", 0, 4));
    assertEquals(false, literal("a.", 0, 2));
    assertEquals(false, literal("x", 0, 0));
  }

  @Test
  void sendableSubjectsAreOneNonEmptyFieldAndNothingMore() {
    for (String ok : new String[] {"a", "a..b", ".", ">.a", "*"}) {
      assertEquals(true, Subjects.isSendableSubject(ok), ok);
    }
    for (String bad : new String[] {null, "", "a b", "a\tb", "a\r", "\nb"}) {
      assertEquals(false, Subjects.isSendableSubject(bad), String.valueOf(bad));
    }
  }

  private static boolean literal(String s, int off, int len) {
    return Subjects.isValidLiteralSubject(s.getBytes(StandardCharsets.US_ASCII), off, len);
  }
}
