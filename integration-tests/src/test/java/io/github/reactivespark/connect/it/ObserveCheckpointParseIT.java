package io.github.reactivespark.connect.it;

import static io.github.reactivespark.connect.functions.avg;
import static io.github.reactivespark.connect.functions.col;
import static io.github.reactivespark.connect.functions.count;
import static io.github.reactivespark.connect.functions.lit;
import static io.github.reactivespark.connect.functions.max;
import static io.github.reactivespark.connect.functions.sum;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.reactivespark.connect.DataFrame;
import io.github.reactivespark.connect.Observation;
import io.github.reactivespark.connect.Row;
import io.github.reactivespark.connect.StorageLevel;
import io.github.reactivespark.connect.exceptions.SparkConnectException;
import io.github.reactivespark.connect.samples.VegaDatasets;
import io.github.reactivespark.connect.types.DataTypes;
import io.github.reactivespark.connect.types.StructType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code CollectMetrics} with an {@link Observation} (metrics from {@code ExecutePlanResponse.observed_metrics}),
 * {@code CheckpointCommand} → {@code CachedRemoteRelation}, and {@code Parse} ({@code spark.read().json(df)},
 * {@code csv(df)}), on the 3M flights and small derivable inputs.
 */
class ObserveCheckpointParseIT extends ServerTestBase {

  private static Path flights;

  @BeforeAll
  static void data() {
    flights = VegaDatasets.fromSystemProperties().flights3m();
  }

  @Test
  void observationReceivesTheMetricsOfTheActionOverTheFlights() {
    DataFrame all = spark.read().parquet(flights.toString());
    Observation obs = new Observation("df_it_flights");
    DataFrame observed = all.observe(obs, count(lit(1)).alias("rows"), max(col("delay")).alias("max_delay"),
        sum(col("distance")).alias("miles"));
    long sea = observed.filter(col("origin").equalTo("SEA")).count().block(TIMEOUT);

    Row expected = all.agg(count(lit(1)), max(col("delay")), sum(col("distance"))).first().block(TIMEOUT);
    Map<String, Object> metrics = obs.get().block(Duration.ofSeconds(10));
    assertEquals(List.of("rows", "max_delay", "miles"), List.copyOf(metrics.keySet()));
    assertEquals(3_000_000L, metrics.get("rows"), "the observation sees every row, before the filter");
    assertEquals(expected.get(1), metrics.get("max_delay"));
    assertEquals(expected.getLong(2), metrics.get("miles"));
    assertEquals(all.filter(col("origin").equalTo("SEA")).count().block(TIMEOUT), sea, "rows pass unchanged");
    assertEquals(metrics, obs.get().block(Duration.ofSeconds(1)), "later subscribers get the same metrics");

    assertThrows(IllegalArgumentException.class, () -> all.observe(obs, count(lit(1)).alias("again")));
  }

  @Test
  void namedObserveLeavesRowsAloneAndObservationWaitsForAnAction() {
    Observation obs = new Observation();
    DataFrame df = spark.range(100).observe(obs, avg(col("id")).alias("mean"));
    assertThrows(IllegalStateException.class, () -> obs.get().block(Duration.ofMillis(300)),
        "no action ran yet, so no metrics");
    assertEquals(100, df.collectAsList().block(TIMEOUT).size());
    assertEquals(49.5, (Double) obs.get().block(Duration.ofSeconds(10)).get("mean"), 1e-12);

    DataFrame named = spark.range(10).observe("df_it_named", count(lit(1)).alias("n"));
    assertEquals(45L, named.agg(sum(col("id"))).first().block(TIMEOUT).getLong(0));
    assertTrue(named.explain("extended").block(TIMEOUT).contains("CollectMetrics df_it_named"));
  }

  @Test
  void localCheckpointCutsTheLineageAndKeepsTheData() {
    DataFrame df = spark.range(1000).selectExpr("id", "id % 10 AS k").filter(col("k").lt(3));
    DataFrame cp = df.localCheckpoint().block(TIMEOUT);
    assertEquals(300L, cp.count().block(TIMEOUT));
    assertEquals(df.agg(sum(col("id"))).first().block(TIMEOUT), cp.agg(sum(col("id"))).first().block(TIMEOUT));
    String plan = cp.explain().block(TIMEOUT);
    assertFalse(plan.contains("Range ("), "the checkpointed plan no longer computes the range: " + plan);
    assertTrue(plan.contains("Scan ExistingRDD") || plan.contains("LogicalRDD") || plan.contains("ExistingRDD"), plan);

    DataFrame lazy = df.localCheckpoint(false, StorageLevel.MEMORY_ONLY).block(TIMEOUT);
    assertEquals(300L, lazy.count().block(TIMEOUT));
    assertEquals(List.of("id", "k"), lazy.columns().block(TIMEOUT));
  }

  @Test
  void reliableCheckpointNeedsTheServersCheckpointDirectory() {
    DataFrame df = spark.range(50).filter(col("id").geq(20));
    // spark.checkpoint.dir is a static SparkContext conf: the test servers may or may not set it.
    try {
      DataFrame cp = df.checkpoint().block(TIMEOUT);
      assertEquals(30L, cp.count().block(TIMEOUT));
      assertEquals(df.agg(sum(col("id"))).first().block(TIMEOUT), cp.agg(sum(col("id"))).first().block(TIMEOUT));
    } catch (SparkConnectException e) {
      assertTrue(e.getMessage().contains("heckpoint directory has not been set"), e.getMessage());
    }
  }

  @Test
  void parseJsonAndCsvStringsLikeReadJsonOfADataFrame() {
    DataFrame json = spark.sql("SELECT * FROM VALUES ('{\"a\": 1, \"b\": \"x\"}'), ('{\"a\": 2, \"b\": \"y\"}'),"
        + " ('{\"a\": 3}') AS t(value)");
    DataFrame inferred = spark.read().json(json);
    assertEquals(List.of("a", "b"), inferred.columns().block(TIMEOUT));
    assertEquals("bigint", inferred.dtypes().block(TIMEOUT).get(0).getValue());
    assertEquals(6L, inferred.agg(sum(col("a"))).first().block(TIMEOUT).getLong(0));
    assertEquals(1L, inferred.filter(col("b").isNull()).count().block(TIMEOUT));

    StructType ab = (StructType) spark.parseDataType("a INT, b STRING").block(TIMEOUT);
    DataFrame typed = spark.read().schema(ab).json(json);
    assertThrows(IllegalArgumentException.class, () -> spark.read().schema("a INT, b STRING").json(json),
        "Parse carries a typed schema; a DDL string is refused with a hint");
    assertEquals("int", typed.dtypes().block(TIMEOUT).get(0).getValue());
    assertEquals(List.of(2, "y"), typed.orderBy("a").collectAsList().block(TIMEOUT).get(1).toList());

    DataFrame lines = spark.sql("SELECT * FROM VALUES ('id,name'), ('1,SEA'), ('2,SFO') AS t(value)");
    DataFrame csv = spark.read().option("header", true).option("inferSchema", true).csv(lines);
    assertEquals(List.of("id", "name"), csv.columns().block(TIMEOUT));
    assertEquals(List.of(List.of(1, "SEA"), List.of(2, "SFO")),
        csv.orderBy("id").collectAsList().block(TIMEOUT).stream().map(Row::toList).toList());
    StructType idName = new StructType(List.of()).add("id", DataTypes.LongType).add("name", DataTypes.StringType);
    assertEquals(List.of("SFO"), spark.read().schema(idName).option("header", true).csv(lines)
        .filter(col("id").equalTo(2L)).collectAsList().block(TIMEOUT).stream().map(r -> r.get(1)).toList());
  }
}
