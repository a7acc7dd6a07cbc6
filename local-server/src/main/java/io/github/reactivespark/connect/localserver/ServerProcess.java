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
 * One JVM of a local Spark deployment (the Spark Connect server, a standalone Master or a Worker): how it is
 * launched, how we wait for it, how it is stopped.
 *
 * <p>Not shared state by itself: {@link ServerDeployment} groups the processes of one server, {@link ServerRegistry}
 * decides who uses which.
 */
final class ServerProcess {

  /** The line {@code SparkConnectServer} logs once its gRPC server listens. */
  static final String READY_LINE = "Spark Connect server started at:";

  static final String LOOPBACK = "127.0.0.1";
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

  private final Spec spec;
  private final Process process;
  /** Write end of the child's stdin: held open, never written; its closing tells the child we are gone. */
  private final OutputStream parentPipe;
  private final int port;
  private final Path logFile;
  private final Path workDir;
  private final AtomicBoolean stopped = new AtomicBoolean();

  private ServerProcess(Spec spec, Process process, int port, Path logFile, Path workDir) {
    this.spec = spec;
    this.process = process;
    this.parentPipe = process.getOutputStream();
    this.port = port;
    this.logFile = logFile;
    this.workDir = workDir;
  }

  int port() {
    return port;
  }

  String role() {
    return spec.role();
  }

  /** The pids of the process's live descendants (a Worker's executors); for tests. */
  List<Long> descendants() {
    return process.descendants().map(ProcessHandle::pid).toList();
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
   * What to run in one JVM.
   *
   * @param role short name for logs and file names ({@code connect}, {@code master}, {@code worker-1})
   * @param mainClass the Spark main class {@link ParentWatchdogMain} runs
   * @param args its arguments
   * @param sparkProps system properties ({@code -Dkey=value}), Spark confs among them
   * @param heap {@code -Xmx} value
   * @param jvmOptions more JVM options (after the launcher's)
   * @param env environment variables added to the child's (this JVM's) environment
   * @param classpath Spark's classpath (the launcher's own code source goes first)
   * @param workDir the process's temporary work directory, deleted when it stops
   * @param port the port it will listen on, or 0 if not known in advance
   * @param readyLine the log line that says it is ready
   * @param portMeansReady whether accepting TCP on {@code port} also counts as ready
   */
  record Spec(String role, String mainClass, List<String> args, Map<String, String> sparkProps, String heap,
      List<String> jvmOptions, Map<String, String> env, List<String> classpath, Path workDir, int port,
      String readyLine, boolean portMeansReady) {}

  /** A fresh temporary work directory for one process. */
  static Path newWorkDir(String role) {
    try {
      return Files.createTempDirectory("reactive-spark-" + role + "-");
    } catch (IOException e) {
      throw new IllegalStateException("Cannot create a work directory for the local Spark " + role, e);
    }
  }

  /**
   * Launches a JVM (it is not ready yet: call {@link #awaitReady}).
   *
   * @param spec what to run; its work directory is deleted if the launch fails
   */
  static ServerProcess launch(Spec spec, LaunchSettings settings) {
    Path workDir = spec.workDir();
    Path logFile;
    try {
      Files.createDirectories(settings.logDir());
      logFile = Files.createTempFile(settings.logDir(), "spark-" + spec.role() + "-", ".log");
    } catch (IOException e) {
      deleteRecursively(workDir);
      throw new IllegalStateException("Cannot create the log file of the local Spark " + spec.role(), e);
    }
    List<String> command = command(spec, settings);
    ProcessBuilder builder = new ProcessBuilder(command)
        .directory(workDir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
        .redirectInput(ProcessBuilder.Redirect.PIPE);
    builder.environment().putAll(spec.env());
    Process process;
    try {
      Files.writeString(logFile, "# " + String.join(" ", command) + System.lineSeparator());
      process = builder.start();
    } catch (IOException e) {
      deleteRecursively(workDir);
      throw new IllegalStateException(
          "Cannot start the local Spark " + spec.role() + " JVM (" + command.get(0) + "); log file: " + logFile, e);
    }
    return new ServerProcess(spec, process, spec.port(), logFile, workDir);
  }

  private static List<String> command(Spec spec, LaunchSettings settings) {
    List<String> command = new ArrayList<>();
    command.add(settings.javaExecutable().toString());
    command.add("-Xmx" + spec.heap());
    // A JVM out of heap is not safe to go on with. Spark's own handler stops the SparkContext and calls System.exit
    // from the task thread; once (2026-12-01) a server then kept its gRPC port open without answering any session
    // for over a minute. Exiting at the first OutOfMemoryError does not depend on that path: clients see the
    // connection go (UNAVAILABLE, then the retry policy's typed error) and the registry starts a new server for the
    // next lease. ServerOutOfMemoryIT checks the outcome (it passes without the flag too: the hang was not
    // reproduced).
    command.add("-XX:+ExitOnOutOfMemoryError");
    command.addAll(JAVA17_FLAGS);
    command.add("-Djava.io.tmpdir=" + createDir(spec.workDir().resolve("tmp")));
    command.add("-Dderby.system.home=" + spec.workDir().resolve("derby"));
    command.add("-D" + ParentWatchdogMain.WORK_DIR_PROPERTY + "=" + spec.workDir());
    command.add("-D" + ParentWatchdogMain.MAIN_CLASS_PROPERTY + "=" + spec.mainClass());
    command.addAll(settings.jvmOptions());
    command.addAll(spec.jvmOptions());
    new TreeMap<>(spec.sparkProps()).forEach((key, value) -> command.add("-D" + key + "=" + value));
    command.add("-cp");
    List<String> entries = new ArrayList<>();
    entries.add(ownCodeSource());
    entries.addAll(spec.classpath());
    command.add(String.join(File.pathSeparator, entries));
    command.add(ParentWatchdogMain.class.getName());
    command.addAll(spec.args());
    return command;
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

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("Cannot find a free local port for the local Spark server", e);
    }
  }

  /**
   * Waits until the process logs its ready line (or accepts a TCP connection on its port, if that counts).
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
      if (readLog().contains(spec.readyLine()) || (spec.portMeansReady() && acceptsConnections())) {
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
    return "Local Spark " + spec.role() + " (pid " + process.pid() + (port > 0 ? ", port " + port : "") + ") " + what
        + "; log file: " + logFile + System.lineSeparator()
        + "--- last lines of " + logFile.getFileName() + " ---" + System.lineSeparator()
        + String.join(System.lineSeparator(), logTail(LOG_TAIL_LINES));
  }

  String readLog() {
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
    return "ServerProcess[" + spec.role() + ", pid=" + process.pid() + ", port=" + port + ", log=" + logFile + "]";
  }
}
