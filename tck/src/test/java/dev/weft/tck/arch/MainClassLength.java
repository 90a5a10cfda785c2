package dev.weft.tck.arch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The house limit on main-code file length: no file under a module's {@code src/main/java} over
 * {@value #LIMIT} lines, except the protocol parsers, whose one state machine reads best whole.
 */
final class MainClassLength {
  static final int LIMIT = 500;

  /** The files allowed over the limit, relative to the repository root. */
  static final Set<String> PARSERS =
      Set.of(
          "server/src/main/java/dev/weft/server/protocol/ClientOpParser.java",
          "client/src/main/java/dev/weft/client/protocol/ServerOpParser.java");

  private MainClassLength() {}

  /**
   * Each file over {@code limit} lines that is not in {@code allowed}, as {@code "path (n lines)"},
   * sorted by path.
   *
   * @param lineCounts line count by path relative to the repository root, with {@code /} separators
   */
  static List<String> oversized(Map<String, Long> lineCounts, Set<String> allowed, int limit) {
    return new TreeMap<>(lineCounts)
        .entrySet().stream()
            .filter(e -> e.getValue() > limit && !allowed.contains(e.getKey()))
            .map(e -> e.getKey() + " (" + e.getValue() + " lines)")
            .toList();
  }

  /** Line count of every {@code .java} file under a {@code src/main/java} of the repository. */
  static Map<String, Long> mainSources(Path root) {
    Map<String, Long> counts = new TreeMap<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(MainClassLength::isMainSource).toList()) {
        try (Stream<String> lines = Files.lines(file)) {
          counts.put(root.relativize(file).toString().replace('\\', '/'), lines.count());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return counts;
  }

  private static boolean isMainSource(Path file) {
    String p = file.toString().replace('\\', '/');
    return p.endsWith(".java") && p.contains("/src/main/java/") && !p.contains("/target/");
  }

  /** The repository root: the nearest directory, from {@code start} up, that holds {@code mvnw}. */
  static Path repositoryRoot(Path start) {
    for (Path dir = start.toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve("async-spi"))) {
        return dir;
      }
    }
    throw new IllegalStateException("no repository root above " + start.toAbsolutePath());
  }
}
