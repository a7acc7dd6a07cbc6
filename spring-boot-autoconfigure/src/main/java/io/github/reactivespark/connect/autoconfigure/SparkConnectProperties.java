package io.github.reactivespark.connect.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The {@code reactive-spark.connect.*} properties of the auto-configured {@code SparkSession}. The prefix is ours
 * and not {@code spark.*}, so it never mixes with Spark's own configuration names (or their environment variables,
 * such as {@code SPARK_CONNECT_AUTHENTICATE_TOKEN}, which relaxed binding would otherwise map).
 *
 * @since 0.1.0
 */
@ConfigurationProperties("reactive-spark.connect")
public class SparkConnectProperties {

  /**
   * The Spark Connect server: an sc:// connection string (sc://host:port/;token=...;use_ssl=true;...), or "local"
   * (or local[N], local-cluster[workers,cores,memoryMB]) for an embedded server started in a JVM of its own (needs
   * reactive-spark-connect-local-server on the classpath). Unset: the spark.remote system property, then the
   * SPARK_REMOTE environment variable, then "local" if the embedded server is on the classpath.
   */
  private @Nullable String remote;

  /** The user agent of the channel and of every request's client_type, unless the remote names one. */
  private @Nullable String userAgent;

  /** Operation tags added to every operation of the session (for interruptTag); no ',' in a tag. */
  private List<String> sessionTags = new ArrayList<>();

  /** Response bytes a query may receive ahead of its subscriber's demand. */
  private DataSize maxBytesInFlight = DataSize.ofMegabytes(64);

  /** Preferred size of one result chunk (Spark 4.1 result chunking); 0 turns chunking off. */
  private DataSize resultChunkSize = DataSize.ofMegabytes(4);

  /** How long the shutdown phase waits for ReleaseSession and the channel to close. */
  private Duration shutdownTimeout = Duration.ofSeconds(30);

  private final Retry retry = new Retry();

  private final LocalServer localServer = new LocalServer();

  private final Health health = new Health();

  /**
   * The {@code remote} property.
   *
   * @return its value
   */
  public @Nullable String getRemote() {
    return remote;
  }

  /**
   * Sets the {@code remote} property.
   *
   * @param remote its value
   */
  public void setRemote(@Nullable String remote) {
    this.remote = remote;
  }

  /**
   * The {@code user-agent} property.
   *
   * @return its value
   */
  public @Nullable String getUserAgent() {
    return userAgent;
  }

  /**
   * Sets the {@code user-agent} property.
   *
   * @param userAgent its value
   */
  public void setUserAgent(@Nullable String userAgent) {
    this.userAgent = userAgent;
  }

  /**
   * The {@code session-tags} property.
   *
   * @return its value
   */
  public List<String> getSessionTags() {
    return sessionTags;
  }

  /**
   * Sets the {@code session-tags} property.
   *
   * @param sessionTags its value
   */
  public void setSessionTags(List<String> sessionTags) {
    this.sessionTags = sessionTags;
  }

  /**
   * The {@code max-bytes-in-flight} property.
   *
   * @return its value
   */
  public DataSize getMaxBytesInFlight() {
    return maxBytesInFlight;
  }

  /**
   * Sets the {@code max-bytes-in-flight} property.
   *
   * @param maxBytesInFlight its value
   */
  public void setMaxBytesInFlight(DataSize maxBytesInFlight) {
    this.maxBytesInFlight = maxBytesInFlight;
  }

  /**
   * The {@code result-chunk-size} property.
   *
   * @return its value
   */
  public DataSize getResultChunkSize() {
    return resultChunkSize;
  }

  /**
   * Sets the {@code result-chunk-size} property.
   *
   * @param resultChunkSize its value
   */
  public void setResultChunkSize(DataSize resultChunkSize) {
    this.resultChunkSize = resultChunkSize;
  }

  /**
   * The {@code shutdown-timeout} property.
   *
   * @return its value
   */
  public Duration getShutdownTimeout() {
    return shutdownTimeout;
  }

  /**
   * Sets the {@code shutdown-timeout} property.
   *
   * @param shutdownTimeout its value
   */
  public void setShutdownTimeout(Duration shutdownTimeout) {
    this.shutdownTimeout = shutdownTimeout;
  }

  /**
   * The {@code retry} property.
   *
   * @return its value
   */
  public Retry getRetry() {
    return retry;
  }

  /**
   * The {@code local-server} property.
   *
   * @return its value
   */
  public LocalServer getLocalServer() {
    return localServer;
  }

  /**
   * The {@code health} property.
   *
   * @return its value
   */
  public Health getHealth() {
    return health;
  }

  /** The retry of every RPC (Spark's RetryPolicy; defaults are Spark's). */
  public static class Retry {

    /** Retries after the first attempt; 0 turns retries off. */
    private int maxRetries = 15;

    /** Wait before the first retry. */
    private Duration initialBackoff = Duration.ofMillis(50);

    /** Factor by which each wait grows. */
    private double multiplier = 4.0;

    /** Longest wait between two attempts. */
    private Duration maxBackoff = Duration.ofMinutes(1);

    /**
     * The {@code max-retries} property.
     *
     * @return its value
     */
    public int getMaxRetries() {
      return maxRetries;
    }

    /**
     * Sets the {@code max-retries} property.
     *
     * @param maxRetries its value
     */
    public void setMaxRetries(int maxRetries) {
      this.maxRetries = maxRetries;
    }

    /**
     * The {@code initial-backoff} property.
     *
     * @return its value
     */
    public Duration getInitialBackoff() {
      return initialBackoff;
    }

    /**
     * Sets the {@code initial-backoff} property.
     *
     * @param initialBackoff its value
     */
    public void setInitialBackoff(Duration initialBackoff) {
      this.initialBackoff = initialBackoff;
    }

    /**
     * The {@code multiplier} property.
     *
     * @return its value
     */
    public double getMultiplier() {
      return multiplier;
    }

    /**
     * Sets the {@code multiplier} property.
     *
     * @param multiplier its value
     */
    public void setMultiplier(double multiplier) {
      this.multiplier = multiplier;
    }

    /**
     * The {@code max-backoff} property.
     *
     * @return its value
     */
    public Duration getMaxBackoff() {
      return maxBackoff;
    }

    /**
     * Sets the {@code max-backoff} property.
     *
     * @param maxBackoff its value
     */
    public void setMaxBackoff(Duration maxBackoff) {
      this.maxBackoff = maxBackoff;
    }
  }

  /** The embedded server of remote=local (ignored for sc:// remotes). */
  public static class LocalServer {

    /**
     * Maven coordinates added to the server's classpath, as Spark's spark.jars.packages, resolved before it starts;
     * io.delta:delta-spark_4.1_2.13:4.3.1 also sets Delta's SQL extension and catalog.
     */
    private List<String> packages = new ArrayList<>();

    /** Spark confs of the embedded server (spark.* keys). */
    private Map<String, String> conf = new LinkedHashMap<>();

    /**
     * The {@code packages} property.
     *
     * @return its value
     */
    public List<String> getPackages() {
      return packages;
    }

    /**
     * Sets the {@code packages} property.
     *
     * @param packages its value
     */
    public void setPackages(List<String> packages) {
      this.packages = packages;
    }

    /**
     * The {@code conf} property.
     *
     * @return its value
     */
    public Map<String, String> getConf() {
      return conf;
    }

    /**
     * Sets the {@code conf} property.
     *
     * @param conf its value
     */
    public void setConf(Map<String, String> conf) {
      this.conf = conf;
    }
  }

  /** The health indicator (management.health.spark-connect.enabled switches it off). */
  public static class Health {

    /** Longest wait for the version() round trip; the server is reported down after it. */
    private Duration timeout = Duration.ofSeconds(5);

    /**
     * The {@code timeout} property.
     *
     * @return its value
     */
    public Duration getTimeout() {
      return timeout;
    }

    /**
     * Sets the {@code timeout} property.
     *
     * @param timeout its value
     */
    public void setTimeout(Duration timeout) {
      this.timeout = timeout;
    }
  }
}
