package io.github.reactivespark.connect.pipelines;

/**
 * The state of a run, as Spark's {@code org.apache.spark.sql.pipelines.common.RunState} names it; the server's
 * run progress messages ({@code "Run is COMPLETED."}) spell it.
 */
public enum RunState {
  /** Running. */
  RUNNING,
  /** Completed; the last event of a successful run. */
  COMPLETED,
  /** Failed. */
  FAILED,
  /** Cancelled. */
  CANCELED
}
