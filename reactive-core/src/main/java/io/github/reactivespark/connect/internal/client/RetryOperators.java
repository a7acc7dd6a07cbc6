package io.github.reactivespark.connect.internal.client;

import io.github.reactivespark.connect.exceptions.RetriesExceededException;
import io.github.resilience4j.reactor.retry.RetryOperator;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * RPC-level retry: Resilience4j's {@link RetryOperator} applied with {@code transformDeferred}, so that every
 * subscription gets its own retry context (its own attempt count and backoff), plus Spark's reporting of
 * exhausted retries as {@link RetriesExceededException}. Mirrors {@code GrpcRetryHandler.Retrying} of Spark's
 * Scala client.
 *
 * <p>A retry resubscribes {@code source}. For a plain unary RPC that re-sends the request; a result stream must
 * resume rather than restart, so its {@code source} has to be written to resume (a {@code Flux.defer} that picks
 * ExecutePlan or ReattachExecute from per-subscription state); elements already emitted before an error are not
 * taken back.
 *
 * <p>Errors:
 *
 * <ul>
 *   <li>an error the policy does not retry is emitted unchanged, even after earlier retries;
 *   <li>when a retryable error remains after the last retry, {@link RetriesExceededException} is emitted with every
 *       failed attempt of that subscription (oldest first, the final one included) as suppressed exceptions.
 * </ul>
 *
 * <p>Waits run on Reactor's parallel scheduler ({@code Mono.delay}), so tests can use virtual time. Cancelling
 * cancels the current attempt or the pending wait.
 */
public final class RetryOperators {

  private RetryOperators() {}

  /**
   * Retries {@code source} under {@code config}, with a fresh retry budget for each subscription.
   *
   * @param source the cold publisher to (re)subscribe
   * @param config which errors to retry and how long to wait (the session's {@code RetryPolicy.toRetryConfig()})
   * @param name the name of the Resilience4j {@link Retry} (shows in its events and metrics), for example the RPC
   * @param <T> element type
   * @return a cold {@code Flux} with the elements of the successful attempt(s)
   */
  public static <T> Flux<T> retry(Flux<T> source, RetryConfig config, String name) {
    return retry(source, Retry.of(name, config));
  }

  /**
   * Retries {@code source} with a caller-supplied Resilience4j {@link Retry} (for example one from a registry,
   * or one whose {@link Retry#getEventPublisher() event publisher} the caller observes). Which errors count as
   * retryable for {@link RetriesExceededException} is read from its
   * {@link io.github.resilience4j.retry.RetryConfig#getExceptionPredicate() exception predicate}.
   *
   * @param source the cold publisher to (re)subscribe
   * @param retry the retry; its configuration is used, a new context is created per subscription
   * @param <T> element type
   * @return a cold {@code Flux} with the elements of the successful attempt(s)
   */
  public static <T> Flux<T> retry(Flux<T> source, Retry retry) {
    Objects.requireNonNull(source, "source");
    Predicate<Throwable> retryable = retry.getRetryConfig().getExceptionPredicate();
    return Flux.defer(() -> {
      List<Throwable> attempts = new ArrayList<>();
      return source
          .doOnError(attempts::add)
          .transformDeferred(RetryOperator.of(retry))
          .onErrorMap(e -> exhausted(e, attempts, retryable));
    });
  }

  /**
   * Retries {@code source} under {@code config}, with a fresh retry budget for each subscription.
   *
   * @param source the cold publisher to (re)subscribe
   * @param config which errors to retry and how long to wait
   * @param name the name of the Resilience4j {@link Retry}
   * @param <T> element type
   * @return a cold {@code Mono} with the value of the successful attempt
   */
  public static <T> Mono<T> retry(Mono<T> source, RetryConfig config, String name) {
    return retry(source, Retry.of(name, config));
  }

  /**
   * Retries {@code source} with a caller-supplied Resilience4j {@link Retry}; see
   * {@link #retry(Flux, Retry)}.
   *
   * @param source the cold publisher to (re)subscribe
   * @param retry the retry; its configuration is used, a new context is created per subscription
   * @param <T> element type
   * @return a cold {@code Mono} with the value of the successful attempt
   */
  public static <T> Mono<T> retry(Mono<T> source, Retry retry) {
    Objects.requireNonNull(source, "source");
    Predicate<Throwable> retryable = retry.getRetryConfig().getExceptionPredicate();
    return Mono.defer(() -> {
      List<Throwable> attempts = new ArrayList<>();
      return source
          .doOnError(attempts::add)
          .transformDeferred(RetryOperator.of(retry))
          .onErrorMap(e -> exhausted(e, attempts, retryable));
    });
  }

  /**
   * The error to emit once Resilience4j stops: the error itself unless it is retryable, which means the retries
   * ran out. Attempts are added serially (one subscription at a time) and read after the last one.
   */
  private static Throwable exhausted(Throwable error, List<Throwable> attempts, Predicate<Throwable> retryable) {
    if (attempts.isEmpty() || attempts.get(attempts.size() - 1) != error || !retryable.test(error)) {
      return error;
    }
    return new RetriesExceededException(attempts);
  }
}
