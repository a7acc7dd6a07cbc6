package io.github.reactivespark.connect;

import io.github.reactivespark.connect.events.SparkConnectListener;
import io.github.reactivespark.connect.internal.client.ArtifactUpload;
import io.github.reactivespark.connect.internal.client.ClientOptions;
import io.github.reactivespark.connect.internal.client.ConnectClient;
import io.github.reactivespark.connect.internal.client.ExecutionObserver;
import io.github.reactivespark.connect.internal.client.LocalRelations;
import io.github.reactivespark.connect.internal.local.ArrowEncoder;
import io.github.reactivespark.connect.internal.local.ArrowSchemas;
import io.github.reactivespark.connect.internal.local.JavaBeans;
import io.github.reactivespark.connect.internal.local.LocalData;
import io.github.reactivespark.connect.internal.local.SchemaJson;
import io.github.reactivespark.connect.internal.client.RandomIds;
import io.github.reactivespark.connect.internal.client.SparkConnectTransport;
import io.github.reactivespark.connect.internal.client.TlsOptions;
import io.github.reactivespark.connect.internal.proto.AnalyzePlanRequest;
import io.github.reactivespark.connect.internal.proto.ExecutePlanResponse;
import io.github.reactivespark.connect.internal.proto.InterruptRequest;
import io.github.reactivespark.connect.internal.proto.LocalRelation;
import io.github.reactivespark.connect.internal.proto.Range;
import io.github.reactivespark.connect.internal.proto.Read;
import io.github.reactivespark.connect.internal.proto.Relation;
import io.github.reactivespark.connect.internal.proto.SQL;
import io.github.reactivespark.connect.internal.proto.SubqueryAlias;
import io.github.reactivespark.connect.internal.proto.WithRelations;
import io.github.reactivespark.connect.internal.types.DataTypeProtos;
import io.github.reactivespark.connect.spi.LocalServerProvider;
import io.github.reactivespark.connect.types.DataType;
import io.github.reactivespark.connect.types.StructField;
import io.github.reactivespark.connect.types.StructType;
import com.google.protobuf.ByteString;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.reactivestreams.Publisher;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.context.Context;

/**
 * The entry point: one Spark Connect session on a remote server, reached over one gRPC channel that all of the
 * session's queries share.
 *
 * <pre>{@code
 * SparkSession spark = SparkSession.builder().remote("sc://localhost:15002").create();
 * spark.read().parquet("/data/flights.parquet")
 *      .groupBy("origin").agg(count("*").alias("flights"))
 *      .orderBy(col("flights").desc()).limit(10)
 *      .rows()
 *      .subscribe(System.out::println);
 * }</pre>
 *
 * <p>Creating a session does no network I/O (the channel connects on first use). Methods that build
 * {@link DataFrame}s ({@link #sql}, {@link #range}, {@link #table}, {@link #read()}) are synchronous and lazy;
 * methods that talk to the server return cold publishers. Plan ids are owned by the session (no process-wide
 * counter). The session owns an Arrow allocator: batches handed to subscribers are children of it.
 *
 * <p>Thread-safe. {@link #close()} releases the server-side session ({@code ReleaseSession}) and shuts the channel
 * down; a session started with {@code remote("local")} also gives back its use of the embedded server.
 *
 * <p>The public face of one session core ({@code internal.client.ConnectClient}, built once from the builder's
 * settings and the connection string), which stamps and sends every request, retries, reattaches and converts
 * errors. Mirrors PySpark's {@code pyspark.sql.connect.session.SparkSession} and the Scala client's
 * {@code SparkSession} over {@code SparkConnectClient}.
 *
 * @since 0.1.0
 */
public final class SparkSession implements AutoCloseable {

  private final ConnectionString connection;
  private final ConnectClient client;
  private final LocalServerProvider.@Nullable LocalServer localServer;
  private final @Nullable Function<ClientOptions, SparkConnectTransport> transportFactory;
  private final AtomicBoolean localServerReleased = new AtomicBoolean();
  /** Name to SHA-256 of the artifacts this session stored on the server (ArtifactStatus knows only cache/ names). */
  private final Map<String, String> storedArtifacts = new java.util.concurrent.ConcurrentHashMap<>();
  private final Map<ProgressHandler, ExecutionObserver> progressHandlers = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * Reactor {@link Context} key under which a subscriber can give per-query operation tags (a
   * {@code Collection<String>}); see {@link #withTags(String...)}.
   */
  public static final String TAGS_CONTEXT_KEY = ConnectClient.TAGS_CONTEXT_KEY;

  private SparkSession(Builder b, ConnectionString cs, LocalServerProvider.@Nullable LocalServer localServer) {
    this(cs, options(b, cs), b.transportFactory, localServer);
  }

  /** The session core's options: the builder's, then the connection string's, the builder's user agent last. */
  private static ClientOptions options(Builder b, ConnectionString cs) {
    ClientOptions.Builder resolved = cs.applyTo(b.options.build().mutate())
        .tls(cs.tls().and(b.tls))
        .retryConfig(b.retryPolicy.toRetryConfig());
    if (b.userAgent != null && cs.userAgent().equals(ConnectionString.DEFAULT_USER_AGENT)) {
      resolved.userAgent(b.userAgent); // the builder's, unless the connection string names one
    }
    return resolved.build();
  }

  private SparkSession(ConnectionString cs, ClientOptions options,
      @Nullable Function<ClientOptions, SparkConnectTransport> transportFactory,
      LocalServerProvider.@Nullable LocalServer localServer) {
    this.connection = cs;
    this.localServer = localServer;
    this.transportFactory = transportFactory;
    this.client = transportFactory != null
        ? new ConnectClient(options, transportFactory.apply(options))
        : new ConnectClient(options);
  }

  /** A session like this one (server, identity, client options) under another session id. */
  private SparkSession sibling(String sessionId) {
    return new SparkSession(connection, client.options().mutate().sessionId(sessionId).build(), transportFactory,
        null);
  }

  // ---------------------------------------------------------------- new and cloned sessions

  /**
   * A new session on the same server, with the same identity and client options (user, token, TLS, headers, retry
   * policy, chunking) and a new session id: isolated SQL confs, temporary views and functions, as Spark's
   * {@code SparkSession.newSession()} (the Scala client's: {@code client.copy()} with a new session id). Does no
   * I/O: the server creates the session on its first request. The new session has its own channel and allocator
   * and is closed by the caller, independently of this one. A session of the embedded server
   * ({@code remote("local")}) shares it: the server stops when this session (which started it) is closed.
   *
   * @return a new session
   */
  public SparkSession newSession() {
    return sibling(RandomIds.uuid().toString());
  }

  /**
   * A new session holding a copy of this session's server-side state: its SQL confs, temporary views and
   * functions, artifacts (Spark 4.1's {@code CloneSession} RPC, PySpark's {@code SparkSession.cloneSession}).
   * Later changes to either session do not reach the other. Cold: each subscription sends one
   * {@code CloneSession} and emits a new session (same identity and client options, the clone's session id); the
   * subscriber closes it. Emits a {@code SparkConnectException} if the server refuses (for example when this
   * session was never used: the server knows no state to clone, {@code INVALID_HANDLE.SESSION_NOT_FOUND}).
   *
   * @return a cold Mono of the clone
   */
  public Mono<SparkSession> cloneSession() {
    return Mono.defer(() -> client.cloneSession(RandomIds.uuid().toString()))
        .map(r -> sibling(r.getNewSessionId()));
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The connection string this session was created with ({@code toString()} hides the token); for a session from
   * {@link #newSession()} or {@link #cloneSession()}, the one of the session it came from (its id is
   * {@link #sessionId()}).
   */
  public ConnectionString connectionString() {
    return connection;
  }

  /** The client-side session id (a UUID), sent with every request; pass it as {@code ;session_id=} to rejoin. */
  public String sessionId() {
    return client.sessionId();
  }

  /** Bytes of Arrow memory currently held by batches of this session that were not closed yet. */
  public long arrowAllocatedBytes() {
    return client.allocator().getAllocatedMemory();
  }

  /** The session core: every RPC of this session, and of the DataFrames and modules over it, goes through it. */
  ConnectClient client() {
    return client;
  }

  /** A DataFrame over a new relation of this session (the next plan id). */
  DataFrame newDataFrame(java.util.function.UnaryOperator<Relation.Builder> relation) {
    return new DataFrame(this, client.newRelation(relation));
  }

  // ---------------------------------------------------------------- DataFrames

  /**
   * A DataFrame over the result of a SQL query. Lazy: the statement is analysed and run by the server when an
   * action subscribes, and again for every subscription (so a DDL/DML statement runs once per action).
   */
  public DataFrame sql(String query) {
    return newDataFrame(b -> b.setSql(SQL.newBuilder().setQuery(query)));
  }

  /**
   * A DataFrame over a SQL query with named parameters ({@code :name} markers), for example
   * {@code sql("SELECT * FROM t WHERE origin = :o", Map.of("o", "SEA"))}. Values are literals (see
   * {@link functions#lit}) or {@link Column}s.
   *
   * <p>A value that is a {@link DataFrame} is instead referenced in the query as {@code {name}}, as in PySpark's
   * {@code spark.sql("SELECT * FROM {df}", df=df)}: it is sent as a {@code SubqueryAlias} reference of a
   * {@code WithRelations} relation under a generated name, so no view is created on the server.
   *
   * @throws IllegalArgumentException if a DataFrame value is not referenced as {@code {name}} or belongs to another
   *     session
   */
  public DataFrame sql(String query, Map<String, ?> args) {
    Map<String, DataFrame> frames = new LinkedHashMap<>();
    String q = query;
    for (Map.Entry<String, ?> e : args.entrySet()) {
      if (e.getValue() instanceof DataFrame df) {
        if (df.sparkSession() != this) {
          throw new IllegalArgumentException("DataFrame '" + e.getKey() + "' belongs to another SparkSession");
        }
        String name = "_reactive_spark_view_" + RandomIds.uuid().toString().replace('-', '_');
        String placeholder = "{" + e.getKey() + "}";
        if (!q.contains(placeholder)) {
          throw new IllegalArgumentException("DataFrame argument '" + e.getKey() + "' is not referenced as "
              + placeholder + " in the query");
        }
        q = q.replace(placeholder, name);
        frames.put(name, df);
      }
    }
    SQL.Builder s = SQL.newBuilder().setQuery(q);
    args.forEach((k, v) -> {
      if (!(v instanceof DataFrame)) {
        s.putNamedArguments(k, Literals.toExpression(v));
      }
    });
    if (frames.isEmpty()) {
      return newDataFrame(b -> b.setSql(s));
    }
    // PySpark's spark.sql("... {df} ...", df=df): the frames travel as SubqueryAlias references of a WithRelations.
    Relation sqlRelation = client.newRelation(b -> b.setSql(s));
    WithRelations.Builder w = WithRelations.newBuilder().setRoot(sqlRelation);
    frames.forEach((name, df) -> w.addReferences(client.newRelation(b -> b.setSubqueryAlias(
        SubqueryAlias.newBuilder().setInput(df.relation).setAlias(name)))));
    return newDataFrame(b -> b.setWithRelations(w));
  }

  /** A DataFrame over a SQL query with positional parameters ({@code ?} markers). */
  public DataFrame sql(String query, Object... args) {
    SQL.Builder s = SQL.newBuilder().setQuery(query);
    for (Object a : args) {
      s.addPosArguments(Literals.toExpression(a));
    }
    return newDataFrame(b -> b.setSql(s));
  }

  /** One {@code bigint} column {@code id} with the values 0 … end-1. */
  public DataFrame range(long end) {
    return range(0, end, 1);
  }

  /** One {@code bigint} column {@code id} with the values start … end-1. */
  public DataFrame range(long start, long end) {
    return range(start, end, 1);
  }

  /**
   * One {@code bigint} column {@code id} from {@code start} (inclusive) to {@code end} (exclusive) by {@code step}.
   *
   * @throws IllegalArgumentException if {@code step} is 0
   */
  public DataFrame range(long start, long end, long step) {
    if (step == 0) {
      throw new IllegalArgumentException("range step must not be 0");
    }
    return newDataFrame(b -> b.setRange(Range.newBuilder().setStart(start).setEnd(end).setStep(step)));
  }

  /**
   * As {@link #range(long, long, long)}, in {@code numPartitions} partitions.
   *
   * @throws IllegalArgumentException if {@code step} is 0 or {@code numPartitions} is not positive
   */
  public DataFrame range(long start, long end, long step, int numPartitions) {
    if (step == 0 || numPartitions <= 0) {
      throw new IllegalArgumentException("range needs step != 0 and numPartitions > 0");
    }
    return newDataFrame(b -> b.setRange(
        Range.newBuilder().setStart(start).setEnd(end).setStep(step).setNumPartitions(numPartitions)));
  }

  /** A table or view of the catalog. */
  public DataFrame table(String tableName) {
    return newDataFrame(b -> b.setRead(Read.newBuilder().setNamedTable(
        Read.NamedTable.newBuilder().setUnparsedIdentifier(tableName))));
  }

  // ---------------------------------------------------------------- local data

  /**
   * A DataFrame over rows of this JVM, as Spark's {@code createDataFrame(List<Row>, StructType)}. <b>Synchronous
   * and lazy</b>: the rows are checked against {@code schema} and encoded into Arrow IPC here, in the calling
   * thread (CPU only, no I/O); nothing is sent until an action subscribes. The DataFrame then carries the data
   * inline, and each plan sent with it goes as PySpark Connect 4.1 sends local data: an inline
   * {@code LocalRelation} while the data is below the server's {@code spark.sql.session.localRelationCacheThreshold}
   * (1 MiB by default), otherwise uploaded once as {@code cache/<sha256>} artifacts (one per chunk of
   * {@code localRelationChunkSizeRows} rows / {@code localRelationChunkSizeBytes} bytes, whole batches of
   * {@value io.github.reactivespark.connect.internal.local.LocalData#BATCH_ROWS} rows) and referenced by hash
   * ({@code ChunkedCachedLocalRelation}, or {@code CachedLocalRelation} for one chunk). Each action that sends such
   * data first reads those confs ({@code Config}) and asks {@code ArtifactStatus} which chunks the server has, so
   * the upload happens at most once per session (and again only if the server lost it); concurrent actions share
   * an upload in flight.
   *
   * <p>Why not a {@code Mono<DataFrame>}: the rows are all in memory already, so checking and encoding them needs
   * no I/O, and a plain DataFrame composes like every other one ({@code join}, {@code union}, SQL arguments); the
   * upload is part of sending a plan, like the resolution of any other part of it. For rows that are not in
   * memory, see {@link #createDataFrame(Publisher, StructType)}.
   *
   * <p>Values are matched to fields by position and must have the Java types of {@link Row}'s table (see
   * {@link Row}); a field of a struct type takes a {@link Row} or an {@code Object[]}, an array field a
   * {@link List}, an {@code Object[]} or a primitive array. Decimals are rescaled to the field's scale without
   * rounding; timestamps ({@link java.time.Instant}) and {@code timestamp_ntz} ({@link java.time.LocalDateTime})
   * keep microseconds (finer digits are truncated, as Spark does). The rows' own schemas are not read.
   *
   * @param rows the rows; read once, here; an empty list gives an empty DataFrame of {@code schema}
   * @param schema the DataFrame's schema (names, types, nullability)
   * @return the DataFrame
   * @throws IllegalArgumentException naming the row index and field path of the first value that does not fit its
   *     field (another Java type, null where the field, element or map value is not nullable, a struct or row of
   *     another arity, a decimal that does not fit, a string over its char/varchar length): then nothing was sent
   *     and no DataFrame exists
   */
  public DataFrame createDataFrame(List<Row> rows, StructType schema) {
    Objects.requireNonNull(rows, "rows");
    Objects.requireNonNull(schema, "schema");
    return localDataFrame(schema, LocalData.encode(rows, schema, client.allocator(), ROW_READER,
        LocalData.RowMapper.ROWS));
  }

  /**
   * A DataFrame over rows streamed from a publisher, encoded and uploaded as they arrive, with backpressure: the
   * publisher is asked for rows only as fast as the chunks they make are sent, so neither the rows nor their
   * Arrow form are ever all in memory. Cold: each subscription reads the server's local relation confs (one
   * {@code Config}), subscribes to {@code rows} once and emits the DataFrame when the last chunk is stored; the
   * DataFrame references the uploaded artifacts by hash, so its actions never read {@code rows} again. That is
   * why this returns a {@code Mono}: a publisher can be read once per subscription, and the DataFrame exists only
   * once all of it is on the server.
   *
   * <p>On the wire: rows become Arrow IPC chunks of {@code spark.sql.session.localRelationChunkSizeRows} rows (at
   * most {@code localRelationChunkSizeBytes}); while the total stays below
   * {@code localRelationCacheThreshold} they are held, and the DataFrame is an inline {@code LocalRelation}; past
   * it they are sent as {@code cache/<sha256>} artifacts in groups of at most
   * {@code min(localRelationBatchOfChunksSizeBytes, maxBytesInFlight / 4)} bytes (one {@code ArtifactStatus}, so
   * chunks the server has are skipped, and one {@code AddArtifacts} per group, retried as a unit with the session's
   * {@link RetryPolicy}), the next group encoded while the previous one is sent. Bytes held at once: at most the
   * threshold before it is crossed, then two groups and one chunk.
   *
   * <p>Values: as in {@link #createDataFrame(List, StructType)}. A row that does not fit ends the upload with an
   * {@link IllegalArgumentException} naming its index (0-based, in the order {@code rows} emitted them) and
   * field; the publisher is cancelled, no DataFrame is emitted, and chunks already stored stay unreferenced in the
   * session until it ends. Cancelling the subscription cancels {@code rows} and the upload in flight. An empty
   * publisher gives an empty DataFrame of {@code schema}.
   *
   * @param rows the rows; subscribed once per subscription of the returned Mono
   * @param schema the DataFrame's schema
   * @return a cold Mono of the DataFrame; emits the publisher's errors, {@link IllegalArgumentException} for a
   *     row that does not fit or data over {@code spark.sql.session.localRelationSizeLimit}, and
   *     {@code SparkConnectException}s of the upload
   */
  public Mono<DataFrame> createDataFrame(Publisher<Row> rows, StructType schema) {
    Objects.requireNonNull(rows, "rows");
    Objects.requireNonNull(schema, "schema");
    return streamedDataFrame(rows, schema, LocalData.RowMapper.ROWS);
  }

  /**
   * A DataFrame over Java records or beans of this JVM, as Spark's {@code createDataFrame(List<?>, Class<?>)}
   * with the schema Spark's {@code Encoders.bean} infers: a record's components in declaration order, or a bean's
   * properties with a getter and a setter sorted by name; primitives are not nullable, everything else is;
   * {@code BigDecimal} is {@code decimal(38,18)} (Spark's default: a value with more than 18 fraction digits is
   * refused), {@code BigInteger} {@code decimal(38,0)}, {@link java.time.Instant} {@code timestamp},
   * {@link java.time.LocalDateTime} {@code timestamp_ntz}, {@code List}/arrays {@code array}, {@code Map}
   * {@code map}, nested records and beans {@code struct}, enums {@code string} (the full table is in
   * {@code internal.local.JavaBeans}). Synchronous and lazy exactly as {@link #createDataFrame(List, StructType)}:
   * the getters are called here, the data is sent with the first action.
   *
   * @param data instances of {@code beanClass}; read once, here
   * @param beanClass a record or bean class (its getters must be accessible to this library: public, or in a
   *     package open to it)
   * @return the DataFrame, with the inferred schema
   * @throws IllegalArgumentException naming the property if {@code beanClass} has one of a type with no Spark SQL
   *     type, or naming the row index if an element is null, of another class, has a value that does not fit (a
   *     {@code BigDecimal} with more than 18 fraction digits, a {@code Period} with days) or its getter throws
   */
  public DataFrame createDataFrame(List<?> data, Class<?> beanClass) {
    Objects.requireNonNull(data, "data");
    JavaBeans.Encoding encoding = JavaBeans.of(Objects.requireNonNull(beanClass, "beanClass"));
    return localDataFrame(encoding.schema(), LocalData.encode(data, encoding.schema(), client.allocator(),
        ROW_READER, encoding.mapper()));
  }

  /**
   * A DataFrame over records or beans streamed from a publisher, as {@link #createDataFrame(Publisher, StructType)}
   * does for rows, with the schema of {@link #createDataFrame(List, Class)}.
   *
   * @param data instances of {@code type}; subscribed once per subscription of the returned Mono
   * @param type a record or bean class
   * @param <T> the element type
   * @return a cold Mono of the DataFrame, emitted when all of it is stored; errors as
   *     {@link #createDataFrame(Publisher, StructType)}
   * @throws IllegalArgumentException at once, naming the property, if {@code type} has one with no Spark SQL type
   */
  public <T> Mono<DataFrame> createDataFrame(Publisher<? extends T> data, Class<T> type) {
    Objects.requireNonNull(data, "data");
    JavaBeans.Encoding encoding = JavaBeans.of(Objects.requireNonNull(type, "type"));
    return streamedDataFrame(data, encoding.schema(), encoding.mapper());
  }

  /**
   * A DataFrame over Arrow data of this JVM (PySpark's {@code createDataFrame(pyarrow.Table)}): the root's rows
   * are written into an Arrow IPC stream here (a copy: the root stays the caller's, who closes it), with the
   * schema the server reads from the Arrow types (Spark's {@code ArrowUtils.fromArrowSchema}: signed integers,
   * float/double, utf8 and large utf8 as {@code string}, binary, decimal, date(DAY), timestamp(MICROSECOND) with a
   * zone as {@code timestamp} and without as {@code timestamp_ntz}, time(NANOSECOND), duration(MICROSECOND),
   * intervals, list, map, struct, and Spark's variant/geometry struct forms). Synchronous and lazy as
   * {@link #createDataFrame(List, StructType)}.
   *
   * @param root the data; read here, not kept
   * @return the DataFrame
   * @throws IllegalArgumentException naming the field if an Arrow type has no Spark SQL type (unsigned integers,
   *     timestamps in other units, dictionaries, ...)
   */
  public DataFrame createDataFrame(VectorSchemaRoot root) {
    LocalData.Arrow arrow = LocalData.fromRoot(Objects.requireNonNull(root, "root"));
    return localDataFrame(arrow.schema(), arrow.stream());
  }

  /**
   * A DataFrame over Arrow data in the Arrow IPC streaming format (what {@code ArrowStreamWriter} writes, and the
   * form of a {@code LocalRelation}'s data): checked by reading it whole here, then sent as it is, with the schema
   * of {@link #createDataFrame(VectorSchemaRoot)}. Synchronous and lazy as {@link #createDataFrame(List, StructType)}.
   *
   * @param arrowIpcStream the stream's bytes; copied
   * @return the DataFrame
   * @throws IllegalArgumentException if the bytes are not a readable Arrow IPC stream (the Arrow file format is
   *     told apart), use dictionaries, or hold a type with no Spark SQL type
   */
  public DataFrame createDataFrame(byte[] arrowIpcStream) {
    LocalData.Arrow arrow = LocalData.fromStream(ByteString.copyFrom(arrowIpcStream), client.allocator());
    return localDataFrame(arrow.schema(), arrow.stream());
  }

  /**
   * An empty DataFrame with no columns (Spark's {@code emptyDataFrame}: a {@code LocalRelation} of the empty
   * schema). Synchronous, no I/O.
   *
   * @return the DataFrame
   */
  public DataFrame emptyDataFrame() {
    return localDataFrame(new StructType(List.of()), null);
  }

  private Mono<DataFrame> streamedDataFrame(Publisher<?> rows, StructType schema, LocalData.RowMapper toRow) {
    ArrowSchemas.toArrow(schema); // a schema with no Arrow form fails at once
    LocalRelations local = client.localRelations();
    return local.limits().flatMap(limits -> local.upload(
            LocalData.chunks(rows, schema, client.allocator(), ROW_READER, toRow, limits.chunkRows(),
                Math.min(limits.chunkBytes(), limits.batchOfChunksBytes())),
            schemaString(schema), limits))
        .map(r -> castToSchema(new DataFrame(this, client.newRelation(b -> b.mergeFrom(r))), schema));
  }

  private DataFrame localDataFrame(StructType schema, @Nullable ByteString data) {
    LocalRelation.Builder local = LocalRelation.newBuilder().setSchema(schemaString(schema));
    if (data != null) {
      local.setData(data);
    }
    return castToSchema(newDataFrame(b -> b.setLocalRelation(local)), schema);
  }

  /**
   * The schema string of a {@code LocalRelation} of {@code schema}: Spark's JSON of its wire schema
   * ({@link ArrowSchemas#wireType}); JSON rather than DDL because DDL cannot say that array elements or map values
   * are not nullable.
   */
  private static String schemaString(StructType schema) {
    return SchemaJson.json(ArrowSchemas.wireType(schema));
  }

  /** {@code df} (of the wire schema) with the interval sub-ranges of {@code schema} cast back, if it has any. */
  private static DataFrame castToSchema(DataFrame df, StructType schema) {
    if (!ArrowSchemas.needsCast(schema)) {
      return df;
    }
    Column[] columns = new Column[schema.size()];
    for (int i = 0; i < columns.length; i++) {
      StructField f = schema.get(i);
      Column c = df.col("`" + f.name().replace("`", "``") + "`");
      columns[i] = ArrowSchemas.needsCast(f.dataType()) ? c.cast(f.dataType()).alias(f.name()) : c;
    }
    return df.select(columns);
  }

  /** Reads the public {@link Row} as a struct value for the encoder. */
  private static final ArrowEncoder.StructReader ROW_READER = new ArrowEncoder.StructReader() {
    @Override
    public int size(Object value) {
      return value instanceof Row r ? r.size() : -1;
    }

    @Override
    public @Nullable Object get(Object value, int index) {
      return ((Row) value).get(index);
    }
  };

  /** A reader for files and other data sources. */
  public DataFrameReader read() {
    return new DataFrameReader(this);
  }

  /** The session's runtime SQL configuration. */
  public RuntimeConfig conf() {
    return new RuntimeConfig(this);
  }

  /** The Spark version of the server, for example {@code "4.1.2"}. Cold; one {@code AnalyzePlan} per subscription. */
  public Mono<String> version() {
    return client.analyze(b -> b.setSparkVersion(AnalyzePlanRequest.SparkVersion.getDefaultInstance()))
        .map(r -> r.getSparkVersion().getVersion());
  }

  /**
   * Table-valued functions ({@code spark.tvf()}): {@code spark.tvf().explode(array(lit(1), lit(2)))}, …
   */
  public TableValuedFunction tvf() {
    return new TableValuedFunction(this);
  }

  /**
   * Parses a DDL type string on the server ({@code AnalyzePlan.ddl_parse}): a type such as
   * {@code "array<int>"}, or a schema such as {@code "a INT, b STRING"} (parsed as a {@code StructType}). Cold;
   * one {@code AnalyzePlan} per subscription; emits a {@code ParseException} for bad DDL.
   */
  public Mono<DataType> parseDataType(String ddl) {
    return client.analyze(b -> b.setDdlParse(AnalyzePlanRequest.DDLParse.newBuilder().setDdlString(ddl)))
        .map(r -> DataTypeProtos.fromProto(r.getDdlParse().getParsed()));
  }

  /**
   * Converts a schema in Spark's JSON form ({@code StructType.json}) to a DDL string on the server
   * ({@code AnalyzePlan.json_to_ddl}), for example {@code "a INT NOT NULL,b STRING"}. Cold; one
   * {@code AnalyzePlan} per subscription; emits an error for JSON that is not a struct schema.
   */
  public Mono<String> jsonToDDL(String json) {
    return client.analyze(b -> b.setJsonToDdl(AnalyzePlanRequest.JsonToDDL.newBuilder().setJsonString(json)))
        .map(r -> r.getJsonToDdl().getDdlString());
  }

  /**
   * Interrupts every operation of this session that is still running on the server. Cold; one {@code Interrupt}
   * RPC per subscription.
   *
   * @return the ids of the operations the server interrupted (empty when none was running)
   */
  public Mono<List<String>> interruptAll() {
    return interrupt(InterruptRequest.newBuilder().setInterruptType(InterruptRequest.InterruptType.INTERRUPT_TYPE_ALL));
  }

  /**
   * Interrupts the running operations of this session that carry {@code tag} (see {@link #addTag} and
   * {@link #withTags}). Cold; one {@code Interrupt} RPC per subscription; emits the interrupted operation ids
   * (empty when none ran).
   */
  public Mono<List<String>> interruptTag(String tag) {
    return interrupt(InterruptRequest.newBuilder().setInterruptType(InterruptRequest.InterruptType.INTERRUPT_TYPE_TAG)
        .setOperationTag(tag));
  }

  /**
   * Interrupts one operation of this session by id. Cold; one {@code Interrupt} RPC per subscription; emits a list
   * holding that id if it was running, an empty list otherwise.
   */
  public Mono<List<String>> interruptOperation(String operationId) {
    return interrupt(InterruptRequest.newBuilder()
        .setInterruptType(InterruptRequest.InterruptType.INTERRUPT_TYPE_OPERATION_ID).setOperationId(operationId));
  }

  private Mono<List<String>> interrupt(InterruptRequest.Builder kind) {
    return client.interrupt(kind).map(r -> List.copyOf(r.getInterruptedIdsList()));
  }

  // ---------------------------------------------------------------- operation tags

  /**
   * Adds a tag to every operation this session starts from now on (on any thread), for
   * {@link #interruptTag(String)}. Spark's clients keep these tags per thread; a reactive pipeline hops threads,
   * so here they belong to the session, and per-query tags go through the Reactor {@code Context}
   * ({@link #withTags(String...)}).
   *
   * @throws IllegalArgumentException if the tag is empty or contains {@code ','} (Spark's rule)
   */
  public void addTag(String tag) {
    client.addTag(tag);
  }

  /** Removes a session-wide tag (no-op if absent). */
  public void removeTag(String tag) {
    client.removeTag(tag);
  }

  /** The session-wide tags. */
  public Set<String> getTags() {
    return client.tags();
  }

  /** Removes every session-wide tag. */
  public void clearTags() {
    client.clearTags();
  }

  /**
   * A context writer that tags the operations of one query: {@code df.rows().contextWrite(withTags("nightly"))}.
   * Tags given this way are added to the session-wide ones; they travel with the subscription, whatever thread
   * runs it.
   *
   * @throws IllegalArgumentException if a tag is empty or contains {@code ','}
   */
  public static Function<Context, Context> withTags(String... tags) {
    Set<String> checked = new LinkedHashSet<>();
    for (String t : tags) {
      checked.add(ConnectClient.checkTag(t));
    }
    return ctx -> {
      Set<String> all = new LinkedHashSet<>();
      ctx.<Collection<String>>getOrEmpty(TAGS_CONTEXT_KEY).ifPresent(all::addAll);
      all.addAll(checked);
      return ctx.put(TAGS_CONTEXT_KEY, List.copyOf(all));
    };
  }

  // ---------------------------------------------------------------- progress

  /**
   * Calls {@code handler} with the progress of every query of this session from now on, as PySpark's
   * {@code SparkSession.registerProgressHandler}: the server's {@code execution_progress} reports (every
   * {@code spark.connect.progress.reportInterval}, 2 s by default, while a query runs). Registering the same
   * handler twice registers it once. The handler runs on the gRPC thread that delivers the report and must not
   * block (see {@link ProgressHandler}); for one query with backpressure use {@link DataFrame#execute()}.
   *
   * @param handler the handler
   */
  public void registerProgressHandler(ProgressHandler handler) {
    ExecutionObserver observer = progressObserver(handler);
    if (progressHandlers.putIfAbsent(handler, observer) == null) {
      client.addObserver(observer);
    }
  }

  /**
   * Stops calling a handler registered with {@link #registerProgressHandler} (no-op if it is not registered), as
   * PySpark's {@code removeProgressHandler}.
   *
   * @param handler the handler
   */
  public void removeProgressHandler(ProgressHandler handler) {
    ExecutionObserver observer = progressHandlers.remove(handler);
    if (observer != null) {
      client.removeObserver(observer);
    }
  }

  /** Removes every handler registered with {@link #registerProgressHandler}, as PySpark's {@code clearProgressHandlers}. */
  public void clearProgressHandlers() {
    for (ProgressHandler h : List.copyOf(progressHandlers.keySet())) {
      removeProgressHandler(h);
    }
  }

  /**
   * A context writer that calls {@code handler} with the progress of the queries of one subscription:
   * {@code df.write().parquet(path).contextWrite(SparkSession.withProgressHandler(p -> bar.update(p)))}. Works for
   * every action (it travels in the Reactor Context to the {@code ExecutePlan} the action sends), in addition to
   * the session's handlers.
   *
   * @param handler the handler, called as {@link #registerProgressHandler} describes
   * @return a function for {@code contextWrite}
   */
  public static Function<Context, Context> withProgressHandler(ProgressHandler handler) {
    return ConnectClient.withObserver(progressObserver(handler));
  }

  private static ExecutionObserver progressObserver(ProgressHandler handler) {
    Objects.requireNonNull(handler, "handler");
    return new ExecutionObserver() {
      @Override
      public void onProgress(String operationId, ExecutePlanResponse.ExecutionProgress progress) {
        handler.onProgress(ExecutionProgress.of(operationId, progress));
      }
    };
  }

  // ---------------------------------------------------------------- artifacts

  /**
   * Uploads a local {@code .jar} or {@code .class} file into this session, as {@code jars/<file name>} or
   * {@code classes/<file name>}: the server adds it to the session's class loader, so that server-side code of this
   * session (e.g. {@code reflect}/{@code java_method} calls, foreachBatch functions) can load its classes. Mirrors
   * Spark's {@code SparkSession.addArtifact(path)} ({@code sql/connect/common/.../client/ArtifactManager.scala}).
   *
   * <p>Cold: each subscription sends one client-streaming {@code AddArtifacts} RPC (files over 32 KiB in 32 KiB
   * CRC-checked chunks, read lazily), retried as a whole with the session's {@link RetryPolicy}; completes when the
   * server has stored every artifact. Cancelling aborts the call; the server keeps no partial artifact.
   *
   * @param path a readable local file whose name ends with {@code .jar} or {@code .class}
   * @return completes empty; emits {@link IllegalArgumentException} naming the file for another extension,
   *     {@link java.io.UncheckedIOException} when it cannot be read, a {@code SparkConnectException} when the
   *     server rejects it (including a failed CRC check)
   */
  public Mono<Void> addArtifact(Path path) {
    return addArtifacts(path);
  }

  /**
   * Uploads local {@code .jar} and {@code .class} files in one {@code AddArtifacts} RPC; see {@link #addArtifact(Path)}.
   *
   * @param paths readable local files ending with {@code .jar} or {@code .class}
   * @return cold; completes empty when the server has stored all of them
   */
  public Mono<Void> addArtifacts(Path... paths) {
    return Mono.defer(() -> {
      List<ArtifactUpload.Artifact> artifacts = new ArrayList<>();
      for (Path path : paths) {
        artifacts.add(fileArtifact(path, path.getFileName().toString()));
      }
      return uploadArtifacts(artifacts);
    }).subscribeOn(Schedulers.boundedElastic()); // file metadata reads block
  }

  /**
   * Uploads a local file under the relative {@code target} path, keeping its directories (e.g. a class file as
   * {@code com/example/Fn.class}, stored as {@code classes/com/example/Fn.class}). Mirrors Spark's
   * {@code addArtifact(source, target)}.
   *
   * @param source a readable local file
   * @param target relative path ending with {@code .jar} or {@code .class}
   * @return cold; see {@link #addArtifact(Path)} for what it sends and emits
   */
  public Mono<Void> addArtifact(Path source, String target) {
    return Mono.defer(() -> uploadArtifacts(List.of(fileArtifact(source, target))))
        .subscribeOn(Schedulers.boundedElastic()); // file metadata reads block
  }

  /**
   * Uploads in-memory bytes as the artifact {@code target} (relative path ending with {@code .jar} or
   * {@code .class}). Mirrors Spark's {@code addArtifact(bytes, target)}.
   *
   * @param bytes the artifact's content; copied, so later changes to the array are not sent
   * @param target relative path ending with {@code .jar} or {@code .class}
   * @return cold; see {@link #addArtifact(Path)}
   */
  public Mono<Void> addArtifact(byte[] bytes, String target) {
    byte[] copy = bytes.clone();
    return Mono.defer(() -> uploadArtifacts(List.of(new ArtifactUpload.Artifact(artifactName(target), copy.length,
        () -> new ByteArrayInputStream(copy)))));
  }

  /**
   * Uploads every {@code .class} file below {@code classesRoot} (a compiler output directory) as
   * {@code classes/<path relative to classesRoot>}, in one {@code AddArtifacts} RPC: the way to ship an
   * application's own classes when they are not in a jar. Mirrors the Scala client's {@code addClassDir}.
   *
   * @param classesRoot a directory, e.g. {@code target/classes}
   * @return cold; completes empty when the server has stored all class files (also when there are none)
   */
  public Mono<Void> addClassDirectory(Path classesRoot) {
    return Mono.defer(() -> {
      if (!Files.isDirectory(classesRoot)) {
        return Mono.error(new IllegalArgumentException("Not a directory: " + classesRoot));
      }
      List<ArtifactUpload.Artifact> artifacts = new ArrayList<>();
      try (Stream<Path> files = Files.walk(classesRoot)) {
        for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)
            .filter(f -> f.getFileName().toString().endsWith(".class")).sorted()::iterator) {
          String relative = classesRoot.relativize(file).toString().replace(File.separatorChar, '/');
          artifacts.add(fileArtifact(file, relative));
        }
      } catch (IOException e) {
        return Mono.error(new UncheckedIOException("Cannot list class files below " + classesRoot, e));
      }
      return artifacts.isEmpty() ? Mono.empty() : uploadArtifacts(artifacts);
    }).subscribeOn(Schedulers.boundedElastic()); // the directory walk blocks
  }

  private static ArtifactUpload.Artifact fileArtifact(Path file, String target) {
    return fileArtifactNamed(file, artifactName(target));
  }

  private static ArtifactUpload.Artifact fileArtifactNamed(Path file, String name) {
    long size;
    try {
      size = Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read artifact file " + file, e);
    }
    return new ArtifactUpload.Artifact(name, size, () -> Files.newInputStream(file));
  }

  /** {@code jars/...} or {@code classes/...}, as Spark's {@code Artifact.newArtifactFromExtension}. */
  private static String artifactName(String target) {
    String normalized = target.replace('\\', '/');
    if (normalized.isEmpty() || normalized.startsWith("/") || normalized.contains("..")) {
      throw new IllegalArgumentException("An artifact target must be a relative path without '..': '" + target + "'");
    }
    if (normalized.endsWith(".jar")) {
      return "jars/" + normalized;
    }
    if (normalized.endsWith(".class")) {
      return "classes/" + normalized;
    }
    throw new IllegalArgumentException(
        "Unsupported artifact '" + target + "': only .jar and .class files can be added (as in Spark's client)");
  }

  /**
   * Uploads local files as artifacts of any kind Spark Connect knows (PySpark's {@code addArtifacts(*paths,
   * pyfile=, archive=, file=)}), each under {@code <kind prefix><file name>}: {@link ArtifactKind#JAR}
   * {@code jars/} and {@link ArtifactKind#CLASS} {@code classes/} go to the session's class loader,
   * {@link ArtifactKind#FILE} {@code files/} and {@link ArtifactKind#ARCHIVE} {@code archives/} to the session's
   * files (Spark's {@code SparkContext.addFile}/{@code addArchive} on the server: {@code SparkFiles.get(name)} finds
   * them, archives are unpacked), {@link ArtifactKind#PY_FILE} {@code pyfiles/} to the Python path of Python
   * workers. Cold; one {@code AddArtifacts} per subscription (as {@link #addArtifact(Path)}), for the files this
   * session has not stored yet: a file this session already uploaded with the same content (SHA-256) is skipped,
   * since Spark 4.1.2's {@code ArtifactStatus} answers only for {@code cache/} names and accepts the same content
   * again; a different content under a stored name makes the server fail the call with
   * {@code ARTIFACT_ALREADY_EXISTS} ({@code SparkRuntimeException}).
   *
   * @param kind what the files are
   * @param paths readable local files, with an extension the kind allows ({@code .jar}; {@code .class};
   *     {@code .py}, {@code .zip}, {@code .egg} or {@code .jar} for Python files; {@code .zip}, {@code .jar},
   *     {@code .tar.gz}, {@code .tgz} or {@code .tar} for archives; anything for files)
   * @return cold; completes empty when the server has stored them; emits {@link IllegalArgumentException} naming a
   *     file of the wrong extension, {@link UncheckedIOException} for an unreadable one
   */
  public Mono<Void> addArtifacts(ArtifactKind kind, Path... paths) {
    Objects.requireNonNull(kind, "kind");
    return Mono.defer(() -> {
      List<ArtifactUpload.Artifact> artifacts = new ArrayList<>();
      for (Path path : paths) {
        String name = path.getFileName().toString();
        kind.check(name);
        artifacts.add(fileArtifactNamed(path, kind.prefix + name));
      }
      return uploadArtifacts(artifacts);
    }).subscribeOn(Schedulers.boundedElastic()); // file reads block
  }

  /**
   * The kinds of artifacts of {@link #addArtifacts(ArtifactKind, Path...)}: the name prefixes of Spark Connect's
   * {@code ArtifactManager} ({@code jars/}, {@code classes/}, {@code files/}, {@code archives/}, {@code pyfiles/}).
   */
  public enum ArtifactKind {
    /** A jar for the session's class loader. */
    JAR("jars/", ".jar"),
    /** A class file for the session's class loader. */
    CLASS("classes/", ".class"),
    /** Any file, made available to the session's tasks ({@code SparkFiles}). */
    FILE("files/"),
    /** An archive, unpacked for the session's tasks. */
    ARCHIVE("archives/", ".zip", ".jar", ".tar.gz", ".tgz", ".tar"),
    /** A Python module or package for the session's Python workers. */
    PY_FILE("pyfiles/", ".py", ".zip", ".egg", ".jar");

    final String prefix;
    private final List<String> extensions;

    ArtifactKind(String prefix, String... extensions) {
      this.prefix = prefix;
      this.extensions = List.of(extensions);
    }

    void check(String name) {
      if (!extensions.isEmpty() && extensions.stream().noneMatch(name::endsWith)) {
        throw new IllegalArgumentException("A " + this + " artifact must end with one of " + extensions + ": '"
            + name + "'");
      }
    }
  }

  /**
   * Which artifacts the session has on the server ({@code ArtifactStatus}). Cold; one RPC per subscription.
   * Spark 4.1.2 answers only for {@code cache/<sha256>} names (the local data of {@code createDataFrame}): for any
   * other name it reports {@code false}, even when the artifact was stored.
   *
   * @param names artifact names, e.g. {@code cache/<sha256>}
   * @return each name to whether the server reports it, in the order given
   */
  public Mono<Map<String, Boolean>> artifactStatus(List<String> names) {
    return client.artifactStatus(List.copyOf(names));
  }

  /**
   * Copies a local file to a path of the server's default file system (PySpark's
   * {@code copyFromLocalToFs}): uploaded as the artifact {@code forward_to_fs<destPath>}, which the server writes to
   * {@code destPath}. A Spark Connect 4.1 server refuses this for a destination on its local file system unless the
   * session conf {@code spark.sql.artifact.copyFromLocalToFs.allowDestLocal} is {@code true} (settable with
   * {@code conf().set}, for this session only) or, when that is unset, the server was started with
   * {@code spark.connect.copyFromLocalToFs.allowDestLocal=true} (Spark's {@code ArtifactManager.uploadArtifactToFs});
   * the upload then fails with a {@code SparkConnectException} of
   * Spark's {@code _LEGACY_ERROR_TEMP_3161}. Cold; one {@code AddArtifacts} per subscription.
   *
   * @param localPath a readable local file
   * @param destPath an absolute path without a scheme (as in PySpark), e.g. {@code /data/in/flights.csv}; the server
   *     resolves it against its default file system
   * @return completes empty when the server has written the file
   * @throws IllegalArgumentException if {@code destPath} is not absolute or has a scheme ({@code hdfs:},
   *     {@code s3a:}, ...)
   */
  public Mono<Void> copyFromLocalToFs(Path localPath, String destPath) {
    Objects.requireNonNull(localPath, "localPath");
    if (!destPath.startsWith("/") || destPath.contains("..") || destPath.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
      throw new IllegalArgumentException("destPath must be an absolute path without a scheme or '..' (the server's"
          + " default file system), was '" + destPath + "'");
    }
    return Mono.defer(() -> client.addArtifacts(List.of(fileArtifactNamed(localPath, "forward_to_fs" + destPath))))
        .subscribeOn(Schedulers.boundedElastic());
  }

  /**
   * Sends those of {@code artifacts} this session has not stored with the same content (SHA-256, read on this
   * thread), and remembers what was stored.
   */
  private Mono<Void> uploadArtifacts(List<ArtifactUpload.Artifact> artifacts) {
    Map<String, String> hashes = new LinkedHashMap<>();
    List<ArtifactUpload.Artifact> missing = new ArrayList<>();
    for (ArtifactUpload.Artifact a : artifacts) {
      String hash = contentHash(a);
      if (!hash.equals(storedArtifacts.get(a.name()))) {
        missing.add(a);
        hashes.put(a.name(), hash);
      }
    }
    if (missing.isEmpty()) {
      return Mono.empty();
    }
    return client.addArtifacts(missing).doOnSuccess(v -> storedArtifacts.putAll(hashes));
  }

  private static String contentHash(ArtifactUpload.Artifact a) {
    try (java.io.InputStream in = a.open().call()) {
      java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[64 * 1024];
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
      return java.util.HexFormat.of().formatHex(md.digest());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read artifact " + a.name(), e);
    } catch (Exception e) {
      throw new IllegalStateException("Cannot hash artifact " + a.name(), e);
    }
  }

  // ---------------------------------------------------------------- lifecycle

  /**
   * Releases the session on the server ({@code ReleaseSession}: its temp views, confs and running operations end),
   * shuts the channel down and closes the session's Arrow allocator. Cold and idempotent: the first subscription
   * does the work; later ones complete at once. A failing {@code ReleaseSession} (for example a dead server) is
   * logged and does not stop the local clean-up. Batches still open at that point are reported in the log as a
   * leak of their owner.
   */
  public Mono<Void> stop() {
    return stop(false);
  }

  /**
   * {@link #stop()}, with the {@code allow_reconnect} flag of Spark 4.1's {@code ReleaseSession}: when true, the
   * server may let a later client use this session id again ({@code SparkSession.builder().remote(...;session_id=
   * id)}), even though the session's state (temporary views, functions, current catalog) may be gone by then.
   * Without it a released id is refused from then on.
   *
   * @param allowReconnect whether the session id stays usable after the release
   * @return cold and idempotent, as {@link #stop()}
   */
  public Mono<Void> stop(boolean allowReconnect) {
    return client.close(allowReconnect).doFinally(s -> {
      if (localServer != null && localServerReleased.compareAndSet(false, true)) {
        localServer.close();
      }
    });
  }

  /**
   * Same as {@link #stop()}, waiting for it (up to about 40 s). Blocking: for try-with-resources in
   * application code and tests, never from a reactive pipeline.
   */
  @Override
  public void close() {
    stop().block(Duration.ofSeconds(45));
  }

  @Override
  public String toString() {
    return "SparkSession[" + connection + ", sessionId=" + client.sessionId() + "]";
  }

  // ---------------------------------------------------------------- builder

  /**
   * Configures and creates a {@link SparkSession}. Options are snapshotted by {@link #create()}.
   *
   * <p>The server is chosen in this order: {@link #remote(String)}; the system property {@code spark.remote};
   * the environment variable {@code SPARK_REMOTE}; otherwise {@code "local"} when an embedded-server provider
   * ({@code local-server} module) is on the classpath. {@code "local"} (or {@code local[N]}) starts that embedded
   * server in a separate JVM, as PySpark's {@code remote("local")} does; {@code "local-cluster"} (or
   * {@code local-cluster[workers,coresPerWorker,memoryPerWorkerMB]}) starts it on a standalone cluster of its own.
   */
  public static final class Builder {
    /** Default preferred size of one result chunk: 4 MiB. */
    public static final long DEFAULT_RESULT_CHUNK_SIZE = ClientOptions.DEFAULT_RESULT_CHUNK_SIZE;
    /** Default budget of response bytes buffered ahead of a slow subscriber, per query: 64 MiB. */
    public static final long DEFAULT_MAX_BYTES_IN_FLIGHT = ClientOptions.DEFAULT_MAX_BYTES_IN_FLIGHT;

    private @Nullable String remote;
    private RetryPolicy retryPolicy = RetryPolicy.defaultPolicy();
    /** The session core's settings; the connection string fills in the rest at {@link #create()}. */
    private final ClientOptions.Builder options = ClientOptions.builder();
    private final Map<String, String> localServerConfs = new LinkedHashMap<>();
    private TlsOptions tls = TlsOptions.NONE;
    private @Nullable Function<ClientOptions, SparkConnectTransport> transportFactory;
    private @Nullable String userAgent;

    private Builder() {}

    /** The server: an {@code sc://} connection string (see {@link ConnectionString}) or {@code "local"}. */
    public Builder remote(String remote) {
      this.remote = Objects.requireNonNull(remote, "remote");
      return this;
    }

    /** Retry policy for every RPC of the session; default {@link RetryPolicy#defaultPolicy()} (Spark's). */
    public Builder retryPolicy(RetryPolicy policy) {
      this.retryPolicy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Preferred size of one result chunk, in bytes (default {@link #DEFAULT_RESULT_CHUNK_SIZE}); Arrow batches
     * larger than this arrive in chunks and are reassembled. 0 turns result chunking off (then a batch larger
     * than {@code grpc_max_message_size} fails the query).
     */
    public Builder resultChunkSize(long bytes) {
      options.resultChunkSize(bytes);
      return this;
    }

    /**
     * Bytes of responses a query may receive ahead of its subscriber's demand (default
     * {@link #DEFAULT_MAX_BYTES_IN_FLIGHT}); converted to a gRPC message window of
     * {@code maxBytesInFlight / resultChunkSize} responses (or {@code / grpc_max_message_size} when chunking is
     * off), at least 2.
     */
    public Builder maxBytesInFlight(long bytes) {
      options.maxBytesInFlight(bytes);
      return this;
    }

    /**
     * Adds a listener of the session's events: the start and end of every operation, responses, Arrow batches,
     * progress, retries and reattaches (see {@link SparkConnectListener} for the threads and order they arrive in;
     * its methods must not block). Listeners are called in the order they were added; one that throws is logged and
     * never disturbs a query. Without listeners the session makes no event at all. The
     * {@code reactive-spark-connect-micrometer} module has listeners for Micrometer observations and meters.
     *
     * @throws NullPointerException if {@code listener} is null
     */
    public Builder listener(SparkConnectListener listener) {
      options.listener(listener);
      return this;
    }

    /**
     * Trusts the CA certificates of a PEM file (one or more {@code -----BEGIN CERTIFICATE-----} blocks) instead of
     * the JVM's default trust store: a server, or a TLS-terminating proxy in front of it, whose certificate a
     * private CA signed. The same as the connection string's {@code ssl_ca_file}. Needs {@code use_ssl=true} in the
     * connection string; the server's host name is still checked against its certificate.
     *
     * <p>The file is read by {@link #create()}, which fails with {@link IllegalArgumentException} naming it when it
     * cannot be read or holds no certificate. A server whose certificate the session does not trust fails the first
     * RPC with {@link io.github.reactivespark.connect.exceptions.TlsHandshakeException}, not retried.
     *
     * @param pemFile the CA certificates
     * @return this builder
     * @throws IllegalArgumentException if a trust source ({@code ssl_ca_file}, {@link #trustStore}) is set already
     * @since 0.1.0
     */
    public Builder trustCertificates(Path pemFile) {
      tls = tls.trustCertificates(pemFile);
      return this;
    }

    /**
     * The user agent sent with the channel and as the first part of every request's {@code client_type} (default
     * {@code "reactive-spark-connect"}), unless the connection string names one with {@code ;user_agent=}. At most
     * 2048 characters.
     *
     * @throws IllegalArgumentException if it is empty or longer than 2048 characters
     */
    public Builder userAgent(String userAgent) {
      Objects.requireNonNull(userAgent, "userAgent");
      if (userAgent.isEmpty() || userAgent.length() > ConnectionString.MAX_USER_AGENT_LENGTH) {
        throw new IllegalArgumentException("A user agent must have 1 to " + ConnectionString.MAX_USER_AGENT_LENGTH
            + " characters, was " + userAgent.length());
      }
      this.userAgent = userAgent;
      return this;
    }

    /**
     * Trusts the certificates of a trust store (a PKCS#12 or JKS file, detected from its content) instead of the
     * JVM's default trust store; otherwise as {@link #trustCertificates(Path)}.
     *
     * @param file the trust store
     * @param password its password, or {@code null} for none
     * @return this builder
     * @throws IllegalArgumentException if a trust source is set already
     * @since 0.1.0
     */
    public Builder trustStore(Path file, @Nullable String password) {
      tls = tls.trustStore(file, password);
      return this;
    }

    /**
     * Presents a client certificate for mutual TLS, when the server or its proxy asks for one: the certificate
     * chain (PEM, the client's own certificate first) and its private key (PKCS#8 PEM,
     * {@code -----BEGIN PRIVATE KEY-----}, not encrypted). The same as the connection string's
     * {@code ssl_cert_file} and {@code ssl_key_file}. Needs {@code use_ssl=true}. Read by {@link #create()} (an
     * unreadable file fails it, named). A server that refuses the certificate fails the first RPC with
     * {@link io.github.reactivespark.connect.exceptions.TlsHandshakeException}, not retried.
     *
     * @param certificateChain the client's certificate chain
     * @param privateKey its private key
     * @return this builder
     * @throws IllegalArgumentException if a client identity is set already
     * @since 0.1.0
     */
    public Builder clientCertificate(Path certificateChain, Path privateKey) {
      tls = tls.clientCertificate(certificateChain, privateKey);
      return this;
    }

    /**
     * Presents a client certificate for mutual TLS from a key store (PKCS#12 or JKS) whose key entry has the store's
     * password; otherwise as {@link #clientCertificate(Path, Path)}.
     *
     * @param file the key store
     * @param password the password of the store and of its key entry
     * @return this builder
     * @throws IllegalArgumentException if a client identity is set already
     * @since 0.1.0
     */
    public Builder clientKeyStore(Path file, String password) {
      tls = tls.clientKeyStore(file, password);
      return this;
    }

    /** A Spark conf for the embedded server started by {@code remote("local")} (ignored for {@code sc://}). */
    public Builder localServerConf(String key, String value) {
      localServerConfs.put(key, value);
      return this;
    }

    /**
     * Maven coordinates ({@code groupId:artifactId:version}) for the embedded server's classpath, like Spark's
     * {@code spark.jars.packages} (ignored for {@code sc://}): resolved before the server starts, failing
     * {@link #create()} with {@link io.github.reactivespark.connect.spi.PackageResolutionException} naming a
     * coordinate that does not resolve. A {@code io.delta:delta-spark*} package also sets Delta's SQL extension and
     * catalog unless those confs are given.
     */
    public Builder localServerPackages(String... coordinates) {
      String given = localServerConfs.get("spark.jars.packages");
      String more = String.join(",", coordinates);
      localServerConfs.put("spark.jars.packages", given == null || given.isBlank() ? more : given + "," + more);
      return this;
    }

    /** Test seam: replaces the gRPC transport (for in-process fault injection). */
    Builder transportFactory(Function<ClientOptions, SparkConnectTransport> factory) {
      this.transportFactory = factory;
      return this;
    }

    /**
     * Creates the session. For an {@code sc://} remote this does no network I/O. For {@code "local"} it starts
     * (or reuses) the embedded server and <b>blocks</b> until it accepts connections (seconds): call it where
     * blocking is allowed.
     *
     * @throws IllegalArgumentException if the connection string is malformed (the message names the bad part), if
     *     TLS files are given for a connection without TLS, or if one cannot be read (the message names it)
     * @throws IllegalStateException if no server is configured and no embedded server is available, if the
     *     embedded server fails to start, or if the JVM lacks {@code --add-opens=java.base/java.nio=ALL-UNNAMED},
     *     which Arrow needs on Java 17+
     */
    public SparkSession create() {
      checkJvmFlags();
      String r = remote;
      if (r == null) {
        r = System.getProperty("spark.remote");
      }
      if (r == null || r.isBlank()) {
        r = System.getenv("SPARK_REMOTE");
      }
      LocalServerProvider provider = null;
      if (r == null || r.isBlank()) {
        provider = localProvider();
        if (provider == null) {
          throw new IllegalStateException("No Spark Connect server given: call remote(\"sc://host:port\"), set the"
              + " system property spark.remote or the environment variable SPARK_REMOTE, or put the local-server"
              + " module on the classpath for an embedded server");
        }
        r = "local";
      }
      if (r.equals("local") || r.startsWith("local[") || r.startsWith("local-cluster")) {
        if (provider == null) {
          provider = localProvider();
        }
        if (provider == null) {
          throw new IllegalStateException("remote(\"" + r + "\") needs the local-server module on the classpath");
        }
        Map<String, String> confs = new LinkedHashMap<>(localServerConfs);
        if (r.startsWith("local[") || r.startsWith("local-cluster")) { // local-cluster[N,C,M]: standalone cluster
          confs.putIfAbsent("spark.master", r);
        }
        LocalServerProvider.LocalServer server = provider.start(confs);
        try {
          return new SparkSession(this, ConnectionString.parse(server.remote()), server);
        } catch (RuntimeException e) {
          server.close();
          throw e;
        }
      }
      return new SparkSession(this, ConnectionString.parse(r), null);
    }

    private static @Nullable LocalServerProvider localProvider() {
      Iterator<LocalServerProvider> it = ServiceLoader.load(LocalServerProvider.class).iterator();
      return it.hasNext() ? it.next() : null;
    }

    private static void checkJvmFlags() {
      Module ours = SparkSession.class.getModule();
      if (!ByteBuffer.class.getModule().isOpen("java.nio", ours)) {
        throw new IllegalStateException("Apache Arrow needs the JVM flag --add-opens=java.base/java.nio="
            + (ours.isNamed() ? ours.getName() : "ALL-UNNAMED")
            + " on Java 17 and later: add it to the java command line (or to MAVEN_OPTS / surefire argLine)");
      }
    }
  }

  /**
   * Registers user-defined functions in this session ({@link UDFRegistration}): Java classes by name
   * ({@code registerJava}, {@code registerJavaUDAF}) and serialized JVM functions ({@code register}). Building it
   * does no I/O. Mirrors Spark's {@code SparkSession.udf()}.
   */
  public UDFRegistration udf() {
    return new UDFRegistration(this);
  }

  /** The session's catalog ({@link Catalog}); building it does no I/O. */
  public Catalog catalog() {
    return new Catalog(this);
  }
}
