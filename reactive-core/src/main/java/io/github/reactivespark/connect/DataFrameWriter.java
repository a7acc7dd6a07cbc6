package io.github.reactivespark.connect;

import io.github.reactivespark.connect.internal.proto.Command;
import io.github.reactivespark.connect.internal.proto.WriteOperation;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import reactor.core.publisher.Mono;

/**
 * Saves a {@link DataFrame} to files or to a catalog table ({@code df.write()}), as Spark's
 * {@code DataFrameWriter} (Scala {@code sql/connect/common/.../DataFrameWriter.scala}, PySpark
 * {@code pyspark.sql.connect.readwriter.DataFrameWriter}).
 *
 * <p>Immutable: every setter returns a new writer, so a configured writer can be shared and reused. Nothing is
 * written until a terminal method ({@link #save()}, {@link #saveAsTable}, {@link #insertInto}, or a format shortcut
 * such as {@link #parquet}) is <em>subscribed</em>: each returns a cold {@code Mono<Void>} that sends one
 * {@code ExecutePlan} whose plan is a {@code WriteOperation} command per subscription (so subscribing twice writes
 * twice), and completes empty once the server has committed the write. Cancelling the subscription sends
 * {@code ReleaseExecute(release_all)}, which interrupts the write on the server; files already written by finished
 * tasks may stay behind, as with any interrupted Spark job.
 *
 * <p>Paths are paths <em>on the server's</em> file system. File formats built into the Spark 4.1 server:
 * {@code parquet} (the default, {@code spark.sql.sources.default}), {@code orc}, {@code json}, {@code csv},
 * {@code text} (exactly one string column) and {@code xml} (needs the {@code rowTag} option). {@code avro} is an
 * external module ({@code spark-avro}) that the embedded local server does <em>not</em> ship: there
 * {@code format("avro")} fails with {@code AnalysisException} (error class {@code _LEGACY_ERROR_TEMP_1139},
 * "Failed to find data source: avro"), as checked against Spark 4.1.2.
 *
 * <p>Errors are emitted, not thrown: {@code AnalysisException} for a target that exists under
 * {@link SaveMode#ErrorIfExists} ({@code PATH_ALREADY_EXISTS}, {@code TABLE_OR_VIEW_ALREADY_EXISTS}), an unknown
 * format, a missing table for {@link #insertInto}, or a column count mismatch; {@code SparkException}-family errors
 * for failures of the write job itself. Only argument checks done here (null, a non-positive bucket count, an
 * unknown mode string) throw synchronously.
 *
 * @since 0.1.0
 */
public final class DataFrameWriter {

  private final DataFrame df;
  /** The operation without its input; proto messages are immutable, so this is the whole state. */
  private final WriteOperation op;

  DataFrameWriter(DataFrame df) {
    this(df, WriteOperation.getDefaultInstance());
  }

  private DataFrameWriter(DataFrame df, WriteOperation op) {
    this.df = df;
    this.op = op;
  }

  private DataFrameWriter with(UnaryOperator<WriteOperation.Builder> f) {
    return new DataFrameWriter(df, f.apply(op.toBuilder()).build());
  }

  /**
   * The data source: {@code parquet}, {@code orc}, {@code json}, {@code csv}, {@code text}, {@code xml}, or any
   * other the server has on its classpath (a fully qualified class name works too). Default: the server's
   * {@code spark.sql.sources.default} ({@code parquet}).
   */
  public DataFrameWriter format(String source) {
    Objects.requireNonNull(source, "source");
    return with(b -> b.setSource(source));
  }

  /** What to do when the target exists; default {@link SaveMode#ErrorIfExists}. */
  public DataFrameWriter mode(SaveMode saveMode) {
    Objects.requireNonNull(saveMode, "saveMode");
    WriteOperation.SaveMode m;
    switch (saveMode) {
      case Append:
        m = WriteOperation.SaveMode.SAVE_MODE_APPEND;
        break;
      case Overwrite:
        m = WriteOperation.SaveMode.SAVE_MODE_OVERWRITE;
        break;
      case Ignore:
        m = WriteOperation.SaveMode.SAVE_MODE_IGNORE;
        break;
      default:
        m = WriteOperation.SaveMode.SAVE_MODE_ERROR_IF_EXISTS;
    }
    return with(b -> b.setMode(m));
  }

  /**
   * The mode by name, see {@link SaveMode#fromString}.
   *
   * @throws IllegalArgumentException for a name that is not a save mode
   */
  public DataFrameWriter mode(String saveMode) {
    return mode(SaveMode.fromString(saveMode));
  }

  /** A data source option ({@code compression}, {@code header}, {@code sep}, …); keys are case-insensitive. */
  public DataFrameWriter option(String key, String value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    return with(b -> b.putOptions(key, value));
  }

  /** A boolean option. */
  public DataFrameWriter option(String key, boolean value) {
    return option(key, Boolean.toString(value));
  }

  /** A numeric option. */
  public DataFrameWriter option(String key, long value) {
    return option(key, Long.toString(value));
  }

  /** A numeric option. */
  public DataFrameWriter option(String key, double value) {
    return option(key, Double.toString(value));
  }

  /** Several options, added to those already set. */
  public DataFrameWriter options(Map<String, String> options) {
    Objects.requireNonNull(options, "options");
    return with(b -> b.putAllOptions(options));
  }

  /**
   * Partitions the output by these columns, Hive style ({@code col=value/} directories); replaces earlier
   * partition columns.
   */
  public DataFrameWriter partitionBy(String... columnNames) {
    List<String> cols = List.of(columnNames);
    return with(b -> b.clearPartitioningColumns().addAllPartitioningColumns(cols));
  }

  /**
   * Buckets the output into {@code numBuckets} buckets by the hash of these columns. Only
   * {@link #saveAsTable} supports bucketing; {@link #save} emits {@code AnalysisException}.
   *
   * @throws IllegalArgumentException if {@code numBuckets} is not positive or no column is given
   */
  public DataFrameWriter bucketBy(int numBuckets, String column, String... more) {
    if (numBuckets <= 0) {
      throw new IllegalArgumentException("numBuckets must be positive, was " + numBuckets);
    }
    Objects.requireNonNull(column, "column");
    WriteOperation.BucketBy bucket = WriteOperation.BucketBy.newBuilder().setNumBuckets(numBuckets)
        .addBucketColumnNames(column).addAllBucketColumnNames(List.of(more)).build();
    return with(b -> b.setBucketBy(bucket));
  }

  /** Sorts the rows within each bucket by these columns (needs {@link #bucketBy}); replaces earlier ones. */
  public DataFrameWriter sortBy(String column, String... more) {
    Objects.requireNonNull(column, "column");
    return with(b -> b.clearSortColumnNames().addSortColumnNames(column).addAllSortColumnNames(List.of(more)));
  }

  /**
   * Clusters the table's data by these columns (liquid clustering, for sources and catalogs that support it);
   * replaces earlier clustering columns.
   */
  public DataFrameWriter clusterBy(String column, String... more) {
    Objects.requireNonNull(column, "column");
    return with(b -> b.clearClusteringColumns().addClusteringColumns(column)
        .addAllClusteringColumns(List.of(more)));
  }

  // ---------------------------------------------------------------- terminal operations

  /**
   * Saves to the source's own target, given by options (for example {@code path}). Cold; one
   * {@code ExecutePlan(WriteOperation)} per subscription; completes empty when the write is committed.
   */
  public Mono<Void> save() {
    return execute(op);
  }

  /**
   * Saves to {@code path} on the server. Cold; one {@code ExecutePlan(WriteOperation)} per subscription;
   * completes empty when the write is committed; emits {@code AnalysisException} ({@code PATH_ALREADY_EXISTS})
   * if the path exists and the mode is {@link SaveMode#ErrorIfExists}.
   */
  public Mono<Void> save(String path) {
    Objects.requireNonNull(path, "path");
    return execute(op.toBuilder().setPath(path).build());
  }

  /**
   * Saves as a catalog table named {@code tableName} (optionally qualified, {@code db.t} or
   * {@code catalog.db.t}), creating it with this writer's format, partitioning and bucketing if it does not exist;
   * when it exists the {@link #mode} decides (append and overwrite by column name). Cold; one
   * {@code ExecutePlan(WriteOperation)} per subscription; emits {@code AnalysisException}
   * ({@code TABLE_OR_VIEW_ALREADY_EXISTS}) under {@link SaveMode#ErrorIfExists} when the table exists.
   */
  public Mono<Void> saveAsTable(String tableName) {
    return saveTo(tableName, WriteOperation.SaveTable.TableSaveMethod.TABLE_SAVE_METHOD_SAVE_AS_TABLE, op);
  }

  /**
   * Inserts the rows into the existing table {@code tableName}, by column <em>position</em> (not name), with the
   * writer's {@link #mode} ({@link SaveMode#Overwrite} replaces the table's rows). Cold; one
   * {@code ExecutePlan(WriteOperation)} per subscription; emits {@code AnalysisException}
   * ({@code TABLE_OR_VIEW_NOT_FOUND}) if the table does not exist, or when {@link #partitionBy} was set.
   */
  public Mono<Void> insertInto(String tableName) {
    return saveTo(tableName, WriteOperation.SaveTable.TableSaveMethod.TABLE_SAVE_METHOD_INSERT_INTO, op);
  }

  /**
   * {@link #insertInto(String)} with the mode set to {@link SaveMode#Overwrite} ({@code true}) or
   * {@link SaveMode#Append} ({@code false}), as PySpark's {@code insertInto(tableName, overwrite)}.
   */
  public Mono<Void> insertInto(String tableName, boolean overwrite) {
    return mode(overwrite ? SaveMode.Overwrite : SaveMode.Append).insertInto(tableName);
  }

  private Mono<Void> saveTo(String tableName, WriteOperation.SaveTable.TableSaveMethod method, WriteOperation base) {
    Objects.requireNonNull(tableName, "tableName");
    return execute(base.toBuilder().setTable(WriteOperation.SaveTable.newBuilder().setTableName(tableName)
        .setSaveMethod(method)).build());
  }

  /** {@code format("parquet").save(path)}; options such as {@code compression} ({@code snappy}, {@code zstd}). */
  public Mono<Void> parquet(String path) {
    return format("parquet").save(path);
  }

  /** {@code format("orc").save(path)}. */
  public Mono<Void> orc(String path) {
    return format("orc").save(path);
  }

  /** {@code format("json").save(path)}: JSON Lines, one object per row. */
  public Mono<Void> json(String path) {
    return format("json").save(path);
  }

  /** {@code format("csv").save(path)}; options {@code header}, {@code sep}, {@code quote}, … */
  public Mono<Void> csv(String path) {
    return format("csv").save(path);
  }

  /**
   * {@code format("text").save(path)}: one line per row; the DataFrame must have exactly one string column
   * (emits {@code AnalysisException} otherwise).
   */
  public Mono<Void> text(String path) {
    return format("text").save(path);
  }

  /** {@code format("xml").save(path)}; set the {@code rowTag} option (Spark 4.0+). */
  public Mono<Void> xml(String path) {
    return format("xml").save(path);
  }

  private Mono<Void> execute(WriteOperation operation) {
    return Mono.defer(() -> df.sparkSession().client().execute(Command.newBuilder()
        .setWriteOperation(operation.toBuilder().setInput(df.relation)).build()).then());
  }

  /** The operation configured so far, without its input (for unit tests). */
  WriteOperation operation() {
    return op;
  }

  @Override
  public String toString() {
    return "DataFrameWriter[" + (op.hasSource() ? op.getSource() : "default source") + ", mode=" + op.getMode()
        + ", options=" + Arrays.toString(op.getOptionsMap().keySet().toArray()) + "]";
  }
}
