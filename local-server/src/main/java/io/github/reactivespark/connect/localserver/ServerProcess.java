package io.github.reactivespark.connect.localserver;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.CodeSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * One Spark Connect server JVM: how it is launched, how we wait for it, how it is stopped.
 *
 * <p>Not shared state by itself: {@link ServerRegistry} decides who uses which process.
 */
final class ServerProcess {

  /** The line {@code SparkConnectServer} logs once its gRPC server listens. */
  static final String READY_LINE = "Spark Connect server started at:";

  /** Resource written by the {@code spark-server-runtime} module's build. */
  static final String CLASSPATH_RESOURCE = "io/github/reactivespark/connect/localserver/spark-server-classpath.txt";

  private static final String LOOPBACK = "127.0.0.1";
  private static final int LOG_TAIL_LINES = 40;
  private static final long GRACEFUL_STOP_SECONDS = 10;
  private static final Duration GRACEFUL_STOP = Duration.ofSeconds(GRACEFUL_STOP_SECONDS);

  private static final List<String> JAVA17_FLAGS = List.of(
      "--add-opens=java.base/java.lang=ALL-UNNAMED",
      "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
      "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
      "--add-opens=java.base/java.io=ALL-UNNAMED",
      "--add-opens=java.base/java.net=ALL-UNNAMED",
      "--add-opens=java.base/java.nio=ALL-UNNAMED",
      "--add-opens=java.base/java.util=ALL-UNNAMED",
      "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
      "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
      "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
      "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
      "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
      "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
      "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
      "-Djdk.reflect.useDirectMethodHandle=false",
      "-Dio.netty.tryReflectionSetAccessible=true");

  private final Process process;
  /** Write end of the child's stdin: held open, never written; its closing tells the child we are gone. */
  private final OutputStream parentPipe;
  private final int port;
  private final Path logFile;
  private final Path workDir;
  private final AtomicBoolean stopped = new AtomicBoolean();

  private ServerProcess(Process process, int port, Path logFile, Path workDir) {
    this.process = process;
    this.parentPipe = process.getOutputStream();
    this.port = port;
    this.logFile = logFile;
    this.workDir = workDir;
  }

  int port() {
    return port;
  }

  long pid() {
    return process.pid();
  }

  Path logFile() {
    return logFile;
  }

  Path workDir() {
    return workDir;
  }

  boolean isAlive() {
    return process.isAlive() && !stopped.get();
  }

  /**
   * Launches a server JVM (it is not ready yet: call {@link #awaitReady}).
   *
   * @param confs validated {@code spark.*} confs
   */
  static ServerProcess launch(Map<String, String> confs, LaunchSettings settings) {
    Path workDir;
    Path logFile;
    try {
      workDir = Files.createTempDirectory("reactive-spark-connect-server-");
      Files.createDirectories(settings.logDir());
      logFile = Files.createTempFile(settings.logDir(), "spark-connect-server-", ".log");
    } catch (IOException e) {
      throw new IllegalStateException("Cannot create the local Spark Connect server's work directory or log file", e);
    }
    int port = freePort();
    List<String> command = command(confs, settings, workDir, port);
    ProcessBuilder builder = new ProcessBuilder(command)
        .directory(workDir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
        .redirectInput(ProcessBuilder.Redirect.PIPE);
    Process process;
    try {
      Files.writeString(logFile, "# " + String.join(" ", command) + System.lineSeparator());
      process = builder.start();
    } catch (IOException e) {
      deleteRecursively(workDir);
      throw new IllegalStateException(
          "Cannot start the local Spark Connect server JVM (" + command.get(0) + "); log file: " + logFile, e);
    }
    return new ServerProcess(process, port, logFile, workDir);
  }

  private static List<String> command(Map<String, String> confs, LaunchSettings settings, Path workDir, int port) {
    // Later -D definitions of the same key win: launcher defaults, then the caller's confs, then what must hold.
    Map<String, String> sparkProps = new TreeMap<>();
    sparkProps.put("spark.master", settings.master());
    sparkProps.put("spark.ui.enabled", "false");
    sparkProps.put("spark.sql.warehouse.dir", workDir.resolve("spark-warehouse").toUri().toString());
    sparkProps.putAll(confs);
    sparkProps.put("spark.connect.grpc.binding.address", LOOPBACK);
    sparkProps.put("spark.connect.grpc.binding.port", Integer.toString(port));

    List<String> command = new ArrayList<>();
    command.add(settings.javaExecutable().toString());
    command.add("-Xmx" + confs.getOrDefault("spark.driver.memory", settings.heap()));
    command.addAll(JAVA17_FLAGS);
    command.add("-Djava.io.tmpdir=" + createDir(workDir.resolve("tmp")));
    command.add("-Dderby.system.home=" + workDir.resolve("derby"));
    command.add("-D" + ParentWatchdogMain.WORK_DIR_PROPERTY + "=" + workDir);
    command.addAll(settings.jvmOptions());
    String extraJavaOptions = confs.get("spark.driver.extraJavaOptions");
    if (extraJavaOptions != null && !extraJavaOptions.isBlank()) {
      command.addAll(Arrays.asList(extraJavaOptions.trim().split("\\s+")));
    }
    sparkProps.forEach((key, value) -> command.add("-D" + key + "=" + value));
    command.add("-cp");
    command.add(classpath(settings, confs.get("spark.driver.extraClassPath")));
    command.add(ParentWatchdogMain.class.getName());
    return command;
  }

  private static String classpath(LaunchSettings settings, String extraClassPath) {
    List<String> entries = new ArrayList<>();
    entries.add(ownCodeSource());
    entries.addAll(settings.sparkClasspath());
    if (extraClassPath != null && !extraClassPath.isBlank()) {
      entries.addAll(Arrays.asList(extraClassPath.split(File.pathSeparator)));
    }
    return String.join(File.pathSeparator, entries);
  }

  /** The jar (or classes directory) holding {@link ParentWatchdogMain}. */
  private static String ownCodeSource() {
    CodeSource source = ParentWatchdogMain.class.getProtectionDomain().getCodeSource();
    if (source == null) {
      throw new IllegalStateException("Cannot locate the local-server code source for " + ParentWatchdogMain.class);
    }
    try {
      return Paths.get(source.getLocation().toURI()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException("Cannot locate the local-server code source: " + source.getLocation(), e);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("Cannot find a free local port for the Spark Connect server", e);
    }
  }

  /**
   * Waits until the server logs {@link #READY_LINE} or accepts a TCP connection on its port.
   *
   * @throws IllegalStateException on timeout or early exit (the process is stopped first); the message names the
   *     log file and quotes its last lines
   */
  void awaitReady(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (!process.isAlive()) {
        int exit = process.exitValue();
        stop();
        throw new IllegalStateException(failure("exited with code " + exit + " before it was ready"));
      }
      if (logContainsReadyLine() || acceptsConnections()) {
        return;
      }
      if (System.nanoTime() - deadline > 0) {
        stop();
        throw new IllegalStateException(failure("was not ready within " + timeout.toSeconds() + " s"));
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        stop();
        Thread.currentThread().interrupt();
        throw new IllegalStateException(failure("start was interrupted"), e);
      }
    }
  }

  private String failure(String what) {
    return "Local Spark Connect server (pid " + process.pid() + ", port " + port + ") " + what
        + "; log file: " + logFile + System.lineSeparator()
        + "--- last lines of " + logFile.getFileName() + " ---" + System.lineSeparator()
        + String.join(System.lineSeparator(), logTail(LOG_TAIL_LINES));
  }

  private boolean logContainsReadyLine() {
    return readLog().contains(READY_LINE);
  }

  private String readLog() {
    try {
      return new String(Files.readAllBytes(logFile), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  List<String> logTail(int lines) {
    List<String> all = readLog().lines().toList();
    return all.subList(Math.max(0, all.size() - lines), all.size());
  }

  private boolean acceptsConnections() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(LOOPBACK, port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Sends the termination request without waiting (lets a shutdown hook stop several servers at once). */
  void requestStop() {
    process.destroy();
  }

  /**
   * Stops the process (SIGTERM, then after {@value #GRACEFUL_STOP_SECONDS} s SIGKILL) and deletes its work
   * directory. The log file stays for diagnosis. Idempotent.
   */
  void stop() {
    if (!stopped.compareAndSet(false, true)) {
      return;
    }
    List<ProcessHandle> descendants = process.descendants().toList();
    process.destroy();
    try {
      if (!process.waitFor(GRACEFUL_STOP.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        process.waitFor(GRACEFUL_STOP.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    } finally {
      descendants.forEach(ProcessHandle::destroyForcibly);
      closeQuietly(parentPipe);
      closeQuietly(process.getInputStream());
      deleteRecursively(workDir);
    }
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      // nothing useful to do
    }
  }

  private static Path createDir(Path dir) {
    try {
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> {
        try {
          Files.deleteIfExists(path);
        } catch (IOException e) {
          // best effort: a file still held open by a dying process
        }
      });
    } catch (IOException | UncheckedIOException e) {
      // best effort
    }
  }

  @Override
  public String toString() {
    return "ServerProcess[pid=" + process.pid() + ", port=" + port + ", log=" + logFile + "]";
  }
}
