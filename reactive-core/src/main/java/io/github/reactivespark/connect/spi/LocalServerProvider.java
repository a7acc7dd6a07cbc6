package io.github.reactivespark.connect.spi;

import java.util.Map;

/**
 * Service-provider seam through which {@code SparkSession.builder().remote("local")} starts an embedded
 * Spark Connect server without {@code reactive-core} ever importing Spark.
 *
 * <p>Implementations are found with {@link java.util.ServiceLoader}; the {@code local-server} module
 * provides the only one. An implementation starts the server in a <em>separate JVM</em> (the client JVM
 * never loads an {@code org.apache.spark} class), may share one server between callers that ask for the
 * same configuration, and stops every server it started when the JVM exits.
 *
 * <p>This mirrors PySpark's {@code SparkSession.builder.remote("local")}, which starts a local Spark Connect
 * server for the Python process ({@code python/pyspark/sql/connect/session.py}, {@code _start_connect_server}).
 *
 * @since 0.1.0
 */
public interface LocalServerProvider {

  /**
   * Starts a local Spark Connect server, or returns an already running one started with the same confs.
   *
   * <p>Two confs have launcher meaning, as for {@code spark-submit}: {@code spark.jars.packages} (comma-separated
   * Maven coordinates added to the server's classpath, resolved before the server starts) and {@code spark.master}
   * of the form {@code local-cluster[workers,coresPerWorker,memoryPerWorkerMB]} (or {@code local-cluster}), which
   * starts a standalone cluster of that shape for the server to run on.
   *
   * <p>Blocking: it waits until the server accepts connections (typically 5 to 25 seconds on first start).
   * Call it from a thread that may block.
   *
   * @param serverConfs Spark confs for the server JVM ({@code spark.*} keys), applied at server start;
   *     never {@code null}, may be empty
   * @return a handle whose {@link LocalServer#remote()} is the {@code sc://} connection string of the server,
   *     including its {@code token} if it requires one
   * @throws PackageResolutionException if a package does not resolve (no process was started)
   * @throws IllegalStateException if the server cannot be started (the message names the server's log file)
   */
  LocalServer start(Map<String, String> serverConfs);

  /** A running local server. Closing it stops the server process if no other caller still uses it. */
  interface LocalServer extends AutoCloseable {

    /**
     * The connection string of the running server, for example {@code sc://127.0.0.1:41234/;token=...}: the
     * token, when the server requires one, is part of it (plaintext is allowed for it on loopback addresses).
     *
     * @return the connection string; treat it as a secret when it has a token
     */
    String remote();

    /** Releases this caller's use of the server; the process stops when the last user closes (or at JVM exit). */
    @Override
    void close();
  }
}
