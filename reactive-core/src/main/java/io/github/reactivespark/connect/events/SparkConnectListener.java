package io.github.reactivespark.connect.events;

/**
 * Receives what the sessions it is registered with do on the wire: the start and end of every client operation
 * (one {@code ExecutePlan} with its reattaches and retries, or one {@code AnalyzePlan}, {@code Config},
 * {@code Interrupt} or {@code AddArtifacts} call with its retries), each streamed response, each complete Arrow
 * batch, each progress report of a running query, each retry and each reattach. The client's own hook, as Spark's
 * {@code SparkListener} is the server's and r2dbc-proxy's {@code ProxyExecutionListener} is R2DBC's; the
 * {@code reactive-spark-connect-micrometer} module implements it.
 *
 * <p>Register with {@code SparkSession.builder().listener(listener)}; one listener may serve several sessions (the
 * events carry the session id). Every method has an empty default, so implement only what you need.
 *
 * <p>Threads and order (see the {@linkplain io.github.reactivespark.connect.events package description}): methods
 * are called synchronously on non-blocking client threads (the subscriber's, gRPC event loops, Reactor schedulers)
 * and must neither block nor take long; they must be thread-safe, since operations run concurrently. The events of
 * one operation arrive serially and in order, from {@link #onOperationStarted} to {@link #onOperationEnded}. An
 * exception thrown here is logged and never reaches the query.
 *
 * @since 0.1.0
 */
public interface SparkConnectListener {

  /**
   * A client operation starts: a subscription to a query's result (or a command), or to a unary call.
   *
   * @param event the start; {@link OperationEndedEvent#start()} hands the same event back at the end
   */
  default void onOperationStarted(OperationStartedEvent event) {}

  /**
   * A client operation ended: completed, failed (after the retries the session's policy allows) or was cancelled.
   * Called before the subscriber sees the completion or the error.
   *
   * @param event the end, with the outcome, the error and the operation's totals
   */
  default void onOperationEnded(OperationEndedEvent event) {}

  /**
   * A streamed response of an {@code ExecutePlan} or {@code ReattachExecute} call arrived (before it is decoded).
   *
   * @param event the response's size and kind
   */
  default void onResponse(ResponseEvent event) {}

  /**
   * The last chunk of an Arrow record batch arrived: the batch is complete (it is decoded afterwards, if the
   * subscriber asked for batches or rows).
   *
   * @param event the batch's rows and Arrow bytes
   */
  default void onArrowBatch(ArrowBatchEvent event) {}

  /**
   * The server reported the progress of a running query ({@code execution_progress}, every
   * {@code spark.connect.progress.reportInterval}, 2 s by default, while a query runs).
   *
   * @param event the stages' totals
   */
  default void onProgress(ProgressEvent event) {}

  /**
   * A call failed with an error the session's retry policy retries: it is sent again after {@link RetryEvent#backoff()}.
   *
   * @param event the attempt, the wait and the error
   */
  default void onRetry(RetryEvent event) {}

  /**
   * A query's response stream is resumed with {@code ReattachExecute} (the server ended the stream before
   * {@code ResultComplete}, or the call failed after progress, or a retry continues it).
   *
   * @param event the operation and where it resumes
   */
  default void onReattach(ReattachEvent event) {}
}
