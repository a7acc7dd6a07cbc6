package io.github.reactivespark.connect;

import io.github.reactivespark.connect.exceptions.RetriesExceededException;
import io.github.reactivespark.connect.internal.client.Resumable;
import io.github.reactivespark.connect.internal.client.RetryOperators;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The client's retry and reattach operators, public so that users compose them on their own publishers (for
 * example a call to another service made next to a query, or a paged read of their own).
 *
 * <h2>Retry: {@link #retry(RetryPolicy)}, {@link #retry(Retry)}, {@link #retry(String, RetryConfig)}</h2>
 *
 * <p>A function for {@code flux.transform(...)} or {@code mono.transform(...)} (a {@code Mono} stays a
 * {@code Mono}) that resubscribes the upstream after a retryable error, exactly as every RPC of a
 * {@link SparkSession} is retried. Semantics are those of Spark's Scala client ({@code GrpcRetryHandler.Retrying}
 * and {@code RetryPolicy} in {@code sql/connect/common/src/main/scala/org/apache/spark/sql/connect/client/}):
 *
 * <ul>
 *   <li>every subscription has its own retry budget and backoff state (the operator defers per subscription, so
 *       {@code transform} and {@code transformDeferred} behave the same);
 *   <li>an error the policy does not retry is emitted unchanged, at once, even after earlier retries;
 *   <li>a retryable error is followed by a wait ({@link RetryPolicy#backoff(int, Throwable)}: 50 ms × 4 up to
 *       60 s, jitter of up to 500 ms once the wait reaches 2 s, the server's {@code RetryInfo.retry_delay}
 *       honoured up to 10 min with {@link RetryPolicy#defaultPolicy()}) and a new subscription to the upstream;
 *   <li>when a retryable error remains after the last retry, {@link RetriesExceededException} is emitted carrying
 *       every failed attempt of that subscription, oldest first, as {@linkplain Throwable#getSuppressed()
 *       suppressed exceptions} and through {@link RetriesExceededException#attempts()} (Spark's
 *       {@code RetriesExceeded} carries them newest first);
 *   <li>{@link RetryPolicy#none()} switches retries off: the first error passes through unchanged.
 * </ul>
 *
 * <p>Elements emitted before an error are not taken back: a retry of a stream restarts it unless the upstream is
 * written to resume (see {@link #resumable}). Waits run on Reactor's parallel scheduler ({@code Mono.delay}), so
 * {@code StepVerifier.withVirtualTime} controls them. Cancelling cancels the running attempt or the pending wait.
 * The default retry predicate sees raw gRPC errors ({@code io.grpc.StatusRuntimeException}); with the client's
 * own publishers the errors are already converted {@code SparkConnectException}s, which
 * {@link RetryPolicy#DEFAULT_RETRY_PREDICATE} never retries (the session retried them already), so pass a
 * predicate of your own for those.
 *
 * <p>Retry events (each retry with its wait, success after retries, the final error, ignored errors) are those of
 * Resilience4j: pass your own {@link Retry} to {@link #retry(Retry)} and observe
 * {@link Retry#getEventPublisher()}; its {@link Retry#getMetrics() metrics} count across subscriptions.
 *
 * <pre>{@code
 * Retry retry = Retry.of("my-call", RetryPolicy.defaultPolicy().toRetryConfig());
 * retry.getEventPublisher().onRetry(e -> log.warn("retry {} in {}", e.getNumberOfRetryAttempts(), e.getWaitInterval()));
 * Mono<Reply> reply = myGrpcCall().transform(ConnectOperators.retry(retry));
 * }</pre>
 *
 * <h2>Reattach: {@link #resumable(Function, Predicate, RetryPolicy)}</h2>
 *
 * <p>The shape of Spark's reattachable execution ({@code ExecutePlanResponseReattachableIterator.scala}) for any
 * stream whose source can continue after a given element: a stream that ends before its last element, or fails
 * with a retryable error, is resumed from the last element received rather than restarted. It is the very loop
 * every {@code ExecutePlan} of a session runs in.
 *
 * @since 0.1.0
 */
public final class ConnectOperators {

  private ConnectOperators() {}

  /**
   * A retry operator with {@code policy}; see the class description. The Resilience4j {@link Retry} behind it is
   * named {@code "retry"}.
   *
   * @param policy which errors to retry and how long to wait; {@link RetryPolicy#none()} for no retry
   * @param <T> element type
   * @return a function for {@code transform}/{@code transformDeferred} of a {@link Flux} or {@link Mono}; it turns
   *     a {@code Mono} into a {@code Mono} and any other publisher into a {@code Flux}, both cold
   */
  public static <T> UnaryOperator<Publisher<T>> retry(RetryPolicy policy) {
    return retry("retry", Objects.requireNonNull(policy, "policy").toRetryConfig());
  }

  /**
   * A retry operator with a custom Resilience4j configuration, for example
   * {@code RetryConfig.from(RetryPolicy.defaultPolicy().toRetryConfig()).maxAttempts(3).build()}. Which errors
   * are retried, and so which end in {@link RetriesExceededException}, is the configuration's
   * {@link RetryConfig#getExceptionPredicate() exception predicate}; results are never retried.
   *
   * @param name the name of the Resilience4j {@link Retry} created for it (shows in its events and metrics)
   * @param config the configuration
   * @param <T> element type
   * @return a function for {@code transform}/{@code transformDeferred}; see {@link #retry(RetryPolicy)}
   */
  public static <T> UnaryOperator<Publisher<T>> retry(String name, RetryConfig config) {
    return retry(Retry.of(Objects.requireNonNull(name, "name"), Objects.requireNonNull(config, "config")));
  }

  /**
   * A retry operator with a caller's Resilience4j {@link Retry}, whose {@link Retry#getEventPublisher() event
   * publisher} and {@link Retry#getMetrics() metrics} then report every retry made through it. Its configuration is
   * used as is; each subscription gets a new retry context (its own attempt count).
   *
   * @param retry the retry, for example {@code Retry.of("name", policy.toRetryConfig())} or one from a
   *     {@code RetryRegistry}
   * @param <T> element type
   * @return a function for {@code transform}/{@code transformDeferred}; see {@link #retry(RetryPolicy)}
   */
  public static <T> UnaryOperator<Publisher<T>> retry(Retry retry) {
    Objects.requireNonNull(retry, "retry");
    return source -> source instanceof Mono<T> mono
        ? RetryOperators.retry(mono, retry)
        : RetryOperators.retry(Flux.from(source), retry);
  }

  /**
   * A stream that resumes where it stopped. Cold: each subscription starts with {@code call.apply(empty)} and
   * keeps its own state. Then:
   *
   * <ul>
   *   <li>each element is emitted once and remembered as the last one received;
   *   <li>the stream completes after an element for which {@code isLast} is true; if a call completes before that
   *       element, {@code call.apply(Optional.of(last))} continues it (with {@code empty} again if nothing was
   *       received yet), as Spark reattaches a result stream that ended without {@code ResultComplete};
   *   <li>a call that fails with an error {@code policy} retries is continued the same way: at once if it made
   *       progress (the budget starts afresh after every element received, as in Spark where each
   *       {@code next()} of the iterator has its own), otherwise after the policy's wait, until the retries run out
   *       into {@link RetriesExceededException};
   *   <li>other errors are emitted unchanged.
   * </ul>
   *
   * <p>A call that keeps completing without progress is called again without end, as Spark reattaches an empty
   * stream again; the caller's source must make progress or fail. Cancelling cancels the running call or wait.
   *
   * @param call the source of one call, given the last element received so far (empty before the first)
   * @param isLast whether an element is the final one (Spark: the response carrying {@code ResultComplete})
   * @param policy which errors to retry and how long to wait
   * @param <T> element type
   * @return a cold {@code Flux} of every element, each once, in order
   */
  public static <T> Flux<T> resumable(Function<Optional<T>, ? extends Publisher<T>> call,
      Predicate<? super T> isLast, RetryPolicy policy) {
    Objects.requireNonNull(policy, "policy");
    return resumable(call, isLast, Retry.of("resumable", policy.toRetryConfig()));
  }

  /**
   * {@link #resumable(Function, Predicate, RetryPolicy)} with a caller's Resilience4j {@link Retry} (whose event
   * publisher reports the retries made without progress; a resume after progress is not a retry).
   *
   * @param call the source of one call, given the last element received so far (empty before the first)
   * @param isLast whether an element is the final one
   * @param retry the retry; its exception predicate also decides which errors after progress resume the stream
   * @param <T> element type
   * @return a cold {@code Flux} of every element, each once, in order
   */
  public static <T> Flux<T> resumable(Function<Optional<T>, ? extends Publisher<T>> call,
      Predicate<? super T> isLast, Retry retry) {
    return Resumable.stream(call, isLast, retry);
  }
}
