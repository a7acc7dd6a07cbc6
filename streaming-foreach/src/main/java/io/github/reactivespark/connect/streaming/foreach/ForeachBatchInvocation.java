package io.github.reactivespark.connect.streaming.foreach;

import io.github.reactivespark.connect.exceptions.StreamingQueryException;
import io.github.reactivespark.connect.listeners.StreamingListeners;
import io.github.reactivespark.connect.streaming.StreamingQuery;
import io.github.reactivespark.connect.streaming.StreamingQueryProgress;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;

/**
 * One run of a {@code foreachBatch} function on the server, as the client sees it: Spark's batch id, the rows the
 * micro-batch held, how long the sink phase ({@code durationMs.addBatch}, in which Spark calls the function) took,
 * and the outcome. Built from the query's progress events (listener bus): the protocol's only per-batch signal from
 * the server, since the function runs there and nothing is sent back per call.
 *
 * @param batchId Spark's micro-batch id
 * @param rows rows in the micro-batch ({@code numInputRows})
 * @param duration time spent in the sink phase, which runs the function (milliseconds precision)
 * @param outcome {@link Outcome#SUCCEEDED} for a batch Spark committed, {@link Outcome#FAILED} for the batch that
 *     failed the query (its id is the one after the last batch Spark completed, or -1 if the server could not
 *     tell; rows and duration unknown: 0)
 * @param error the query's failure for a failed invocation, else null
 */
public record ForeachBatchInvocation(long batchId, long rows, Duration duration, Outcome outcome,
    @Nullable StreamingQueryException error) {

  /** How an invocation ended. */
  public enum Outcome {
    /** The function returned and Spark committed the batch. */
    SUCCEEDED,
    /** The function (or the batch around it) threw: the query failed. */
    FAILED
  }

  /**
   * The invocations of {@code query}'s foreachBatch function from the subscription on: one element per
   * micro-batch that ran (batches without new data, which do not call the function, are skipped). Completes when
   * the query stops; when it fails, emits a {@link Outcome#FAILED} element and then the
   * {@link StreamingQueryException} (Spark's error class kept). Cold: each subscription follows the query through
   * {@link StreamingListeners#progressOf(StreamingQuery)} (registering the session's listener bus if it is the first
   * subscriber); cancelling stops following, not the query. Backpressure: as {@code progressOf}, a slow subscriber may
   * skip intermediate invocations (their progress events coalesce); the failure is never dropped.
   */
  public static Flux<ForeachBatchInvocation> of(StreamingQuery query) {
    Objects.requireNonNull(query, "query");
    return StreamingListeners.progressOf(query)
        .filter(p -> p.numInputRows() > 0)
        .map(ForeachBatchInvocation::succeeded)
        // the failed batch is the one after the last batch Spark completed (also when this subscriber came late)
        .onErrorResume(StreamingQueryException.class, e -> query.lastProgress()
            .map(p -> p.batchId() + 1).defaultIfEmpty(0L).onErrorReturn(-1L)
            .flatMapMany(failedBatch -> Flux.just(
                    new ForeachBatchInvocation(failedBatch, 0, Duration.ZERO, Outcome.FAILED, e))
                .concatWith(Flux.error(e))));
  }

  private static ForeachBatchInvocation succeeded(StreamingQueryProgress p) {
    long ms = p.durationMs().getOrDefault("addBatch", 0L);
    return new ForeachBatchInvocation(p.batchId(), p.numInputRows(), Duration.ofMillis(ms), Outcome.SUCCEEDED, null);
  }
}
