package io.github.reactivespark.connect.internal.client;

import io.github.reactivespark.connect.internal.proto.ExecutePlanResponse;

/**
 * Receives the side channel of executions: the {@code execution_progress} and {@code metrics} responses that come
 * interleaved with (or after) the result batches of an {@code ExecutePlan}. Registered session-wide
 * ({@link ConnectClient#addObserver}) or for one subscription through the Reactor Context
 * ({@link ConnectClient#withObserver}). Called by {@code ConnectClient.onResponse} on the thread that delivers the
 * response, before its subscriber sees it, one response at a time per operation: implementations must be quick and
 * must not block (hand the value over, as the public progress sinks do); what they throw is logged and dropped,
 * never breaks the query.
 */
public interface ExecutionObserver {

  /**
   * Progress of a running operation (Spark sends it every {@code spark.connect.progress.reportInterval}, 2 s by
   * default, also while no batch comes).
   *
   * @param operationId the operation it belongs to
   * @param progress stages (tasks total and completed, input bytes read, done) and tasks in flight
   */
  default void onProgress(String operationId, ExecutePlanResponse.ExecutionProgress progress) {}

  /**
   * The metrics of the executed plan's nodes, sent once when the operation's result is complete.
   *
   * @param operationId the operation it belongs to
   * @param metrics one object per plan node with its metrics
   */
  default void onMetrics(String operationId, ExecutePlanResponse.Metrics metrics) {}
}
