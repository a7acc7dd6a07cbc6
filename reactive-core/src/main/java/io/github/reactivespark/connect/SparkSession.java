package io.github.reactivespark.connect;

import io.github.reactivespark.connect.events.SparkConnectListener;
import io.github.reactivespark.connect.internal.client.ArtifactUpload;
import io.github.reactivespark.connect.internal.client.ClientOptions;
import io.github.reactivespark.connect.internal.client.ConnectClient;
import io.github.reactivespark.connect.internal.client.RandomIds;
import io.github.reactivespark.connect.internal.client.SparkConnectTransport;
import io.github.reactivespark.connect.internal.proto.AnalyzePlanRequest;
import io.github.reactivespark.connect.internal.proto.InterruptRequest;
import io.github.reactivespark.connect.internal.proto.Range;
import io.github.reactivespark.connect.internal.proto.Read;
import io.github.reactivespark.connect.internal.proto.Relation;
import io.github.reactivespark.connect.internal.proto.SQL;
import io.github.reactivespark.connect.internal.proto.SubqueryAlias;
import io.github.reactivespark.connect.internal.proto.WithRelations;
import io.github.reactivespark.connect.internal.types.DataTypeProtos;
import io.github.reactivespark.connect.spi.LocalServerProvider;
import io.github.reactivespark.connect.types.DataType;
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
  private final AtomicBoolean localServerReleased = new AtomicBoolean();

  /**
   * Reactor {@link Context} key under which a subscriber can give per-query operation tags (a
   * {@code Collection<String>}); see {@link #withTags(String...)}.
   */
  public static final String TAGS_CONTEXT_KEY = ConnectClient.TAGS_CONTEXT_KEY;

  private SparkSession(Builder b, ConnectionString cs, LocalServerProvider.@Nullable LocalServer localServer) {
    this.connection = cs;
    this.localServer = localServer;
    ClientOptions.Builder resolved = cs.applyTo(b.options.build().mutate())
        .retryConfig(b.retryPolicy.toRetryConfig());
    if (b.userAgent != null && cs.userAgent().equals(ConnectionString.DEFAULT_USER_AGENT)) {
      resolved.userAgent(b.userAgent); // the builder's, unless the connection string names one
    }
    ClientOptions options = resolved.build();
    this.client = b.transportFactory != null
        ? new ConnectClient(options, b.transportFactory.apply(options))
        : new ConnectClient(options);
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The connection string this session was created with ({@code toString()} hides the token). */
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
    String name = artifactName(target);
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

  private Mono<Void> uploadArtifacts(List<ArtifactUpload.Artifact> artifacts) {
    return client.addArtifacts(artifacts);
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
    return client.close().doFinally(s -> {
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
     * @throws IllegalArgumentException if the connection string is malformed (the message names the bad part)
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

  /** The session's catalog ({@link Catalog}); building it does no I/O. */
  public Catalog catalog() {
    return new Catalog(this);
  }
}
