package io.github.reactivespark.connect.exceptions;

import io.github.reactivespark.connect.internal.grpc.GrpcErrors;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A call failed with retryable errors until the retry policy gave up. Every failed attempt is attached, oldest
 * first, both as {@linkplain #getSuppressed() suppressed exceptions} and through {@link #attempts()}; the
 * attempts are the raw errors (typically {@code io.grpc.StatusRuntimeException}s), not converted; its
 * {@link #statusCode()} is the last attempt's. The message names the call and its address, how many attempts were
 * made, how long they took in all, and the last error.
 *
 * <p>Mirrors {@code RetriesExceeded} of Spark's Scala client ({@code GrpcRetryHandler.scala}), which also
 * carries the attempts as suppressed exceptions (newest first there).
 */
public class RetriesExceededException extends SparkConnectException {

  private static final long serialVersionUID = 1L;

  private final List<Throwable> attempts;
  private final @Nullable Duration elapsed;

  /**
   * Creates the exception.
   *
   * @param attempts every failed attempt, oldest first; must not be empty
   * @throws IllegalArgumentException if {@code attempts} is empty
   */
  public RetriesExceededException(List<? extends Throwable> attempts) {
    this("the call", null, attempts);
  }

  /**
   * Creates the exception for a named call.
   *
   * @param call what was tried, for the message (for example {@code AnalyzePlan to 127.0.0.1:15002})
   * @param elapsed the time from the first attempt to the last failure, or null if unknown
   * @param attempts every failed attempt, oldest first; must not be empty
   * @throws IllegalArgumentException if {@code attempts} is empty
   */
  public RetriesExceededException(String call, @Nullable Duration elapsed, List<? extends Throwable> attempts) {
    super(details(call, elapsed, attempts), null);
    this.attempts = List.copyOf(attempts);
    this.elapsed = elapsed;
    this.attempts.forEach(this::addSuppressed);
  }

  private static ErrorDetails details(String call, @Nullable Duration elapsed, List<? extends Throwable> attempts) {
    if (attempts.isEmpty()) {
      throw new IllegalArgumentException("attempts must not be empty");
    }
    Throwable last = attempts.get(attempts.size() - 1);
    String message = "Retries exceeded: " + call + " failed " + attempts.size() + " times"
        + (elapsed == null ? "" : " in " + seconds(elapsed)) + "; last error: " + GrpcErrors.describe(last);
    return ErrorDetails.of(message, null, StatusCode.forValue(GrpcErrors.codeValue(last)));
  }

  private static String seconds(Duration d) {
    return String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
  }

  /**
   * How long the attempts took, from the first one's start to the last one's failure, waits included.
   *
   * @return the time, or null when the creator did not know it
   */
  public @Nullable Duration elapsed() {
    return elapsed;
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
