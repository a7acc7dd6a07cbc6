package io.github.reactivespark.connect.internal.client;

import io.github.reactivespark.connect.exceptions.RetriesExceededException;
import io.github.reactivespark.connect.internal.grpc.GrpcErrors;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * RPC-level retry: a Resilience4j {@link Retry} applied per subscription, so that every subscription gets its own
 * retry context (its own attempt count and backoff), plus Spark's reporting of exhausted retries as
 * {@link RetriesExceededException}. Mirrors {@code GrpcRetryHandler.Retrying} of Spark's Scala client.
 *
 * <p>The operator is Resilience4j's {@code RetryOperator} with one change: the wait before a retry may end early.
 * The decisions stay Resilience4j's: each failure goes to the subscription's {@link Retry.AsyncContext}, which says
 * whether to retry and how long to wait (and publishes the retry events and metrics). When the failed attempt
 * never had a connection (its {@link ConnectionWatchdog#epoch() epoch} did not change while it ran), the wait also
 * ends as soon as the transport has a new connection ({@link ConnectionWatchdog#reconnected(long)}): after a short
 * outage the retry goes out when the network is back, not up to a whole backoff step later. An attempt that had a
 * fresh connection and still failed waits its full backoff, so a server that accepts connections and fails the
 * calls is never retried in a tight loop.
 *
 * <p>A retry resubscribes {@code source}. For a plain unary RPC that re-sends the request; a result stream must
 * resume rather than restart, so its {@code source} has to be written to resume (a {@code Flux.defer} that picks
 * ExecutePlan or ReattachExecute from per-subscription state); elements already emitted before an error are not
 * taken back.
 *
 * <p>Each retry logs one WARN line: the call (the retry's name), what failed, attempt n of m and the wait.
 *
 * <p>Errors:
 *
 * <ul>
 *   <li>an error the policy does not retry is emitted unchanged, even after earlier retries;
 *   <li>when a retryable error remains after the last retry, {@link RetriesExceededException} is emitted with every
 *       failed attempt of that subscription (oldest first, the final one included) as suppressed exceptions, the
 *       time spent and the transport's address in its message.
 * </ul>
 *
 * <p>Waits run on Reactor's parallel scheduler ({@code Mono.delay}), so tests can use virtual time. Cancelling
 * cancels the current attempt or the pending wait.
 */
public final class RetryOperators {

  private static final Logger log = LoggerFactory.getLogger(RetryOperators.class);

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
   * {@link io.github.resilience4j.retry.RetryConfig#getExceptionPredicate() exception predicate}. Waits are never
   * shortened ({@link ConnectionWatchdog#NONE}).
   *
   * @param source the cold publisher to (re)subscribe
   * @param retry the retry; its configuration is used, a new context is created per subscription
   * @param <T> element type
   * @return a cold {@code Flux} with the elements of the successful attempt(s)
   */
  public static <T> Flux<T> retry(Flux<T> source, Retry retry) {
    return retry(source, retry, ConnectionWatchdog.NONE);
  }

  /**
   * Retries {@code source} with {@code retry}, ending waits early when {@code watchdog} reports a new connection
   * after an attempt that had none (see the class description).
   *
   * @param source the cold publisher to (re)subscribe
   * @param retry the retry; its configuration is used, a new context is created per subscription
   * @param watchdog the transport's connection watchdog
   * @param <T> element type
   * @return a cold {@code Flux} with the elements of the successful attempt(s)
   */
  public static <T> Flux<T> retry(Flux<T> source, Retry retry, ConnectionWatchdog watchdog) {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(watchdog, "watchdog");
    return Flux.defer(() -> {
      Attempts attempts = new Attempts(retry, watchdog);
      return Flux.defer(() -> {
            attempts.starting();
            return source;
          })
          .doOnError(attempts::failed)
          .retryWhen(reactor.util.retry.Retry.withThrowable(errors -> errors.concatMap(attempts::waitOrGiveUp)))
          .doOnComplete(attempts::succeeded)
          .onErrorMap(attempts::exhausted);
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
    return retry(source, retry, ConnectionWatchdog.NONE);
  }

  /**
   * Retries {@code source} with {@code retry} and {@code watchdog}; see {@link #retry(Flux, Retry, ConnectionWatchdog)}.
   *
   * @param source the cold publisher to (re)subscribe
   * @param retry the retry; its configuration is used, a new context is created per subscription
   * @param watchdog the transport's connection watchdog
   * @param <T> element type
   * @return a cold {@code Mono} with the value of the successful attempt
   */
  public static <T> Mono<T> retry(Mono<T> source, Retry retry, ConnectionWatchdog watchdog) {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(watchdog, "watchdog");
    return Mono.defer(() -> {
      Attempts attempts = new Attempts(retry, watchdog);
      return Mono.defer(() -> {
            attempts.starting();
            return source;
          })
          .doOnError(attempts::failed)
          .retryWhen(reactor.util.retry.Retry.withThrowable(errors -> errors.concatMap(attempts::waitOrGiveUp)))
          .doOnSuccess(value -> attempts.succeeded())
          .onErrorMap(attempts::exhausted);
    });
  }

  /**
   * The state of one subscription: its Resilience4j context, its failed attempts and the connection epoch of the
   * running attempt. Attempts run one after another, so the fields are only ever touched serially.
   */
  private static final class Attempts {
    private final Retry retry;
    private final Retry.AsyncContext<Object> context;
    private final Predicate<Throwable> retryable;
    private final ConnectionWatchdog watchdog;
    private final List<Throwable> failed = new ArrayList<>();
    private final long startNanos = Schedulers.parallel().now(TimeUnit.NANOSECONDS);
    private volatile long attemptEpoch;

    Attempts(Retry retry, ConnectionWatchdog watchdog) {
      this.retry = retry;
      this.context = retry.asyncContext();
      this.retryable = retry.getRetryConfig().getExceptionPredicate();
      this.watchdog = watchdog;
    }

    void starting() {
      attemptEpoch = watchdog.epoch();
    }

    void failed(Throwable error) {
      failed.add(error);
    }

    void succeeded() {
      context.onComplete();
    }

    /** Resilience4j decides: retry after a wait (maybe ended early by a reconnect), or give up with the error. */
    Mono<Long> waitOrGiveUp(Throwable error) {
      if (error instanceof Error e) {
        return Mono.error(e);
      }
      long waitMillis = context.onError(error);
      if (waitMillis < 0) {
        return Mono.error(error);
      }
      log.warn("{}{} failed (attempt {} of {}): {}; retrying in {} ms{}", retry.getName(), to(watchdog),
          failed.size(), retry.getRetryConfig().getMaxAttempts(), GrpcErrors.describe(error), waitMillis,
          watchdog == ConnectionWatchdog.NONE ? "" : " or when the connection is back");
      Mono<Long> delay = Mono.delay(Duration.ofMillis(waitMillis));
      return watchdog == ConnectionWatchdog.NONE ? delay
          : Mono.firstWithSignal(delay, watchdog.reconnected(attemptEpoch).thenReturn(0L));
    }

    Throwable exhausted(Throwable error) {
      if (failed.isEmpty() || failed.get(failed.size() - 1) != error || !retryable.test(error)) {
        return error;
      }
      Duration elapsed = Duration.ofNanos(Schedulers.parallel().now(TimeUnit.NANOSECONDS) - startNanos);
      return new RetriesExceededException(retry.getName() + to(watchdog), elapsed, failed);
    }

    private static String to(ConnectionWatchdog watchdog) {
      return watchdog.target().isEmpty() ? "" : " to " + watchdog.target();
    }
  }
}
