package io.github.reactivespark.connect;

import io.github.reactivespark.connect.internal.proto.Read;
import io.github.reactivespark.connect.types.StructType;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Describes how to load data into a {@link DataFrame} ({@code spark.read()}), as Spark's {@code DataFrameReader}.
 *
 * <p>Immutable: every setter returns a new reader, so a configured reader can be shared. Nothing is read until
 * an action runs on the resulting DataFrame; the paths are paths <em>on the server</em>. A missing path, an unknown
 * format or a bad option value fails that action with {@code AnalysisException} (for example
 * {@code PATH_NOT_FOUND}) or a runtime exception from the data source.
 *
 * @since 0.1.0
 */
public final class DataFrameReader {

  private final SparkSession session;
  private final @Nullable String format;
  private final @Nullable String schema;
  private final Map<String, String> options;
  /** The schema as given to {@link #schema(StructType)}, kept for {@code Parse}, which needs a typed schema. */
  private final @Nullable StructType structSchema;

  DataFrameReader(SparkSession session) {
    this(session, null, null, Map.of());
  }

  private DataFrameReader(SparkSession session, @Nullable String format, @Nullable String schema,
      Map<String, String> options) {
    this(session, format, schema, options, null);
  }

  private DataFrameReader(SparkSession session, @Nullable String format, @Nullable String schema,
      Map<String, String> options, @Nullable StructType structSchema) {
    this.session = session;
    this.format = format;
    this.schema = schema;
    this.options = options;
    this.structSchema = structSchema;
  }

  private DataFrameReader withStructSchema(@Nullable StructType s) {
    return new DataFrameReader(session, format, schema, options, s);
  }

  /**
   * The data source: {@code parquet} (the server's {@code spark.sql.sources.default}), {@code csv}, {@code json},
   * {@code orc}, {@code text}, {@code xml}, or any other the server has on its classpath. {@code avro} is the
   * external {@code spark-avro} module, absent from the embedded local server: reading it there fails the action
   * with {@code AnalysisException} naming the missing data source.
   */
  public DataFrameReader format(String source) {
    return new DataFrameReader(session, Objects.requireNonNull(source), schema, options).withStructSchema(structSchema);
  }

  /** The schema, as a DDL string such as {@code "a INT, b STRING"}; skips inference. */
  public DataFrameReader schema(String ddl) {
    return new DataFrameReader(session, format, Objects.requireNonNull(ddl), options);
  }

  /** The schema; skips inference. */
  public DataFrameReader schema(StructType schema) {
    return schema(schema.toDDL()).withStructSchema(schema);
  }

  /** A data source option (keys are case-insensitive on the server). */
  public DataFrameReader option(String key, String value) {
    Map<String, String> m = new LinkedHashMap<>(options);
    m.put(key, value);
    return new DataFrameReader(session, format, schema, Map.copyOf(m)).withStructSchema(structSchema);
  }

  /** A boolean option. */
  public DataFrameReader option(String key, boolean value) {
    return option(key, Boolean.toString(value));
  }

  /** A numeric option. */
  public DataFrameReader option(String key, long value) {
    return option(key, Long.toString(value));
  }

  /** A numeric option. */
  public DataFrameReader option(String key, double value) {
    return option(key, Double.toString(value));
  }

  /** Several options. */
  public DataFrameReader options(Map<String, String> more) {
    Map<String, String> m = new LinkedHashMap<>(options);
    m.putAll(more);
    return new DataFrameReader(session, format, schema, Map.copyOf(m)).withStructSchema(structSchema);
  }

  /**
   * Time travel: read the table as of one version of its history, the {@code versionAsOf} option of Delta Lake
   * (and of other table formats that take it), as {@code option("versionAsOf", version)}. Works with
   * {@link #load(String...)} of a {@code delta} path and with {@link #table(String)}. A version the history does not
   * have fails the action with {@code AnalysisException} ({@code DELTA_VERSION_NOT_FOUND} on Delta, naming the
   * available versions).
   *
   * @param version the version, as {@code DESCRIBE HISTORY} lists it
   * @return a new reader
   */
  public DataFrameReader versionAsOf(long version) {
    return option("versionAsOf", version);
  }

  /**
   * Time travel: read the table as of a point in time (the latest version committed at or before it), Delta Lake's
   * {@code timestampAsOf} option. Out of the history's range the action fails with {@code AnalysisException}
   * ({@code DELTA_TIMESTAMP_GREATER_THAN_COMMIT}, {@code DELTA_TIMESTAMP_EARLIER_THAN_COMMIT_RETENTION} on Delta).
   *
   * @param timestamp a timestamp or date string as the server casts it to a timestamp ({@code "2026-12-01"},
   *     {@code "2026-12-01 10:15:00"} in the session time zone, {@code "2026-12-01T09:15:00Z"})
   * @return a new reader
   */
  public DataFrameReader timestampAsOf(String timestamp) {
    return option("timestampAsOf", Objects.requireNonNull(timestamp, "timestamp"));
  }

  /**
   * As {@link #timestampAsOf(String)}, for an instant (sent in UTC with its microseconds, so the session time zone
   * does not matter).
   *
   * @param timestamp the instant
   * @return a new reader
   */
  public DataFrameReader timestampAsOf(java.time.Instant timestamp) {
    return timestampAsOf(java.time.format.DateTimeFormatter.ISO_INSTANT.format(
        timestamp.truncatedTo(java.time.temporal.ChronoUnit.MICROS)));
  }

  /** Loads a source that needs no path (for example with a {@code path} or {@code dbtable} option). */
  public DataFrame load() {
    return load(new String[0]);
  }

  /** Loads from one or more paths on the server. */
  public DataFrame load(String... paths) {
    Read.DataSource.Builder ds = Read.DataSource.newBuilder().putAllOptions(options)
        .addAllPaths(Arrays.asList(paths));
    if (format != null) {
      ds.setFormat(format);
    }
    if (schema != null) {
      ds.setSchema(schema);
    }
    return session.newDataFrame(b -> b.setRead(Read.newBuilder().setDataSource(ds)));
  }

  /** {@code format("parquet").load(paths)}. */
  public DataFrame parquet(String... paths) {
    return format("parquet").load(paths);
  }

  /** {@code format("csv").load(paths)}; see Spark's CSV options ({@code header}, {@code inferSchema}, …). */
  public DataFrame csv(String... paths) {
    return format("csv").load(paths);
  }

  /** {@code format("json").load(paths)} (JSON Lines unless {@code multiLine} is set). */
  public DataFrame json(String... paths) {
    return format("json").load(paths);
  }

  /** {@code format("orc").load(paths)}. */
  public DataFrame orc(String... paths) {
    return format("orc").load(paths);
  }

  /** {@code format("text").load(paths)}: one row per line in a {@code value} string column. */
  public DataFrame text(String... paths) {
    return format("text").load(paths);
  }

  /**
   * {@code format("xml").load(paths)} (built into Spark 4.0+); set the {@code rowTag} option to the element that
   * holds one row.
   */
  public DataFrame xml(String... paths) {
    return format("xml").load(paths);
  }

  /**
   * Parses a DataFrame of JSON strings (its single {@code string} column, one JSON document per row) into
   * columns, with this reader's schema (inferred when none is set) and JSON options, as PySpark's
   * {@code spark.read.json(df)} ({@code Parse} relation, format JSON). Lazy; a malformed record follows the
   * {@code mode} option ({@code PERMISSIVE} by default: nulls plus {@code _corrupt_record}).
   *
   * @throws IllegalArgumentException if the schema was given as a DDL string (the {@code Parse} relation carries a
   *     typed schema: pass a {@link StructType}, for example from {@link SparkSession#parseDataType})
   */
  public DataFrame json(DataFrame jsonStrings) {
    return parse(jsonStrings, io.github.reactivespark.connect.internal.proto.Parse.ParseFormat.PARSE_FORMAT_JSON);
  }

  /**
   * Parses a DataFrame of CSV lines (its single {@code string} column) into columns, with this reader's schema and
   * CSV options ({@code header}, {@code inferSchema}, {@code sep}, …), as PySpark's {@code spark.read.csv(df)}
   * ({@code Parse} relation, format CSV). Lazy.
   *
   * @throws IllegalArgumentException if the schema was given as a DDL string (pass a {@link StructType})
   */
  public DataFrame csv(DataFrame csvLines) {
    return parse(csvLines, io.github.reactivespark.connect.internal.proto.Parse.ParseFormat.PARSE_FORMAT_CSV);
  }

  private DataFrame parse(DataFrame input, io.github.reactivespark.connect.internal.proto.Parse.ParseFormat f) {
    if (input.sparkSession() != session) {
      throw new IllegalArgumentException("The DataFrame to parse belongs to another SparkSession");
    }
    io.github.reactivespark.connect.internal.proto.Parse.Builder p =
        io.github.reactivespark.connect.internal.proto.Parse.newBuilder().setInput(input.relation).setFormat(f)
            .putAllOptions(options);
    if (structSchema != null) {
      p.setSchema(io.github.reactivespark.connect.internal.types.DataTypeProtos.toProto(structSchema));
    } else if (schema != null) {
      // The server's Parse planner accepts only a typed schema (it rejects DataType.unparsed).
      throw new IllegalArgumentException("Parsing a DataFrame needs the schema as a StructType, not the DDL string '"
          + schema + "': use schema(StructType), or parse the DDL first with spark.parseDataType(ddl)");
    }
    return session.newDataFrame(b -> b.setParse(p));
  }

  /**
   * A table or view of the catalog ({@code spark.table(name)}), with this reader's options passed to the table's
   * source. The name may be qualified ({@code db.t}, {@code catalog.db.t}); a missing table fails the first action
   * with {@code AnalysisException} ({@code TABLE_OR_VIEW_NOT_FOUND}).
   */
  public DataFrame table(String tableName) {
    return session.newDataFrame(b -> b.setRead(Read.newBuilder().setNamedTable(
        Read.NamedTable.newBuilder().setUnparsedIdentifier(tableName).putAllOptions(options))));
  }
}
