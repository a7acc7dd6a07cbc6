package io.github.reactivespark.connect.exceptions;

import org.jspecify.annotations.Nullable;

/**
 * A database (schema) does not exist (error class {@code SCHEMA_NOT_FOUND}). Mirrors {@code
 * org.apache.spark.sql.catalyst.analysis.NoSuchDatabaseException}.
 */
public class NoSuchDatabaseException extends AnalysisException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param details what the server reported
   * @param cause the next exception of the server's cause chain, or a client-side cause, or {@code null}
   */
  public NoSuchDatabaseException(ErrorDetails details, @Nullable Throwable cause) {
    super(details, cause);
  }
}
