package io.github.reactivespark.connect.localserver;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * How server JVMs are launched, read from system properties at each start (see
 * {@link LocalSparkConnectServer} for the list).
 */
record LaunchSettings(
    Path javaExecutable,
    String heap,
    String master,
    Duration startTimeout,
    List<String> jvmOptions,
    List<String> sparkClasspath,
    Path logDir) {

  static final String PREFIX = "reactivespark.localserver.";

  static LaunchSettings fromSystemProperties() {
    Path java = Paths.get(property("java", Paths.get(System.getProperty("java.home"), "bin", "java").toString()));
    String heap = property("heap", "3g");
    String master = property("master", "local[2]");
    Duration timeout = Duration.ofSeconds(Long.parseLong(property("startTimeoutSeconds", "120")));
    String options = property("jvmOptions", "").trim();
    List<String> jvmOptions = options.isEmpty() ? List.of() : Arrays.asList(options.split("\\s+"));
    String classpathOverride = property("classpath", "");
    List<String> classpath = classpathOverride.isBlank()
        ? bundledSparkClasspath()
        : Arrays.asList(classpathOverride.split(File.pathSeparator));
    Path logDir = Paths.get(property("logDir", System.getProperty("java.io.tmpdir")));
    return new LaunchSettings(java, heap, master, timeout, List.copyOf(jvmOptions), List.copyOf(classpath), logDir);
  }

  private static String property(String name, String defaultValue) {
    return System.getProperty(PREFIX + name, defaultValue);
  }

  /** Reads the classpath the {@code spark-server-runtime} build resolved, and checks that its jars exist. */
  static List<String> bundledSparkClasspath() {
    ClassLoader loader = LaunchSettings.class.getClassLoader();
    InputStream in = loader == null ? null : loader.getResourceAsStream(ServerProcess.CLASSPATH_RESOURCE);
    if (in == null) {
      throw new IllegalStateException("Resource " + ServerProcess.CLASSPATH_RESOURCE + " not found: put "
          + "io.github.reactivespark:reactive-spark-connect-spark-server-runtime on the classpath, or set -D" + PREFIX
          + "classpath to a Spark 4.1 classpath (spark-sql, spark-connect, spark-mllib and their dependencies)");
    }
    String text;
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      text = reader.lines().collect(Collectors.joining(File.pathSeparator));
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read " + ServerProcess.CLASSPATH_RESOURCE, e);
    }
    List<String> entries = Arrays.stream(text.split(File.pathSeparator))
        .map(String::trim)
        .filter(entry -> !entry.isEmpty())
        .toList();
    List<String> missing = entries.stream().filter(entry -> !Files.exists(Paths.get(entry))).toList();
    if (entries.isEmpty() || !missing.isEmpty()) {
      throw new IllegalStateException("The Spark server classpath recorded at build time is "
          + (entries.isEmpty() ? "empty" : "incomplete on this machine; missing e.g. " + missing.get(0))
          + ". Resolve io.github.reactivespark:reactive-spark-connect-spark-server-runtime's dependencies here"
          + " (mvn dependency:resolve), "
          + "or set -D" + PREFIX + "classpath");
    }
    return entries;
  }
}
