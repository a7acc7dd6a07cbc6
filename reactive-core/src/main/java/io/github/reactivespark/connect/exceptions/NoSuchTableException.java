package io.github.reactivespark.connect.exceptions;

import org.jspecify.annotations.Nullable;

/**
 * A table or view does not exist where a command requires it, for example {@code DROP TABLE t} (error class
 * {@code TABLE_OR_VIEW_NOT_FOUND}). Mirrors {@code org.apache.spark.sql.catalyst.analysis.NoSuchTableException}.
 * A query that reads a missing table fails during analysis with a plain {@link AnalysisException} of the same
 * error class instead.
 */
public class NoSuchTableException extends AnalysisException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param details what the server reported
   * @param cause the next exception of the server's cause chain, or a client-side cause, or {@code null}
   */
  public NoSuchTableException(ErrorDetails details, @Nullable Throwable cause) {
    super(details, cause);
  }
}
