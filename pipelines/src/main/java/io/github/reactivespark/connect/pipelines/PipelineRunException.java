package io.github.reactivespark.connect.pipelines;

import io.github.reactivespark.connect.exceptions.ErrorDetails;
import io.github.reactivespark.connect.exceptions.SparkConnectException;
import java.util.List;
import java.util.Objects;

/**
 * A pipeline run failed on the server: the graph did not resolve or validate (a flow into an undefined dataset, a
 * cycle, a query that reads a missing table, an empty graph), or a flow failed while running (after the server's
 * retries, {@code spark.sql.pipelines.maxFlowRetryAttempts}).
 *
 * <p>It keeps the server's error class, SQLSTATE and message parameters ({@link #errorClass()}, ...); the
 * server's exception, typed as usual ({@code AnalysisException}, {@code SparkRuntimeException}, ...), is the
 * {@linkplain #getCause() cause}. Spark's own errors often do not say which dataset failed, so this exception adds
 * it: {@link #datasets()} and {@link #flows()} come from the run's failure events and from the names of the graph's
 * datasets and flows that the server's message mentions. The message starts with them, for example
 * {@code Pipeline run failed (datasets: spark_catalog.default.boom): [USER_RAISED_EXCEPTION] ...}.
 */
public class PipelineRunException extends SparkConnectException {

  private static final long serialVersionUID = 1L;

  /** The datasets the failure concerns. */
  private final List<String> datasets;
  /** The flows that failed. */
  private final List<String> flows;
  private final transient List<PipelineEvent> failureEvents;

  /**
   * Wraps the server's error of a failed run.
   *
   * @param cause the server's error
   * @param datasets the datasets the failure concerns, fully qualified where the server qualified them
   * @param flows the flows that failed
   * @param failureEvents the run's failure events, in order
   */
  public PipelineRunException(SparkConnectException cause, List<String> datasets, List<String> flows,
      List<PipelineEvent> failureEvents) {
    super(withMessage(cause.details(), message(datasets, flows, cause.getMessage())), cause);
    this.datasets = List.copyOf(datasets);
    this.flows = List.copyOf(flows);
    this.failureEvents = List.copyOf(failureEvents);
  }

  private static String message(List<String> datasets, List<String> flows, String serverMessage) {
    String names = !datasets.isEmpty() ? "datasets: " + String.join(", ", datasets)
        : !flows.isEmpty() ? "flows: " + String.join(", ", flows) : "no dataset named";
    return "Pipeline run failed (" + names + "): " + serverMessage;
  }

  /** The server's details with another message and without the stack trace (which stays on the cause). */
  static ErrorDetails withMessage(ErrorDetails d, String message) {
    return new ErrorDetails(Objects.requireNonNull(message), d.errorClass(), d.sqlState(), d.messageParameters(),
        d.queryContexts(), d.errorId(), List.of(), d.statusCode());
  }

  /**
   * The datasets the failure concerns: the targets of the failed flows, and the graph's datasets that the
   * server's message names. Names are as the server reports them (usually {@code catalog.database.table}).
   *
   * @return an unmodifiable list, in the order found; empty when neither the events nor the message name one
   */
  public List<String> datasets() {
    return datasets;
  }

  /**
   * The flows that failed, as the failure events and the server's message name them.
   *
   * @return an unmodifiable list, possibly empty
   */
  public List<String> flows() {
    return flows;
  }

  /**
   * The run's failure events (flows that failed to resolve or to run), in the order they arrived; each
   * {@link PipelineEvent#error()} holds the server's error text for that flow.
   *
   * @return an unmodifiable list, possibly empty (not serialized)
   */
  public List<PipelineEvent> failureEvents() {
    return failureEvents == null ? List.of() : failureEvents;
  }
}
