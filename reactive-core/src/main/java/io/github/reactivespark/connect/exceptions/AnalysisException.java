package io.github.reactivespark.connect.exceptions;

import org.jspecify.annotations.Nullable;

/**
 * The query is invalid: it failed to parse or to analyse (unknown table, column or function, type mismatch,
 * ...). Mirrors {@code org.apache.spark.sql.AnalysisException}; the server's {@code ExtendedAnalysisException}
 * (the usual analysis failure) becomes this type.
 */
public class AnalysisException extends SparkConnectException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param details what the server reported
   * @param cause the next exception of the server's cause chain, or a client-side cause, or {@code null}
   */
  public AnalysisException(ErrorDetails details, @Nullable Throwable cause) {
    super(details, cause);
  }
}
