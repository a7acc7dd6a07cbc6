package io.github.reactivespark.connect.web;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The service's own settings, under {@code reactive-spark.web}. The Spark session itself is configured by the
 * starter's {@code reactive-spark.connect.*} properties.
 */
@ConfigurationProperties("reactive-spark.web")
public class WebServiceProperties {

  /**
   * Directory for the files the service writes (Parquet outputs, the Delta table); the Spark server must see the
   * same path (true for the embedded server).
   */
  private Path dataDir = Paths.get(System.getProperty("java.io.tmpdir"), "reactive-spark-web");

  /** The bearer token the modifying endpoints require; when empty they refuse every request. */
  private @Nullable String token;

  /** Whether the flights and airports data and the Delta table are registered at start. */
  private boolean registerDatasets = true;

  /** The Retry-After of a 503 sent when the Spark server cannot be reached. */
  private Duration retryAfter = Duration.ofSeconds(10);

  /** Creates the defaults. */
  public WebServiceProperties() {}

  /** @return the data directory */
  public Path getDataDir() {
    return dataDir;
  }

  /** @param dataDir the data directory */
  public void setDataDir(Path dataDir) {
    this.dataDir = dataDir;
  }

  /** @return the bearer token of the modifying endpoints, or null */
  public @Nullable String getToken() {
    return token;
  }

  /** @param token the bearer token of the modifying endpoints */
  public void setToken(@Nullable String token) {
    this.token = token;
  }

  /** @return whether the data is registered at start */
  public boolean isRegisterDatasets() {
    return registerDatasets;
  }

  /** @param registerDatasets whether the data is registered at start */
  public void setRegisterDatasets(boolean registerDatasets) {
    this.registerDatasets = registerDatasets;
  }

  /** @return the Retry-After of a 503 */
  public Duration getRetryAfter() {
    return retryAfter;
  }

  /** @param retryAfter the Retry-After of a 503 */
  public void setRetryAfter(Duration retryAfter) {
    this.retryAfter = retryAfter;
  }
}
