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
