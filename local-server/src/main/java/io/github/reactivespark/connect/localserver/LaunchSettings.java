package io.github.reactivespark.connect.localserver;

import java.io.File;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * How server JVMs are launched, read from system properties at each start (see
 * {@link LocalSparkConnectServer} for the list).
 *
 * @param sparkClasspath a Spark classpath given by {@code reactivespark.localserver.classpath}, or empty to
 *     resolve Spark's jars with {@link ServerClasspath}
 */
record LaunchSettings(
    Path javaExecutable,
    String heap,
    String daemonHeap,
    String master,
    Duration startTimeout,
    List<String> jvmOptions,
    List<String> sparkClasspath,
    Path logDir) {

  static final String PREFIX = "reactivespark.localserver.";

  static LaunchSettings fromSystemProperties() {
    Path java = Paths.get(property("java", Paths.get(System.getProperty("java.home"), "bin", "java").toString()));
    String heap = property("heap", "3g");
    String daemonHeap = property("daemonHeap", "512m");
    String master = property("master", "local[2]");
    Duration timeout = Duration.ofSeconds(Long.parseLong(property("startTimeoutSeconds", "120")));
    String options = property("jvmOptions", "").trim();
    List<String> jvmOptions = options.isEmpty() ? List.of() : Arrays.asList(options.split("\\s+"));
    String classpathOverride = property("classpath", "");
    List<String> classpath = classpathOverride.isBlank()
        ? List.of()
        : Arrays.stream(classpathOverride.split(File.pathSeparator)).filter(s -> !s.isBlank()).toList();
    Path logDir = Paths.get(property("logDir", System.getProperty("java.io.tmpdir")));
    return new LaunchSettings(java, heap, daemonHeap, master, timeout, List.copyOf(jvmOptions), classpath, logDir);
  }

  private static String property(String name, String defaultValue) {
    return System.getProperty(PREFIX + name, defaultValue);
  }

  /** The {@code JAVA_HOME} of {@link #javaExecutable()} ({@code .../bin/java} → {@code ...}). */
  Path javaHome() {
    Path bin = javaExecutable().toAbsolutePath().getParent();
    Path home = bin == null ? null : bin.getParent();
    return home == null ? Paths.get(System.getProperty("java.home")) : home;
  }
}
