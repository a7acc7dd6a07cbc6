package io.github.reactivespark.connect.exceptions;

import org.jspecify.annotations.Nullable;

/**
 * The SQL text does not parse (error class {@code PARSE_SYNTAX_ERROR} and friends, SQLSTATE {@code 42601}).
 * Mirrors {@code org.apache.spark.sql.catalyst.parser.ParseException}, which is an {@link AnalysisException} in
 * Spark too. Spark 4.1 sends no {@link QueryContext} for it: the line and position are in the message.
 */
public class ParseException extends AnalysisException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param details what the server reported
   * @param cause the next exception of the server's cause chain, or a client-side cause, or {@code null}
   */
  public ParseException(ErrorDetails details, @Nullable Throwable cause) {
    super(details, cause);
  }
}
