package io.github.reactivespark.connect.exceptions;

import org.jspecify.annotations.Nullable;

/**
 * Executing a query failed in a way Spark reports as {@code
 * org.apache.spark.sql.execution.QueryExecutionException}, for example a failing Hive script transform.
 */
public class QueryExecutionException extends SparkConnectException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param details what the server reported
   * @param cause the next exception of the server's cause chain, or a client-side cause, or {@code null}
   */
  public QueryExecutionException(ErrorDetails details, @Nullable Throwable cause) {
    super(details, cause);
  }
}
