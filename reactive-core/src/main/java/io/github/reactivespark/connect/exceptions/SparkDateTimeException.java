package io.github.reactivespark.connect.exceptions;

import org.jspecify.annotations.Nullable;

/**
 * A date or time value is invalid or could not be parsed, for example {@code CANNOT_PARSE_TIMESTAMP} or {@code
 * DATETIME_FIELD_OUT_OF_BOUNDS}. Mirrors {@code org.apache.spark.SparkDateTimeException} (a {@code
 * java.time.DateTimeException} on the server).
 */
public class SparkDateTimeException extends SparkConnectException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param details what the server reported
   * @param cause the next exception of the server's cause chain, or a client-side cause, or {@code null}
   */
  public SparkDateTimeException(ErrorDetails details, @Nullable Throwable cause) {
    super(details, cause);
  }
}
