package io.github.reactivespark.connect.localserver;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What an embedded Spark Connect server is started with: Spark confs, Maven packages for its classpath, an optional
 * standalone cluster to run on, and whether it asks for a token. Immutable; build with {@link #builder()}, change
 * a copy with {@link #mutate()}. Equal options share one server process ({@link LocalSparkConnectServer}).
 *
 * <pre>{@code
 * LocalServerOptions options = LocalServerOptions.builder()
 *     .conf("spark.sql.shuffle.partitions", "4")
 *     .delta()                       // io.delta:delta-spark_4.1_2.13:4.3.1 + Delta's SQL extension and catalog
 *     .cluster(2, 1, "1g")           // a standalone Master, 2 Workers of 1 core and 1 GiB, and the server on it
 *     .build();
 * }</pre>
 *
 * <p>The same can be said with confs alone, which is how {@code SparkSession.builder().remote("local")} passes
 * them (see {@link #fromConfs(Map)}): {@code spark.jars.packages} (comma-separated coordinates, as for
 * {@code spark-submit}) and {@code spark.master=local-cluster[workers,coresPerWorker,memoryPerWorkerMB]} (Spark's
 * own notation for a test cluster; here it starts a real standalone cluster from the same jars).
 *
 * @since 0.1.0
 */
public final class LocalServerOptions {

  /** Delta Lake's build for Spark 4.1; checked to run on the 4.1.2 server (Delta 4.1.0 and 4.2.0 do not). */
  public static final String DELTA_PACKAGE = "io.delta:delta-spark_4.1_2.13:4.3.1";
  /** Delta's SQL extension, set as {@code spark.sql.extensions} by {@link Builder#delta()}. */
  public static final String DELTA_EXTENSION = "io.delta.sql.DeltaSparkSessionExtension";
  /** Delta's catalog, set as {@code spark.sql.catalog.spark_catalog} by {@link Builder#delta()}. */
  public static final String DELTA_CATALOG = "org.apache.spark.sql.delta.catalog.DeltaCatalog";
  /** Spark's conf naming Maven packages for the classpath (comma-separated), read by {@link #fromConfs(Map)}. */
  public static final String PACKAGES_CONF = "spark.jars.packages";

  private static final Pattern COORDINATE = Pattern.compile("[^:\\s,]+(:[^:\\s,]+){2,4}");
  private static final Pattern LOCAL_CLUSTER =
      Pattern.compile("local-cluster(?:\\[\\s*(\\d+)\\s*,\\s*(\\d+)\\s*,\\s*(\\d+)\\s*])?");
  private static final Pattern MEMORY = Pattern.compile("\\d+[kKmMgGtT]?");

  private final Map<String, String> confs;
  private final List<String> packages;
  private final @Nullable Cluster cluster;
  private final boolean authenticate;

  private LocalServerOptions(Builder b) {
    Map<String, String> c = new TreeMap<>(b.confs);
    if (b.packages.stream().anyMatch(LocalServerOptions::isDelta)) {
      c.putIfAbsent("spark.sql.extensions", DELTA_EXTENSION);
      c.putIfAbsent("spark.sql.catalog.spark_catalog", DELTA_CATALOG);
    }
    this.confs = java.util.Collections.unmodifiableMap(c);
    this.packages = List.copyOf(b.packages);
    this.cluster = b.cluster;
    this.authenticate = b.authenticate;
  }

  /**
   * A new builder with no confs, no packages, no cluster and a token.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Options read from a conf map, as {@code SparkSession.builder().localServerConf(...)} and
   * {@link LocalSparkConnectServer#start(Map)} pass them: {@value #PACKAGES_CONF} becomes {@link #packages()},
   * {@code spark.master=local-cluster[N,C,M]} (or just {@code local-cluster}: 2 workers, 1 core, 1024 MB) becomes
   * {@link #cluster()}; every other conf stays a conf.
   *
   * @param confs Spark confs ({@code spark.*} keys); may be empty
   * @return the options
   * @throws IllegalArgumentException if a key is not a Spark conf, is one the launcher owns, a package is not a
   *     Maven coordinate, or the {@code local-cluster} master is malformed
   */
  public static LocalServerOptions fromConfs(Map<String, String> confs) {
    Builder b = builder();
    confs.forEach((key, value) -> {
      if (PACKAGES_CONF.equals(key)) {
        b.packages(Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty())
            .toArray(String[]::new));
      } else if ("spark.master".equals(key) && value.startsWith("local-cluster")) {
        b.cluster(Cluster.parse(value));
      } else {
        b.conf(key, value);
      }
    });
    return b.build();
  }

  /**
   * The Spark confs of the server, sorted by key; with Delta's two confs added when a {@code delta-spark} package
   * is asked for and they are not set.
   *
   * @return an unmodifiable map
   */
  public Map<String, String> confs() {
    return confs;
  }

  /**
   * Maven coordinates whose jars (with their runtime dependencies) join the server's classpath, like Spark's
   * {@code spark.jars.packages}; resolved on this machine before the server starts.
   *
   * @return {@code groupId:artifactId[:extension[:classifier]]:version} strings, in the order given
   */
  public List<String> packages() {
    return packages;
  }

  /**
   * The standalone cluster the server runs on, if any.
   *
   * @return the cluster's shape, or empty for {@code local[N]} in the server JVM
   */
  public Optional<Cluster> cluster() {
    return Optional.ofNullable(cluster);
  }

  /**
   * Whether the server requires a fresh random pre-shared token ({@code spark.connect.authenticate.token}),
   * which {@link LocalSparkConnectServer#remote()} carries. Default {@code true}.
   *
   * @return whether clients must send the token
   */
  public boolean authenticate() {
    return authenticate;
  }

  /**
   * A builder holding these options.
   *
   * @return a new builder; changing it does not change this object
   */
  public Builder mutate() {
    Builder b = new Builder();
    b.confs.putAll(confs);
    b.packages.addAll(packages);
    b.cluster = cluster;
    b.authenticate = authenticate;
    return b;
  }

  private static boolean isDelta(String coordinate) {
    String[] parts = coordinate.split(":");
    return parts.length >= 3 && parts[0].equals("io.delta") && parts[1].startsWith("delta-spark");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LocalServerOptions other && confs.equals(other.confs) && packages.equals(other.packages)
        && Objects.equals(cluster, other.cluster) && authenticate == other.authenticate;
  }

  @Override
  public int hashCode() {
    return Objects.hash(confs, packages, cluster, authenticate);
  }

  @Override
  public String toString() {
    Map<String, String> shown = new TreeMap<>(confs);
    shown.computeIfPresent("spark.connect.authenticate.token", (k, v) -> "***");
    return "LocalServerOptions[confs=" + shown + ", packages=" + packages
        + (cluster != null ? ", cluster=" + cluster : "") + ", authenticate=" + authenticate + "]";
  }

  /**
   * The shape of a standalone cluster: a Master and {@code workers} Workers on {@code 127.0.0.1}, each Worker
   * offering {@code coresPerWorker} cores and {@code memoryPerWorker} of memory to executors.
   *
   * @param workers number of Worker JVMs, at least 1
   * @param coresPerWorker cores each Worker offers, at least 1
   * @param memoryPerWorker memory each Worker offers, in Spark's notation ({@code 1g}, {@code 768m}); the
   *     server's {@code spark.executor.memory} defaults to it
   */
  public record Cluster(int workers, int coresPerWorker, String memoryPerWorker) {

    /** The cluster of {@code remote("local-cluster")}: 2 workers × 1 core × 1 GiB. */
    public static final Cluster DEFAULT = new Cluster(2, 1, "1024m");

    /**
     * Validates the shape.
     *
     * @param workers number of Worker JVMs, at least 1
     * @param coresPerWorker cores each Worker offers, at least 1
     * @param memoryPerWorker memory each Worker offers, as {@code 1g} or {@code 768m}
     * @throws IllegalArgumentException if a count is below 1 or the memory is not like {@code 1g} / {@code 512m}
     */
    public Cluster {
      if (workers < 1 || coresPerWorker < 1) {
        throw new IllegalArgumentException("A local cluster needs at least 1 worker of at least 1 core: " + workers
            + " workers, " + coresPerWorker + " cores per worker");
      }
      Objects.requireNonNull(memoryPerWorker, "memoryPerWorker");
      if (!MEMORY.matcher(memoryPerWorker).matches()) {
        throw new IllegalArgumentException("Worker memory must look like 1g or 768m: '" + memoryPerWorker + "'");
      }
    }

    /**
     * Parses Spark's {@code local-cluster[workers,coresPerWorker,memoryPerWorkerMB]}; plain {@code local-cluster}
     * is {@link #DEFAULT}.
     *
     * @param master for example {@code local-cluster[2,1,1024]}
     * @return the cluster shape
     * @throws IllegalArgumentException if {@code master} is not of that form
     */
    public static Cluster parse(String master) {
      Matcher m = LOCAL_CLUSTER.matcher(master.trim());
      if (!m.matches()) {
        throw new IllegalArgumentException("Expected local-cluster[workers,coresPerWorker,memoryPerWorkerMB], for"
            + " example local-cluster[2,1,1024]: '" + master + "'");
      }
      if (m.group(1) == null) {
        return DEFAULT;
      }
      return new Cluster(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), m.group(3) + "m");
    }
  }

  /** Builds {@link LocalServerOptions}. Not thread-safe. */
  public static final class Builder {
    private final Map<String, String> confs = new LinkedHashMap<>();
    private final List<String> packages = new ArrayList<>();
    private @Nullable Cluster cluster;
    private boolean authenticate = !"false".equalsIgnoreCase(System.getProperty(LaunchSettings.PREFIX + "authenticate"));

    private Builder() {}

    /**
     * Sets one Spark conf of the server. Confs with launcher meaning: {@code spark.driver.memory} (the server's
     * {@code -Xmx}), {@code spark.driver.extraJavaOptions}, {@code spark.driver.extraClassPath}; an explicit
     * {@code spark.connect.authenticate.token} replaces the random token.
     *
     * @param key a {@code spark.*} key, not {@code spark.connect.grpc.binding.port/address} (the launcher's)
     * @param value its value
     * @return this builder
     * @throws IllegalArgumentException for a key that is not a Spark conf or that the launcher owns
     */
    public Builder conf(String key, String value) {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value");
      if (!key.startsWith("spark.")) {
        throw new IllegalArgumentException("Server conf keys must start with 'spark.': " + key);
      }
      if (key.equals("spark.connect.grpc.binding.port") || key.equals("spark.connect.grpc.binding.address")) {
        throw new IllegalArgumentException(key + " is chosen by the launcher (free port on 127.0.0.1)");
      }
      if (key.equals(PACKAGES_CONF)) {
        throw new IllegalArgumentException(PACKAGES_CONF + " is resolved by the launcher: use packages(...)");
      }
      confs.put(key, value);
      return this;
    }

    /**
     * Sets several Spark confs, as {@link #conf(String, String)} each.
     *
     * @param confs the confs
     * @return this builder
     */
    public Builder confs(Map<String, String> confs) {
      confs.forEach(this::conf);
      return this;
    }

    /**
     * Adds Maven packages to the server's classpath, like Spark's {@code spark.jars.packages}: each coordinate
     * with its runtime dependencies, resolved together with Spark's own jars (Spark's versions win conflicts).
     * Resolution happens on {@code start}, before any JVM starts; a coordinate that does not resolve fails it
     * with {@link io.github.reactivespark.connect.spi.PackageResolutionException} naming it.
     *
     * @param coordinates {@code groupId:artifactId[:extension[:classifier]]:version}
     * @return this builder
     * @throws IllegalArgumentException if a coordinate is not of that form
     */
    public Builder packages(String... coordinates) {
      for (String c : coordinates) {
        Objects.requireNonNull(c, "coordinate");
        if (!COORDINATE.matcher(c).matches()) {
          throw new IllegalArgumentException("Not a Maven coordinate (groupId:artifactId:version): '" + c + "'");
        }
        if (!packages.contains(c)) {
          packages.add(c);
        }
      }
      return this;
    }

    /**
     * Delta Lake: adds {@link #DELTA_PACKAGE} and sets {@code spark.sql.extensions} to {@link #DELTA_EXTENSION}
     * and {@code spark.sql.catalog.spark_catalog} to {@link #DELTA_CATALOG}, so Delta tables, {@code UPDATE},
     * {@code DELETE}, {@code MERGE}, {@code DESCRIBE HISTORY} and time travel work on the server.
     *
     * @return this builder
     */
    public Builder delta() {
      packages(DELTA_PACKAGE);
      confs.put("spark.sql.extensions", DELTA_EXTENSION);
      confs.put("spark.sql.catalog.spark_catalog", DELTA_CATALOG);
      return this;
    }

    /**
     * Runs the server on a standalone cluster started from the same jars: a Master, {@code workers} Workers and
     * the Spark Connect server with {@code spark.master=spark://127.0.0.1:<port>}, all stopped together.
     *
     * @param workers number of Workers, at least 1
     * @param coresPerWorker cores per Worker, at least 1
     * @param memoryPerWorker memory per Worker, as {@code 1g} or {@code 768m}
     * @return this builder
     * @throws IllegalArgumentException for an invalid shape
     */
    public Builder cluster(int workers, int coresPerWorker, String memoryPerWorker) {
      return cluster(new Cluster(workers, coresPerWorker, memoryPerWorker));
    }

    /**
     * Runs the server on a standalone cluster of this shape, or in its own JVM ({@code local[N]}) for
     * {@code null}.
     *
     * @param cluster the shape, or {@code null}
     * @return this builder
     */
    public Builder cluster(@Nullable Cluster cluster) {
      this.cluster = cluster;
      return this;
    }

    /**
     * Whether the server requires a fresh random token (default {@code true}, or {@code false} when this JVM's
     * system property {@code reactivespark.localserver.authenticate} is {@code false}). Without one, any local
     * process may use the server.
     *
     * @param authenticate {@code false} to start the server without a token
     * @return this builder
     */
    public Builder authenticate(boolean authenticate) {
      this.authenticate = authenticate;
      return this;
    }

    /**
     * The options.
     *
     * @return immutable options
     */
    public LocalServerOptions build() {
      return new LocalServerOptions(this);
    }
  }
}
