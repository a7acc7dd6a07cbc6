package io.github.reactivespark.connect.exceptions;

import org.jspecify.annotations.Nullable;

/**
 * A streaming query terminated with an error; the cause chain holds the error that stopped it. Mirrors {@code
 * org.apache.spark.sql.streaming.StreamingQueryException}.
 */
public class StreamingQueryException extends SparkConnectException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param details what the server reported
   * @param cause the next exception of the server's cause chain, or a client-side cause, or {@code null}
   */
  public StreamingQueryException(ErrorDetails details, @Nullable Throwable cause) {
    super(details, cause);
  }
}
