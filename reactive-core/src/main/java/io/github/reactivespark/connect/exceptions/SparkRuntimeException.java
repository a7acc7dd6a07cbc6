package io.github.reactivespark.connect.exceptions;

import org.jspecify.annotations.Nullable;

/**
 * A run-time error with an error class, for example {@code USER_RAISED_EXCEPTION} from {@code raise_error} or
 * {@code assert_true}. Mirrors {@code org.apache.spark.SparkRuntimeException}.
 */
public class SparkRuntimeException extends SparkConnectException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param details what the server reported
   * @param cause the next exception of the server's cause chain, or a client-side cause, or {@code null}
   */
  public SparkRuntimeException(ErrorDetails details, @Nullable Throwable cause) {
    super(details, cause);
  }
}
