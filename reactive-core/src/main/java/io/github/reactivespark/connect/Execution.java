package io.github.reactivespark.connect;

import io.github.reactivespark.connect.internal.client.ExecutionObserver;
import io.github.reactivespark.connect.internal.proto.ExecutePlanResponse;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * One run of a query with its progress beside its results ({@link DataFrame#execute()}): the results are a cold
 * publisher that runs the query once; {@link #progress()} is a hot view of that run's
 * {@code ExecutePlanResponse.execution_progress}, and {@link #executionInfo()} its plan metrics.
 *
 * <p>The results ({@link #toArrow()}, {@link #mapBatches}, {@link #rows()}, {@link #collectAsList()}) behave as
 * the DataFrame's own: one {@code ExecutePlan} when subscribed, cancel stops the query on the server, the
 * subscriber owns every {@link ArrowBatch} of {@link #toArrow()}. A handle runs its query once: a second
 * subscription to any of them emits {@link IllegalStateException} (call {@link DataFrame#execute()} again for
 * another run, with its own progress).
 *
 * <p>Progress never holds up results: the server's progress responses are handed to a latest-wins buffer when they
 * arrive on the result stream, and each progress subscriber gets the newest report whenever it asks (older ones it
 * did not ask for are dropped, as {@code onBackpressureLatest}), so a slow progress consumer neither queues nor
 * slows the batches. The usual pairing is {@code Flux.merge(run.progress().map(...), run.rows().map(...))}.
 *
 * @since 0.1.0
 */
public final class Execution {

  private final DataFrame df;
  private final AtomicBoolean started = new AtomicBoolean();
  private final Sinks.Many<ExecutionProgress> progress = Sinks.many().replay().latest();
  private final Sinks.One<ExecutionInfo> info = Sinks.one();
  private final Object emitting = new Object();
  private volatile @Nullable ExecutionInfo metrics;
  private @Nullable ExecutionProgress last;

  Execution(DataFrame df) {
    this.df = df;
  }

  /**
   * The DataFrame this runs.
   *
   * @return the DataFrame
   */
  public DataFrame dataFrame() {
    return df;
  }

  /**
   * The results as Arrow batches, as {@link DataFrame#toArrow()}. Cold: the first subscription runs the query
   * (one {@code ExecutePlan}); cancelling sends {@code ReleaseExecute(release_all)}. The subscriber owns and closes
   * every batch.
   *
   * @return the batches; a second subscription emits {@link IllegalStateException}
   */
  public Flux<ArrowBatch> toArrow() {
    return Flux.defer(() -> {
      if (!started.compareAndSet(false, true)) {
        return Flux.error(new IllegalStateException("This Execution already ran its query: call"
            + " DataFrame.execute() again for another run"));
      }
      return df.toArrow(new Observer())
          .doOnComplete(this::completed)
          .doFinally(s -> finished());
    });
  }

  /**
   * Applies {@code f} to each batch and closes it, as {@link DataFrame#mapBatches}.
   *
   * @param f called once per batch; must not keep it
   * @param <T> the result type
   * @return the results, one per batch; runs the query once, as {@link #toArrow()}
   */
  public <T> Flux<T> mapBatches(Function<ArrowBatch, T> f) {
    Objects.requireNonNull(f, "f");
    return toArrow().map(batch -> {
      try {
        return f.apply(batch);
      } finally {
        batch.close();
      }
    });
  }

  /**
   * The results as rows, as {@link DataFrame#rows()}.
   *
   * @return the rows; runs the query once, as {@link #toArrow()}
   */
  public Flux<Row> rows() {
    return mapBatches(ArrowBatch::rows).concatMapIterable(rows -> rows, 1);
  }

  /**
   * All rows in one list, as {@link DataFrame#collectAsList()}.
   *
   * @return the rows; runs the query once, as {@link #toArrow()}
   */
  public Mono<List<Row>> collectAsList() {
    return rows().collectList();
  }

  /**
   * The progress of this run. Hot: reports come as the server sends them (every
   * {@code spark.connect.progress.reportInterval}, 2 s by default, while the query runs; a query shorter than that
   * may report nothing); a subscriber first gets the latest report so far, if any, then each newer one it has
   * demand for, latest-wins (see the class javadoc). Completes when the run ends (its results complete, fail or
   * are cancelled), at once for a subscriber that comes after; never emits an error (errors are the results').
   * Cancelling a progress subscription does not affect the run.
   *
   * <p>When the results complete, one last report follows the server's: its stages with every one marked done
   * and no task in flight. The server sends no report after the end of a query (its last one is often taken while
   * the final stage still runs), and it never reports as done the stages that adaptive query execution planned
   * and then skipped (they keep the completed task count reported, often 0); at completion both are done, so a
   * consumer can close its progress bar on {@link ExecutionProgress#allStagesDone()}. No last report follows a
   * run that fails or is cancelled, nor one that the server reported nothing for.
   *
   * @return the progress reports, each with the stages so far and the tasks in flight
   */
  public Flux<ExecutionProgress> progress() {
    return progress.asFlux().onBackpressureLatest();
  }

  /**
   * The plan metrics of this run, as {@link DataFrame#executionInfo()}: emitted when the results complete; empty
   * if the run fails or is cancelled (or the server sent no metrics).
   *
   * @return a Mono that waits for the end of the run (it does not start it)
   */
  public Mono<ExecutionInfo> executionInfo() {
    return info.asMono();
  }

  private void completed() {
    ExecutionInfo m = metrics;
    synchronized (emitting) {
      if (last != null) {
        progress.tryEmitNext(last.finished());
      }
      if (m != null) {
        info.tryEmitValue(m);
      }
    }
  }

  private void finished() {
    synchronized (emitting) {
      info.tryEmitEmpty();
      progress.tryEmitComplete();
    }
  }

  /** Hands one run's progress and metrics to the sinks. */
  private final class Observer implements ExecutionObserver {
    @Override
    public void onProgress(String operationId, ExecutePlanResponse.ExecutionProgress p) {
      ExecutionProgress report = ExecutionProgress.of(operationId, p);
      synchronized (emitting) {
        last = report;
        progress.tryEmitNext(report);
      }
    }

    @Override
    public void onMetrics(String operationId, ExecutePlanResponse.Metrics m) {
      metrics = ExecutionInfo.of(operationId, m);
    }
  }
}
