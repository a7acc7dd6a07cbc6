package io.github.reactivespark.connect.exceptions;

import org.jspecify.annotations.Nullable;

/**
 * A string could not be converted to a number, for example {@code CAST_INVALID_INPUT} under ANSI mode. Mirrors
 * {@code org.apache.spark.SparkNumberFormatException} (a {@code NumberFormatException} on the server).
 */
public class SparkNumberFormatException extends SparkConnectException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param details what the server reported
   * @param cause the next exception of the server's cause chain, or a client-side cause, or {@code null}
   */
  public SparkNumberFormatException(ErrorDetails details, @Nullable Throwable cause) {
    super(details, cause);
  }
}
