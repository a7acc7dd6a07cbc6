package io.github.reactivespark.connect.pipelines;

import io.github.reactivespark.connect.DataFrame;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A flow: a query whose results a run writes into a target dataset of the graph ({@code DefineFlow} with
 * {@code WriteRelationFlowDetails}; PySpark's {@code @dp.append_flow}, SQL's {@code CREATE FLOW ... AS INSERT INTO}).
 * The query is the plan of a {@link DataFrame} built on the client: a streaming DataFrame for a streaming table or a
 * sink, a batch one for a materialized view. A flow named like its target is that dataset's own flow (the one
 * {@link MaterializedView}, {@link StreamingTable} and {@link TemporaryView} create from their query); any other
 * flow name has one part. Immutable.
 *
 * <p>Two things of {@code pipelines.proto} that a Spark Connect 4.1.2 server does not serve are refused here before
 * anything is sent: {@link Builder#once(boolean) once} flows, and flows without a query (PySpark defers such queries
 * to query functions that the server calls back through {@code GetQueryFunctionExecutionSignalStream}).
 */
public final class Flow {

  private final String name;
  private final String target;
  private final DataFrame query;
  private final Map<String, String> sqlConf;
  private final @Nullable SourceCodeLocation location;

  private Flow(Builder b) {
    this.name = b.name;
    this.target = Objects.requireNonNull(b.target);
    this.query = Objects.requireNonNull(b.query);
    this.sqlConf = Definitions.copy(b.sqlConf);
    this.location = b.location != null ? b.location : SourceCodeLocation.ofCaller().orElse(null);
  }

  /**
   * A builder for a flow; {@link Builder#target(String)} and {@link Builder#query(DataFrame)} are required.
   *
   * @param name the flow's name: one part, or the target's name for the target's own flow
   * @return a new builder
   * @throws IllegalArgumentException if the name is blank
   */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /**
   * A flow from {@code query} into {@code target}.
   *
   * @param name the flow's name
   * @param target the dataset it writes to
   * @param query the DataFrame whose plan it writes
   * @return the flow
   * @throws IllegalArgumentException if a name is blank
   */
  public static Flow of(String name, String target, DataFrame query) {
    return builder(name).target(target).query(query).build();
  }

  /**
   * The flow's name.
   *
   * @return the name, never blank
   */
  public String name() {
    return name;
  }

  /**
   * The dataset the flow writes to ({@code target_dataset_name}).
   *
   * @return the target's name, never blank
   */
  public String target() {
    return target;
  }

  /**
   * The query whose results the flow writes.
   *
   * @return the query
   */
  public DataFrame query() {
    return query;
  }

  /**
   * SQL confs set while the flow runs ({@code DefineFlow.sql_conf}).
   *
   * @return an unmodifiable map, possibly empty
   */
  public Map<String, String> sqlConf() {
    return sqlConf;
  }

  /**
   * Where the flow was defined.
   *
   * @return the location, or empty
   */
  public Optional<SourceCodeLocation> sourceCodeLocation() {
    return Optional.ofNullable(location);
  }

  @Override
  public String toString() {
    return "Flow[" + name + " -> " + target + "]";
  }

  /** Builds a {@link Flow}. Not thread-safe. */
  public static final class Builder {
    private final String name;
    private @Nullable String target;
    private @Nullable DataFrame query;
    private final Map<String, String> sqlConf = new LinkedHashMap<>();
    private @Nullable SourceCodeLocation location;

    private Builder(String name) {
      this.name = Definitions.name(name, "name");
    }

    /**
     * The dataset the flow writes to: an output of the graph, defined in Java or in one of its SQL files.
     *
     * @param target the target's name, not blank
     * @return this builder
     */
    public Builder target(String target) {
      this.target = Definitions.name(target, "target");
      return this;
    }

    /**
     * The flow's query.
     *
     * @param query the DataFrame whose plan the flow writes; nothing runs when it is given
     * @return this builder
     */
    public Builder query(DataFrame query) {
      this.query = Objects.requireNonNull(query, "query");
      return this;
    }

    /**
     * A SQL conf set while the flow runs.
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
     * PySpark's {@code once} (a one-time backfill flow). Spark Connect 4.1.2 refuses any {@code DefineFlow} that
     * carries the field, whatever its value ({@code DEFINE_FLOW_ONCE_OPTION_NOT_SUPPORTED}, checked first in
     * {@code PipelinesHandler.defineFlow}), so this client never sends it: {@code once(false)} is the default and
     * changes nothing, {@code once(true)} is refused here.
     *
     * @param once whether the flow should run only once
     * @return this builder
     * @throws UnsupportedOperationException if {@code once} is true, with the reason
     */
    public Builder once(boolean once) {
      if (once) {
        throw new UnsupportedOperationException("flow " + name + ": one-time flows (once=true) are refused by Spark"
            + " Connect 4.1.2 (DEFINE_FLOW_ONCE_OPTION_NOT_SUPPORTED); define a regular flow, or run a batch insert"
            + " outside the pipeline");
      }
      return this;
    }

    /**
     * Where the flow is defined; by default the caller of {@link #build()}.
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
     * @return the flow
     * @throws IllegalStateException if the target or the query is missing; a flow without a query would need the
     *     query-function callbacks ({@code GetQueryFunctionExecutionSignalStream},
     *     {@code DefineFlowQueryFunctionResult}) that Spark Connect 4.1.2 does not serve
     */
    public Flow build() {
      if (target == null) {
        throw new IllegalStateException("flow " + name + " needs a target (target(String))");
      }
      if (query == null) {
        throw new IllegalStateException("flow " + name + " needs a query (query(DataFrame)): a flow whose query"
            + " the server would ask the client for later (query functions: GetQueryFunctionExecutionSignalStream,"
            + " DefineFlowQueryFunctionResult) is not served by Spark Connect 4.1.2");
      }
      return new Flow(this);
    }
  }
}
