package io.github.reactivespark.connect.pipelines;

/**
 * The status of a flow in a run, as Spark's {@code org.apache.spark.sql.pipelines.common.FlowStatus} names it and
 * as the server's flow progress messages ({@code FlowProgressEventLogger}) spell it.
 */
public enum FlowStatus {
  /** Waiting for its upstream datasets to be updated. */
  QUEUED,
  /** A batch flow's query is being planned. */
  PLANNING,
  /** Starting. */
  STARTING,
  /** Its query is running. */
  RUNNING,
  /** Its update completed. */
  COMPLETED,
  /** Its update (or its resolution) failed; the event carries the error. */
  FAILED,
  /** Skipped: an upstream dataset failed, or a previous iteration already processed it. */
  SKIPPED,
  /** Stopped or cancelled. */
  STOPPED,
  /** Not selected by the run's refresh selection. */
  EXCLUDED,
  /** Idle: all available data has been processed. */
  IDLE
}
