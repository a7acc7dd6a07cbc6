package io.github.reactivespark.connect.streaming;

import io.github.reactivespark.connect.DataFrame;
import io.github.reactivespark.connect.SparkSession;
import io.github.reactivespark.connect.internal.ConnectInternals;
import com.google.protobuf.ByteString;
import io.github.reactivespark.connect.internal.proto.Command;
import io.github.reactivespark.connect.internal.proto.DataType;
import io.github.reactivespark.connect.internal.proto.ScalarScalaUDF;
import io.github.reactivespark.connect.internal.proto.StreamingForeachFunction;
import io.github.reactivespark.connect.internal.proto.ExecutePlanResponse;
import io.github.reactivespark.connect.internal.proto.WriteStreamOperationStart;
import io.github.reactivespark.connect.internal.proto.WriteStreamOperationStartResult;
import io.github.reactivespark.connect.streaming.internal.QueryStartedHooks;
import io.github.reactivespark.connect.streaming.internal.StreamingCommands;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Starts a streaming query that writes a streaming {@link DataFrame} to a sink; mirrors {@code
 * org.apache.spark.sql.streaming.DataStreamWriter} (Scala Connect client {@code DataStreamWriter.scala}, PySpark
 * {@code connect/streaming/readwriter.py}); sends {@code WriteStreamOperationStart}. An immutable value: each setter
 * returns a new writer.
 *
 * <p>Sinks: {@code memory} (a temporary in-memory table named by {@link #queryName}, for tests and small results),
 * {@code console}, {@code noop}, the file sinks ({@code parquet}, {@code json}, {@code csv}, {@code orc}, {@code
 * text}; append mode, path via {@link #start(String)} or option {@code path}) and tables ({@link #toTable}), or any
 * sink the server has. {@link #foreachBatch} and {@link #foreach} take functions that Spark runs on the server; they
 * are written against Spark's own API, so they are built by the opt-in {@code streaming-foreach} module.
 */
public final class DataStreamWriter {

  private final DataFrame df;
  private final @Nullable String format;
  private final @Nullable String outputMode;
  private final @Nullable Trigger trigger;
  private final @Nullable String queryName;
  private final List<String> partitionBy;
  private final List<String> clusterBy;
  private final Map<String, String> options;
  private final @Nullable ServerSideFunction foreachBatch;
  private final @Nullable ServerSideFunction foreach;

  DataStreamWriter(DataFrame df) {
    this(Objects.requireNonNull(df, "df"), null, null, null, null, List.of(), List.of(), Map.of(), null, null);
  }

  private DataStreamWriter(DataFrame df, @Nullable String format, @Nullable String outputMode,
      @Nullable Trigger trigger, @Nullable String queryName, List<String> partitionBy, List<String> clusterBy,
      Map<String, String> options, @Nullable ServerSideFunction foreachBatch, @Nullable ServerSideFunction foreach) {
    this.df = df;
    this.foreachBatch = foreachBatch;
    this.foreach = foreach;
    this.format = format;
    this.outputMode = outputMode;
    this.trigger = trigger;
    this.queryName = queryName;
    this.partitionBy = partitionBy;
    this.clusterBy = clusterBy;
    this.options = options;
  }

  /** The sink format, for example {@code memory}, {@code console}, {@code noop}, {@code parquet}. */
  public DataStreamWriter format(String sink) {
    return new DataStreamWriter(df, Objects.requireNonNull(sink, "sink"), outputMode, trigger, queryName,
        partitionBy, clusterBy, options, foreachBatch, foreach);
  }

  /**
   * The output mode: {@code append} (new rows only; the default), {@code complete} (the whole result each trigger,
   * aggregations only) or {@code update} (changed rows). Case-insensitive; the server rejects other values.
   */
  public DataStreamWriter outputMode(String mode) {
    return new DataStreamWriter(df, format, Objects.requireNonNull(mode, "mode"), trigger, queryName, partitionBy,
        clusterBy, options, foreachBatch, foreach);
  }

  /** When batches run; see {@link Trigger}. Without one, micro-batches run back to back. */
  public DataStreamWriter trigger(Trigger trigger) {
    return new DataStreamWriter(df, format, outputMode, Objects.requireNonNull(trigger, "trigger"), queryName,
        partitionBy, clusterBy, options, foreachBatch, foreach);
  }

  /** The query's name, unique among the session's active queries; the table name of the {@code memory} sink. */
  public DataStreamWriter queryName(String name) {
    return new DataStreamWriter(df, format, outputMode, trigger, Objects.requireNonNull(name, "name"), partitionBy,
        clusterBy, options, foreachBatch, foreach);
  }

  /** Partitions the file sink's output by these columns (directories {@code col=value}). */
  public DataStreamWriter partitionBy(String... columns) {
    return new DataStreamWriter(df, format, outputMode, trigger, queryName, List.copyOf(Arrays.asList(columns)),
        clusterBy, options, foreachBatch, foreach);
  }

  /** Clusters a table sink by these columns (Spark 4's {@code clusterBy}; the table format must support it). */
  public DataStreamWriter clusterBy(String... columns) {
    return new DataStreamWriter(df, format, outputMode, trigger, queryName, partitionBy,
        List.copyOf(Arrays.asList(columns)), options, foreachBatch, foreach);
  }

  /** One sink option (a later value for the same key wins). */
  public DataStreamWriter option(String key, String value) {
    Map<String, String> m = new LinkedHashMap<>(options);
    m.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
    return new DataStreamWriter(df, format, outputMode, trigger, queryName, partitionBy, clusterBy, m, foreachBatch, foreach);
  }

  /** {@link #option(String, String)} with a boolean. */
  public DataStreamWriter option(String key, boolean value) {
    return option(key, Boolean.toString(value));
  }

  /** {@link #option(String, String)} with a number. */
  public DataStreamWriter option(String key, long value) {
    return option(key, Long.toString(value));
  }

  /** Several options. */
  public DataStreamWriter options(Map<String, String> more) {
    DataStreamWriter w = this;
    for (Map.Entry<String, String> e : more.entrySet()) {
      w = w.option(e.getKey(), e.getValue());
    }
    return w;
  }

  /**
   * Where the query keeps its offsets, commits and state (a directory on the server's file system); the option
   * {@code checkpointLocation}. Restarting a query with the same checkpoint resumes it (same {@code id}, new
   * {@code runId}). Without one the server uses a temporary directory (or the session's {@code
   * spark.sql.streaming.checkpointLocation}).
   */
  public DataStreamWriter checkpointLocation(String path) {
    return option("checkpointLocation", Objects.requireNonNull(path, "path"));
  }

  /**
   * Starts the query. Cold: each subscription sends one {@code WriteStreamOperationStart} and starts one more query.
   * Emits the running {@link StreamingQuery} once the server has started it (the query then runs on the server
   * until stopped, whatever happens to this Mono; cancelling before the answer does not stop a query the server
   * already started). Errors: {@link io.github.reactivespark.connect.exceptions.AnalysisException} for a
   * non-streaming input, an unknown format, a bad output mode or an existing query name, and the other typed
   * {@link io.github.reactivespark.connect.exceptions.SparkConnectException}s.
   */
  public Mono<StreamingQuery> start() {
    return start(builder());
  }

  /** {@link #start()} writing to {@code path} (the file sinks' directory). */
  public Mono<StreamingQuery> start(String path) {
    Objects.requireNonNull(path, "path");
    return start(builder().setPath(path));
  }

  /**
   * {@link #start()} writing to the table {@code tableName} (created if it does not exist, with this writer's
   * format or the session's default table format).
   */
  public Mono<StreamingQuery> toTable(String tableName) {
    Objects.requireNonNull(tableName, "tableName");
    return start(builder().setTableName(tableName));
  }

  /**
   * Sends every micro-batch to {@code function}, which Spark runs on the <b>server</b> (in the driver, once per
   * micro-batch, with the batch's rows and id), as Spark's {@code DataStreamWriter.foreachBatch}. Build the function
   * with the opt-in {@code streaming-foreach} module ({@code ForeachBatchFunction.of((ds, batchId) -> ...)}); its
   * classes are uploaded to the session when the query starts. Replaces any sink format and {@link #foreach}.
   *
   * @param function the packed function; {@link ServerSideFunction#payload()} goes into
   *     {@code WriteStreamOperationStart.foreach_batch.scala_function}
   * @return a new writer
   */
  public DataStreamWriter foreachBatch(ServerSideFunction function) {
    return new DataStreamWriter(df, format, outputMode, trigger, queryName, partitionBy, clusterBy, options,
        Objects.requireNonNull(function, "function"), null);
  }

  /**
   * Sends every row to {@code writer}, a Spark {@code ForeachWriter} that Spark runs on the <b>server</b> (in the
   * executors), as Spark's {@code DataStreamWriter.foreach}. Build it with the opt-in {@code streaming-foreach} module
   * ({@code ForeachWriterFunction.of(writer)}); its classes are uploaded when the query starts. Replaces
   * {@link #foreachBatch}.
   *
   * @param writer the packed writer; its payload goes into {@code WriteStreamOperationStart.foreach_writer}
   * @return a new writer
   */
  public DataStreamWriter foreach(ServerSideFunction writer) {
    return new DataStreamWriter(df, format, outputMode, trigger, queryName, partitionBy, clusterBy, options, null,
        Objects.requireNonNull(writer, "writer"));
  }

  private static StreamingForeachFunction scalaFunction(ServerSideFunction function) {
    return StreamingForeachFunction.newBuilder().setScalaFunction(ScalarScalaUDF.newBuilder()
        .setPayload(ByteString.copyFrom(function.payload()))
        // Not used by the server for foreach/foreachBatch; the Scala client sends NullType, nullable.
        .setOutputType(DataType.newBuilder().setNull(DataType.NULL.getDefaultInstance()))
        .setNullable(true)).build();
  }

  private WriteStreamOperationStart.Builder builder() {
    WriteStreamOperationStart.Builder b = WriteStreamOperationStart.newBuilder()
        .setInput(ConnectInternals.relation(df))
        .putAllOptions(options)
        .addAllPartitioningColumnNames(partitionBy)
        .addAllClusteringColumnNames(clusterBy);
    if (format != null) {
      b.setFormat(format);
    }
    if (foreachBatch != null) {
      b.setForeachBatch(scalaFunction(foreachBatch));
    }
    if (foreach != null) {
      b.setForeachWriter(scalaFunction(foreach));
    }
    if (outputMode != null) {
      b.setOutputMode(outputMode);
    }
    if (queryName != null) {
      b.setQueryName(queryName);
    }
    if (trigger != null) {
      switch (trigger.kind()) {
        case PROCESSING_TIME -> b.setProcessingTimeInterval(trigger.interval());
        case ONCE -> b.setOnce(true);
        case AVAILABLE_NOW -> b.setAvailableNow(true);
        case CONTINUOUS -> b.setContinuousCheckpointInterval(trigger.interval());
        default -> throw new IllegalStateException(trigger.toString());
      }
    }
    return b;
  }

  private Mono<StreamingQuery> start(WriteStreamOperationStart.Builder b) {
    SparkSession session = df.sparkSession();
    Command command = Command.newBuilder().setWriteStreamOperationStart(b).build();
    ServerSideFunction shipped = foreachBatch != null ? foreachBatch : foreach;
    Mono<Void> upload = shipped == null ? Mono.empty() : shipped.uploadClasses(session);
    return upload.then(StreamingCommands.run(session, command, ExecutePlanResponse::hasWriteStreamOperationStartResult,
        ExecutePlanResponse::getWriteStreamOperationStartResult, "WriteStreamOperationStartResult")
        .map(r -> started(session, r)));
  }

  private static StreamingQuery started(SparkSession session, WriteStreamOperationStartResult r) {
    if (r.hasQueryStartedEventJson()) {
      QueryStartedHooks.fire(session, r.getQueryStartedEventJson());
    }
    return new StreamingQuery(session, UUID.fromString(r.getQueryId().getId()),
        UUID.fromString(r.getQueryId().getRunId()), r.getName().isEmpty() ? null : r.getName());
  }
}
