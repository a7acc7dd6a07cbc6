package io.github.reactivespark.connect.pipelines;

import io.github.reactivespark.connect.DataFrame;

/**
 * A materialized view: a table published to the catalog whose contents are recomputed from its query on every run
 * ({@code OutputType.MATERIALIZED_VIEW}; PySpark's {@code @dp.materialized_view}, SQL's
 * {@code CREATE MATERIALIZED VIEW}). Its one flow is named like the view and reads a batch DataFrame. Immutable.
 *
 * <pre>{@code
 * MaterializedView byState = MaterializedView.builder("gold_delay_by_state")
 *     .query(spark.table("silver_flights").groupBy("state").agg(avg("delay").as("avg_delay")))
 *     .comment("average departure delay per origin state")
 *     .format("parquet")
 *     .build();
 * }</pre>
 */
public final class MaterializedView extends TableOutput implements Output {

  private MaterializedView(Builder b) {
    super(b);
  }

  /**
   * A builder for a materialized view; {@link Builder#query(DataFrame)} is required.
   *
   * @param name the view's name, one to three parts ({@code name}, {@code db.name}, {@code catalog.db.name})
   * @return a new builder
   * @throws IllegalArgumentException if the name is blank
   */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  @Override
  public String toString() {
    return "MaterializedView[" + name() + "]";
  }

  /** Builds a {@link MaterializedView}. Not thread-safe. */
  public static final class Builder extends TableOutput.Builder<Builder, MaterializedView> {

    private Builder(String name) {
      super(name);
    }

    @Override
    Builder self() {
      return this;
    }

    /**
     * The immutable definition.
     *
     * @return the materialized view
     * @throws IllegalStateException if no query was given: a materialized view is defined by its query
     */
    @Override
    public MaterializedView build() {
      if (!hasQuery()) {
        throw new IllegalStateException("materialized view " + name() + " needs a query (query(DataFrame))");
      }
      return new MaterializedView(this);
    }
  }
}
