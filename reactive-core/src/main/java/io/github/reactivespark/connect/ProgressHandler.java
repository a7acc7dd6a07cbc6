package io.github.reactivespark.connect;

/**
 * Receives the progress of queries: PySpark's progress handler ({@code SparkSession.registerProgressHandler},
 * called with stages, tasks in flight and the operation id). Registered for every query of a session with
 * {@link SparkSession#registerProgressHandler}, or for one subscription with
 * {@link SparkSession#withProgressHandler}.
 *
 * <p>Called on the gRPC thread that delivers the progress response, before the batches after it, and one call at a
 * time per query: it must return quickly and never block (hand the value to a sink, a queue or an atomic
 * reference); an exception it throws is logged and ignored. For a stream with backpressure use
 * {@link DataFrame#execute()} and {@link Execution#progress()} instead.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface ProgressHandler {

  /**
   * One progress report of a running query.
   *
   * @param progress the query's stages and tasks in flight, with its operation id
   */
  void onProgress(ExecutionProgress progress);
}
