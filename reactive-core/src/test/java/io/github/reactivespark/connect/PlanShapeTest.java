package io.github.reactivespark.connect;

import static io.github.reactivespark.connect.functions.col;
import static io.github.reactivespark.connect.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.reactivespark.connect.internal.proto.Aggregate;
import io.github.reactivespark.connect.internal.proto.Relation;
import io.github.reactivespark.connect.internal.proto.SubqueryExpression;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The relations that grouping and subquery methods build (no server: plans are built locally and never sent). The
 * server's reading of them is tested in GroupingIT and SubqueryIT.
 */
class PlanShapeTest {

  private static SparkSession spark;

  @BeforeAll
  static void open() {
    spark = SparkSession.builder().remote("sc://127.0.0.1:1").retryPolicy(RetryPolicy.none()).create();
  }

  @AfterAll
  static void close() {
    spark.close();
  }

  @Test
  void subqueryPlansTravelAsWithRelationsReferences() {
    DataFrame outer = spark.range(10);
    DataFrame inner = spark.range(3);
    DataFrame df = outer.filter(col("id").gt(inner.agg(functions.max(col("id"))).scalar()));
    Relation r = df.relation;
    assertTrue(r.hasWithRelations());
    assertTrue(r.getWithRelations().getRoot().hasFilter());
    assertEquals(1, r.getWithRelations().getReferencesCount());
    Relation ref = r.getWithRelations().getReferences(0);
    SubqueryExpression sq = r.getWithRelations().getRoot().getFilter().getCondition().getUnresolvedFunction()
        .getArguments(1).getSubqueryExpression();
    assertEquals(ref.getCommon().getPlanId(), sq.getPlanId());
    assertEquals(SubqueryExpression.SubqueryType.SUBQUERY_TYPE_SCALAR, sq.getSubqueryType());

    Column twice = inner.exists().and(inner.exists());
    DataFrame both = outer.select(twice.alias("e"), col("id").isin(inner).alias("i"));
    assertEquals(1, both.relation.getWithRelations().getReferencesCount(), "one reference per plan id");

    assertFalse(outer.select(col("id").plus(lit(1))).relation.hasWithRelations(), "no subquery, no wrapper");
  }

  /** Every transformation that takes columns forwards their subquery plans, the 4.x ones included. */
  @Test
  void everyColumnTakingTransformationForwardsSubqueryReferences() {
    DataFrame outer = spark.range(10).alias("o");
    DataFrame inner = spark.range(3);
    Column sub = inner.agg(functions.max(col("id"))).scalar();
    long subId = sub.subqueries.get(0).getCommon().getPlanId();
    Column c = col("id").plus(sub);
    List<DataFrame> frames = List.of(
        outer.lateralJoin(spark.range(2), col("o.id").gt(sub)),
        outer.lateralJoin(spark.range(2), col("o.id").gt(sub), "left"),
        outer.joinAsOf(spark.range(2), col("id"), col("id"), null, List.of(), "inner", sub, true, "backward"),
        outer.unpivot(new Column[] {col("id"), c.alias("x")}, "k", "v"),
        outer.melt(new Column[] {col("id")}, new Column[] {c.alias("x")}, "k", "v"),
        outer.transpose(c),
        outer.sortWithinPartitions(c),
        outer.repartition(c),
        outer.repartition(3, c),
        outer.repartitionByRange(c),
        outer.repartitionById(3, c.cast("int")),
        outer.observe("m", functions.max(c).alias("mx")),
        outer.drop(c),
        outer.select(c), outer.filter(c.gt(1)), outer.orderBy(c), outer.withColumn("x", c),
        outer.join(spark.range(2), c.gt(1)), outer.groupBy(c).count());
    for (DataFrame df : frames) {
      Relation r = df.relation;
      assertTrue(r.hasWithRelations(), () -> "no WithRelations around " + r.getWithRelations().getRoot().getRelTypeCase()
          + ":\n" + r);
      assertEquals(List.of(subId), r.getWithRelations().getReferencesList().stream()
          .map(x -> x.getCommon().getPlanId()).toList(), r.getWithRelations().getRoot().getRelTypeCase()::toString);
    }
    assertFalse(outer.lateralJoin(spark.range(2), col("o.id").gt(1)).relation.hasWithRelations());
    assertFalse(outer.transpose(col("id")).relation.hasWithRelations());
  }

  @Test
  void groupTypesAndPivot() {
    DataFrame df = spark.range(10);
    Aggregate rollup = df.rollup("id").count().relation.getAggregate();
    assertEquals(Aggregate.GroupType.GROUP_TYPE_ROLLUP, rollup.getGroupType());
    assertEquals(Aggregate.GroupType.GROUP_TYPE_CUBE, df.cube(col("id")).count().relation.getAggregate().getGroupType());
    Aggregate sets = df.groupingSets(List.of(List.of(col("id")), List.of()), col("id")).count().relation.getAggregate();
    assertEquals(Aggregate.GroupType.GROUP_TYPE_GROUPING_SETS, sets.getGroupType());
    assertEquals(2, sets.getGroupingSetsCount());
    assertEquals(0, sets.getGroupingSets(1).getGroupingSetCount());
    Aggregate pivot = df.groupBy("id").pivot("id", List.of(1L, 2L)).count().relation.getAggregate();
    assertEquals(Aggregate.GroupType.GROUP_TYPE_PIVOT, pivot.getGroupType());
    assertEquals(2L, pivot.getPivot().getValues(1).getLong());
    assertThrows(IllegalStateException.class, () -> df.cube("id").pivot("id"));
    assertThrows(IllegalStateException.class, () -> df.groupBy("id").pivot("id").pivot("id"));
    assertThrows(IllegalArgumentException.class, () -> df.groupBy("id").agg(java.util.Map.of()));
  }
}
