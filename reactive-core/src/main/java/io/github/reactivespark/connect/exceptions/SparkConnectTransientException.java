package io.github.reactivespark.connect.exceptions;

import org.jspecify.annotations.Nullable;

/**
 * The call failed for a reason expected to pass: the server could not be reached ({@code UNAVAILABLE}), was
 * overloaded ({@code RESOURCE_EXHAUSTED}) or asked to be retried ({@code google.rpc.RetryInfo}). Seen when
 * retries are disabled; with retries this error is retried and, when they run out, reported as {@link
 * RetriesExceededException}. Not a Spark type: there it is a raw {@code StatusRuntimeException}.
 */
public class SparkConnectTransientException extends SparkConnectException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param details what the server reported
   * @param cause the next exception of the server's cause chain, or a client-side cause, or {@code null}
   */
  public SparkConnectTransientException(ErrorDetails details, @Nullable Throwable cause) {
    super(details, cause);
  }
}
