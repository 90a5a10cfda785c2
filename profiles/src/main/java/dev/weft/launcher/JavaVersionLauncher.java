package dev.weft.launcher;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * The runnable jars' {@code Main-Class}: compiled for Java 8 so that it loads on any Java a user
 * may have on the PATH, it checks the running Java's version before anything compiled for Java 21
 * is touched. On an older Java it prints one line (the Java found, the Java needed, how to point at
 * one) and exits with status 1, instead of the {@code UnsupportedClassVersionError} stack the real
 * main class would cause; otherwise it calls the real main class, found by reflection so that this
 * class never links against it.
 *
 * <p>Its jar's manifest names the tool ({@code Weft-Tool}), the real main class ({@code
 * Weft-Main-Class}) and the Java feature version the rest of the jar is compiled for ({@code
 * Weft-Java-Release}).
 */
public final class JavaVersionLauncher {
  private JavaVersionLauncher() {}

  public static void main(String[] args) throws Throwable {
    Attributes manifest = ownManifest();
    String tool = required(manifest, "Weft-Tool");
    String mainClass = required(manifest, "Weft-Main-Class");
    int needed = Integer.parseInt(required(manifest, "Weft-Java-Release"));
    int running = featureVersion(System.getProperty("java.specification.version"));
    if (running < needed) {
      System.err.println(tooOld(tool, needed));
      System.exit(1);
    }
    Method main = Class.forName(mainClass).getMethod("main", String[].class);
    try {
      main.invoke(null, (Object) args);
    } catch (InvocationTargetException e) {
      // What the real main threw, as if it had been called directly.
      throw e.getCause();
    }
  }

  /** The one line printed on a Java older than {@code needed}. */
  static String tooOld(String tool, int needed) {
    String home = System.getProperty("java.home");
    return tool
        + " needs Java "
        + needed
        + " or newer; this is Java "
        + System.getProperty("java.version")
        + " at "
        + home
        + "; set JAVA_HOME to a Java "
        + needed
        + "+ and run $JAVA_HOME/bin/java -jar, or run the jar with any Java "
        + needed
        + "+ binary";
  }

  /** {@code "1.8"} is 8, {@code "17"} is 17. */
  static int featureVersion(String specificationVersion) {
    String v =
        specificationVersion.startsWith("1.")
            ? specificationVersion.substring(2)
            : specificationVersion;
    int dot = v.indexOf('.');
    return Integer.parseInt(dot < 0 ? v : v.substring(0, dot));
  }

  private static String required(Attributes manifest, String name) throws IOException {
    String value = manifest.getValue(name);
    if (value == null) {
      throw new IOException("the jar's manifest has no " + name + " attribute");
    }
    return value;
  }

  /** The main attributes of the jar this class was loaded from. */
  private static Attributes ownManifest() throws IOException, URISyntaxException {
    File jar =
        new File(
            JavaVersionLauncher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    try (JarFile file = new JarFile(jar)) {
      Manifest manifest = file.getManifest();
      if (manifest == null) {
        throw new IOException(jar + " has no manifest");
      }
      return manifest.getMainAttributes();
    }
  }
}
