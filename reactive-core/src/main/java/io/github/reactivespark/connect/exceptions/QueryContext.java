package io.github.reactivespark.connect.exceptions;

import java.util.Objects;

/**
 * Where in the user's query an error happened, as the server reports it in
 * {@code FetchErrorDetailsResponse.QueryContext} ({@code base.proto}); mirrors Spark's
 * {@code org.apache.spark.QueryContext}.
 *
 * <p>For a SQL text, {@code startIndex}/{@code stopIndex} are 0-based character offsets into the SQL text, both
 * inclusive (for {@code select 1/0} the fragment {@code 1/0} has start 7 and stop 9). For a DataFrame context
 * they are unset ({@code -1} on the server, 0 on the wire) and {@code callSite} names the user code instead.
 * Strings the server left empty are empty strings here, never {@code null}.
 *
 * @param contextType whether the context points into SQL text or at a DataFrame operation
 * @param objectType the type of the object containing the fragment, for example {@code VIEW}; empty for the
 *     top-level query
 * @param objectName the name of that object; empty for the top-level query
 * @param startIndex 0-based index of the first character of {@code fragment} in the SQL text
 * @param stopIndex 0-based index of the last character of {@code fragment} in the SQL text
 * @param fragment the part of the query that failed, for example {@code 1/0}
 * @param callSite user code that created the failing DataFrame operation (DataFrame contexts only)
 * @param summary the server's human-readable rendering: the SQL line with the fragment underlined
 */
public record QueryContext(
    ContextType contextType,
    String objectType,
    String objectName,
    int startIndex,
    int stopIndex,
    String fragment,
    String callSite,
    String summary) implements java.io.Serializable {

  /** Kind of a {@link QueryContext}; mirrors {@code FetchErrorDetailsResponse.QueryContext.ContextType}. */
  public enum ContextType {
    /** The context points into SQL text. */
    SQL,
    /** The context points at a DataFrame operation. */
    DATAFRAME
  }

  // checks that no component is null
  public QueryContext {
    Objects.requireNonNull(contextType, "contextType");
    Objects.requireNonNull(objectType, "objectType");
    Objects.requireNonNull(objectName, "objectName");
    Objects.requireNonNull(fragment, "fragment");
    Objects.requireNonNull(callSite, "callSite");
    Objects.requireNonNull(summary, "summary");
  }
}
