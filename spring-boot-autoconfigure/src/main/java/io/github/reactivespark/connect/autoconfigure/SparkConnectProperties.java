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

  public @Nullable String getRemote() {
    return remote;
  }

  public void setRemote(@Nullable String remote) {
    this.remote = remote;
  }

  public @Nullable String getUserAgent() {
    return userAgent;
  }

  public void setUserAgent(@Nullable String userAgent) {
    this.userAgent = userAgent;
  }

  public List<String> getSessionTags() {
    return sessionTags;
  }

  public void setSessionTags(List<String> sessionTags) {
    this.sessionTags = sessionTags;
  }

  public DataSize getMaxBytesInFlight() {
    return maxBytesInFlight;
  }

  public void setMaxBytesInFlight(DataSize maxBytesInFlight) {
    this.maxBytesInFlight = maxBytesInFlight;
  }

  public DataSize getResultChunkSize() {
    return resultChunkSize;
  }

  public void setResultChunkSize(DataSize resultChunkSize) {
    this.resultChunkSize = resultChunkSize;
  }

  public Duration getShutdownTimeout() {
    return shutdownTimeout;
  }

  public void setShutdownTimeout(Duration shutdownTimeout) {
    this.shutdownTimeout = shutdownTimeout;
  }

  public Retry getRetry() {
    return retry;
  }

  public LocalServer getLocalServer() {
    return localServer;
  }

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

    public int getMaxRetries() {
      return maxRetries;
    }

    public void setMaxRetries(int maxRetries) {
      this.maxRetries = maxRetries;
    }

    public Duration getInitialBackoff() {
      return initialBackoff;
    }

    public void setInitialBackoff(Duration initialBackoff) {
      this.initialBackoff = initialBackoff;
    }

    public double getMultiplier() {
      return multiplier;
    }

    public void setMultiplier(double multiplier) {
      this.multiplier = multiplier;
    }

    public Duration getMaxBackoff() {
      return maxBackoff;
    }

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

    public List<String> getPackages() {
      return packages;
    }

    public void setPackages(List<String> packages) {
      this.packages = packages;
    }

    public Map<String, String> getConf() {
      return conf;
    }

    public void setConf(Map<String, String> conf) {
      this.conf = conf;
    }
  }

  /** The health indicator (management.health.spark-connect.enabled switches it off). */
  public static class Health {

    /** Longest wait for the version() round trip; the server is reported down after it. */
    private Duration timeout = Duration.ofSeconds(5);

    public Duration getTimeout() {
      return timeout;
    }

    public void setTimeout(Duration timeout) {
      this.timeout = timeout;
    }
  }
}
