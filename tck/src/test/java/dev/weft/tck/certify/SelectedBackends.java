package dev.weft.tck.certify;

import java.util.Arrays;

/**
 * Which built-in backends this build certifies. The build sets {@value #PROPERTY} per {@code
 * -Pbackend=NAME} profile (all three when none is chosen), so a one-backend build runs only that
 * backend's certification. Used through {@code @EnabledIf}, which is what makes the skip visible in
 * Surefire with its reason: a class aborted in {@code @BeforeAll} is left out of the counts
 * altogether.
 */
final class SelectedBackends {
  static final String PROPERTY = "weft.tck.backends";

  private SelectedBackends() {}

  static boolean loom() {
    return selected("loom");
  }

  static boolean netty() {
    return selected("netty");
  }

  static boolean vertx() {
    return selected("vertx");
  }

  private static boolean selected(String name) {
    return Arrays.stream(System.getProperty(PROPERTY, "loom,netty,vertx").split(","))
        .map(String::trim)
        .anyMatch(name::equals);
  }
}
