package io.github.reactivespark.connect;

import io.github.reactivespark.connect.internal.proto.ExecutePlanResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How far one running query has got: the server's {@code ExecutePlanResponse.execution_progress}
 * ({@code base.proto}), which Spark Connect sends every {@code spark.connect.progress.reportInterval} (2 s by
 * default) while an operation runs, also while no result batch comes; what PySpark's progress handlers receive
 * ({@code SparkSession.registerProgressHandler}: stages, tasks in flight, operation id).
 *
 * @param operationId the operation (query) it belongs to
 * @param stages the query's Spark stages so far, each with its task counts
 * @param numInflightTasks tasks running right now
 * @since 0.1.0
 */
public record ExecutionProgress(String operationId, List<StageProgress> stages, long numInflightTasks) {

  /**
   * Checks for null and copies the list.
   *
   * @throws NullPointerException if {@code operationId} or {@code stages} is null
   */
  public ExecutionProgress {
    Objects.requireNonNull(operationId, "operationId");
    stages = List.copyOf(stages);
  }

  /**
   * One Spark stage of the query.
   *
   * @param stageId Spark's stage id
   * @param numTasks the stage's tasks (one per partition)
   * @param numCompletedTasks how many of them finished
   * @param inputBytesRead bytes the stage read from its input so far
   * @param done whether the stage finished
   */
  public record StageProgress(long stageId, long numTasks, long numCompletedTasks, long inputBytesRead,
      boolean done) {}

  /**
   * Tasks of all stages so far. Later stages may add more as the query runs, so this total can grow.
   *
   * @return the sum of the stages' task counts
   */
  public long totalTasks() {
    return stages.stream().mapToLong(StageProgress::numTasks).sum();
  }

  /**
   * Finished tasks of all stages.
   *
   * @return the sum of the stages' completed task counts
   */
  public long completedTasks() {
    return stages.stream().mapToLong(StageProgress::numCompletedTasks).sum();
  }

  /**
   * Bytes read from the input by all stages so far.
   *
   * @return the sum of the stages' input bytes
   */
  public long inputBytesRead() {
    return stages.stream().mapToLong(StageProgress::inputBytesRead).sum();
  }

  /**
   * Whether every stage reported so far is done (false before any stage is reported).
   *
   * @return true when there are stages and all are done
   */
  public boolean allStagesDone() {
    return !stages.isEmpty() && stages.stream().allMatch(StageProgress::done);
  }

  /** This report with every stage marked done and no task in flight: the state once the query completed. */
  ExecutionProgress finished() {
    List<StageProgress> done = stages.stream().map(s -> s.done() ? s
        : new StageProgress(s.stageId(), s.numTasks(), s.numCompletedTasks(), s.inputBytesRead(), true)).toList();
    return new ExecutionProgress(operationId, done, 0);
  }

  static ExecutionProgress of(String operationId, ExecutePlanResponse.ExecutionProgress p) {
    List<StageProgress> stages = new ArrayList<>(p.getStagesCount());
    for (ExecutePlanResponse.ExecutionProgress.StageInfo s : p.getStagesList()) {
      stages.add(new StageProgress(s.getStageId(), s.getNumTasks(), s.getNumCompletedTasks(), s.getInputBytesRead(),
          s.getDone()));
    }
    return new ExecutionProgress(operationId, stages, p.getNumInflightTasks());
  }
}
