package io.github.reactivespark.connect;

import io.github.reactivespark.connect.internal.proto.Command;
import io.github.reactivespark.connect.internal.proto.WriteOperationV2;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import reactor.core.publisher.Mono;

/**
 * Writes a {@link DataFrame} to a table through the DataSource V2 catalog API ({@code df.writeTo(table)}), as
 * Spark's {@code DataFrameWriterV2} (Scala {@code sql/connect/common/.../DataFrameWriterV2.scala}, PySpark
 * {@code pyspark.sql.connect.readwriter.DataFrameWriterV2}).
 *
 * <p>Immutable: every setter returns a new writer. Each terminal method ({@link #create}, {@link #replace},
 * {@link #createOrReplace}, {@link #append}, {@link #overwrite}, {@link #overwritePartitions}) returns a cold
 * {@code Mono<Void>} that sends one {@code ExecutePlan} whose plan is a {@code WriteOperationV2} command per
 * subscription and completes empty once the server committed it. Cancelling sends
 * {@code ReleaseExecute(release_all)}, which interrupts the write on the server.
 *
 * <p>What works depends on the target catalog; checked against a Spark 4.1.2 server whose only catalog is the
 * default session catalog ({@code spark_catalog}, file-source tables such as {@code USING parquet}):
 * <ul>
 *   <li>{@link #create} works, with {@link #using}, {@link #tableProperty}, identity partitions
 *       ({@code partitionedBy(col("p"))}), {@link partitioning#bucket} and {@link #clusterBy};</li>
 *   <li>{@link partitioning#years}/{@code months}/{@code days}/{@code hours} emit
 *       {@code SparkUnsupportedOperationException} ({@code UNSUPPORTED_PARTITION_TRANSFORM});</li>
 *   <li>{@link #append}, {@link #overwrite} and {@link #overwritePartitions} on such a table emit
 *       {@code AnalysisException} ({@code _LEGACY_ERROR_TEMP_1012}, "Cannot write into v1 table"): use
 *       {@link DataFrameWriter#insertInto} for those tables;</li>
 *   <li>{@link #replace} and {@link #createOrReplace} emit {@code AnalysisException}
 *       ({@code UNSUPPORTED_FEATURE.TABLE_OPERATION}, "does not support REPLACE TABLE AS SELECT").</li>
 * </ul>
 * A V2 catalog plugin (Iceberg, Delta, …) configured with {@code spark.sql.catalog.<name>} supports the rest.
 * Other errors are emitted too: {@code TableAlreadyExistsException} ({@code TABLE_OR_VIEW_ALREADY_EXISTS}) for
 * {@code create} on an existing table, {@code AnalysisException} ({@code TABLE_OR_VIEW_NOT_FOUND}) for
 * {@code append}/{@code overwrite} on a missing one. Only null arguments throw synchronously.
 *
 * @since 0.1.0
 */
public final class DataFrameWriterV2 {

  private final DataFrame df;
  private final WriteOperationV2 op;

  DataFrameWriterV2(DataFrame df, String table) {
    this(df, WriteOperationV2.newBuilder().setTableName(Objects.requireNonNull(table, "table")).build());
  }

  private DataFrameWriterV2(DataFrame df, WriteOperationV2 op) {
    this.df = df;
    this.op = op;
  }

  private DataFrameWriterV2 with(UnaryOperator<WriteOperationV2.Builder> f) {
    return new DataFrameWriterV2(df, f.apply(op.toBuilder()).build());
  }

  /** The table provider (data source) for {@code create}/{@code replace}: {@code parquet}, {@code orc}, … */
  public DataFrameWriterV2 using(String provider) {
    Objects.requireNonNull(provider, "provider");
    return with(b -> b.setProvider(provider));
  }

  /** A write option, passed to the data source. */
  public DataFrameWriterV2 option(String key, String value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    return with(b -> b.putOptions(key, value));
  }

  /** A boolean write option. */
  public DataFrameWriterV2 option(String key, boolean value) {
    return option(key, Boolean.toString(value));
  }

  /** A numeric write option. */
  public DataFrameWriterV2 option(String key, long value) {
    return option(key, Long.toString(value));
  }

  /** Several write options, added to those already set. */
  public DataFrameWriterV2 options(Map<String, String> options) {
    Objects.requireNonNull(options, "options");
    return with(b -> b.putAllOptions(options));
  }

  /** A table property ({@code TBLPROPERTIES}) for {@code create}/{@code replace}. */
  public DataFrameWriterV2 tableProperty(String property, String value) {
    Objects.requireNonNull(property, "property");
    Objects.requireNonNull(value, "value");
    return with(b -> b.putTableProperties(property, value));
  }

  /**
   * Partitions the created table by these columns or transforms ({@code col("x")}, {@link partitioning#years},
   * {@link partitioning#months}, {@link partitioning#days}, {@link partitioning#hours},
   * {@link partitioning#bucket}); replaces earlier partitioning. Used by {@code create}/{@code replace}.
   */
  public DataFrameWriterV2 partitionedBy(Column column, Column... more) {
    Objects.requireNonNull(column, "column");
    return with(b -> {
      b.clearPartitioningColumns().addPartitioningColumns(column.expr);
      for (Column c : more) {
        b.addPartitioningColumns(c.expr);
      }
      return b;
    });
  }

  /** Clusters the created table by these columns (for catalogs that support clustering). */
  public DataFrameWriterV2 clusterBy(String column, String... more) {
    Objects.requireNonNull(column, "column");
    return with(b -> b.clearClusteringColumns().addClusteringColumns(column)
        .addAllClusteringColumns(List.of(more)));
  }

  /**
   * Creates the table with the DataFrame's schema and rows ({@code CREATE TABLE … AS SELECT}). Emits
   * {@code TableAlreadyExistsException} if it exists.
   */
  public Mono<Void> create() {
    return execute(WriteOperationV2.Mode.MODE_CREATE, op);
  }

  /**
   * Replaces the table's definition and rows ({@code REPLACE TABLE … AS SELECT}). Emits an
   * {@code AnalysisException} ({@code TABLE_OR_VIEW_NOT_FOUND}) if it does not exist.
   */
  public Mono<Void> replace() {
    return execute(WriteOperationV2.Mode.MODE_REPLACE, op);
  }

  /** Creates the table, or replaces it if it exists ({@code CREATE OR REPLACE TABLE … AS SELECT}). */
  public Mono<Void> createOrReplace() {
    return execute(WriteOperationV2.Mode.MODE_CREATE_OR_REPLACE, op);
  }

  /** Appends the rows to the existing table (by column name). Emits an error if the table does not exist. */
  public Mono<Void> append() {
    return execute(WriteOperationV2.Mode.MODE_APPEND, op);
  }

  /**
   * Deletes the rows matching {@code condition} and appends the DataFrame's rows, atomically. Needs a table that
   * supports delete by filter (V2 catalogs); the session catalog's V1 tables emit {@code AnalysisException}.
   */
  public Mono<Void> overwrite(Column condition) {
    Objects.requireNonNull(condition, "condition");
    return execute(WriteOperationV2.Mode.MODE_OVERWRITE, op.toBuilder().setOverwriteCondition(condition.expr).build());
  }

  /**
   * Replaces every partition for which the DataFrame has at least one row (dynamic partition overwrite); other
   * partitions are kept.
   */
  public Mono<Void> overwritePartitions() {
    return execute(WriteOperationV2.Mode.MODE_OVERWRITE_PARTITIONS, op);
  }

  private Mono<Void> execute(WriteOperationV2.Mode mode, WriteOperationV2 base) {
    return Mono.defer(() -> df.sparkSession().client().execute(Command.newBuilder()
        .setWriteOperationV2(base.toBuilder().setInput(df.relation).setMode(mode)).build()).then());
  }

  /** The operation configured so far, without its input (for unit tests). */
  WriteOperationV2 operation() {
    return op;
  }

  @Override
  public String toString() {
    return "DataFrameWriterV2[" + op.getTableName() + "]";
  }
}
