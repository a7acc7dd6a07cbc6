package io.github.reactivespark.connect.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.reactivespark.connect.Row;
import io.github.reactivespark.connect.SparkSession;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The quickstart's queries against a real Spark Connect server ({@code SPARK_REMOTE} if set, otherwise the embedded
 * server), each answer checked against the real data and, where possible, against a second, independent
 * computation: plain SQL over the same files ({@code parquet.`path`}, {@code csv.`path`}), written without the
 * DataFrame API.
 */
@ExtendWith(SharedEmbeddedServer.class)
@Timeout(value = 10, unit = java.util.concurrent.TimeUnit.MINUTES)
class QuickstartIT {

  private static final Duration T = Duration.ofMinutes(3);
  private static final long TOTAL = 3_000_000L;

  private static SparkSession spark;
  private static Quickstart quickstart;
  private static String flightsSql;
  private static String airportsSql;

  @BeforeAll
  static void connect() {
    VegaDatasets data = VegaDatasets.fromSystemProperties();
    Path flights = data.flights3m();
    Path airports = data.airports();
    flightsSql = "parquet.`" + flights + "`";
    // csv.`path` reads without a header: _c0 = iata, _c1 = name, _c3 = state (plus the header line as a row)
    airportsSql = "csv.`" + airports + "`";
    spark = SparkSession.builder().create();
    quickstart = new Quickstart(spark, flights, airports);
  }

  @AfterAll
  static void close() {
    if (spark != null) {
      long leaked = spark.arrowAllocatedBytes();
      spark.close();
      assertEquals(0, leaked, "Arrow bytes not closed by the tests");
    }
  }

  private static Row sqlRow(String query, Object... args) {
    return Objects.requireNonNull(spark.sql(query, args).first().block(T), query);
  }

  @Test
  void overviewCountsEveryFlightAndTheRealDateRange() {
    Row a = Objects.requireNonNull(quickstart.overview().first().block(T));
    assertEquals(TOTAL, a.getLong(0));
    assertEquals(LocalDateTime.of(2001, 1, 1, 0, 1), a.get("first_departure"));
    assertEquals(LocalDateTime.of(2001, 7, 1, 0, 0), a.get("last_departure"));
    assertEquals(229L, a.getLong(3));

    assertEquals(TOTAL, quickstart.flights().count().block(T));
    Row sql = sqlRow("SELECT count(*), min(date), max(date), count(DISTINCT origin) FROM " + flightsSql);
    assertEquals(a.getLong(0), sql.getLong(0));
    assertEquals(a.get("first_departure"), sql.get(1));
    assertEquals(a.get("last_departure"), sql.get(2));
    assertEquals(a.getLong(3), sql.getLong(3));
  }

  @Test
  void busiestOriginsAreOrderedNamedAndCountedRight() {
    List<Row> top = Objects.requireNonNull(quickstart.busiestOrigins(10).collectAsList().block(T));
    assertEquals(10, top.size());
    for (int i = 1; i < top.size(); i++) {
      assertTrue(top.get(i - 1).getLong(4) >= top.get(i).getLong(4), "ordered by flights: " + top);
    }
    Row busiest = top.get(0);
    assertEquals("ORD", busiest.get("origin"));
    assertEquals(166_341L, busiest.getLong(4));
    assertEquals("Chicago O'Hare International", busiest.get("name"));

    // The same question in plain SQL: aggregate, then look the names up in the raw CSV (no header: _c0 = iata).
    List<Row> sql = Objects.requireNonNull(spark.sql("SELECT f.origin, a._c1, a._c2, a._c3, f.n, f.d FROM"
        + " (SELECT origin, count(*) AS n, round(avg(delay), 2) AS d FROM " + flightsSql + " GROUP BY origin) f"
        + " LEFT JOIN " + airportsSql + " a ON a._c0 = f.origin ORDER BY f.n DESC, f.origin LIMIT 10")
        .collectAsList().block(T));
    assertEquals(values(sql), values(top));
    assertEquals(busiest.getLong(4),
        sqlRow("SELECT count(*) FROM " + flightsSql + " WHERE origin = ?", "ORD").getLong(0));
  }

  private static List<List<Object>> values(List<Row> rows) {
    return rows.stream().map(Row::toList).toList();
  }

  @Test
  void delayByOriginStateCoversEveryFlight() {
    List<Row> all = Objects.requireNonNull(quickstart.delayByOriginState(1000).collectAsList().block(T));
    assertEquals(TOTAL, all.stream().mapToLong(r -> r.getLong(2)).sum(), "every origin has a state");

    List<Row> top = Objects.requireNonNull(quickstart.delayByOriginState(10).collectAsList().block(T));
    assertEquals(all.subList(0, 10), top);
    Row ca = top.get(0);
    assertEquals("CA", ca.get("state"));
    Row sql = sqlRow("SELECT count(DISTINCT origin), count(*), round(avg(delay), 2), max(delay) FROM " + flightsSql
        + " WHERE origin IN (SELECT _c0 FROM " + airportsSql + " WHERE _c3 = ?)", "CA");
    assertEquals(List.of(sql.get(0), sql.get(1), sql.get(2), sql.get(3)),
        List.of(ca.get(1), ca.get(2), ca.get(3), ca.get(4)));
  }

  @Test
  void busiestRoutesMatchSql() {
    List<Row> top = Objects.requireNonNull(quickstart.busiestRoutes(10).collectAsList().block(T));
    assertEquals(10, top.size());
    Row first = top.get(0);
    assertEquals("LAX -> LAS", first.get("route"));
    assertEquals(8_323L, first.getLong(3));
    List<Row> sql = Objects.requireNonNull(spark.sql("SELECT origin || ' -> ' || destination AS route, origin,"
        + " destination, count(*) AS n, round(avg(delay), 2), max(distance) FROM " + flightsSql
        + " GROUP BY origin, destination ORDER BY n DESC, route LIMIT 10").collectAsList().block(T));
    assertEquals(values(sql), values(top));
  }

  @Test
  void delayByHourHasEveryHourAndEveryFlight() {
    List<Row> hours = Objects.requireNonNull(quickstart.delayByHour().collectAsList().block(T));
    assertEquals(24, hours.size());
    for (int h = 0; h < 24; h++) {
      assertEquals(h, hours.get(h).getInt(0));
    }
    assertEquals(TOTAL, hours.stream().mapToLong(r -> r.getLong(1)).sum());
    Row h17 = sqlRow("SELECT count(*), round(avg(delay), 2) FROM " + flightsSql + " WHERE hour(date) = 17");
    assertEquals(List.of(h17.get(0), h17.get(1)), List.of(hours.get(17).get(1), hours.get(17).get(2)));
  }

  @Test
  void streamedChecksumEqualsTheServerSum() {
    List<Quickstart.BatchProgress> progress = new ArrayList<>();
    Quickstart.StreamSummary s = quickstart.streamOriginDelays(Duration.ofMillis(1), progress::add).block(T);
    assertNotNull(s);
    assertEquals(TOTAL, s.rows());
    assertEquals(progress.size(), s.batches());
    assertTrue(s.batches() >= 300, "10,000-row batches at most: " + s.batches());
    long cumulative = 0;
    long maxBatchBytes = 0;
    long maxSessionBytes = 0;
    for (int i = 0; i < progress.size(); i++) {
      Quickstart.BatchProgress p = progress.get(i);
      assertEquals(i, p.index());
      cumulative += p.rows();
      assertEquals(cumulative, p.cumulativeRows());
      maxBatchBytes = Math.max(maxBatchBytes, p.bytes());
      maxSessionBytes = Math.max(maxSessionBytes, p.sessionArrowBytes());
    }
    // Demand of one batch at a time: the client never holds more than a couple of decoded batches.
    assertTrue(maxSessionBytes <= 2 * maxBatchBytes,
        "session held " + maxSessionBytes + " bytes, one batch is at most " + maxBatchBytes);

    long serverSum = Objects.requireNonNull(quickstart.serverDelaySum().block(T));
    assertEquals(serverSum, s.delaySum());
    assertEquals(serverSum, sqlRow("SELECT sum(delay) FROM " + flightsSql).getLong(0));
    assertEquals(20_003_603L, serverSum);
    assertEquals(0, spark.arrowAllocatedBytes(), "mapBatches closed every batch");
  }

  @Test
  void localAirportsJoinTheServersFlightCounts() {
    List<Quickstart.Airport> parsed = Quickstart.parseAirports(VegaDatasets.fromSystemProperties().airports());
    long fileRows = sqlRow("SELECT count(*) FROM " + airportsSql + " WHERE _c0 <> 'iata' AND _c5 IS NOT NULL")
        .getLong(0);
    assertEquals(fileRows, parsed.size(), "the client parsed every airport with a latitude");
    List<Row> north = Objects.requireNonNull(quickstart.northernmostAirports(parsed, 5).collectAsList().block(T));
    // the same answer from plain SQL over the files, without the client's table
    List<Row> sql = Objects.requireNonNull(spark.sql("SELECT a._c0, a._c1, a._c3, CAST(a._c5 AS DOUBLE) AS lat, f.n"
        + " FROM " + airportsSql + " a JOIN (SELECT origin, count(*) AS n FROM " + flightsSql + " GROUP BY origin) f"
        + " ON a._c0 = f.origin WHERE a._c0 <> 'iata' ORDER BY lat DESC, a._c0 LIMIT 5").collectAsList().block(T));
    assertEquals(5, north.size());
    for (int i = 0; i < 5; i++) {
      assertEquals(sql.get(i).getString(0), north.get(i).getString(0));
      assertEquals(sql.get(i).getString(1), north.get(i).getString(1));
      assertEquals(sql.get(i).getString(2), north.get(i).getString(2));
      assertEquals(sql.get(i).getDouble(3), north.get(i).getDouble(3));
      assertEquals(sql.get(i).getLong(4), north.get(i).getLong(4));
    }
    assertEquals("AK", north.get(0).getString(2), "the northernmost airports with flights are in Alaska");
  }
}
