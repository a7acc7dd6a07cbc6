package io.github.reactivespark.connect.localserver;

import io.github.reactivespark.connect.spi.LocalServerProvider;
import java.util.Map;

/**
 * The {@link LocalServerProvider} that {@code reactive-core} finds through {@link java.util.ServiceLoader}:
 * delegates to {@link LocalSparkConnectServer#start(Map)}.
 */
public final class LocalServerProviderImpl implements LocalServerProvider {

  /** Public no-argument constructor, as {@link java.util.ServiceLoader} requires. */
  public LocalServerProviderImpl() {}

  /**
   * Starts, or joins, the local server for these confs.
   *
   * @param serverConfs Spark confs ({@code spark.*} keys); may be empty
   * @return a {@link LocalSparkConnectServer} handle
   */
  @Override
  public LocalServer start(Map<String, String> serverConfs) {
    return LocalSparkConnectServer.start(serverConfs);
  }
}
