package dev.weft.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Runs the shaded jars this module builds: on a Java older than the jars need, each prints one line
 * saying so and exits with status 1; on the build's Java, each starts its real main class.
 */
class RunnableJarJavaVersionTest {
  private static final Path JARS = Path.of(System.getProperty("weft.jars", "target"));
  private static final String BACKEND = System.getProperty("weft.backend", "loom");
  private static final int NEEDED = Integer.getInteger("weft.javaRelease", 21);

  @Test
  void serverJarOnAnOldJavaPrintsOneLineAndExitsWithOne() throws Exception {
    assertTooOld("weft-server", jar("weft-server"));
  }

  @Test
  void cliJarOnAnOldJavaPrintsOneLineAndExitsWithOne() throws Exception {
    assertTooOld("weft-cli", jar("weft-cli"));
  }

  @Test
  void serverJarOnTheBuildJavaStartsTheServerMain() throws Exception {
    Run run = run(buildJava(), jar("weft-server"), "--version");
    assertEquals(0, run.exit, run.toString());
    assertTrue(
        run.stdout.startsWith("weft-server ") && run.stdout.contains("(backend " + BACKEND + " "),
        run.toString());
  }

  @Test
  void cliJarOnTheBuildJavaStartsTheCliMain() throws Exception {
    Run run = run(buildJava(), jar("weft-cli"), "--help");
    assertEquals(0, run.exit, run.toString());
    assertTrue(run.stdout.contains("weft-cli"), run.toString());
  }

  @Test
  void featureVersionReadsBothNumberingSchemes() {
    assertEquals(8, JavaVersionLauncher.featureVersion("1.8"));
    assertEquals(17, JavaVersionLauncher.featureVersion("17"));
    assertEquals(21, JavaVersionLauncher.featureVersion("21.0.1"));
  }

  private static void assertTooOld(String tool, Path jar) throws Exception {
    Optional<Path> old = oldJava();
    Assumptions.assumeTrue(
        old.isPresent(),
        "no Java older than "
            + NEEDED
            + " under /usr/lib/jvm; set -Dweft.oldJava=/path/to/bin/java to run this test");
    Run run = run(old.get(), jar, "--version");
    assertEquals(1, run.exit, run.toString());
    assertEquals("", run.stdout, run.toString());
    Pattern line =
        Pattern.compile(
            Pattern.quote(tool + " needs Java " + NEEDED + " or newer; this is Java ")
                + "\\d[^ ]* at /[^;]+; set JAVA_HOME to a Java "
                + NEEDED
                + "\\+ and run \\$JAVA_HOME/bin/java -jar, or run the jar with any Java "
                + NEEDED
                + "\\+ binary\n");
    assertTrue(line.matcher(run.stderr).matches(), run.toString());
  }

  private static Path jar(String tool) {
    Path jar = JARS.resolve(tool + "-" + BACKEND + ".jar");
    assertTrue(Files.isRegularFile(jar), jar + " was not built");
    return jar;
  }

  private static Path buildJava() {
    return Path.of(ProcessHandle.current().info().command().orElseThrow());
  }

  /** {@code -Dweft.oldJava}, else the first JDK under /usr/lib/jvm older than the jars need. */
  private static Optional<Path> oldJava() throws IOException {
    String given = System.getProperty("weft.oldJava");
    if (given != null && !given.isEmpty()) {
      return Optional.of(Path.of(given));
    }
    Path jvms = Path.of("/usr/lib/jvm");
    if (!Files.isDirectory(jvms)) {
      return Optional.empty();
    }
    try (Stream<Path> homes = Files.list(jvms)) {
      return homes
          .sorted()
          .filter(home -> Files.isExecutable(home.resolve("bin/java")))
          .filter(home -> majorVersion(home).map(v -> v < NEEDED).orElse(false))
          .map(home -> home.resolve("bin/java"))
          .findFirst();
    }
  }

  /** The {@code JAVA_VERSION} of a JDK's {@code release} file, as a feature number. */
  private static Optional<Integer> majorVersion(Path home) {
    Path release = home.resolve("release");
    if (!Files.isRegularFile(release)) {
      return Optional.empty();
    }
    try {
      for (String l : Files.readAllLines(release)) {
        if (l.startsWith("JAVA_VERSION=")) {
          return Optional.of(JavaVersionLauncher.featureVersion(l.substring(13).replace("\"", "")));
        }
      }
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  private record Run(int exit, String stdout, String stderr) {
    @Override
    public String toString() {
      return "exit " + exit + "\n--- stdout:\n" + stdout + "--- stderr:\n" + stderr;
    }
  }

  private static Run run(Path java, Path jar, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(java.toString(), "-jar", jar.toString()));
    command.addAll(List.of(args));
    Path out = Files.createTempFile("weft-jar-out", ".txt");
    Path err = Files.createTempFile("weft-jar-err", ".txt");
    try {
      Process p =
          new ProcessBuilder(command)
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .start();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError(command + " did not exit within 60 s");
      }
      return new Run(
          p.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
