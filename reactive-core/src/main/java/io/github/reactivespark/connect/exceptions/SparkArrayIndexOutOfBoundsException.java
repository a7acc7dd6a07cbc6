package io.github.reactivespark.connect.exceptions;

import org.jspecify.annotations.Nullable;

/**
 * An array index is out of bounds, for example {@code INVALID_ARRAY_INDEX} under ANSI mode. Mirrors {@code
 * org.apache.spark.SparkArrayIndexOutOfBoundsException}.
 */
public class SparkArrayIndexOutOfBoundsException extends SparkConnectException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param details what the server reported
   * @param cause the next exception of the server's cause chain, or a client-side cause, or {@code null}
   */
  public SparkArrayIndexOutOfBoundsException(ErrorDetails details, @Nullable Throwable cause) {
    super(details, cause);
  }
}
