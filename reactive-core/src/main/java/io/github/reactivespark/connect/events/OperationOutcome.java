package io.github.reactivespark.connect.events;

import java.util.Locale;

/**
 * How a client operation ended.
 *
 * @since 0.1.0
 */
public enum OperationOutcome {
  /** It completed: the query's {@code ResultComplete} arrived, or the unary call answered. */
  SUCCESS,
  /** It failed with an error (after the retries the session's policy allows). */
  ERROR,
  /** The subscriber cancelled it (for a query, {@code ReleaseExecute(release_all)} stops it on the server). */
  CANCELLED;

  /**
   * The outcome in lower case, for tags and logs.
   *
   * @return {@code "success"}, {@code "error"} or {@code "cancelled"}
   */
  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }
}
