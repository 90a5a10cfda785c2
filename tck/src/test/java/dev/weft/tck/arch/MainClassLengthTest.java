package dev.weft.tck.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** No main-code file over 500 lines except a protocol parser (see CONTRIBUTING.md). */
class MainClassLengthTest {
  @Test
  void noMainFileIsOverTheLimitExceptTheParsers() {
    Path root = MainClassLength.repositoryRoot(Path.of(""));
    Map<String, Long> sources = MainClassLength.mainSources(root);
    assertTrue(
        sources.containsKey("async-spi/src/main/java/dev/weft/spi/Backend.java"),
        () -> "the walk from " + root + " found no main sources: " + sources.size() + " files");
    List<String> over =
        MainClassLength.oversized(sources, MainClassLength.PARSERS, MainClassLength.LIMIT);
    assertTrue(
        over.isEmpty(),
        () ->
            "main-code files over "
                + MainClassLength.LIMIT
                + " lines (split them, or, for a protocol parser, add it to"
                + " MainClassLength.PARSERS): "
                + over);
  }

  @Test
  void theCheckNamesEachFileOverTheLimitAndSparesTheAllowedOnes() {
    Map<String, Long> files =
        Map.of(
            "a/src/main/java/Big.java", 501L,
            "a/src/main/java/Exact.java", 500L,
            "b/src/main/java/Parser.java", 900L,
            "b/src/main/java/Huge.java", 1200L);
    assertEquals(
        List.of("a/src/main/java/Big.java (501 lines)", "b/src/main/java/Huge.java (1200 lines)"),
        MainClassLength.oversized(files, Set.of("b/src/main/java/Parser.java"), 500));
  }
}
