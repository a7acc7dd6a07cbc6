package io.github.reactivespark.connect.internal.client;

import io.github.reactivespark.connect.internal.grpc.GrpcErrors;
import io.github.resilience4j.retry.Retry;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;

/**
 * The client's one resume loop: a stream made of consecutive calls, each continuing after the last element the
 * previous ones delivered, until an element says it is the last. {@link ReattachableExecution} runs every
 * {@code ExecutePlan} through it (the first call is {@code ExecutePlan}, the next ones {@code ReattachExecute}
 * from the last response id, until {@code ResultComplete}); the public {@code ConnectOperators.resumable} hands it
 * to users for their own sources. The shape of Spark's {@code ExecutePlanResponseReattachableIterator}.
 *
 * <p>Per subscription (the state is created in a {@code Flux.defer}; calls run one after another, never at once):
 *
 * <ul>
 *   <li>each element is emitted once and remembered as the last one received;
 *   <li>the stream completes after an element for which {@code isLast} is true; a call that completes before it is
 *       followed by another one ({@code repeat}), given the last element so far, as Spark reattaches a result stream
 *       that ended without {@code ResultComplete};
 *   <li>a call that fails with an error the retry's exception predicate accepts is continued the same way: at once
 *       if it delivered something (the retry budget starts afresh after every element, as in Spark, where each
 *       {@code next()} of the iterator has its own), otherwise after the retry's wait, until the retries run out
 *       ({@link RetryOperators}: {@code RetriesExceededException} with every attempt);
 *   <li>other errors are emitted unchanged.
 * </ul>
 *
 * <p>A failure after progress logs one WARN line (the retry's name, what failed, how many elements had arrived);
 * the retries log theirs ({@link RetryOperators}).
 *
 * <p>A call that keeps completing without progress is called again without end, as Spark reattaches an empty
 * stream again: the source must make progress or fail. Cancelling cancels the running call or wait.
 */
public final class Resumable {

  private static final Logger log = LoggerFactory.getLogger(Resumable.class);

  private Resumable() {}

  /**
   * A cold stream resumed from its last element; see the class description.
   *
   * @param call one call, given the last element received so far (empty before the first)
   * @param isLast whether an element is the final one
   * @param retry the retry of calls that fail without progress (a new retry context per subscription); its
   *     exception predicate also decides which errors after progress resume the stream
   * @param <T> element type
   * @return every element, each once, in order
   */
  public static <T> Flux<T> stream(Function<Optional<T>, ? extends Publisher<T>> call, Predicate<? super T> isLast,
      Retry retry) {
    return stream(call, isLast, retry, ConnectionWatchdog.NONE);
  }

  /**
   * {@link #stream(Function, Predicate, Retry)} whose retry waits end early when {@code watchdog} reports a new
   * connection ({@link RetryOperators#retry(Flux, Retry, ConnectionWatchdog)}).
   *
   * @param call one call, given the last element received so far (empty before the first)
   * @param isLast whether an element is the final one
   * @param retry the retry of calls that fail without progress
   * @param watchdog the transport's connection watchdog
   * @param <T> element type
   * @return every element, each once, in order
   */
  public static <T> Flux<T> stream(Function<Optional<T>, ? extends Publisher<T>> call, Predicate<? super T> isLast,
      Retry retry, ConnectionWatchdog watchdog) {
    Objects.requireNonNull(call, "call");
    Objects.requireNonNull(isLast, "isLast");
    Objects.requireNonNull(retry, "retry");
    Objects.requireNonNull(watchdog, "watchdog");
    Predicate<Throwable> retryable = retry.getRetryConfig().getExceptionPredicate();
    return Flux.defer(() -> {
      State<T> st = new State<>();
      Flux<T> oneCall = Flux.defer(() -> {
        if (st.complete) {
          return Flux.<T>empty();
        }
        long before = st.received;
        return Flux.<T>from(call.apply(Optional.ofNullable(st.last)))
            .doOnNext(t -> {
              st.received++;
              st.last = t;
              if (isLast.test(t)) {
                st.complete = true;
              }
            })
            // progress was made: end this call and let repeat() continue it with a fresh retry budget
            .onErrorResume(e -> {
              if (st.received > before && retryable.test(e)) {
                log.warn("{}{} failed after {} elements: {}; resuming at once", retry.getName(),
                    watchdog.target().isEmpty() ? "" : " to " + watchdog.target(), st.received,
                    GrpcErrors.describe(e));
                return Flux.empty();
              }
              return Flux.error(e);
            });
      });
      return RetryOperators.retry(oneCall, retry, watchdog).repeat(() -> !st.complete);
    });
  }

  /** Per-subscription state; calls run one after another, never concurrently. */
  private static final class State<T> {
    @Nullable volatile T last;
    volatile long received;
    volatile boolean complete;
  }
}
