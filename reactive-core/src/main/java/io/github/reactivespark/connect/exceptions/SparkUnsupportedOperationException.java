package io.github.reactivespark.connect.exceptions;

import org.jspecify.annotations.Nullable;

/**
 * The server does not support the requested operation. Mirrors {@code
 * org.apache.spark.SparkUnsupportedOperationException} (an {@code UnsupportedOperationException} on the server).
 */
public class SparkUnsupportedOperationException extends SparkConnectException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param details what the server reported
   * @param cause the next exception of the server's cause chain, or a client-side cause, or {@code null}
   */
  public SparkUnsupportedOperationException(ErrorDetails details, @Nullable Throwable cause) {
    super(details, cause);
  }
}
