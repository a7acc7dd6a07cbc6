package io.github.reactivespark.connect.web;

import static io.github.reactivespark.connect.web.ResultStreams.ARROW_STREAM;

import io.github.reactivespark.connect.DataFrame;
import io.github.reactivespark.connect.Row;
import io.github.reactivespark.connect.SaveMode;
import io.github.reactivespark.connect.SparkSession;
import io.github.reactivespark.connect.delta.DeltaCommit;
import io.github.reactivespark.connect.delta.DeltaTable;
import io.github.reactivespark.connect.delta.MergeMetrics;
import io.github.reactivespark.connect.types.BooleanType;
import io.github.reactivespark.connect.types.ByteType;
import io.github.reactivespark.connect.types.DataType;
import io.github.reactivespark.connect.types.DecimalType;
import io.github.reactivespark.connect.types.DoubleType;
import io.github.reactivespark.connect.types.FloatType;
import io.github.reactivespark.connect.types.IntegerType;
import io.github.reactivespark.connect.types.LongType;
import io.github.reactivespark.connect.types.ShortType;
import io.github.reactivespark.connect.types.StringType;
import io.github.reactivespark.connect.types.StructField;
import io.github.reactivespark.connect.types.StructType;
import io.github.reactivespark.connect.web.ProblemDetails.BadRequestException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.core.ResolvableType;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.HttpMessageWriter;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.util.MimeTypeUtils;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.NotAcceptableStatusException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import tools.jackson.databind.ObjectMapper;
import reactor.core.publisher.Mono;

/**
 * The ten endpoints of the service, under {@code /api/spark}, in the shape of the Python service they replace:
 * Parquet query / modify / merge, Delta read (with time travel) / update / delete / merge / history, and health.
 *
 * <p>The two query endpoints ({@code /parquet/query}, {@code /delta/read}) stream their rows in the format the
 * {@code Accept} header asks for: {@code application/x-ndjson} (also for {@code *}{@code /*},
 * {@code application/json} or no header), {@code text/event-stream} (progress, rows, summary) or
 * {@value ResultStreams#ARROW_STREAM}; see {@link ResultStreams}. They run queries only ({@link QueryGuard}). The
 * modifying endpoints (modify, merge, update, delete, Delta merge) need the bearer token
 * ({@link SecurityConfiguration}). Errors are problem details ({@link ProblemDetails}).
 */
@RestController
@RequestMapping("/api/spark")
public class SparkController {

  private static final MediaType NDJSON = MediaType.APPLICATION_NDJSON;
  private static final List<MediaType> STREAMED = List.of(NDJSON, MediaType.TEXT_EVENT_STREAM,
      ResultStreams.ARROW_STREAM_TYPE);
  private static final ResolvableType EVENT_TYPE =
      ResolvableType.forClassWithGenerics(ServerSentEvent.class, Object.class);
  private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(5);

  private final SparkSession spark;
  private final Datasets datasets;
  private final ProblemDetails problems;
  private final List<HttpMessageWriter<?>> writers;
  private final NdjsonEncoder ndjson;

  /**
   * Created by Spring.
   *
   * @param spark the session (the starter's bean)
   * @param datasets the registered data
   * @param problems the error mapping (for errors inside an SSE stream)
   * @param codecs the server's codecs (the SSE writer)
   * @param mapper the application's JSON mapper (NDJSON rows)
   */
  public SparkController(SparkSession spark, Datasets datasets, ProblemDetails problems,
      ServerCodecConfigurer codecs, ObjectMapper mapper) {
    this.spark = spark;
    this.datasets = datasets;
    this.problems = problems;
    this.writers = codecs.getWriters();
    this.ndjson = new NdjsonEncoder(mapper);
  }

  // ------------------------------------------------------------------------------------------------ Parquet

  /**
   * Runs one SQL query over the registered Parquet files (each a view named as the file: {@code flights},
   * {@code airports}) and streams its rows.
   *
   * @param request the query
   * @param exchange the exchange (Accept, response)
   * @return completes when the last row is written; cancelled (and the Spark operation released) when the client
   *     disconnects
   */
  @Operation(summary = "Query the registered Parquet files (streamed: NDJSON, SSE or Arrow IPC by Accept)",
      responses = @ApiResponse(responseCode = "200", content = {
          @Content(mediaType = "application/x-ndjson"), @Content(mediaType = "text/event-stream"),
          @Content(mediaType = ARROW_STREAM)}))
  @PostMapping(path = "/parquet/query", produces = {"application/x-ndjson", "text/event-stream", ARROW_STREAM})
  public Mono<Void> parquetQuery(@Valid @RequestBody Requests.Query request, ServerWebExchange exchange) {
    return Mono.defer(() -> {
      DataFrame df = spark.sql(QueryGuard.subquery(request.sql()));
      return stream(request.limit() == null ? df : df.limit(request.limit()), exchange);
    });
  }

  /**
   * Filters and transforms a registered Parquet file and writes the result as a new one, registered under its
   * output name.
   *
   * @param request source, filter, columns, output
   * @return {@code output}, {@code path}, {@code rows} (rows written)
   */
  @Operation(summary = "Filter/transform a registered Parquet file into a new one (bearer token)")
  @PostMapping("/parquet/modify")
  public Mono<Map<String, Object>> parquetModify(@Valid @RequestBody Requests.Modify request) {
    return Mono.defer(() -> {
      if (request.output().equals(request.source())) {
        throw new BadRequestException("output must differ from source '" + request.source() + "'");
      }
      DataFrame df = datasets.parquet(request.source());
      if (request.filter() != null && !request.filter().isBlank()) {
        df = df.where(request.filter());
      }
      if (request.columns() != null && !request.columns().isEmpty()) {
        df = df.selectExpr(request.columns().toArray(String[]::new));
      }
      return write(df, request.output());
    });
  }

  /**
   * Merges several registered Parquet files into one (union by column name; a column missing from a file is null
   * there), registered under its output name.
   *
   * @param request sources and output
   * @return {@code output}, {@code path}, {@code rows}
   */
  @Operation(summary = "Merge registered Parquet files into one (bearer token)")
  @PostMapping("/parquet/merge")
  public Mono<Map<String, Object>> parquetMerge(@Valid @RequestBody Requests.MergeFiles request) {
    return Mono.defer(() -> {
      if (request.sources().contains(request.output())) {
        throw new BadRequestException("output must not be one of the sources " + request.sources());
      }
      DataFrame merged = null;
      for (String source : request.sources()) {
        DataFrame df = datasets.parquet(source);
        merged = merged == null ? df : merged.unionByName(df, true);
      }
      return write(merged, request.output());
    });
  }

  private Mono<Map<String, Object>> write(DataFrame df, String output) {
    String path = datasets.parquetDir().resolve(output + ".parquet").toString();
    return df.write().mode(SaveMode.Overwrite).parquet(path)
        .then(datasets.registerParquet(output, path))
        .then(spark.read().parquet(path).count())
        .map(rows -> Map.of("output", output, "path", path, "rows", rows));
  }

  // ------------------------------------------------------------------------------------------------ Delta

  /**
   * Reads a Delta table, at a version or a timestamp if asked, and streams its rows.
   *
   * @param request table, version or timestamp, filter, limit
   * @param exchange the exchange (Accept, response)
   * @return completes when the last row is written
   */
  @Operation(summary = "Read a Delta table with time travel (streamed: NDJSON, SSE or Arrow IPC by Accept)",
      responses = @ApiResponse(responseCode = "200", content = {
          @Content(mediaType = "application/x-ndjson"), @Content(mediaType = "text/event-stream"),
          @Content(mediaType = ARROW_STREAM)}))
  @PostMapping(path = "/delta/read", produces = {"application/x-ndjson", "text/event-stream", ARROW_STREAM})
  public Mono<Void> deltaRead(@Valid @RequestBody Requests.DeltaRead request, ServerWebExchange exchange) {
    return Mono.defer(() -> {
      if (request.version() != null && request.timestamp() != null) {
        throw new BadRequestException("version and timestamp are exclusive: give one");
      }
      return delta(request.table()).flatMap(table -> {
        DataFrame df = request.version() != null ? table.versionAsOf(request.version())
            : request.timestamp() != null ? table.timestampAsOf(request.timestamp()) : table.toDF();
        if (request.filter() != null && !request.filter().isBlank()) {
          df = df.where(request.filter());
        }
        return stream(request.limit() == null ? df : df.limit(request.limit()), exchange);
      });
    });
  }

  /**
   * Updates the rows of a Delta table that satisfy a condition.
   *
   * @param request table, condition, new values (SQL expressions)
   * @return {@code numUpdatedRows}
   */
  @Operation(summary = "Update rows of a Delta table (bearer token)")
  @PostMapping("/delta/update")
  public Mono<Map<String, Long>> deltaUpdate(@Valid @RequestBody Requests.DeltaUpdate request) {
    return delta(request.table()).flatMap(t -> t.updateExpr(request.condition(), request.set()))
        .map(n -> Map.of("numUpdatedRows", n));
  }

  /**
   * Deletes the rows of a Delta table that satisfy a condition.
   *
   * @param request table and condition
   * @return {@code numDeletedRows}
   */
  @Operation(summary = "Delete rows of a Delta table (bearer token)")
  @PostMapping("/delta/delete")
  public Mono<Map<String, Long>> deltaDelete(@Valid @RequestBody Requests.DeltaDelete request) {
    return delta(request.table()).flatMap(t -> t.delete(request.condition()))
        .map(n -> Map.of("numDeletedRows", n));
  }

  /**
   * Merges posted rows into a Delta table on key columns: rows whose keys match are updated (every column), the
   * others inserted. The rows become a DataFrame in the table's schema ({@code createDataFrame}); a value that
   * does not fit its column's type is a 400 naming the row and column.
   *
   * @param request table, keys, rows
   * @return Delta's merge metrics (affected, updated, deleted, inserted rows)
   */
  @Operation(summary = "Merge JSON rows into a Delta table on key columns (bearer token)")
  @PostMapping("/delta/merge")
  public Mono<MergeMetrics> deltaMerge(@Valid @RequestBody Requests.DeltaMerge request) {
    return delta(request.table()).flatMap(table -> table.toDF().schema().flatMap(schema -> {
      Set<String> columns = schema.fields().stream().map(StructField::name).collect(Collectors.toSet());
      for (String key : request.keys()) {
        if (!columns.contains(key)) {
          throw new BadRequestException("keys: '" + key + "' is not a column of " + request.table() + " "
              + columns);
        }
      }
      DataFrame source = spark.createDataFrame(rows(request.rows(), schema, columns), schema);
      String on = request.keys().stream().map(k -> "t." + quote(k) + " = s." + quote(k))
          .collect(Collectors.joining(" AND "));
      return table.as("t").merge(source.alias("s"), on).whenMatched().updateAll().whenNotMatched().insertAll()
          .execute();
    }));
  }

  /**
   * The commits of a Delta table, newest first.
   *
   * @param request table and limit
   * @return the commits (version, timestamp, operation, parameters, metrics)
   */
  @Operation(summary = "The history of a Delta table")
  @PostMapping("/delta/history")
  public Flux<DeltaCommit> deltaHistory(@Valid @RequestBody Requests.DeltaHistory request) {
    return delta(request.table()).flatMapMany(t -> request.limit() == null ? t.history() : t.history(request.limit()));
  }

  // ------------------------------------------------------------------------------------------------ health

  /**
   * Whether the Spark server answers: a {@code version()} round trip bounded to 5 s.
   *
   * @return 200 with {@code status=UP} and the server's Spark version, or 503 with {@code status=DOWN} and the
   *     error's type
   */
  @Operation(summary = "Health of the service and its Spark server")
  @GetMapping("/health")
  public Mono<ResponseEntity<Map<String, Object>>> health() {
    return spark.version().timeout(HEALTH_TIMEOUT)
        .map(v -> ResponseEntity.ok(Map.<String, Object>of("status", "UP", "sparkVersion", v)))
        .onErrorResume(e -> Mono.just(ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
            .body(Map.of("status", "DOWN", "error", e.getClass().getSimpleName()))));
  }

  // ------------------------------------------------------------------------------------------------ helpers

  private Mono<DeltaTable> delta(String name) {
    return Mono.defer(() -> DeltaTable.forPath(spark, datasets.deltaPath(name)));
  }

  /** Writes the query's result in the format the Accept header asks for. */
  private Mono<Void> stream(DataFrame df, ServerWebExchange exchange) {
    MediaType format = format(exchange);
    ServerHttpResponse response = exchange.getResponse();
    if (format.equals(ResultStreams.ARROW_STREAM_TYPE)) {
      response.getHeaders().setContentType(format);
      return response.writeWith(ResultStreams.arrow(df, response.bufferFactory()));
    }
    if (format.equals(MediaType.TEXT_EVENT_STREAM)) {
      return write(ResultStreams.events(df, problems), EVENT_TYPE, format, exchange);
    }
    response.getHeaders().setContentType(format);
    return response.writeWith(ResultStreams.ndjson(df, ndjson, response.bufferFactory()));
  }

  @SuppressWarnings("unchecked")
  private Mono<Void> write(Flux<?> body, ResolvableType type, MediaType format, ServerWebExchange exchange) {
    for (HttpMessageWriter<?> writer : writers) {
      if (writer.canWrite(type, format)) {
        return ((HttpMessageWriter<Object>) writer).write(body, type, type, format, exchange.getRequest(),
            exchange.getResponse(), Map.of());
      }
    }
    throw new IllegalStateException("No writer for " + format);
  }

  private static MediaType format(ServerWebExchange exchange) {
    List<MediaType> accepted = new ArrayList<>(exchange.getRequest().getHeaders().getAccept());
    if (accepted.isEmpty()) {
      return NDJSON;
    }
    MimeTypeUtils.sortBySpecificity(accepted);
    for (MediaType a : accepted) {
      if (a.isWildcardType() || a.isCompatibleWith(MediaType.APPLICATION_JSON)
          && !a.equals(MediaType.APPLICATION_NDJSON)) {
        return NDJSON;
      }
      for (MediaType f : STREAMED) {
        if (a.isCompatibleWith(f)) {
          return f;
        }
      }
    }
    throw new NotAcceptableStatusException(STREAMED);
  }

  private static List<Row> rows(List<Map<String, @Nullable Object>> json, StructType schema, Set<String> columns) {
    List<Row> rows = new ArrayList<>(json.size());
    for (int i = 0; i < json.size(); i++) {
      Map<String, @Nullable Object> object = json.get(i);
      Set<String> unknown = new HashSet<>(object.keySet());
      unknown.removeAll(columns);
      if (!unknown.isEmpty()) {
        throw new BadRequestException("rows[" + i + "]: unknown columns " + unknown);
      }
      List<@Nullable Object> values = new ArrayList<>(schema.fields().size());
      for (StructField f : schema.fields()) {
        values.add(convert(object.get(f.name()), f.dataType(), "rows[" + i + "]." + f.name()));
      }
      rows.add(Row.of(schema, values));
    }
    return rows;
  }

  private static @Nullable Object convert(@Nullable Object v, DataType type, String where) {
    if (v == null) {
      return null;
    }
    try {
      if (type instanceof StringType) {
        return v instanceof String s ? s : String.valueOf(v);
      }
      if (type instanceof BooleanType && v instanceof Boolean b) {
        return b;
      }
      if (v instanceof Number n) {
        if (type instanceof DoubleType) {
          return n.doubleValue();
        }
        if (type instanceof FloatType) {
          return n.floatValue();
        }
        BigDecimal d = new BigDecimal(n.toString());
        if (type instanceof LongType) {
          return d.longValueExact();
        }
        if (type instanceof IntegerType) {
          return d.intValueExact();
        }
        if (type instanceof ShortType) {
          return d.shortValueExact();
        }
        if (type instanceof ByteType) {
          return d.byteValueExact();
        }
        if (type instanceof DecimalType) {
          return d;
        }
      }
    } catch (ArithmeticException e) {
      throw new BadRequestException(where + ": " + v + " does not fit " + type.simpleString());
    }
    throw new BadRequestException(where + ": " + v + " is not a " + type.simpleString());
  }

  private static String quote(String name) {
    return "`" + name.replace("`", "``") + "`";
  }
}
