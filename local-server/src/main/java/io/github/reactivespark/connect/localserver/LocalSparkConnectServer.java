package io.github.reactivespark.connect.localserver;

import io.github.reactivespark.connect.spi.LocalServerProvider;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A real Apache Spark Connect 4.1 server running in a separate JVM on {@code 127.0.0.1}, for tests, samples and
 * {@code SparkSession.builder().remote("local")}; optionally with Maven packages such as Delta Lake on its
 * classpath, and optionally on a standalone Spark cluster of its own.
 *
 * <pre>{@code
 * try (LocalSparkConnectServer server = LocalSparkConnectServer.start(Map.of("spark.sql.shuffle.partitions", "4"))) {
 *   String url = server.remote(); // sc://127.0.0.1:41234/;token=...
 *   ...
 * }
 * try (LocalSparkConnectServer server = LocalSparkConnectServer.start(
 *     LocalServerOptions.builder().delta().cluster(2, 1, "1g").build())) {
 *   ...
 * }
 * }</pre>
 *
 * <h2>Sharing</h2>
 * Each {@link #start} returns a new handle. Handles started with equal {@link LocalServerOptions} share one server
 * (its processes); it stops when the last handle is closed, and at the latest when this JVM exits. This
 * process-wide, reference-counted registry is the library's only global state: a server is a process, that is, a
 * resource of the whole JVM rather than of an object in it.
 *
 * <h2>Spark's jars</h2>
 * Resolved on this machine at first use with Maven Resolver, from the user's Maven settings
 * ({@code ~/.m2/settings.xml}: local repository, mirrors, proxies, credentials, offline) into their local repository
 * ({@code ~/.m2/repository}): {@code spark-sql_2.13}, {@code spark-connect_2.13} 4.1.2 and {@code spark-mllib_2.13}
 * 4.1.0 with their dependencies (about 200 jars, 480 MB), plus the {@link LocalServerOptions#packages() packages}.
 * A progress line goes to standard error while files download. The resolved classpath is cached in a file keyed by
 * the coordinates, so later starts need neither the network nor the resolver.
 *
 * <h2>The server JVM</h2>
 * Started with {@code $java.home/bin/java}, Spark's Java 17 {@code --add-opens} flags, a free port (found by
 * binding port 0), the gRPC endpoint bound to {@code 127.0.0.1}, {@code spark.ui.enabled=false}, and a fresh
 * temporary work directory (working directory, {@code spark.sql.warehouse.dir}, Derby home,
 * {@code java.io.tmpdir}) that is deleted when the server stops. Each conf is passed as {@code -Dkey=value}. Output
 * goes to a log file ({@link #logFile()}) that is kept after the server stops and named in every startup error.
 *
 * <p>Unless {@link LocalServerOptions#authenticate()} is off, each start makes a fresh random pre-shared token
 * (Spark's {@code spark.connect.authenticate.token}, checked by its {@code PreSharedKeyAuthenticationInterceptor}
 * against {@code Authorization: Bearer <token>}); {@link #remote()} carries it. It reaches the server through its
 * environment, never its command line or log.
 *
 * <h2>A standalone cluster</h2>
 * With {@link LocalServerOptions#cluster()}, a standalone {@code Master} and N {@code Worker}s (cores and memory
 * each) start from the same jars on {@code 127.0.0.1}, and the Spark Connect server runs with
 * {@code spark.master=spark://127.0.0.1:<port>} ({@link #masterUrl()}); its executors run in the Workers. Readiness:
 * the Master elected leader, every Worker registered, the server listening. All stop together.
 *
 * <p>No process outlives this JVM: a shutdown hook stops them (SIGTERM, then SIGKILL after 10 s), and if this JVM
 * is killed without running hooks each notices that its standard input closed and exits by itself
 * ({@link ParentWatchdogMain}).
 *
 * <h2>Options</h2>
 * Confs with launcher meaning, like {@code spark-submit} in client mode:
 * <ul>
 *   <li>{@code spark.master} (default {@code local[2]}, or the system property below); {@code local-cluster[N,C,M]}
 *       starts a standalone cluster (see {@link LocalServerOptions#fromConfs(Map)});
 *   <li>{@code spark.jars.packages}: Maven coordinates for the classpath, see {@link LocalServerOptions#packages()};
 *   <li>{@code spark.driver.memory}: the server's {@code -Xmx} (every server JVM runs with
 *       {@code -XX:+ExitOnOutOfMemoryError}: a server out of heap exits at its first {@code OutOfMemoryError}, so
 *       its clients fail typed instead of waiting on a server that no longer answers);
 *   <li>{@code spark.driver.extraJavaOptions}: whitespace-separated JVM options for the server;
 *   <li>{@code spark.driver.extraClassPath}: jars appended to the server's classpath.
 * </ul>
 * System properties of this JVM, read at each start:
 * <ul>
 *   <li>{@code reactivespark.localserver.master} default master (default {@code local[2]});
 *   <li>{@code reactivespark.localserver.heap} default server heap, as in {@code -Xmx} (default {@code 3g});
 *   <li>{@code reactivespark.localserver.daemonHeap} heap of a cluster's Master and Workers (default
 *       {@code 512m});
 *   <li>{@code reactivespark.localserver.startTimeoutSeconds} readiness timeout per process (default {@code 120});
 *   <li>{@code reactivespark.localserver.jvmOptions} extra whitespace-separated JVM options;
 *   <li>{@code reactivespark.localserver.authenticate} {@code false} starts servers without a token;
 *   <li>{@code reactivespark.localserver.localRepository} the Maven local repository (default: the settings',
 *       else {@code ~/.m2/repository});
 *   <li>{@code reactivespark.localserver.settings} the user's Maven settings file (default
 *       {@code ~/.m2/settings.xml}; the global one is {@code $MAVEN_HOME/conf/settings.xml});
 *   <li>{@code reactivespark.localserver.offline} {@code true} resolves from the local repository alone;
 *   <li>{@code reactivespark.localserver.repositories} comma-separated {@code [id=]url} remote repositories
 *       instead of Maven Central and the settings' active profiles (empty: none);
 *   <li>{@code reactivespark.localserver.cacheDir} where resolved classpaths are cached (default
 *       {@code ~/.cache/reactive-spark-connect/server-classpath});
 *   <li>{@code reactivespark.localserver.classpath} a Spark classpath to use instead of resolving one;
 *   <li>{@code reactivespark.localserver.java} the {@code java} executable (default {@code $java.home/bin/java});
 *   <li>{@code reactivespark.localserver.logDir} where log files go (default {@code java.io.tmpdir}).
 * </ul>
 * The keys {@code spark.connect.grpc.binding.port} and {@code spark.connect.grpc.binding.address} are the
 * launcher's own and rejected.
 *
 * <p>Thread-safe. {@link #start} blocks until the server accepts connections (about 6 to 25 s; a cluster about
 * 10 s more; the very first start also downloads Spark's jars).
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
   * Starts a server with these confs, or joins the one already running with equal options. Blocking. The confs
   * are read by {@link LocalServerOptions#fromConfs(Map)}: {@code spark.jars.packages} and
   * {@code spark.master=local-cluster[N,C,M]} have launcher meaning.
   *
   * @param serverConfs Spark confs ({@code spark.*} keys) applied at server start; may be empty
   * @return a new handle on the running server; close it when done
   * @throws IllegalArgumentException if a key does not start with {@code spark.}, or is one the launcher owns
   * @throws io.github.reactivespark.connect.spi.PackageResolutionException if a package (or Spark itself) does
   *     not resolve; no process was started
   * @throws IllegalStateException if the server cannot be started in time or exits early (the message names the
   *     log file and quotes its last lines)
   */
  public static LocalSparkConnectServer start(Map<String, String> serverConfs) {
    serverConfs.forEach((key, value) -> {
      if (key == null || value == null) {
        throw new IllegalArgumentException("Server confs must not contain null keys or values: " + serverConfs);
      }
    });
    return start(LocalServerOptions.fromConfs(serverConfs));
  }

  /**
   * Starts a server with these options, or joins the one already running with equal options. Blocking: resolves
   * the classpath (see "Spark's jars" above), then starts the processes and waits for each.
   *
   * @param options confs, packages, cluster and token settings
   * @return a new handle on the running server; close it when done
   * @throws io.github.reactivespark.connect.spi.PackageResolutionException if a package (or Spark itself) does
   *     not resolve, naming the coordinates; no process was started
   * @throws IllegalStateException if a process cannot be started in time or exits early (the message names its
   *     log file and quotes its last lines); the processes already started are stopped
   */
  public static LocalSparkConnectServer start(LocalServerOptions options) {
    return new LocalSparkConnectServer(ServerRegistry.acquire(options));
  }

  /**
   * Starts (or joins) a server on a standalone cluster of this shape, with default confs: a shortcut for
   * {@code start(LocalServerOptions.builder().cluster(workers, coresPerWorker, memoryPerWorker).build())}.
   *
   * @param workers number of Workers, at least 1
   * @param coresPerWorker cores each Worker offers, at least 1
   * @param memoryPerWorker memory each Worker offers, as {@code 1g} or {@code 768m}
   * @return a new handle on the running server; close it when done
   * @throws IllegalArgumentException for an invalid shape
   * @throws IllegalStateException if a process cannot be started in time
   */
  public static LocalSparkConnectServer startCluster(int workers, int coresPerWorker, String memoryPerWorker) {
    return start(LocalServerOptions.builder().cluster(workers, coresPerWorker, memoryPerWorker).build());
  }

  /**
   * The connection string of the server, with its token if it has one. A token over plaintext is accepted by the
   * client for loopback addresses only, which this is. Treat the string as a secret; {@link #toString()} hides
   * the token.
   *
   * @return for example {@code sc://127.0.0.1:41234/;token=Jx3...}, or {@code sc://127.0.0.1:41234} without a token
   */
  @Override
  public String remote() {
    return "sc://" + ServerProcess.LOOPBACK + ":" + port()
        + lease.deployment().token().map(t -> "/;token=" + t).orElse("");
  }

  /**
   * The options this server was started with (shared by every handle on it).
   *
   * @return the options
   */
  public LocalServerOptions options() {
    return lease.entry().key;
  }

  /**
   * The standalone cluster's master URL, when the server runs on one.
   *
   * @return for example {@code spark://127.0.0.1:41871}, or empty for a {@code local[N]} server
   */
  public Optional<String> masterUrl() {
    return lease.deployment().masterUrl();
  }

  /** The token, if any; for tests of this module. */
  Optional<String> token() {
    return lease.deployment().token();
  }

  /** Every process of the server (Spark Connect server first); for tests. */
  List<ServerProcess> processes() {
    return lease.deployment().all().toList();
  }

  /**
   * The server's gRPC port on {@code 127.0.0.1}.
   *
   * @return the TCP port
   */
  public int port() {
    return lease.deployment().connect().port();
  }

  /**
   * The operating-system process id of the Spark Connect server JVM.
   *
   * @return the pid, for example for {@link ProcessHandle#of(long)}
   */
  public long pid() {
    return lease.deployment().connect().pid();
  }

  /**
   * The file receiving the Spark Connect server's standard output and error; kept after the server stops.
   *
   * @return the log file path
   */
  public Path logFile() {
    return lease.deployment().connect().logFile();
  }

  /** The server's temporary work directory (deleted when it stops); for tests. */
  Path workDir() {
    return lease.deployment().connect().workDir();
  }

  /**
   * Whether every process of the server is still running (they may be shared with, and kept alive by, other
   * handles).
   *
   * @return {@code true} while the processes live and have not been stopped
   */
  public boolean isRunning() {
    return lease.deployment().isAlive();
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
    return "LocalSparkConnectServer[sc://" + ServerProcess.LOOPBACK + ":" + port()
        + (token().isPresent() ? "/;token=***" : "") + masterUrl().map(m -> ", master " + m).orElse("")
        + ", pid " + pid() + ", log " + logFile() + "]";
  }

  /**
   * Starts a server for other clients, prints its {@code sc://} url (with the token) and runs until interrupted
   * (Ctrl-C).
   *
   * <p>Arguments: confs {@code spark.key=value}, each optionally preceded by {@code --conf}; {@code --packages
   * g:a:v[,g:a:v...]}; {@code --delta}; {@code --cluster workers,coresPerWorker,memoryPerWorker} (for example
   * {@code --cluster 2,1,1g}); {@code --no-token}. Exits with status 2 on bad arguments, 1 if the server cannot
   * start or dies.
   *
   * @param args for example {@code --delta --conf spark.sql.shuffle.partitions=4}
   */
  public static void main(String[] args) {
    LocalServerOptions.Builder options = LocalServerOptions.builder();
    Map<String, String> confs = new LinkedHashMap<>();
    try {
      for (int i = 0; i < args.length; i++) {
        String arg = args[i];
        switch (arg) {
          case "--conf" -> { }
          case "--delta" -> options.delta();
          case "--no-token" -> options.authenticate(false);
          case "--packages" -> options.packages(value(args, ++i, arg).split(","));
          case "--cluster" -> {
            String[] shape = value(args, ++i, arg).split(",");
            if (shape.length != 3) {
              throw new IllegalArgumentException("--cluster takes workers,coresPerWorker,memoryPerWorker");
            }
            options.cluster(Integer.parseInt(shape[0].trim()), Integer.parseInt(shape[1].trim()), shape[2].trim());
          }
          default -> {
            int eq = arg.indexOf('=');
            if (eq <= 0) {
              throw new IllegalArgumentException("not a conf (spark.key=value): " + arg);
            }
            confs.put(arg.substring(0, eq), arg.substring(eq + 1));
          }
        }
      }
      LocalServerOptions fromConfs = LocalServerOptions.fromConfs(confs);
      options.confs(fromConfs.confs()).packages(fromConfs.packages().toArray(String[]::new));
      fromConfs.cluster().ifPresent(options::cluster);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println("Usage: LocalSparkConnectServer [--packages g:a:v,...] [--delta] [--cluster N,cores,memory]"
          + " [--no-token] [[--conf] spark.key=value]...");
      System.exit(2);
      return;
    }
    LocalSparkConnectServer server;
    try {
      server = start(options.build());
    } catch (RuntimeException e) {
      System.err.println(e.getMessage());
      System.exit(1);
      return;
    }
    System.out.println(server.remote());
    System.out.println("Spark Connect server running (pid " + server.pid()
        + server.masterUrl().map(m -> ", on the standalone cluster " + m).orElse("") + ", log " + server.logFile()
        + "). Press Ctrl-C to stop.");
    System.out.flush();
    ProcessHandle.of(server.pid()).ifPresent(handle -> handle.onExit().join());
    System.err.println("The Spark Connect server exited; see " + server.logFile());
    System.exit(1);
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }
}
