package io.github.reactivespark.connect.exceptions;

import org.jspecify.annotations.Nullable;

/**
 * A table or view to be created exists already (error class {@code TABLE_OR_VIEW_ALREADY_EXISTS}). Mirrors
 * {@code org.apache.spark.sql.catalyst.analysis.TableAlreadyExistsException}.
 */
public class TableAlreadyExistsException extends AnalysisException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param details what the server reported
   * @param cause the next exception of the server's cause chain, or a client-side cause, or {@code null}
   */
  public TableAlreadyExistsException(ErrorDetails details, @Nullable Throwable cause) {
    super(details, cause);
  }
}
