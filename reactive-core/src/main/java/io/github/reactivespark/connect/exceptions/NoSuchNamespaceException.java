package io.github.reactivespark.connect.exceptions;

import org.jspecify.annotations.Nullable;

/**
 * A namespace does not exist, for example {@code USE no_such_db} (error class {@code SCHEMA_NOT_FOUND}). Mirrors
 * {@code org.apache.spark.sql.catalyst.analysis.NoSuchNamespaceException}, which extends {@link
 * NoSuchDatabaseException} in Spark 4 too.
 */
public class NoSuchNamespaceException extends NoSuchDatabaseException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param details what the server reported
   * @param cause the next exception of the server's cause chain, or a client-side cause, or {@code null}
   */
  public NoSuchNamespaceException(ErrorDetails details, @Nullable Throwable cause) {
    super(details, cause);
  }
}
