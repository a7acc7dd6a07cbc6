package io.github.reactivespark.connect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.reactivespark.connect.internal.proto.ExecutePlanResponse;
import io.github.reactivespark.connect.internal.proto.Relation;
import io.github.reactivespark.connect.internal.proto.Sample;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The client-side part of the parity methods: the plans they build and their argument checks. No RPC is sent
 * (creating a session does no I/O); what the server makes of these plans is checked by the ITs.
 */
class DataFrameParityPlanTest {

  private static SparkSession spark;

  @BeforeAll
  static void session() {
    spark = SparkSession.builder().remote("sc://127.0.0.1:1").retryPolicy(RetryPolicy.defaultPolicy()).create();
  }

  @AfterAll
  static void close() {
    spark.stop().onErrorResume(e -> reactor.core.publisher.Mono.empty()).block(Duration.ofSeconds(40));
  }

  @Test
  void randomSplitBuildsContiguousSamplesCoveringZeroToOne() {
    List<DataFrame> parts = spark.range(10).randomSplit(new double[] {1, 3}, 5);
    Sample a = parts.get(0).relation.getSample();
    Sample b = parts.get(1).relation.getSample();
    assertEquals(0.0, a.getLowerBound());
    assertEquals(0.25, a.getUpperBound());
    assertEquals(0.25, b.getLowerBound());
    assertEquals(1.0, b.getUpperBound());
    assertTrue(a.getDeterministicOrder() && b.getDeterministicOrder());
    assertEquals(5L, a.getSeed());
    assertThrows(IllegalArgumentException.class, () -> spark.range(1).randomSplit(new double[] {0, 0}, 1));
    assertThrows(IllegalArgumentException.class, () -> spark.range(1).randomSplit(new double[] {-1, 2}, 1));
  }

  @Test
  void sqlWithDataFramesBuildsWithRelationsAndKeepsParameters() {
    DataFrame nums = spark.range(3);
    Map<String, Object> args = new LinkedHashMap<>();
    args.put("t", nums);
    args.put("lo", 1);
    Relation r = spark.sql("SELECT * FROM {t} WHERE id > :lo", args).relation;
    assertTrue(r.hasWithRelations());
    String query = r.getWithRelations().getRoot().getSql().getQuery();
    String alias = r.getWithRelations().getReferences(0).getSubqueryAlias().getAlias();
    assertEquals("SELECT * FROM " + alias + " WHERE id > :lo", query);
    assertEquals(nums.relation, r.getWithRelations().getReferences(0).getSubqueryAlias().getInput());
    assertTrue(r.getWithRelations().getRoot().getSql().containsNamedArguments("lo"));
    assertFalse(r.getWithRelations().getRoot().getSql().containsNamedArguments("t"));
    assertFalse(spark.sql("SELECT :a", Map.of("a", 1)).relation.hasWithRelations());
  }

  @Test
  void literalsRoundTripThroughObservedMetricValues() {
    for (Object v : List.of(true, (byte) 1, (short) 2, 3, 4L, 1.5f, 2.5d, "s", new BigDecimal("12.34"),
        LocalDate.of(2001, 1, 2), Instant.parse("2001-01-02T03:04:05.123456Z"),
        LocalDateTime.of(2001, 1, 2, 3, 4, 5), Duration.ofMillis(1500))) {
      assertEquals(v, LiteralValues.toJava(Literals.toLiteral(v)), v.getClass().getName());
    }
    assertArrayEquals(new byte[] {1, 2}, (byte[]) LiteralValues.toJava(Literals.toLiteral(new byte[] {1, 2})));
    assertEquals(null, LiteralValues.toJava(Literals.toLiteral(null)));
  }

  @Test
  void observationGetsMetricsByKeyOnceAndAttachesOnce() {
    Observation o = new Observation("m");
    DataFrame observed = spark.range(3).observe(o, functions.count(functions.lit(1)).alias("n"));
    assertEquals("m", observed.relation.getCollectMetrics().getName());
    assertThrows(IllegalArgumentException.class, () -> spark.range(3).observe(o, functions.lit(1).alias("x")));
    o.complete(ExecutePlanResponse.ObservedMetrics.newBuilder().setName("m").addKeys("n")
        .addValues(Literals.toLiteral(3L)).build());
    o.complete(ExecutePlanResponse.ObservedMetrics.newBuilder().setName("m").addKeys("n")
        .addValues(Literals.toLiteral(4L)).build());
    assertEquals(Map.of("n", 3L), o.get().block(Duration.ofSeconds(1)), "the first report wins");
    assertThrows(IllegalArgumentException.class, () -> new Observation(""));
  }

  @Test
  void storageLevelsMatchSparkAndRoundTrip() {
    for (StorageLevel l : List.of(StorageLevel.NONE, StorageLevel.DISK_ONLY_3, StorageLevel.MEMORY_ONLY,
        StorageLevel.MEMORY_AND_DISK_SER_2, StorageLevel.OFF_HEAP)) {
      assertEquals(l, StorageLevel.fromProto(l.toProto()));
    }
    assertEquals("Memory Deserialized 1x Replicated", StorageLevel.MEMORY_ONLY.description());
    assertThrows(IllegalArgumentException.class, () -> new StorageLevel(true, true, false, false, 0));
  }

  @Test
  void naAndStatArgumentChecks() {
    DataFrame df = spark.range(3);
    assertThrows(IllegalArgumentException.class, () -> df.na().fill(Map.of()));
    assertThrows(IllegalArgumentException.class, () -> df.na().drop(-1));
    assertThrows(IllegalArgumentException.class, () -> df.stat().freqItems(List.of("id"), 0));
    assertThrows(IllegalArgumentException.class, () -> df.stat().sampleBy("id", Map.of(1L, 1.5), 1));
    assertEquals(List.of("a", "b"), df.na().fill(0, "a", "b").relation.getFillNa().getColsList());
    assertEquals(1, df.na().drop("all").relation.getDropNa().getMinNonNulls());
    assertFalse(df.na().drop("any").relation.getDropNa().hasMinNonNulls());
    assertEquals(List.of(), df.na().replace(Map.of(1, 2)).relation.getReplace().getColsList());
    assertEquals(Arrays.asList(4L), List.of(df.na().fill(4).relation.getFillNa().getValues(0).getLong()));
    assertThrows(IllegalArgumentException.class, () -> df.repartition(0));
    assertThrows(IllegalArgumentException.class, () -> df.repartitionByRange(new Column[0]));
    assertTrue(df.repartitionByRange(functions.col("id")).relation.getRepartitionByExpression()
        .getPartitionExprs(0).hasSortOrder());
    assertFalse(df.coalesce(2).relation.getRepartition().getShuffle());
  }
}
