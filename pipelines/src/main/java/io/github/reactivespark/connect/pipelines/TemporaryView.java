package io.github.reactivespark.connect.pipelines;

import io.github.reactivespark.connect.DataFrame;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A temporary view: a named query that other flows of the graph read, not published to the catalog and not
 * visible outside the run ({@code OutputType.TEMPORARY_VIEW}; PySpark's {@code @dp.temporary_view}, SQL's
 * {@code CREATE TEMPORARY VIEW}). Its name has one part. Immutable.
 */
public final class TemporaryView implements Output {

  private final String name;
  private final @Nullable String comment;
  private final DataFrame query;
  private final Map<String, String> sqlConf;
  private final @Nullable SourceCodeLocation location;

  private TemporaryView(Builder b) {
    this.name = b.name;
    this.comment = b.comment;
    this.query = Objects.requireNonNull(b.query);
    this.sqlConf = Definitions.copy(b.sqlConf);
    this.location = b.location != null ? b.location : SourceCodeLocation.ofCaller().orElse(null);
  }

  /**
   * A builder for a temporary view; {@link Builder#query(DataFrame)} is required.
   *
   * @param name the view's name, one part
   * @return a new builder
   * @throws IllegalArgumentException if the name is blank
   */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Optional<String> comment() {
    return Optional.ofNullable(comment);
  }

  /**
   * The view's query, the plan of its one flow (named like the view).
   *
   * @return the query
   */
  public DataFrame query() {
    return query;
  }

  /**
   * SQL confs of the view's flow ({@code DefineFlow.sql_conf}).
   *
   * @return an unmodifiable map, possibly empty
   */
  public Map<String, String> sqlConf() {
    return sqlConf;
  }

  @Override
  public Optional<SourceCodeLocation> sourceCodeLocation() {
    return Optional.ofNullable(location);
  }

  @Override
  public String toString() {
    return "TemporaryView[" + name + "]";
  }

  /** Builds a {@link TemporaryView}. Not thread-safe. */
  public static final class Builder {
    private final String name;
    private @Nullable String comment;
    private @Nullable DataFrame query;
    private final Map<String, String> sqlConf = new LinkedHashMap<>();
    private @Nullable SourceCodeLocation location;

    private Builder(String name) {
      this.name = Definitions.name(name, "name");
    }

    /**
     * The view's comment.
     *
     * @param comment the comment
     * @return this builder
     */
    public Builder comment(String comment) {
      this.comment = Objects.requireNonNull(comment, "comment");
      return this;
    }

    /**
     * The view's query.
     *
     * @param query the DataFrame (batch or streaming) whose plan the view names; nothing runs when it is given
     * @return this builder
     */
    public Builder query(DataFrame query) {
      this.query = Objects.requireNonNull(query, "query");
      return this;
    }

    /**
     * A SQL conf of the view's flow.
     *
     * @param key the conf key, not blank
     * @param value the value
     * @return this builder
     */
    public Builder sqlConf(String key, String value) {
      Definitions.put(sqlConf, key, value, "sqlConf");
      return this;
    }

    /**
     * Where the view is defined; by default the caller of {@link #build()}.
     *
     * @param location the location
     * @return this builder
     */
    public Builder sourceCodeLocation(SourceCodeLocation location) {
      this.location = Objects.requireNonNull(location, "location");
      return this;
    }

    /**
     * The immutable definition.
     *
     * @return the temporary view
     * @throws IllegalStateException if no query was given
     */
    public TemporaryView build() {
      if (query == null) {
        throw new IllegalStateException("temporary view " + name + " needs a query (query(DataFrame))");
      }
      return new TemporaryView(this);
    }
  }
}
