package io.github.reactivespark.connect.pipelines;

import io.github.reactivespark.connect.DataFrame;
import io.github.reactivespark.connect.SparkSession;
import io.github.reactivespark.connect.streaming.DataStreamReader;
import io.github.reactivespark.connect.streaming.SparkStreaming;
import java.util.Map;

/**
 * Collects the elements of a dataflow graph: what a {@link PipelineDefinition} receives, and what
 * {@link DataflowGraph#builder(SparkSession)} returns. Adding an element does no I/O; the server sees the graph only
 * when a run is subscribed to. Outputs are sent before flows and SQL files, so a flow may target an output added
 * later, and Java and SQL elements may read each other. Not thread-safe.
 */
public interface GraphBuilder {

  /**
   * The session the graph's DataFrames are built with ({@code spark.read()}, {@code spark.table(...)},
   * {@code SparkStreaming.readStream(spark)}).
   *
   * @return the session
   */
  SparkSession sparkSession();

  /**
   * A streaming reader on {@link #sparkSession()}, for the flows of streaming tables and sinks
   * ({@code SparkStreaming.readStream(sparkSession())}); building with it does no I/O.
   *
   * @return a new reader
   */
  default DataStreamReader readStream() {
    return SparkStreaming.readStream(sparkSession());
  }

  /**
   * The catalog that one-part dataset names resolve in ({@code CreateDataflowGraph.default_catalog}); by default
   * the session's current catalog.
   *
   * @param catalog the catalog name
   * @return this builder
   */
  GraphBuilder defaultCatalog(String catalog);

  /**
   * The database that one-part dataset names resolve in ({@code CreateDataflowGraph.default_database}); by
   * default the session's current database.
   *
   * @param database the database name
   * @return this builder
   */
  GraphBuilder defaultDatabase(String database);

  /**
   * A SQL conf for every flow of the graph ({@code CreateDataflowGraph.sql_conf}), like a spec file's
   * {@code configuration}.
   *
   * @param key the conf key, not blank
   * @param value the value
   * @return this builder
   */
  GraphBuilder sqlConf(String key, String value);

  /**
   * The graph's SQL confs so far, for definitions that read their settings from them.
   *
   * @return an unmodifiable copy
   */
  Map<String, String> sqlConf();

  /**
   * Adds a materialized view and its flow.
   *
   * @param view the view
   * @return this builder
   */
  GraphBuilder materializedView(MaterializedView view);

  /**
   * Adds a materialized view computed from {@code query}.
   *
   * @param name the view's name
   * @param query its query (batch)
   * @return this builder
   */
  GraphBuilder materializedView(String name, DataFrame query);

  /**
   * Adds a streaming table, and its own flow if it has a query.
   *
   * @param table the table
   * @return this builder
   */
  GraphBuilder streamingTable(StreamingTable table);

  /**
   * Adds a streaming table fed by {@code query}.
   *
   * @param name the table's name
   * @param query its query (streaming)
   * @return this builder
   */
  GraphBuilder streamingTable(String name, DataFrame query);

  /**
   * Adds a temporary view and its flow.
   *
   * @param view the view
   * @return this builder
   */
  GraphBuilder temporaryView(TemporaryView view);

  /**
   * Adds a temporary view over {@code query}.
   *
   * @param name the view's name
   * @param query its query
   * @return this builder
   */
  GraphBuilder temporaryView(String name, DataFrame query);

  /**
   * Adds a sink.
   *
   * @param sink the sink
   * @return this builder
   */
  GraphBuilder sink(Sink sink);

  /**
   * Adds a flow.
   *
   * @param flow the flow
   * @return this builder
   */
  GraphBuilder flow(Flow flow);

  /**
   * Adds a flow from {@code query} into {@code target} ({@link Flow#of}).
   *
   * @param name the flow's name
   * @param target the dataset it writes to
   * @param query its query
   * @return this builder
   */
  GraphBuilder flow(String name, String target, DataFrame query);

  /**
   * Adds a SQL file.
   *
   * @param file the file
   * @return this builder
   */
  GraphBuilder sqlFile(SqlFile file);
}
