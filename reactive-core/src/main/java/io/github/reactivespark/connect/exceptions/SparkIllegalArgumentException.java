package io.github.reactivespark.connect.exceptions;

import org.jspecify.annotations.Nullable;

/**
 * A function received an invalid argument at run time. Mirrors {@code
 * org.apache.spark.SparkIllegalArgumentException} (an {@code IllegalArgumentException} on the server).
 */
public class SparkIllegalArgumentException extends SparkConnectException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param details what the server reported
   * @param cause the next exception of the server's cause chain, or a client-side cause, or {@code null}
   */
  public SparkIllegalArgumentException(ErrorDetails details, @Nullable Throwable cause) {
    super(details, cause);
  }
}
