package io.github.reactivespark.connect.streaming;

import io.github.reactivespark.connect.DataFrame;
import io.github.reactivespark.connect.SparkSession;
import io.github.reactivespark.connect.internal.ConnectInternals;
import io.github.reactivespark.connect.internal.proto.Read;
import io.github.reactivespark.connect.types.StructType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Builds a streaming {@link DataFrame} from a source; mirrors {@code org.apache.spark.sql.streaming.DataStreamReader}
 * (Scala Connect client {@code DataStreamReader.scala}, PySpark {@code connect/streaming/readwriter.py}). An
 * immutable value: each setter returns a new reader. Building a DataFrame sends nothing; the server resolves the
 * source when a query over it starts (or is analysed), so a wrong format or option surfaces as an error of that
 * later call.
 *
 * <p>Any streaming source the server has works through {@link #format}: {@code rate} (columns {@code timestamp
 * TIMESTAMP, value BIGINT}, option {@code rowsPerSecond}), {@code rate-micro-batch} (option {@code
 * rowsPerBatch}), the file sources {@code csv}, {@code json}, {@code parquet}, {@code text}, {@code orc} (they need a
 * {@link #schema} unless {@code spark.sql.streaming.schemaInference} is on), and tables ({@link #table}).
 */
public final class DataStreamReader {

  private final SparkSession session;
  private final @Nullable String format;
  private final @Nullable String schema;
  private final Map<String, String> options;

  DataStreamReader(SparkSession session) {
    this(session, null, null, Map.of());
  }

  private DataStreamReader(SparkSession session, @Nullable String format, @Nullable String schema,
      Map<String, String> options) {
    this.session = Objects.requireNonNull(session, "session");
    this.format = format;
    this.schema = schema;
    this.options = options;
  }

  /** The source format, for example {@code rate}, {@code csv}, {@code json}, {@code parquet}. */
  public DataStreamReader format(String source) {
    return new DataStreamReader(session, Objects.requireNonNull(source, "source"), schema, options);
  }

  /** The schema as a DDL string, for example {@code "date STRING, delay INT"}. */
  public DataStreamReader schema(String ddl) {
    return new DataStreamReader(session, format, Objects.requireNonNull(ddl, "ddl"), options);
  }

  /** The schema (sent as its DDL). */
  public DataStreamReader schema(StructType schema) {
    return schema(schema.toDDL());
  }

  /** One source option (a later value for the same key wins). */
  public DataStreamReader option(String key, String value) {
    Map<String, String> m = new LinkedHashMap<>(options);
    m.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
    return new DataStreamReader(session, format, schema, m);
  }

  /** {@link #option(String, String)} with a boolean. */
  public DataStreamReader option(String key, boolean value) {
    return option(key, Boolean.toString(value));
  }

  /** {@link #option(String, String)} with a number. */
  public DataStreamReader option(String key, long value) {
    return option(key, Long.toString(value));
  }

  /** {@link #option(String, String)} with a number. */
  public DataStreamReader option(String key, double value) {
    return option(key, Double.toString(value));
  }

  /** Several options. */
  public DataStreamReader options(Map<String, String> more) {
    Map<String, String> m = new LinkedHashMap<>(options);
    more.forEach((k, v) -> m.put(Objects.requireNonNull(k, "key"), Objects.requireNonNull(v, "value")));
    return new DataStreamReader(session, format, schema, m);
  }

  /** A streaming DataFrame over the source (for sources that need no path, such as {@code rate}). */
  public DataFrame load() {
    return build(null);
  }

  /** A streaming DataFrame over the source at {@code path} (a directory the file sources watch). */
  public DataFrame load(String path) {
    return build(Objects.requireNonNull(path, "path"));
  }

  /** {@code format("csv").load(path)}. */
  public DataFrame csv(String path) {
    return format("csv").load(path);
  }

  /** {@code format("json").load(path)}. */
  public DataFrame json(String path) {
    return format("json").load(path);
  }

  /** {@code format("parquet").load(path)}. */
  public DataFrame parquet(String path) {
    return format("parquet").load(path);
  }

  /** {@code format("orc").load(path)}. */
  public DataFrame orc(String path) {
    return format("orc").load(path);
  }

  /** {@code format("text").load(path)}: one {@code value STRING} row per line. */
  public DataFrame text(String path) {
    return format("text").load(path);
  }

  /** A streaming DataFrame over a table whose format supports streaming reads. */
  public DataFrame table(String tableName) {
    Objects.requireNonNull(tableName, "tableName");
    return df(Read.newBuilder().setIsStreaming(true).setNamedTable(
        Read.NamedTable.newBuilder().setUnparsedIdentifier(tableName).putAllOptions(options)).build());
  }

  private DataFrame build(@Nullable String path) {
    Read.DataSource.Builder ds = Read.DataSource.newBuilder().putAllOptions(options);
    if (format != null) {
      ds.setFormat(format);
    }
    if (schema != null) {
      ds.setSchema(schema);
    }
    if (path != null) {
      ds.addPaths(path);
    }
    return df(Read.newBuilder().setIsStreaming(true).setDataSource(ds).build());
  }

  private DataFrame df(Read read) {
    return ConnectInternals.dataFrame(session, b -> b.setRead(read));
  }
}
