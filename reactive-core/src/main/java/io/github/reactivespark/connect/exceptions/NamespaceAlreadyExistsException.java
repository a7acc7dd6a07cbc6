package io.github.reactivespark.connect.exceptions;

import org.jspecify.annotations.Nullable;

/**
 * A namespace (database, schema) to be created exists already (error class {@code SCHEMA_ALREADY_EXISTS}).
 * Mirrors {@code org.apache.spark.sql.catalyst.analysis.NamespaceAlreadyExistsException}.
 */
public class NamespaceAlreadyExistsException extends AnalysisException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param details what the server reported
   * @param cause the next exception of the server's cause chain, or a client-side cause, or {@code null}
   */
  public NamespaceAlreadyExistsException(ErrorDetails details, @Nullable Throwable cause) {
    super(details, cause);
  }
}
