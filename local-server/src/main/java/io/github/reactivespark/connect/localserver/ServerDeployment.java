package io.github.reactivespark.connect.localserver;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The processes of one embedded server: the Spark Connect server JVM, and for a cluster also a standalone Master
 * and its Workers, all started from the same resolved jars and stopped together.
 *
 * <p>Start order: the server's classpath is resolved first (so a bad package fails before any JVM exists); for a
 * cluster the Master is started and awaited ({@value #MASTER_READY}), then the Workers and the Spark Connect server
 * are launched at once and each awaited (a Worker: {@value #WORKER_READY}; the server: listening on its port). Stop
 * order: the Spark Connect server (its executors go with its application), then Workers and Master together. Every
 * process runs {@link ParentWatchdogMain}, so none outlives this JVM.
 *
 * <p>The pre-shared token reaches the server through Spark's environment variable
 * {@code SPARK_CONNECT_AUTHENTICATE_TOKEN} (the same setting as {@code spark.connect.authenticate.token}), so it is
 * not on the command line ({@code ps}) nor in the log file, whose first line is the command.
 */
final class ServerDeployment {

  static final String CONNECT_SERVER = ParentWatchdogMain.SPARK_CONNECT_SERVER;
  static final String MASTER = "org.apache.spark.deploy.master.Master";
  static final String WORKER = "org.apache.spark.deploy.worker.Worker";
  static final String MASTER_READY = "I have been elected leader!";
  static final String WORKER_READY = "Successfully registered with master";
  static final String TOKEN_CONF = "spark.connect.authenticate.token";
  static final String TOKEN_ENV = "SPARK_CONNECT_AUTHENTICATE_TOKEN";

  private static final SecureRandom RANDOM = new SecureRandom();

  private final ServerProcess connect;
  /** Master first, then the Workers; empty without a cluster. */
  private final List<ServerProcess> cluster;
  private final @Nullable String token;
  private final @Nullable String masterUrl;

  private ServerDeployment(ServerProcess connect, List<ServerProcess> cluster, @Nullable String token,
      @Nullable String masterUrl) {
    this.connect = connect;
    this.cluster = List.copyOf(cluster);
    this.token = token;
    this.masterUrl = masterUrl;
  }

  ServerProcess connect() {
    return connect;
  }

  List<ServerProcess> clusterProcesses() {
    return cluster;
  }

  Optional<String> token() {
    return Optional.ofNullable(token);
  }

  Optional<String> masterUrl() {
    return Optional.ofNullable(masterUrl);
  }

  Stream<ServerProcess> all() {
    return Stream.concat(Stream.of(connect), cluster.stream());
  }

  boolean isAlive() {
    return all().allMatch(ServerProcess::isAlive);
  }

  /**
   * Resolves the classpath and starts every process, blocking until each is ready.
   *
   * @param launched told of every process right after it is launched (for the JVM's shutdown hook)
   * @throws io.github.reactivespark.connect.spi.PackageResolutionException if a package does not resolve
   * @throws IllegalStateException if a process cannot start in time; every process already started is stopped
   */
  static ServerDeployment start(LocalServerOptions options, LaunchSettings settings,
      Consumer<ServerProcess> launched) {
    List<String> classpath = classpath(options, settings);
    Map<String, String> confs = options.confs();
    String token = confs.get(TOKEN_CONF);
    if (token == null && options.authenticate()) {
      byte[] bytes = new byte[32];
      RANDOM.nextBytes(bytes);
      token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
    List<ServerProcess> started = new ArrayList<>();
    Consumer<ServerProcess> track = p -> {
      started.add(p);
      launched.accept(p);
    };
    try {
      String masterUrl = null;
      List<ServerProcess> cluster = new ArrayList<>();
      LocalServerOptions.Cluster shape = options.cluster().orElse(null);
      if (shape != null) {
        ServerProcess master = launch(masterSpec(settings, classpath), settings, track);
        master.awaitReady(settings.startTimeout());
        cluster.add(master);
        masterUrl = "spark://" + ServerProcess.LOOPBACK + ":" + master.port();
        for (int i = 1; i <= shape.workers(); i++) {
          cluster.add(launch(workerSpec(i, shape, masterUrl, settings, classpath), settings, track));
        }
      }
      ServerProcess connect = launch(connectSpec(confs, token, masterUrl, shape, settings, classpath), settings,
          track);
      for (ServerProcess worker : cluster.subList(Math.min(1, cluster.size()), cluster.size())) {
        worker.awaitReady(settings.startTimeout());
      }
      connect.awaitReady(settings.startTimeout());
      return new ServerDeployment(connect, cluster, token, masterUrl);
    } catch (RuntimeException | Error e) {
      stopAll(started);
      throw e;
    }
  }

  private static ServerProcess launch(ServerProcess.Spec spec, LaunchSettings settings,
      Consumer<ServerProcess> track) {
    ServerProcess p = ServerProcess.launch(spec, settings);
    track.accept(p);
    return p;
  }

  /** Spark's jars and the packages', resolved together (or the classpath given by a system property). */
  private static List<String> classpath(LocalServerOptions options, LaunchSettings settings) {
    List<String> coordinates = new ArrayList<>();
    List<String> entries = new ArrayList<>(settings.sparkClasspath());
    if (entries.isEmpty()) {
      coordinates.addAll(ServerClasspath.sparkServerCoordinates());
    }
    coordinates.addAll(options.packages());
    if (!coordinates.isEmpty()) {
      ServerClasspath.resolve(coordinates, options.packages(), ResolverSettings.fromSystemProperties())
          .forEach(p -> entries.add(p.toString()));
    }
    String extra = options.confs().get("spark.driver.extraClassPath");
    if (extra != null && !extra.isBlank()) {
      entries.addAll(Arrays.asList(extra.split(File.pathSeparator)));
    }
    return List.copyOf(entries);
  }

  private static ServerProcess.Spec masterSpec(LaunchSettings settings, List<String> classpath) {
    int port = ServerProcess.freePort();
    Path workDir = ServerProcess.newWorkDir("master");
    return new ServerProcess.Spec("master", MASTER,
        List.of("--host", ServerProcess.LOOPBACK, "--port", Integer.toString(port), "--webui-port", "0"),
        Map.of(), settings.daemonHeap(), List.of(), clusterEnv(settings, workDir), classpath, workDir, port,
        MASTER_READY, false);
  }

  private static ServerProcess.Spec workerSpec(int index, LocalServerOptions.Cluster shape, String masterUrl,
      LaunchSettings settings, List<String> classpath) {
    String role = "worker-" + index;
    Path workDir = ServerProcess.newWorkDir(role);
    return new ServerProcess.Spec(role, WORKER,
        List.of("--host", ServerProcess.LOOPBACK, "--webui-port", "0",
            "--cores", Integer.toString(shape.coresPerWorker()), "--memory", shape.memoryPerWorker(),
            "--work-dir", workDir.resolve("work").toString(), masterUrl),
        Map.of(), settings.daemonHeap(), List.of(), clusterEnv(settings, workDir), classpath, workDir, 0,
        WORKER_READY, false);
  }

  /**
   * The environment of cluster processes. A Worker builds each executor's command with Spark's launcher library,
   * which wants a {@code SPARK_HOME} with a {@code jars} directory and a Scala version: an empty directory here
   * (the executors' classpath is {@code spark.executor.extraClassPath}, the server's own), Scala 2.13, and this
   * launcher's Java.
   */
  private static Map<String, String> clusterEnv(LaunchSettings settings, Path workDir) {
    Path sparkHome = workDir.resolve("spark-home");
    try {
      Files.createDirectories(sparkHome.resolve("jars"));
    } catch (java.io.IOException e) {
      throw new IllegalStateException("Cannot create " + sparkHome, e);
    }
    Map<String, String> env = new LinkedHashMap<>();
    env.put("SPARK_LOCAL_IP", ServerProcess.LOOPBACK);
    env.put("SPARK_HOME", sparkHome.toString());
    env.put("SPARK_SCALA_VERSION", "2.13");
    env.put("JAVA_HOME", settings.javaHome().toString());
    return env;
  }

  private static ServerProcess.Spec connectSpec(Map<String, String> confs, @Nullable String token,
      @Nullable String masterUrl, LocalServerOptions.@Nullable Cluster shape, LaunchSettings settings,
      List<String> classpath) {
    Path workDir = ServerProcess.newWorkDir("connect");
    int port = ServerProcess.freePort();
    // Launcher defaults, then the caller's confs, then what must hold.
    Map<String, String> props = new LinkedHashMap<>();
    props.put("spark.master", settings.master());
    props.put("spark.ui.enabled", "false");
    props.put("spark.sql.warehouse.dir", workDir.resolve("spark-warehouse").toUri().toString());
    if (shape != null) {
      props.put("spark.executor.memory", shape.memoryPerWorker());
    }
    props.putAll(confs);
    props.remove(TOKEN_CONF);
    Map<String, String> env = new LinkedHashMap<>();
    if (masterUrl != null && shape != null) {
      props.put("spark.master", masterUrl);
      props.put("spark.driver.host", ServerProcess.LOOPBACK);
      props.put("spark.driver.bindAddress", ServerProcess.LOOPBACK);
      String executorClasspath = String.join(File.pathSeparator, classpath);
      String extra = confs.get("spark.executor.extraClassPath");
      props.put("spark.executor.extraClassPath",
          extra == null || extra.isBlank() ? executorClasspath : extra + File.pathSeparator + executorClasspath);
      env.put("SPARK_LOCAL_IP", ServerProcess.LOOPBACK);
    }
    props.put("spark.connect.grpc.binding.address", ServerProcess.LOOPBACK);
    props.put("spark.connect.grpc.binding.port", Integer.toString(port));
    if (token != null) {
      env.put(TOKEN_ENV, token);
    }
    String heap = confs.getOrDefault("spark.driver.memory", settings.heap());
    String extraJavaOptions = confs.get("spark.driver.extraJavaOptions");
    List<String> jvmOptions = extraJavaOptions == null || extraJavaOptions.isBlank() ? List.of()
        : Arrays.asList(extraJavaOptions.trim().split("\\s+"));
    return new ServerProcess.Spec("connect-server", CONNECT_SERVER, List.of(), props, heap, jvmOptions, env,
        classpath, workDir, port, ServerProcess.READY_LINE, true);
  }

  /** Sends every process its termination request without waiting (for the shutdown hook). */
  void requestStop() {
    all().forEach(ServerProcess::requestStop);
  }

  /** Stops the Spark Connect server, then the Workers and the Master together. Idempotent. */
  void stop() {
    connect.stop();
    stopAll(cluster);
  }

  private static void stopAll(List<ServerProcess> processes) {
    processes.forEach(ServerProcess::requestStop);
    processes.forEach(ServerProcess::stop);
  }

  @Override
  public String toString() {
    return "ServerDeployment[" + connect + (masterUrl != null ? ", " + masterUrl + ", " + cluster.size()
        + " cluster processes" : "") + "]";
  }
}
