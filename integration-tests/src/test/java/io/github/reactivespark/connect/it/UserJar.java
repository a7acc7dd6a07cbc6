package io.github.reactivespark.connect.it;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * A user's jar, built at test time: the Java sources below a directory compiled with the JDK's compiler against
 * Spark's API jars (named by the system property {@code it.sparkApiClasspath}, which the build fills from its test
 * dependencies), then packed. The test JVM itself never loads these classes: in the default pass it has no Spark at
 * all; the jar goes to the server as a session artifact.
 */
public final class UserJar {

  private UserJar() {}

  /** Spark's API jars to compile against. */
  static String sparkApiClasspath() {
    String cp = System.getProperty("it.sparkApiClasspath", "");
    if (cp.isBlank()) {
      throw new IllegalStateException("-Dit.sparkApiClasspath is not set (the integration-tests pom sets it)");
    }
    return cp;
  }

  /**
   * Compiles every {@code .java} file below {@code sources} and writes the classes as a jar.
   *
   * @param sources a source root, e.g. {@code src/test/udfs}
   * @param jar the jar to write
   * @return {@code jar}
   */
  public static Path build(Path sources, Path jar) throws IOException {
    Path classes = Files.createTempDirectory("user-jar-classes");
    List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-classpath", sparkApiClasspath(),
        "--release", "17", "-nowarn", "-Xlint:none"));
    try (Stream<Path> files = Files.walk(sources)) {
      files.filter(f -> f.toString().endsWith(".java")).map(Path::toString).sorted().forEach(args::add);
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    int rc = javac.run(null, err, err, args.toArray(String[]::new));
    if (rc != 0) {
      throw new IllegalStateException("javac failed (" + rc + ") for " + sources + ": " + err);
    }
    try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out);
         Stream<Path> files = Files.walk(classes)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        j.putNextEntry(new JarEntry(classes.relativize(f).toString().replace(File.separatorChar, '/')));
        j.write(Files.readAllBytes(f));
        j.closeEntry();
      }
    }
    return jar;
  }

  /** {@code src/test/<name>} of this module. */
  public static Path sources(String name) {
    return Paths.get("src", "test", name).toAbsolutePath();
  }
}
