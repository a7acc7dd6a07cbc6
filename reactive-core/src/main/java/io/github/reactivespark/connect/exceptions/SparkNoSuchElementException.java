package io.github.reactivespark.connect.exceptions;

import org.jspecify.annotations.Nullable;

/**
 * A looked-up element does not exist, for example an unknown configuration key ({@code SQL_CONF_NOT_FOUND}).
 * Mirrors {@code org.apache.spark.SparkNoSuchElementException} (a {@code java.util.NoSuchElementException} on
 * the server).
 */
public class SparkNoSuchElementException extends SparkConnectException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param details what the server reported
   * @param cause the next exception of the server's cause chain, or a client-side cause, or {@code null}
   */
  public SparkNoSuchElementException(ErrorDetails details, @Nullable Throwable cause) {
    super(details, cause);
  }
}
