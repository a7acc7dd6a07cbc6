package io.github.reactivespark.connect.spi;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A Maven package asked of an embedded server (Spark's {@code spark.jars.packages}, for example Delta Lake's
 * {@code io.delta:delta-spark_4.1_2.13:4.3.1}) could not be resolved, so no server JVM was started.
 *
 * <p>Thrown by {@link LocalServerProvider#start(java.util.Map)} (and so by {@code SparkSession.builder()
 * .remote("local").create()}) before any process starts: the coordinate does not exist in the repositories
 * searched, a file of its dependency graph is missing, or the repositories cannot be reached (offline, network).
 * The message names each coordinate that failed, the artifact that was missing when it is a dependency of one, the
 * repositories searched and the local repository used.
 *
 * @since 0.1.0
 */
public class PackageResolutionException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  private final List<String> coordinates;

  /**
   * Creates the exception.
   *
   * @param message what failed and where it was looked for; names every coordinate of {@code coordinates}
   * @param coordinates the requested coordinates ({@code groupId:artifactId:version}) that could not be resolved
   * @param cause the resolver's own error, or {@code null}
   */
  public PackageResolutionException(String message, List<String> coordinates, @Nullable Throwable cause) {
    super(message, cause);
    this.coordinates = List.copyOf(coordinates);
  }

  /**
   * The requested coordinates that did not resolve.
   *
   * @return {@code groupId:artifactId[:extension[:classifier]]:version} strings as they were requested; not empty
   */
  public List<String> coordinates() {
    return coordinates;
  }
}
