package io.github.reactivespark.connect.events;

/**
 * A progress report of a running query ({@code ExecutePlanResponse.execution_progress}), summed over the stages it
 * lists; Spark sends one every {@code spark.connect.progress.reportInterval} (2 s) while the query runs.
 *
 * @param sessionId the client-side session id
 * @param operationId the operation it belongs to
 * @param stages stages reported so far
 * @param doneStages of which are done
 * @param tasks tasks of those stages
 * @param completedTasks of which completed
 * @param inputBytesRead input read by those stages, in bytes
 * @param inflightTasks tasks running now
 * @since 0.1.0
 */
public record ProgressEvent(String sessionId, String operationId, int stages, int doneStages, long tasks,
    long completedTasks, long inputBytesRead, long inflightTasks) {}
