package io.github.reactivespark.connect.it;

import static io.github.reactivespark.connect.functions.col;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.reactivespark.connect.DataFrame;
import io.github.reactivespark.connect.Row;
import io.github.reactivespark.connect.samples.VegaDatasets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code df.na()} (NAFill, NADrop, NAReplace) and {@code df.stat()} (StatDescribe, StatSummary, StatCov, StatCorr,
 * StatCrosstab, StatFreqItems, StatApproxQuantile, StatSampleBy), after PySpark's {@code test_parity_stat} and
 * {@code test_connect_stat}: small VALUES whose answer is derivable, and the airports of vega-datasets compared
 * with the server's SQL aggregates.
 */
class NaStatIT extends ServerTestBase {

  private static final String NULLS = "SELECT * FROM VALUES (1, 1.5D, 'a', true), (NULL, NULL, NULL, NULL),"
      + " (3, NULL, 'c', NULL), (NULL, 4.5D, NULL, false) AS t(i, d, s, b)";

  private static Path airports;

  @BeforeAll
  static void data() {
    airports = VegaDatasets.fromSystemProperties().airports();
  }

  private DataFrame airports() {
    return spark.read().option("header", true).option("inferSchema", true).csv(airports.toString());
  }

  private static List<List<Object>> rows(DataFrame df) {
    return df.collectAsList().block(TIMEOUT).stream().map(Row::toList).toList();
  }

  @Test
  void fill() {
    DataFrame df = spark.sql(NULLS);
    assertEquals(List.of(List.of(1, 1.5, "a", true), Arrays.asList(0, 0.0, null, null), Arrays.asList(3, 0.0, "c", null),
        Arrays.asList(0, 4.5, null, false)), rows(df.na().fill(0)), "a number fills numeric columns only");
    assertEquals(Arrays.asList(null, null, "?", null), rows(df.na().fill("?")).get(1));
    assertEquals(Arrays.asList(null, null, null, false), rows(df.na().fill(false)).get(1));
    assertEquals(Arrays.asList(null, 9.5, null, null), rows(df.na().fill(9.5, "d")).get(1), "only the subset");
    Map<String, Object> perColumn = new LinkedHashMap<>();
    perColumn.put("i", 7);
    perColumn.put("s", "none");
    perColumn.put("b", true);
    assertEquals(Arrays.asList(7, null, "none", true), rows(df.fillna(perColumn)).get(1));
    assertThrows(IllegalArgumentException.class, () -> df.na().fill(Map.of("i", List.of())));
  }

  @Test
  void drop() {
    DataFrame df = spark.sql(NULLS);
    assertEquals(1L, df.na().drop().count().block(TIMEOUT), "any: only the full row survives");
    assertEquals(3L, df.na().drop("all").count().block(TIMEOUT), "all: only the all-null row goes");
    assertEquals(2L, df.na().drop("any", "i").count().block(TIMEOUT));
    assertEquals(3L, df.na().drop("all", "i", "d").count().block(TIMEOUT));
    assertEquals(3L, df.na().drop(2).count().block(TIMEOUT), "thresh 2 non-nulls");
    assertEquals(1L, df.na().drop(3).count().block(TIMEOUT));
    assertEquals(2L, df.dropna(1, "s").count().block(TIMEOUT));
    assertEquals(df.na().drop().collectAsList().block(TIMEOUT), df.dropna().collectAsList().block(TIMEOUT));
    assertThrows(IllegalArgumentException.class, () -> df.na().drop("some"));
  }

  @Test
  void replace() {
    DataFrame df = spark.sql("SELECT * FROM VALUES (1, 'a', 'a'), (2, 'b', 'x'), (3, 'c', 'a') AS t(n, s, u)");
    assertEquals(List.of(List.of(1, "z", "z"), List.of(2, "b", "x"), List.of(3, "c", "z")),
        rows(df.na().replace("a", "z")));
    assertEquals(List.of(List.of(1, "z", "a"), List.of(2, "b", "x"), List.of(3, "c", "a")),
        rows(df.na().replace("a", "z", "s")), "only the subset");
    assertEquals(List.of(List.of(10, "a", "a"), List.of(20, "b", "x"), List.of(3, "c", "a")),
        rows(df.replace(List.of(1, 2), List.of(10, 20))));
    Map<String, String> m = new HashMap<>();
    m.put("b", "B");
    m.put("x", "X");
    assertEquals(List.of(List.of(1, "a", "a"), List.of(2, "B", "X"), List.of(3, "c", "a")), rows(df.replace(m)));
    assertEquals(List.of(List.of(1, "a", "a"), List.of(2, "b", "X"), List.of(3, "c", "a")),
        rows(df.na().replace(m, "u")));
    assertEquals(Arrays.asList(1, null, null), rows(df.na().replace("a", null)).get(0));
    assertThrows(IllegalArgumentException.class, () -> df.na().replace(List.of(1), List.of(1, 2)));
  }

  @Test
  void describeAndSummaryMatchSqlAggregates() {
    DataFrame a = airports();
    Row sql = a.selectExpr("count(latitude)", "avg(latitude)", "stddev(latitude)", "min(latitude)",
        "max(latitude)").first().block(TIMEOUT);
    List<Row> describe = a.describe("latitude").collectAsList().block(TIMEOUT);
    assertEquals(List.of("count", "mean", "stddev", "min", "max"),
        describe.stream().map(r -> r.getString(0)).toList());
    assertEquals(Long.toString(sql.getLong(0)), describe.get(0).getString(1));
    for (int i = 1; i < 5; i++) {
      assertEquals(sql.getDouble(i), Double.parseDouble(describe.get(i).getString(1)), 1e-9, describe.get(i).toString());
    }
    List<Row> summary = a.select("latitude").summary("count", "max", "50%").collectAsList().block(TIMEOUT);
    assertEquals(List.of("count", "max", "50%"), summary.stream().map(r -> r.getString(0)).toList());
    assertEquals(sql.getDouble(4), Double.parseDouble(summary.get(1).getString(1)), 1e-9);
    double median = a.selectExpr("percentile_approx(latitude, 0.5, 10000)").first().block(TIMEOUT).getDouble(0);
    assertEquals(median, Double.parseDouble(summary.get(2).getString(1)), 1e-9);
    assertEquals(8, a.select("latitude").summary().collectAsList().block(TIMEOUT).size(), "the default statistics");
  }

  @Test
  void covCorrAndApproxQuantile() {
    DataFrame a = airports();
    Row sql = a.selectExpr("covar_samp(latitude, longitude)", "corr(latitude, longitude)").first().block(TIMEOUT);
    assertEquals(sql.getDouble(0), a.stat().cov("latitude", "longitude").block(TIMEOUT), 1e-9);
    assertEquals(sql.getDouble(1), a.corr("latitude", "longitude").block(TIMEOUT), 1e-12);
    assertEquals(1.0, spark.range(10).selectExpr("id", "id * 2 + 1 AS y").stat().corr("id", "y").block(TIMEOUT),
        1e-12);
    assertThrows(IllegalArgumentException.class, () -> a.stat().corr("latitude", "longitude", "spearman"));

    assertArrayEquals(new double[] {0, 250, 500, 1000}, spark.range(1001).stat()
        .approxQuantile("id", new double[] {0, 0.25, 0.5, 1}, 0).block(TIMEOUT));
    double[] probs = {0.1, 0.5, 0.9};
    double[][] both = a.approxQuantile(new String[] {"latitude", "longitude"}, probs, 0.001).block(TIMEOUT);
    List<Double> lat = a.selectExpr("percentile_approx(latitude, array(0.1, 0.5, 0.9), 1000)").first()
        .block(TIMEOUT).getList(0);
    assertArrayEquals(lat.stream().mapToDouble(Double::doubleValue).toArray(), both[0], 1e-9,
        "the same GK summary as percentile_approx with accuracy 1/relativeError");
    assertEquals(3, both[1].length);
    assertThrows(IllegalArgumentException.class, () -> a.stat().approxQuantile("latitude", new double[] {2}, 0.1));
  }

  @Test
  void crosstabFreqItemsAndSampleBy() {
    DataFrame df = spark.sql("SELECT * FROM VALUES ('a', 'x'), ('a', 'y'), ('a', 'x'), ('b', 'y') AS t(k, v)");
    DataFrame ct = df.crosstab("k", "v");
    assertEquals(List.of("k_v", "x", "y"), ct.columns().block(TIMEOUT));
    assertEquals(List.of(List.of("a", 2L, 1L), List.of("b", 0L, 1L)), rows(ct.orderBy("k_v")));

    DataFrame skewed = spark.sql("SELECT * FROM VALUES (1), (1), (1), (1), (2), (3) AS t(n)");
    Row items = skewed.freqItems(List.of("n"), 0.5).first().block(TIMEOUT);
    assertEquals("n_freqItems", items.schema().fieldNames()[0]);
    assertTrue(items.<Integer>getList(0).contains(1), items.toString());
    assertTrue(skewed.stat().freqItems("n").first().block(TIMEOUT).<Integer>getList(0).containsAll(List.of(1, 2, 3)));

    DataFrame strata = spark.range(30_000).selectExpr("id", "id % 3 AS k");
    Map<Long, Double> fractions = Map.of(0L, 0.1, 1L, 0.5);
    Map<Long, Long> counts = new HashMap<>();
    strata.sampleBy("k", fractions, 3).groupBy("k").count().collectAsList().block(TIMEOUT)
        .forEach(r -> counts.put(r.getLong(0), r.getLong(1)));
    assertTrue(counts.get(0L) > 800 && counts.get(0L) < 1200, counts.toString());
    assertTrue(counts.get(1L) > 4600 && counts.get(1L) < 5400, counts.toString());
    assertEquals(null, counts.get(2L), "a stratum missing from the map is not sampled");
    assertEquals(strata.sampleBy(col("k"), fractions, 3).count().block(TIMEOUT),
        strata.stat().sampleBy("k", fractions, 3).count().block(TIMEOUT), "same seed, same sample");
  }
}
