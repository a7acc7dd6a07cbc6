package io.github.reactivespark.connect.exceptions;

import io.github.reactivespark.connect.internal.grpc.GrpcErrors;
import java.util.List;

/**
 * A call failed with retryable errors until the retry policy gave up. Every failed attempt is attached, oldest
 * first, both as {@linkplain #getSuppressed() suppressed exceptions} and through {@link #attempts()}; the
 * attempts are the raw errors (typically {@code io.grpc.StatusRuntimeException}s), not converted; its
 * {@link #statusCode()} is the last attempt's.
 *
 * <p>Mirrors {@code RetriesExceeded} of Spark's Scala client ({@code GrpcRetryHandler.scala}), which also
 * carries the attempts as suppressed exceptions (newest first there).
 */
public class RetriesExceededException extends SparkConnectException {

  private static final long serialVersionUID = 1L;

  private final List<Throwable> attempts;

  /**
   * Creates the exception.
   *
   * @param attempts every failed attempt, oldest first; must not be empty
   * @throws IllegalArgumentException if {@code attempts} is empty
   */
  public RetriesExceededException(List<? extends Throwable> attempts) {
    super(details(attempts), null);
    this.attempts = List.copyOf(attempts);
    this.attempts.forEach(this::addSuppressed);
  }

  private static ErrorDetails details(List<? extends Throwable> attempts) {
    if (attempts.isEmpty()) {
      throw new IllegalArgumentException("attempts must not be empty");
    }
    Throwable last = attempts.get(attempts.size() - 1);
    String message = "Retries exceeded: the call failed " + attempts.size() + " times; last error: "
        + GrpcErrors.describe(last);
    return ErrorDetails.of(message, null, StatusCode.forValue(GrpcErrors.codeValue(last)));
  }

  /**
   * Every failed attempt, oldest first (the first call, then each retry).
   *
   * @return an unmodifiable list with at least one element
   */
  public List<Throwable> attempts() {
    return attempts;
  }
}
