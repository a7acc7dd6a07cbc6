package io.github.reactivespark.connect.exceptions;

import org.jspecify.annotations.Nullable;

/**
 * A generic server-side failure, notably a failed Spark job ({@code Job aborted due to stage failure: ...}), and
 * the fallback for any server exception class this client does not know (the message is then prefixed with the
 * server's class name, as in Spark's client). Mirrors {@code org.apache.spark.SparkException}.
 */
public class SparkException extends SparkConnectException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param details what the server reported
   * @param cause the next exception of the server's cause chain, or a client-side cause, or {@code null}
   */
  public SparkException(ErrorDetails details, @Nullable Throwable cause) {
    super(details, cause);
  }
}
