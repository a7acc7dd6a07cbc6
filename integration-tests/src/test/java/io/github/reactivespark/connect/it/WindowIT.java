package io.github.reactivespark.connect.it;

import static io.github.reactivespark.connect.functions.call_function;
import static io.github.reactivespark.connect.functions.col;
import static io.github.reactivespark.connect.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.reactivespark.connect.Column;
import io.github.reactivespark.connect.DataFrame;
import io.github.reactivespark.connect.Row;
import io.github.reactivespark.connect.Window;
import io.github.reactivespark.connect.WindowSpec;
import io.github.reactivespark.connect.samples.VegaDatasets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Window functions through {@link Window}/{@link WindowSpec} and {@link Column#over}: on real flights (ranks of
 * delays per airport, checked against the server's SQL for the same query and against per-airport aggregates) and
 * on a small table whose frame results are derived by hand (row frames, range frames, unbounded ends, lag/lead,
 * an empty window).
 */
class WindowIT extends ServerTestBase {

  private static Path flights;

  @BeforeAll
  static void data() {
    flights = VegaDatasets.fromSystemProperties().flights3m();
  }

  private static List<String> sorted(List<Row> rows) {
    return rows.stream().map(r -> r.toList().toString()).sorted().toList();
  }

  @Test
  void rankOfDelaysPerAirportMatchesSqlOnRealFlights() {
    DataFrame day = spark.read().parquet(flights.toString())
        .filter(col("origin").isin("SEA", "PDX", "BOI")
            .and(col("date").cast("date").equalTo(LocalDate.of(2001, 3, 15))));
    WindowSpec byDelay = Window.partitionBy("origin").orderBy(col("delay").desc());
    DataFrame api = day.select(col("origin"), col("destination"), col("date"), col("delay"),
        call_function("rank").over(byDelay).alias("rk"),
        call_function("dense_rank").over(byDelay).alias("drk"),
        call_function("count", lit(1)).over(Window.partitionBy(col("origin"))).alias("n"),
        call_function("max", col("delay")).over(Window.partitionBy("origin")).alias("mx"),
        call_function("sum", col("delay"))
            .over(byDelay.rangeBetween(Window.unboundedPreceding(), Window.currentRow())).alias("cum"));

    day.createOrReplaceTempView("col_it_flights_day").block(TIMEOUT);
    DataFrame sql = spark.sql("SELECT origin, destination, date, delay, rank() OVER w, dense_rank() OVER w,"
        + " count(1) OVER (PARTITION BY origin), max(delay) OVER (PARTITION BY origin),"
        + " sum(delay) OVER (PARTITION BY origin ORDER BY delay DESC"
        + "   RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)"
        + " FROM col_it_flights_day WINDOW w AS (PARTITION BY origin ORDER BY delay DESC)");

    List<Row> rows = api.collectAsList().block(TIMEOUT);
    assertTrue(rows.size() > 100, "three airports fly more than 100 flights a day: " + rows.size());
    assertEquals(sorted(sql.collectAsList().block(TIMEOUT)), sorted(rows));

    Map<String, List<Row>> byOrigin = rows.stream().collect(Collectors.groupingBy(r -> r.getString(0)));
    assertEquals(3, byOrigin.size());
    byOrigin.forEach((origin, group) -> {
      long maxDelay = group.stream().mapToLong(r -> r.getLong(3)).max().orElseThrow();
      long total = group.stream().mapToLong(r -> r.getLong(3)).sum();
      for (Row r : group) {
        assertEquals(group.size(), r.getLong(6), origin + ": count over the partition");
        assertEquals(maxDelay, r.getLong(7), origin + ": max over the partition");
        assertEquals(r.getLong(3) == maxDelay, r.getInt(4) == 1, origin + ": rank 1 is the largest delay");
        long larger = group.stream().filter(o -> o.getLong(3) > r.getLong(3)).count();
        assertEquals(larger + 1, r.getInt(4), origin + ": rank = 1 + number of larger delays");
      }
      Row last = group.stream().max(Comparator.comparingInt(r -> r.getInt(4))).orElseThrow();
      assertEquals(total, last.getLong(8), origin + ": the running sum ends at the total");
    });
  }

  private static final String SMALL = "SELECT * FROM VALUES ('a', 1, 10), ('a', 2, 20), ('a', 3, 30), ('a', 4, 40),"
      + " ('b', 1, 5), ('b', 2, CAST(NULL AS INT)) AS t(g, t, v)";

  @Test
  void framesLagLeadAndRowNumberOnDerivableInput() {
    WindowSpec w = Window.partitionBy("g").orderBy("t");
    Column v = col("v");
    DataFrame df = spark.sql(SMALL).select(col("g"), col("t"),
        call_function("row_number").over(w).alias("rn"),
        call_function("lag", v, lit(1)).over(w).alias("lag"),
        call_function("lead", v, lit(1)).over(w).alias("lead"),
        call_function("sum", v).over(w.rowsBetween(Window.unboundedPreceding(), Window.currentRow())).alias("run"),
        call_function("sum", v).over(w.rowsBetween(-1, 1)).alias("mov"),
        call_function("sum", v).over(w.rangeBetween(-1, 0)).alias("rng"),
        call_function("sum", v).over(w.rowsBetween(Window.CURRENT_ROW, Window.UNBOUNDED_FOLLOWING)).alias("suffix"),
        call_function("sum", v).over().alias("all"),
        call_function("row_number").over(Window.orderBy(col("g").desc(), col("t"))).alias("global"))
        .orderBy("g", "t");
    List<List<Object>> rows = df.collectAsList().block(TIMEOUT).stream().map(Row::toList).toList();
    assertEquals(List.of(
        Arrays.asList("a", 1, 1, null, 20, 10L, 30L, 10L, 100L, 105L, 3),
        Arrays.asList("a", 2, 2, 10, 30, 30L, 60L, 30L, 90L, 105L, 4),
        Arrays.asList("a", 3, 3, 20, 40, 60L, 90L, 50L, 70L, 105L, 5),
        Arrays.asList("a", 4, 4, 30, null, 100L, 70L, 70L, 40L, 105L, 6),
        Arrays.asList("b", 1, 1, null, null, 5L, 5L, 5L, 5L, 105L, 1),
        Arrays.asList("b", 2, 2, 5, null, 5L, 5L, 5L, null, 105L, 2)), rows);
  }

  @Test
  void windowWithoutOrderingNeedsNoFrameAndRankWithoutOrderingIsAnError() {
    DataFrame df = spark.sql(SMALL).select(col("g"),
        call_function("avg", col("v")).over(Window.partitionBy("g")).alias("avg")).distinct().orderBy("g");
    List<List<Object>> rows = df.collectAsList().block(TIMEOUT).stream().map(Row::toList).toList();
    assertEquals(List.of(Arrays.asList("a", 25.0), Arrays.asList("b", 5.0)), rows);

    DataFrame bad = spark.sql(SMALL).select(call_function("rank").over(Window.partitionBy("g")));
    var e = org.junit.jupiter.api.Assertions.assertThrows(
        io.github.reactivespark.connect.exceptions.AnalysisException.class, () -> bad.collectAsList().block(TIMEOUT));
    assertTrue(e.getMessage().contains("rank") || e.getMessage().contains("order"), e.getMessage());
  }
}
