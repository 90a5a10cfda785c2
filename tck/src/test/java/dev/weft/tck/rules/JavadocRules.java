package dev.weft.tck.rules;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The rules the SPI Javadoc states. A rule is a list item that opens with its bold ID ({@code
 * <li><b>WAIT-3</b> ...}), which binds every backend, or a {@code Capability} constant whose
 * comment opens with {@code CAP-ID:}, which binds a backend that declares that capability. Every
 * other ID-shaped word in a comment is a reference to a rule, and is collected so that a reference
 * to a rule that does not exist can be reported.
 */
final class JavadocRules {
  static final String ID = "[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*-[A-Z0-9]+";

  private static final Pattern COMMENT = Pattern.compile("/\\*\\*(.*?)\\*/", Pattern.DOTALL);
  private static final Pattern REQUIRED = Pattern.compile("<b>(" + ID + ")</b>");
  private static final Pattern CAPABILITY =
      Pattern.compile(
          "/\\*\\*[\\s*]*(CAP-[A-Z0-9]+):.*?\\*/\\s*([A-Z][A-Z0-9_]*)\\b", Pattern.DOTALL);
  private static final Pattern MENTION = Pattern.compile("\\b(" + ID + ")\\b");

  /** What a source tree states: its rules, and every rule ID its comments mention. */
  record Found(List<RuleListing> rules, List<RuleListing> mentions) {}

  private JavadocRules() {}

  /** Reads every {@code .java} file under {@code sourceRoot}; {@code base} shortens the paths. */
  static Found read(Path base, Path sourceRoot) {
    List<RuleListing> rules = new ArrayList<>();
    List<RuleListing> mentions = new ArrayList<>();
    try (Stream<Path> files = Files.walk(sourceRoot)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
        Found one = parse(Files.readString(file), base.relativize(file).toString());
        rules.addAll(one.rules());
        mentions.addAll(one.mentions());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Found(rules, mentions);
  }

  /** The rules and mentions in one source file's text; {@code file} names it in each listing. */
  static Found parse(String source, String file) {
    List<RuleListing> rules = new ArrayList<>();
    List<RuleListing> mentions = new ArrayList<>();
    Matcher comment = COMMENT.matcher(source);
    while (comment.find()) {
      String text = comment.group(1);
      Matcher bold = REQUIRED.matcher(text);
      while (bold.find()) {
        String where = file + ":" + line(source, comment.start(1) + bold.start());
        rules.add(new RuleListing(bold.group(1), RuleListing.REQUIRED, null, where));
      }
      Matcher mention = MENTION.matcher(text);
      while (mention.find()) {
        String where = file + ":" + line(source, comment.start(1) + mention.start());
        mentions.add(new RuleListing(mention.group(1), null, null, where));
      }
    }
    Matcher cap = CAPABILITY.matcher(source);
    while (cap.find()) {
      String where = file + ":" + line(source, cap.start(1));
      rules.add(new RuleListing(cap.group(1), RuleListing.capability(cap.group(2)), null, where));
    }
    return new Found(rules, mentions);
  }

  private static int line(String text, int offset) {
    int line = 1;
    for (int i = 0; i < offset; i++) {
      if (text.charAt(i) == '\n') {
        line++;
      }
    }
    return line;
  }
}
