package io.github.reactivespark.connect.it;

import static io.github.reactivespark.connect.functions.avg;
import static io.github.reactivespark.connect.functions.call_function;
import static io.github.reactivespark.connect.functions.col;
import static io.github.reactivespark.connect.functions.count;
import static io.github.reactivespark.connect.functions.max;
import static io.github.reactivespark.connect.functions.month;
import static io.github.reactivespark.connect.functions.sum;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.reactivespark.connect.DataFrame;
import io.github.reactivespark.connect.GroupedData;
import io.github.reactivespark.connect.Row;
import io.github.reactivespark.connect.samples.VegaDatasets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * rollup, cube, grouping sets, pivot and the GroupedData shortcuts against the real server: small inputs whose
 * groups are derived by hand, each also checked against the server's SQL ({@code GROUP BY ROLLUP/CUBE/GROUPING
 * SETS}, {@code PIVOT}), and a rollup over real flights checked against SQL and the row count.
 */
class GroupingIT extends ServerTestBase {

  private static final String SMALL = "SELECT * FROM VALUES ('x', 'p', 1), ('x', 'q', 2), ('y', 'p', 4)"
      + " AS t(k1, k2, v)";

  private static Path flights;

  @BeforeAll
  static void data() {
    flights = VegaDatasets.fromSystemProperties().flights3m();
  }

  private static List<String> sorted(DataFrame df) {
    return df.collectAsList().block(TIMEOUT).stream().map(r -> r.toList().toString()).sorted().toList();
  }

  private DataFrame small() {
    DataFrame df = spark.sql(SMALL);
    df.createOrReplaceTempView("col_it_small").block(TIMEOUT);
    return df;
  }

  @Test
  void rollupCubeAndGroupingSetsMatchSql() {
    DataFrame df = small();
    DataFrame rollup = df.rollup("k1", "k2").agg(sum("v").alias("s"),
        call_function("grouping_id").alias("gid"));
    assertEquals(List.of("[null, null, 7, 3]", "[x, null, 3, 1]", "[x, p, 1, 0]", "[x, q, 2, 0]",
        "[y, null, 4, 1]", "[y, p, 4, 0]"), sorted(rollup));
    assertEquals(sorted(spark.sql("SELECT k1, k2, sum(v), grouping_id() FROM col_it_small GROUP BY ROLLUP(k1, k2)")),
        sorted(rollup));

    DataFrame cube = df.cube(col("k1"), col("k2")).agg(sum("v").alias("s"));
    assertEquals(8, sorted(cube).size());
    assertTrue(sorted(cube).containsAll(List.of("[null, p, 5]", "[null, q, 2]", "[null, null, 7]")));
    assertEquals(sorted(spark.sql("SELECT k1, k2, sum(v) FROM col_it_small GROUP BY CUBE(k1, k2)")), sorted(cube));

    DataFrame sets = df.groupingSets(List.of(List.of(col("k1")), List.of(col("k2")), List.of()), col("k1"), col("k2"))
        .agg(sum("v").alias("s"));
    assertEquals(List.of("[null, null, 7]", "[null, p, 5]", "[null, q, 2]", "[x, null, 3]", "[y, null, 4]"),
        sorted(sets));
    assertEquals(sorted(spark.sql(
        "SELECT k1, k2, sum(v) FROM col_it_small GROUP BY GROUPING SETS ((k1), (k2), ())")), sorted(sets));
  }

  @Test
  void pivotWithAndWithoutValuesMatchesSql() {
    DataFrame df = small();
    DataFrame given = df.groupBy("k1").pivot("k2", List.of("p", "q")).agg(sum("v"));
    assertEquals(List.of("k1", "p", "q"), Arrays.asList(given.schema().block(TIMEOUT).fieldNames()));
    assertEquals(List.of("[x, 1, 2]", "[y, 4, null]"), sorted(given));
    assertEquals(sorted(spark.sql("SELECT * FROM col_it_small PIVOT (sum(v) FOR k2 IN ('p', 'q'))")), sorted(given));

    DataFrame discovered = df.groupBy("k1").pivot("k2").agg(sum("v"));
    assertEquals(sorted(given), sorted(discovered));

    DataFrame onlyP = df.groupBy(col("k1")).pivot(col("k2"), List.of("p")).agg(sum("v"), max("v"));
    assertEquals(3, onlyP.schema().block(TIMEOUT).fields().size());
    assertEquals(sorted(spark.sql(
        "SELECT * FROM col_it_small PIVOT (sum(v), max(v) FOR k2 IN ('p'))")), sorted(onlyP));

    GroupedData rolled = df.rollup("k1");
    assertThrows(IllegalStateException.class, () -> rolled.pivot("k2"));
    assertThrows(IllegalArgumentException.class, () -> df.groupBy("k1").pivot("k2", List.of(col("k2"))));
  }

  @Test
  void groupedDataShortcutsAndAggByMap() {
    DataFrame df = small();
    Map<String, String> aggs = new LinkedHashMap<>();
    aggs.put("v", "max");
    aggs.put("k2", "min");
    assertEquals(List.of("[x, 2, p]", "[y, 4, p]"), sorted(df.groupBy("k1").agg(aggs)));
    assertEquals(List.of("k1", "max(v)", "min(k2)"),
        Arrays.asList(df.groupBy("k1").agg(aggs).schema().block(TIMEOUT).fieldNames()));
    assertEquals(List.of("[3]"), sorted(df.groupBy(new String[0]).agg(Map.of("*", "count"))));
    assertEquals(List.of("[x, 2]", "[y, 1]"), sorted(df.groupBy("k1").count()));
    assertEquals(List.of("[x, 1.5]", "[y, 4.0]"), sorted(df.groupBy("k1").mean("v")));
    assertEquals(List.of("[x, 1.5]", "[y, 4.0]"), sorted(df.groupBy("k1").avg("v")));
    assertEquals(List.of("[x, 3]", "[y, 4]"), sorted(df.groupBy("k1").sum("v")));
    assertEquals(List.of("[x, 1]", "[y, 4]"), sorted(df.groupBy("k1").min("v")));
    assertEquals(List.of("[x, 2]", "[y, 4]"), sorted(df.groupBy("k1").max("v")));
    // without names: every numeric column (here only v), as PySpark Connect does (issue 15; was an exception)
    assertEquals(sorted(df.groupBy("k1").sum("v")), sorted(df.groupBy("k1").sum()));
  }

  @Test
  void rollupOverRealFlightsMatchesSqlAndCountsEveryFlight() {
    DataFrame pnw = spark.read().parquet(flights.toString()).filter(col("origin").isin("SEA", "PDX"));
    pnw.createOrReplaceTempView("col_it_pnw").block(TIMEOUT);
    DataFrame rollup = pnw.rollup(col("origin"), month(col("date")).alias("m"))
        .agg(count("*").alias("flights"), avg("delay").alias("avg_delay"));
    List<Row> rows = rollup.collectAsList().block(TIMEOUT);
    assertEquals(2 * 6 + 2 + 1, rows.size(), "2 airports x 6 months, 2 airport totals, 1 grand total");
    long total = pnw.count().block(TIMEOUT);
    Row grand = rows.stream().filter(r -> r.isNullAt(0) && r.isNullAt(1)).findFirst().orElseThrow();
    assertEquals(total, grand.getLong(2));
    assertTrue(total > 50_000, "SEA and PDX fly many flights in six months: " + total);
    assertEquals(sorted(spark.sql("SELECT origin, month(date) AS m, count(*), avg(delay) FROM col_it_pnw"
        + " GROUP BY ROLLUP(origin, month(date))")), sorted(rollup));
  }
}
