package io.github.reactivespark.connect.it;

import static io.github.reactivespark.connect.types.DataTypes.createArrayType;
import static io.github.reactivespark.connect.types.DataTypes.createDecimalType;
import static io.github.reactivespark.connect.types.DataTypes.createMapType;
import static io.github.reactivespark.connect.types.DataTypes.createStructField;
import static io.github.reactivespark.connect.types.DataTypes.createStructType;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.reactivespark.connect.DataFrame;
import io.github.reactivespark.connect.RecordingTransport;
import io.github.reactivespark.connect.Row;
import io.github.reactivespark.connect.SparkSession;
import io.github.reactivespark.connect.exceptions.SparkConnectException;
import io.github.reactivespark.connect.types.CalendarInterval;
import io.github.reactivespark.connect.types.DataTypes;
import io.github.reactivespark.connect.types.DayTimeIntervalType;
import io.github.reactivespark.connect.types.Geography;
import io.github.reactivespark.connect.types.GeographyType;
import io.github.reactivespark.connect.types.Geometry;
import io.github.reactivespark.connect.types.GeometryType;
import io.github.reactivespark.connect.types.StructType;
import io.github.reactivespark.connect.types.VariantVal;
import io.github.reactivespark.connect.types.YearMonthIntervalType;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.Period;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;

/**
 * {@code createDataFrame} on the real server: each protocol path (inline {@code LocalRelation},
 * {@code CachedLocalRelation}, 4.1 {@code ChunkedCachedLocalRelation}) forced by the server's threshold confs and
 * told apart by the plans the client sent ({@link RecordingTransport}), values and row counts read back from
 * the server, the streamed path's demand bounded, {@code ArtifactStatus} dedupe, and bad input refused with a typed
 * error before anything is sent.
 */
class LocalDataIT {

  private static final java.time.Duration TIMEOUT = java.time.Duration.ofSeconds(120);
  private static final Pattern INLINE = Pattern.compile("(?<![a-z_])local_relation \\{");

  private static final StructType FLIGHT = createStructType(
      createStructField("id", DataTypes.IntegerType, false),
      createStructField("origin", DataTypes.StringType, true),
      createStructField("delay", DataTypes.DoubleType, true));

  private final AtomicReference<RecordingTransport> wire = new AtomicReference<>();
  private SparkSession spark;

  @BeforeEach
  void open() {
    spark = RecordingTransport.session(TestServer.remote(), t -> wire.compareAndSet(null, t));
  }

  @AfterEach
  void close() {
    try {
      assertEquals(0, spark.arrowAllocatedBytes(), "Arrow memory still held after the test");
    } finally {
      spark.close();
    }
  }

  private static List<Row> flights(int n) {
    String[] airports = {"SFO", "LAX", "JFK", null, "ORD"};
    List<Row> rows = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      rows.add(Row.of(FLIGHT, Arrays.asList(i, airports[i % airports.length], i % 7 == 0 ? null : i * 0.5)));
    }
    return rows;
  }

  /** Row count, id sum, non-null origins and delay sum, computed by the server. */
  private static List<Object> aggregates(DataFrame df) {
    Row r = df.selectExpr("count(*)", "sum(id)", "count(origin)", "sum(delay)").collectAsList().block(TIMEOUT).get(0);
    return Arrays.asList(r.get(0), r.get(1), r.get(2), r.get(3));
  }

  private static List<Object> expectedAggregates(int n) {
    long sum = 0;
    long origins = 0;
    double delay = 0;
    for (int i = 0; i < n; i++) {
      sum += i;
      origins += i % 5 == 3 ? 0 : 1;
      delay += i % 7 == 0 ? 0 : i * 0.5;
    }
    return Arrays.asList((long) n, sum, origins, delay);
  }

  private void setThreshold(long bytes) {
    spark.conf().set("spark.sql.session.localRelationCacheThreshold", Long.toString(bytes)).block(TIMEOUT);
  }

  @Test
  void smallDataGoesInlineAndComesBackEqual() {
    List<Row> rows = flights(50);
    DataFrame df = spark.createDataFrame(rows, FLIGHT);
    assertEquals(rows, df.orderBy("id").collectAsList().block(TIMEOUT));
    RecordingTransport t = wire.get();
    assertTrue(INLINE.matcher(t.plansText().get(0)).find(), t.plansText().get(0));
    assertEquals(0, t.addArtifactsCalls.get(), "nothing uploaded for inline data");
  }

  @Test
  void aboveTheThresholdOneChunkIsACachedLocalRelation() {
    setThreshold(1024);
    DataFrame df = spark.createDataFrame(flights(2_000), FLIGHT);
    assertEquals(expectedAggregates(2_000), aggregates(df));
    RecordingTransport t = wire.get();
    String plan = t.plansText().get(0);
    assertTrue(plan.contains("cached_local_relation {") && !plan.contains("chunked_cached_local_relation"), plan);
    assertFalse(INLINE.matcher(plan).find(), "no inline data in the plan: " + plan);
    assertEquals(1, t.uploaded.size(), t.uploaded.toString());
    assertTrue(t.uploaded.get(0).matches("cache/[0-9a-f]{64}"), t.uploaded.toString());

    // the same data again (another DataFrame, another action): the server has it, ArtifactStatus says so
    int statusBefore = t.artifactStatusCalls.get();
    assertEquals(2_000L, spark.createDataFrame(flights(2_000), FLIGHT).count().block(TIMEOUT));
    assertEquals(1, t.uploaded.size(), "uploaded again: " + t.uploaded);
    assertTrue(t.artifactStatusCalls.get() > statusBefore, "ArtifactStatus was not asked");
  }

  @Test
  void manyChunksAreAChunkedCachedLocalRelation() {
    setThreshold(1024);
    spark.conf().set("spark.sql.session.localRelationChunkSizeRows", "2000").block(TIMEOUT);
    DataFrame df = spark.createDataFrame(flights(10_500), FLIGHT);
    assertEquals(expectedAggregates(10_500), aggregates(df));
    // a second action on the same DataFrame uploads nothing more
    assertEquals(10_500L, df.count().block(TIMEOUT));
    RecordingTransport t = wire.get();
    String plan = t.plansText().get(0);
    assertTrue(plan.contains("chunked_cached_local_relation {"), plan);
    assertEquals(6 + 1, t.uploaded.size(), "6 chunks of <= 2,000 rows and the schema: " + t.uploaded);
    assertEquals(t.uploaded.size(), t.uploaded.stream().distinct().count());
    assertTrue(t.uploaded.stream().allMatch(n -> n.matches("cache/[0-9a-f]{64}")), t.uploaded.toString());
  }

  @Test
  void everyTypeRoundTripsThroughInlineAndChunkedPaths() {
    StructType inner = createStructType(
        createStructField("code", DataTypes.StringType, false),
        createStructField("tags", createArrayType(DataTypes.StringType, true), true));
    StructType schema = createStructType(
        createStructField("b", DataTypes.BooleanType, true),
        createStructField("y", DataTypes.ByteType, true),
        createStructField("s", DataTypes.ShortType, true),
        createStructField("i", DataTypes.IntegerType, false),
        createStructField("l", DataTypes.LongType, true),
        createStructField("f", DataTypes.FloatType, true),
        createStructField("d", DataTypes.DoubleType, true),
        createStructField("dec", createDecimalType(20, 4), true),
        createStructField("str", DataTypes.StringType, true),
        createStructField("bin", DataTypes.BinaryType, true),
        createStructField("date", DataTypes.DateType, true),
        createStructField("ts", DataTypes.TimestampType, true),
        createStructField("ntz", DataTypes.TimestampNTZType, true),
        createStructField("dur", DataTypes.createDayTimeIntervalType(), true),
        createStructField("arr", createArrayType(DataTypes.LongType, true), true),
        createStructField("m", createMapType(DataTypes.StringType, DataTypes.IntegerType, true), true),
        createStructField("st", inner, true),
        createStructField("nested", createArrayType(createMapType(DataTypes.StringType, inner, true), true), true));
    List<Row> rows = new ArrayList<>();
    for (int k = 0; k < 3_000; k++) {
      if (k % 10 == 9) {
        Object[] nulls = new Object[schema.size()];
        nulls[3] = k;
        rows.add(Row.of(schema, Arrays.asList(nulls)));
        continue;
      }
      Map<String, Integer> m = new LinkedHashMap<>();
      m.put("a" + k, k);
      m.put("none", null);
      Row st = Row.of(inner, Arrays.asList("C" + k, Arrays.asList("x", null, "z" + k)));
      rows.add(Row.of(schema, Arrays.asList(
          k % 2 == 0, (byte) (k % 128), (short) -k, k, k * 1_000_000_007L, k / 3f, k / 7d,
          new BigDecimal("1234567890123456.7890").subtract(BigDecimal.valueOf(k, 4)), "ü" + k + "✓",
          new byte[] {(byte) k, 0, (byte) 255}, LocalDate.of(1900, 1, 1).plusDays(k * 17L),
          Instant.parse("1969-12-31T23:59:59.123456Z").plusSeconds(k * 3601L),
          LocalDateTime.of(2024, 2, 29, 12, 0, 0, 999_999_000).plusMinutes(k),
          Duration.ofDays(k).plusNanos(123_000), Arrays.asList((long) k, null, -1L), m, st,
          List.of(Map.of("k", st)))));
    }
    DataFrame inline = spark.createDataFrame(rows.subList(0, 40), schema);
    assertEquals(schema, inline.schema().block(TIMEOUT));
    assertEquals(rows.subList(0, 40), inline.orderBy("i").collectAsList().block(TIMEOUT));

    setThreshold(1024);
    spark.conf().set("spark.sql.session.localRelationChunkSizeRows", "1000").block(TIMEOUT);
    DataFrame chunked = spark.createDataFrame(rows, schema);
    assertEquals(rows, chunked.orderBy("i").collectAsList().block(TIMEOUT));
    assertTrue(wire.get().plansText().stream().anyMatch(p -> p.contains("chunked_cached_local_relation")));
  }

  /**
   * The types {@link #everyTypeRoundTripsThroughInlineAndChunkedPaths} leaves out, each compared after
   * createDataFrame -> collect on both paths: year-month and day-time interval sub-ranges (sent as the widest range
   * and cast back on the server), calendar interval, time(6), char/varchar (strings on the wire and in the result,
   * as Spark reads them), void, variant (values the server parsed), decimal edge precisions and scales, floats'
   * NaN/infinities/-0.0, empty strings/binaries/arrays/maps, extreme dates and timestamps, and nesting four levels
   * deep (map of arrays of structs of maps).
   */
  @Test
  void theRemainingTypesRoundTripThroughInlineAndChunkedPaths() {
    StructType leaf = createStructType(
        createStructField("x", createDecimalType(5, 2), true),
        createStructField("ym", DataTypes.createYearMonthIntervalType(), true));
    StructType deepStruct = createStructType(
        createStructField("id", DataTypes.IntegerType, false),
        createStructField("byKey", createMapType(DataTypes.IntegerType, leaf, true), true));
    StructType schema = createStructType(
        createStructField("i", DataTypes.IntegerType, false),
        createStructField("ym", DataTypes.createYearMonthIntervalType(), true),
        createStructField("y", DataTypes.createYearMonthIntervalType(YearMonthIntervalType.YEAR,
            YearMonthIntervalType.YEAR), true),
        createStructField("mo", DataTypes.createYearMonthIntervalType(YearMonthIntervalType.MONTH,
            YearMonthIntervalType.MONTH), true),
        createStructField("dd", DataTypes.createDayTimeIntervalType(DayTimeIntervalType.DAY, DayTimeIntervalType.DAY),
            true),
        createStructField("hm", DataTypes.createDayTimeIntervalType(DayTimeIntervalType.HOUR,
            DayTimeIntervalType.MINUTE), true),
        createStructField("sec", DataTypes.createDayTimeIntervalType(DayTimeIntervalType.SECOND,
            DayTimeIntervalType.SECOND), true),
        createStructField("cal", DataTypes.CalendarIntervalType, true),
        createStructField("t", DataTypes.createTimeType(6), true),
        createStructField("c", DataTypes.createCharType(3), true),
        createStructField("vc", DataTypes.createVarcharType(5), true),
        createStructField("nothing", DataTypes.NullType, true),
        createStructField("v", DataTypes.VariantType, true),
        createStructField("d38", createDecimalType(38, 18), true),
        createStructField("d38z", createDecimalType(38, 0), true),
        createStructField("d1", createDecimalType(1, 0), true),
        createStructField("frac", createDecimalType(10, 10), true),
        createStructField("f", DataTypes.FloatType, true),
        createStructField("d", DataTypes.DoubleType, true),
        createStructField("str", DataTypes.StringType, true),
        createStructField("bin", DataTypes.BinaryType, true),
        createStructField("arr", createArrayType(createArrayType(DataTypes.IntegerType, true), true), true),
        createStructField("m", createMapType(DataTypes.StringType, DataTypes.StringType, true), true),
        createStructField("date", DataTypes.DateType, true),
        createStructField("ts", DataTypes.TimestampType, true),
        createStructField("ntz", DataTypes.TimestampNTZType, true),
        createStructField("deep", createMapType(DataTypes.StringType,
            createArrayType(deepStruct, true), true), true));
    spark.conf().set("spark.sql.timeType.enabled", "true").block(TIMEOUT); // off by default in 4.1.2
    List<Row> variants = spark.sql("SELECT parse_json(col) FROM VALUES ('{\"a\": [1, 2.5, null, \"x\"]}'),"
        + " ('42'), ('\"text\"'), ('{}') AS t(col)").collectAsList().block(TIMEOUT);
    List<Row> rows = new ArrayList<>();
    float[] floats = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -0.0f, Float.MIN_VALUE};
    double[] doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0d, Double.MAX_VALUE};
    LocalDate[] dates = {LocalDate.of(1, 1, 1), LocalDate.of(9999, 12, 31), LocalDate.of(1582, 10, 4)};
    Instant[] instants = {Instant.parse("0001-01-01T00:00:00Z"), Instant.parse("9999-12-31T23:59:59.999999Z"),
        Instant.EPOCH};
    for (int k = 0; k < 1_500; k++) {
      if (k % 10 == 9) {
        Object[] nulls = new Object[schema.size()];
        nulls[0] = k;
        rows.add(Row.of(schema, Arrays.asList(nulls)));
        continue;
      }
      Map<Integer, Row> byKey = new LinkedHashMap<>();
      byKey.put(k, Row.of(leaf, Arrays.asList(BigDecimal.valueOf(k % 1000, 2), Period.ofMonths(-k).normalized())));
      byKey.put(-1, null);
      Map<String, List<Row>> deep = new LinkedHashMap<>();
      deep.put("k" + k, Arrays.asList(Row.of(deepStruct, Arrays.asList(k, byKey)), null));
      deep.put("empty", List.of());
      rows.add(Row.of(schema, Arrays.asList(k,
          Period.ofYears(k).plusMonths(k % 12).normalized(), Period.ofYears(-k), Period.ofMonths(k * 13).normalized(),
          Duration.ofDays(k - 1_000L), Duration.ofHours(k).plusMinutes(k % 60).negated(), Duration.ofSeconds(k,
              123_456_000), new CalendarInterval(k, -k, k * 1_000_001L), LocalTime.ofNanoOfDay(k * 34_567_891_000L),
          k % 3 == 0 ? "" : "ab" + (k % 10), "v" + (k % 1000), null, variants.get(k % variants.size()).get(0),
          new BigDecimal("12345678901234567890.123456789012345678").negate().add(BigDecimal.valueOf(k)),
          new BigDecimal("99999999999999999999999999999999999999").subtract(BigDecimal.valueOf(k)),
          BigDecimal.valueOf(k % 10), new BigDecimal("0.0123456789"), floats[k % floats.length],
          doubles[k % doubles.length], k % 4 == 0 ? "" : "𝄞" + k, k % 4 == 1 ? new byte[0] : new byte[] {(byte) k},
          Arrays.asList(List.of(), Arrays.asList(k, null), List.of(-k)), k % 2 == 0 ? Map.of() : Map.of("a", "b" + k),
          dates[k % dates.length], instants[k % instants.length], LocalDateTime.of(2024, 1, 1, 0, 0).plusSeconds(k),
          deep)));
    }
    DataFrame inline = spark.createDataFrame(rows.subList(0, 30), schema);
    StructType back = inline.schema().block(TIMEOUT);
    assertEquals(schema.simpleString().replace("char(3)", "string").replace("varchar(5)", "string"),
        back.simpleString(), "char/varchar come back as string, as Spark reads them");
    assertEquals(withSchema(rows.subList(0, 30), back), inline.orderBy("i").collectAsList().block(TIMEOUT));

    setThreshold(1024);
    spark.conf().set("spark.sql.session.localRelationChunkSizeRows", "500").block(TIMEOUT);
    DataFrame chunked = spark.createDataFrame(rows, schema);
    assertEquals(withSchema(rows, back), chunked.orderBy("i").collectAsList().block(TIMEOUT));
    assertTrue(wire.get().plansText().stream().anyMatch(p -> p.contains("chunked_cached_local_relation")));
  }

  /** The same values under the schema the server reports (string where the input said char/varchar). */
  private static List<Row> withSchema(List<Row> rows, StructType schema) {
    return rows.stream().map(r -> Row.of(schema, r.toList())).toList();
  }

  /** Geometry and geography: off by default in Spark 4.1.2 ({@code spark.sql.geospatial.enabled}), on per session. */
  @Test
  void geospatialLocalDataRoundTripsWhenTheSessionEnablesIt() {
    StructType schema = createStructType(createStructField("i", DataTypes.IntegerType, false),
        createStructField("g", new GeometryType(4326), true), createStructField("geo", new GeographyType(4326), true));
    byte[] point = {1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xf0, 0x3f, 0, 0, 0, 0, 0, 0, 0, 0x40}; // POINT(1 2)
    List<Row> rows = List.of(Row.of(schema, List.of(0, new Geometry(4326, point), new Geography(4326, point))),
        Row.of(schema, Arrays.asList(1, null, null)));
    SparkConnectException off = assertThrows(SparkConnectException.class,
        () -> spark.createDataFrame(rows, schema).collectAsList().block(TIMEOUT));
    assertTrue(off.getMessage().contains("GEOSPATIAL_DISABLED"), off.getMessage());

    spark.conf().set("spark.sql.geospatial.enabled", "true").block(TIMEOUT);
    assertEquals(rows, spark.createDataFrame(rows, schema).orderBy("i").collectAsList().block(TIMEOUT));
  }

  @Test
  void aFluxIsStreamedWithBoundedDemandAndCountedOnTheServer() {
    setThreshold(64 * 1024);
    spark.conf().set("spark.sql.session.localRelationChunkSizeRows", "2000").block(TIMEOUT);
    spark.conf().set("spark.sql.session.localRelationBatchOfChunksSizeBytes", "200000").block(TIMEOUT);
    int n = 200_000;
    AtomicLong requested = new AtomicLong();
    AtomicLong emitted = new AtomicLong();
    AtomicLong maxAhead = new AtomicLong();
    Flux<Row> rows = Flux.range(0, n)
        .doOnRequest(r -> requested.updateAndGet(v -> r == Long.MAX_VALUE || v + r < 0 ? Long.MAX_VALUE : v + r))
        .map(i -> {
          long ahead = requested.get() - emitted.incrementAndGet();
          maxAhead.accumulateAndGet(ahead, Math::max);
          return Row.of(FLIGHT, Arrays.asList(i, i % 5 == 3 ? null : "SFO", i % 7 == 0 ? null : i * 0.5));
        });
    DataFrame df = spark.createDataFrame(rows, FLIGHT).block(TIMEOUT);
    assertEquals(expectedAggregates(n), aggregates(df));
    assertTrue(requested.get() < Long.MAX_VALUE, "unbounded demand");
    assertTrue(maxAhead.get() <= 20_000, "rows requested ahead of use: " + maxAhead.get());
    RecordingTransport t = wire.get();
    assertTrue(t.addArtifactsCalls.get() > 1, "uploaded in groups as rows came: " + t.addArtifactsCalls.get());
    assertTrue(t.plansText().stream().anyMatch(p -> p.contains("chunked_cached_local_relation")));
    // the DataFrame refers to the stored chunks: a second action neither reads the Flux nor uploads
    int calls = t.addArtifactsCalls.get();
    assertEquals((long) n, df.count().block(TIMEOUT));
    assertEquals(calls, t.addArtifactsCalls.get());
    assertEquals(n, emitted.get());
  }

  @Test
  void aSmallFluxStaysInlineAndAnEmptyOneIsEmpty() {
    DataFrame small = spark.createDataFrame(Flux.fromIterable(flights(10)), FLIGHT).block(TIMEOUT);
    assertEquals(flights(10), small.orderBy("id").collectAsList().block(TIMEOUT));
    DataFrame empty = spark.createDataFrame(Flux.<Row>empty(), FLIGHT).block(TIMEOUT);
    assertEquals(0L, empty.count().block(TIMEOUT));
    assertEquals(FLIGHT, empty.schema().block(TIMEOUT));
    assertEquals(0L, spark.createDataFrame(List.of(), FLIGHT).count().block(TIMEOUT));
    assertEquals(0, wire.get().addArtifactsCalls.get());
  }

  record Airport(String iata, String name, double latitude, int runways, List<String> aliases) {}

  @Test
  void recordsGetSparksBeanSchemaAndTheirValues() {
    List<Airport> airports = List.of(
        new Airport("SFO", "San Francisco International", 37.619, 4, List.of("KSFO")),
        new Airport("OAK", "Metropolitan Oakland International", 37.721, 4, List.of()));
    DataFrame df = spark.createDataFrame(airports, Airport.class);
    assertEquals("struct<iata:string,name:string,latitude:double,runways:int,aliases:array<string>>",
        df.schema().block(TIMEOUT).simpleString());
    List<Row> back = df.orderBy("iata").collectAsList().block(TIMEOUT);
    assertEquals("OAK", back.get(0).getString(0));
    assertEquals(37.619, back.get(1).getDouble(2));
    assertEquals(List.of("KSFO"), back.get(1).getList(4));
  }

  @Test
  void badInputIsRefusedNamingRowAndFieldAndNothingIsSent() {
    List<Row> wrongType = new ArrayList<>(flights(5));
    wrongType.add(Row.of(FLIGHT, Arrays.asList(5, 42, 1.0)));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> spark.createDataFrame(wrongType, FLIGHT));
    assertTrue(e.getMessage().contains("5") && e.getMessage().contains("origin"), e.getMessage());

    List<Row> nullId = new ArrayList<>(flights(3));
    nullId.add(1, Row.of(FLIGHT, Arrays.asList(null, "SFO", 1.0)));
    e = assertThrows(IllegalArgumentException.class, () -> spark.createDataFrame(nullId, FLIGHT));
    assertTrue(e.getMessage().contains("1") && e.getMessage().contains("id"), e.getMessage());

    StructType dec = createStructType(createStructField("amount", createDecimalType(5, 2), true));
    e = assertThrows(IllegalArgumentException.class,
        () -> spark.createDataFrame(List.of(Row.of(dec, List.of(new BigDecimal("12345.6")))), dec));
    assertTrue(e.getMessage().contains("amount"), e.getMessage());

    // streamed: the error names the row, the source is cancelled, no DataFrame is emitted
    AtomicBoolean cancelled = new AtomicBoolean();
    Flux<Row> bad = Flux.range(0, 10_000)
        .map(i -> Row.of(FLIGHT, Arrays.asList(i == 7_777 ? null : i, "SFO", 1.0)))
        .doOnCancel(() -> cancelled.set(true));
    IllegalArgumentException streamed = assertThrows(IllegalArgumentException.class,
        () -> spark.createDataFrame(bad, FLIGHT).block(TIMEOUT));
    assertTrue(streamed.getMessage().contains("7777") && streamed.getMessage().contains("id"),
        streamed.getMessage());
    assertTrue(cancelled.get(), "the source was not cancelled");

    RecordingTransport t = wire.get();
    assertEquals(0, t.addArtifactsCalls.get(), "nothing uploaded: " + t.uploaded);
    assertEquals(0, t.executed.size(), "nothing executed");
    // the session is still usable
    assertEquals(3L, spark.createDataFrame(flights(3), FLIGHT).count().block(TIMEOUT));
  }

  @Test
  void localDataJoinsServerData() {
    List<Row> codes = IntStream.range(0, 5).mapToObj(i -> Row.of(FLIGHT, Arrays.asList(i, "A" + i, null)))
        .collect(Collectors.toList());
    DataFrame local = spark.createDataFrame(codes, FLIGHT);
    List<Row> joined = spark.range(0, 100).selectExpr("CAST(id AS INT) AS id").join(local, "id")
        .selectExpr("origin").orderBy("origin").collectAsList().block(TIMEOUT);
    assertEquals(List.of("A0", "A1", "A2", "A3", "A4"), joined.stream().map(r -> r.getString(0)).toList());
  }

  @Test
  void artifactStatusKnowsTheCachedChunksAndCopyToALocalPathIsRefusedUnlessTheSessionAllowsIt(@TempDir Path tmp)
      throws Exception {
    setThreshold(1024);
    assertEquals(2_000L, spark.createDataFrame(flights(2_000), FLIGHT).count().block(TIMEOUT));
    String stored = wire.get().uploaded.get(0);
    String unknown = "cache/" + "0".repeat(64);
    assertEquals(Map.of(stored, true, unknown, false), spark.artifactStatus(List.of(stored, unknown)).block(TIMEOUT));

    // the test server does not set spark.connect.copyFromLocalToFs.allowDestLocal: a typed error, nothing written
    Path local = Files.writeString(tmp.resolve("airports-sample.csv"), "iata,name\nSFO,San Francisco\n");
    Path dest = tmp.resolve("copied").resolve("airports-sample.csv");
    SparkConnectException e = assertThrows(SparkConnectException.class,
        () -> spark.copyFromLocalToFs(local, dest.toString()).block(TIMEOUT));
    assertFalse(Files.exists(dest), "the server wrote the file: " + e.getMessage());
    assertTrue(e.getMessage().contains("_LEGACY_ERROR_TEMP_3161") || e.getMessage().contains("local file system"),
        e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> spark.copyFromLocalToFs(local, "file:/tmp/x.csv"));

    // Spark 4.1's session conf allows it for this session only (ArtifactManager.uploadArtifactToFs reads
    // spark.sql.artifact.copyFromLocalToFs.allowDestLocal before the static spark.connect.* one): the file
    // lands on the server's file system and the server reads it back
    spark.conf().set("spark.sql.artifact.copyFromLocalToFs.allowDestLocal", "true").block(TIMEOUT);
    try {
      spark.copyFromLocalToFs(local, dest.toString()).block(TIMEOUT);
      assertEquals(Files.readString(local), Files.readString(dest));
      List<Row> lines = spark.read().option("header", "true").csv(dest.toString()).collectAsList().block(TIMEOUT);
      assertEquals(1, lines.size());
      assertEquals(List.of("SFO", "San Francisco"), lines.get(0).toList());
    } finally {
      spark.conf().unset("spark.sql.artifact.copyFromLocalToFs.allowDestLocal").block(TIMEOUT);
    }
  }
}
