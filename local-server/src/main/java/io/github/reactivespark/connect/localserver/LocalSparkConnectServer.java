package io.github.reactivespark.connect.localserver;

import io.github.reactivespark.connect.spi.LocalServerProvider;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A real Apache Spark Connect 4.1 server running in a separate JVM on {@code 127.0.0.1}, for tests, samples and
 * {@code SparkSession.builder().remote("local")}.
 *
 * <pre>{@code
 * try (LocalSparkConnectServer server = LocalSparkConnectServer.start(Map.of("spark.sql.shuffle.partitions", "4"))) {
 *   String url = server.remote(); // sc://127.0.0.1:41234
 *   ...
 * }
 * }</pre>
 *
 * <h2>Sharing</h2>
 * Each {@link #start} returns a new handle. Handles started with equal conf maps share one server process; the
 * process stops when the last handle is closed, and at the latest when this JVM exits. This process-wide,
 * reference-counted registry is the library's only global state: a server is a process, that is, a resource of
 * the whole JVM rather than of an object in it.
 *
 * <h2>The server JVM</h2>
 * Started with {@code $java.home/bin/java}, Spark's Java 17 {@code --add-opens} flags, the Spark classpath recorded
 * by the {@code spark-server-runtime} artifact, a free port (found by binding port 0), the gRPC endpoint bound to
 * {@code 127.0.0.1}, {@code spark.ui.enabled=false}, and a fresh temporary work directory (working directory,
 * {@code spark.sql.warehouse.dir}, Derby home, {@code java.io.tmpdir}) that is deleted when the server stops.
 * Each conf is passed as {@code -Dkey=value}. Output goes to a log file ({@link #logFile()}) that is kept after
 * the server stops and named in every startup error.
 *
 * <p>The server never outlives this JVM: a shutdown hook stops it (SIGTERM, then SIGKILL after 10 s), and if this
 * JVM is killed without running hooks the server notices that its standard input closed and exits by itself
 * ({@link ParentWatchdogMain}).
 *
 * <h2>Options</h2>
 * Confs with launcher meaning, like {@code spark-submit} in client mode:
 * <ul>
 *   <li>{@code spark.master} (default {@code local[2]}, or the system property below);
 *   <li>{@code spark.driver.memory}: the server's {@code -Xmx};
 *   <li>{@code spark.driver.extraJavaOptions}: whitespace-separated JVM options for the server;
 *   <li>{@code spark.driver.extraClassPath}: jars appended to the server's classpath (for example Delta Lake).
 * </ul>
 * System properties of this JVM, read at each start:
 * <ul>
 *   <li>{@code reactivespark.localserver.master} default master (default {@code local[2]});
 *   <li>{@code reactivespark.localserver.heap} default heap, as in {@code -Xmx} (default {@code 3g});
 *   <li>{@code reactivespark.localserver.startTimeoutSeconds} readiness timeout (default {@code 120});
 *   <li>{@code reactivespark.localserver.jvmOptions} extra whitespace-separated server JVM options;
 *   <li>{@code reactivespark.localserver.classpath} a Spark classpath to use instead of the bundled one;
 *   <li>{@code reactivespark.localserver.java} the {@code java} executable (default {@code $java.home/bin/java});
 *   <li>{@code reactivespark.localserver.logDir} where log files go (default {@code java.io.tmpdir}).
 * </ul>
 * The keys {@code spark.connect.grpc.binding.port} and {@code spark.connect.grpc.binding.address} are the
 * launcher's own and rejected.
 *
 * <p>Thread-safe. {@link #start} blocks until the server accepts connections (about 6 to 25 s).
 */
public final class LocalSparkConnectServer implements LocalServerProvider.LocalServer {

  /** Prefix of the system properties this class reads. */
  public static final String PROPERTY_PREFIX = LaunchSettings.PREFIX;

  private final ServerRegistry.Lease lease;
  private final AtomicBoolean closed = new AtomicBoolean();

  private LocalSparkConnectServer(ServerRegistry.Lease lease) {
    this.lease = lease;
  }

  /**
   * Starts a server with default confs, or joins the running one.
   *
   * @return a new handle on the running server; close it when done
   * @throws IllegalStateException if the server cannot be started (the message names the log file)
   */
  public static LocalSparkConnectServer start() {
    return start(Map.of());
  }

  /**
   * Starts a server with these confs, or joins the one already running with an equal conf map. Blocking.
   *
   * @param serverConfs Spark confs ({@code spark.*} keys) applied at server start; may be empty
   * @return a new handle on the running server; close it when done
   * @throws IllegalArgumentException if a key does not start with {@code spark.}, or is one the launcher owns
   * @throws IllegalStateException if the server cannot be started in time or exits early (the message names the
   *     log file and quotes its last lines)
   */
  public static LocalSparkConnectServer start(Map<String, String> serverConfs) {
    validate(serverConfs);
    return new LocalSparkConnectServer(ServerRegistry.acquire(serverConfs));
  }

  private static void validate(Map<String, String> confs) {
    confs.forEach((key, value) -> {
      if (key == null || value == null) {
        throw new IllegalArgumentException("Server confs must not contain null keys or values: " + confs);
      }
      if (!key.startsWith("spark.")) {
        throw new IllegalArgumentException("Server conf keys must start with 'spark.': " + key);
      }
      if (key.equals("spark.connect.grpc.binding.port") || key.equals("spark.connect.grpc.binding.address")) {
        throw new IllegalArgumentException(key + " is chosen by the launcher (free port on 127.0.0.1)");
      }
    });
  }

  /**
   * The connection string of the server.
   *
   * @return for example {@code sc://127.0.0.1:41234}
   */
  @Override
  public String remote() {
    return "sc://127.0.0.1:" + port();
  }

  /**
   * The server's gRPC port on {@code 127.0.0.1}.
   *
   * @return the TCP port
   */
  public int port() {
    return lease.process().port();
  }

  /**
   * The operating-system process id of the server JVM.
   *
   * @return the pid, for example for {@link ProcessHandle#of(long)}
   */
  public long pid() {
    return lease.process().pid();
  }

  /**
   * The file receiving the server's standard output and error; kept after the server stops.
   *
   * @return the log file path
   */
  public Path logFile() {
    return lease.process().logFile();
  }

  /** The server's temporary work directory (deleted when it stops); for tests. */
  Path workDir() {
    return lease.process().workDir();
  }

  /**
   * Whether the server process is still running (it may be shared with, and kept alive by, other handles).
   *
   * @return {@code true} while the process lives and has not been stopped
   */
  public boolean isRunning() {
    return lease.process().isAlive();
  }

  /**
   * Releases this handle; the server stops (blocking up to about 20 s) when the last handle on it is closed.
   * Idempotent.
   */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      ServerRegistry.release(lease.entry());
    }
  }

  @Override
  public String toString() {
    return "LocalSparkConnectServer[" + remote() + ", pid " + pid() + ", log " + logFile() + "]";
  }

  /**
   * Starts a server for other clients, prints its {@code sc://} url and runs until interrupted (Ctrl-C).
   *
   * <p>Arguments are confs: {@code spark.key=value}, optionally each preceded by {@code --conf}. Exits with
   * status 1 if the server cannot start or dies.
   *
   * @param args confs, for example {@code --conf spark.sql.shuffle.partitions=4}
   */
  public static void main(String[] args) {
    Map<String, String> confs = new LinkedHashMap<>();
    for (String arg : args) {
      if (arg.equals("--conf")) {
        continue;
      }
      int eq = arg.indexOf('=');
      if (eq <= 0) {
        System.err.println("Usage: LocalSparkConnectServer [--conf spark.key=value]...");
        System.exit(2);
      }
      confs.put(arg.substring(0, eq), arg.substring(eq + 1));
    }
    LocalSparkConnectServer server;
    try {
      server = start(confs);
    } catch (RuntimeException e) {
      System.err.println(e.getMessage());
      System.exit(1);
      return;
    }
    System.out.println(server.remote());
    System.out.println("Spark Connect server running (pid " + server.pid() + ", log " + server.logFile()
        + "). Press Ctrl-C to stop.");
    System.out.flush();
    ProcessHandle.of(server.pid()).ifPresent(handle -> handle.onExit().join());
    System.err.println("The Spark Connect server exited; see " + server.logFile());
    System.exit(1);
  }
}
