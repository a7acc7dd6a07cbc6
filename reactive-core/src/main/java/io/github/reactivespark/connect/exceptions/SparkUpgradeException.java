package io.github.reactivespark.connect.exceptions;

import org.jspecify.annotations.Nullable;

/**
 * The result would differ between Spark versions (for example old calendar or datetime pattern behaviour); the
 * message names the configuration that picks one. Mirrors {@code org.apache.spark.SparkUpgradeException}.
 */
public class SparkUpgradeException extends SparkConnectException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param details what the server reported
   * @param cause the next exception of the server's cause chain, or a client-side cause, or {@code null}
   */
  public SparkUpgradeException(ErrorDetails details, @Nullable Throwable cause) {
    super(details, cause);
  }
}
