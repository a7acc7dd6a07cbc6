package io.github.reactivespark.connect.it;

import static io.github.reactivespark.connect.functions.avg;
import static io.github.reactivespark.connect.functions.col;
import static io.github.reactivespark.connect.functions.count;
import static io.github.reactivespark.connect.functions.countDistinct;
import static io.github.reactivespark.connect.functions.expr;
import static io.github.reactivespark.connect.functions.lit;
import static io.github.reactivespark.connect.functions.max;
import static io.github.reactivespark.connect.functions.min;
import static io.github.reactivespark.connect.functions.sum;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.reactivespark.connect.DataFrame;
import io.github.reactivespark.connect.Row;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The first DataFrame slice against the real server: every value computed by Spark and checked here. */
class DataFrameIT extends ServerTestBase {

  private static <T> List<T> column(DataFrame df, Function<Row, T> f) {
    return df.collectAsList().block(TIMEOUT).stream().map(f).toList();
  }

  @Test
  void projectionFilterAndArithmetic() {
    DataFrame df = spark.range(10)
        .select(col("id"), col("id").multiply(2).alias("twice"), col("id").plus(0.5).alias("half"))
        .filter(col("id").mod(3).equalTo(0))
        .where("id > 0");
    assertEquals(List.of(3L, 6L, 9L), column(df, r -> r.getLong(0)));
    assertEquals(List.of(6L, 12L, 18L), column(df, r -> r.getLong(1)));
    assertEquals(List.of("3.5", "6.5", "9.5"), column(df, r -> r.get(2).toString()));
    assertEquals(List.of(2L, 4L), column(spark.range(5).selectExpr("id * 2 AS d").filter("d BETWEEN 1 AND 5"),
        r -> r.getLong(0)));
  }

  @Test
  void withColumnRenameDropAndToDf() {
    DataFrame df = spark.range(3)
        .withColumn("sq", col("id").multiply(col("id")))
        .withColumns(Map.of("neg", col("id").negate()))
        .withColumnRenamed("id", "n")
        .drop("neg");
    assertEquals(List.of("n", "sq"), java.util.Arrays.asList(df.schema().block(TIMEOUT).fieldNames()));
    assertEquals(List.of(0L, 1L, 4L), column(df, r -> r.getLong(1)));
    assertEquals(List.of("a", "b"), java.util.Arrays.asList(df.toDF("a", "b").schema().block(TIMEOUT).fieldNames()));
  }

  @Test
  void groupByAggregates() {
    DataFrame df = spark.range(100).withColumn("k", col("id").mod(4))
        .groupBy("k")
        .agg(count("*").alias("n"), sum("id").alias("s"), min("id"), max("id"), avg("id"),
            countDistinct(col("id").mod(2)).alias("parities"))
        .orderBy("k");
    List<Row> rows = df.collectAsList().block(TIMEOUT);
    assertEquals(4, rows.size());
    Row k1 = rows.get(1);
    assertEquals(1L, k1.getLong(0));
    assertEquals(25L, k1.getLong(1));
    assertEquals(1225L, k1.getLong(2)); // 1 + 5 + ... + 97
    assertEquals(1L, k1.getLong(3));
    assertEquals(97L, k1.getLong(4));
    assertEquals(49.0, k1.getDouble(5));
    assertEquals(1L, k1.getLong(6));
    assertEquals(List.of(25L, 25L, 25L, 25L), column(spark.range(100).groupBy(col("id").mod(4)).count()
        .orderBy(col("count")), r -> r.getLong(1)));
    assertEquals(4950L, spark.range(100).agg(sum("id")).first().block(TIMEOUT).getLong(0));
  }

  @Test
  void everyJoinType() {
    DataFrame left = spark.sql("SELECT * FROM VALUES (1, 'a'), (2, 'b'), (3, 'c') AS t(id, l)");
    DataFrame right = spark.sql("SELECT * FROM VALUES (2, 'x'), (3, 'y'), (4, 'z') AS t(id, r)");
    Map<String, Long> expected = Map.ofEntries(
        Map.entry("inner", 2L), Map.entry("cross", 9L), Map.entry("outer", 4L), Map.entry("full", 4L),
        Map.entry("fullouter", 4L), Map.entry("full_outer", 4L), Map.entry("left", 3L), Map.entry("leftouter", 3L),
        Map.entry("left_outer", 3L), Map.entry("right", 3L), Map.entry("rightouter", 3L),
        Map.entry("right_outer", 3L), Map.entry("semi", 2L), Map.entry("leftsemi", 2L), Map.entry("left_semi", 2L),
        Map.entry("anti", 1L), Map.entry("leftanti", 1L), Map.entry("left_anti", 1L));
    expected.forEach((type, n) -> {
      DataFrame joined = type.equals("cross")
          ? left.crossJoin(right)
          : left.join(right, left.col("id").equalTo(right.col("id")), type);
      assertEquals(n, joined.count().block(TIMEOUT), type);
    });
    DataFrame using = left.join(right, List.of("id"), "full_outer").orderBy("id");
    assertEquals(List.of("id", "l", "r"), java.util.Arrays.asList(using.schema().block(TIMEOUT).fieldNames()));
    assertEquals(List.of(1, 2, 3, 4), column(using, r -> (Integer) r.get(0)));
    assertEquals(List.of("a"), column(left.join(right, List.of("id"), "anti"), r -> r.getString(1)));
    assertThrows(IllegalArgumentException.class, () -> left.join(right, List.of("id"), "sideways"));
  }

  @Test
  void sortLimitOffsetSetOperationsAndDistinct() {
    DataFrame df = spark.range(10);
    assertEquals(List.of(9L, 8L, 7L), column(df.orderBy(col("id").desc()).limit(3), r -> r.getLong(0)));
    assertEquals(List.of(7L, 8L), column(df.orderBy("id").offset(7).limit(2), r -> r.getLong(0)));
    assertEquals(20L, df.union(df).count().block(TIMEOUT));
    assertEquals(10L, df.union(df).distinct().count().block(TIMEOUT));
    assertEquals(2L, spark.range(3).intersect(spark.range(1, 10)).count().block(TIMEOUT));
    assertEquals(List.of(0L), column(spark.range(3).subtract(spark.range(1, 10)), r -> r.getLong(0)));
    DataFrame a = spark.sql("SELECT 1 AS x, 'p' AS y");
    DataFrame b = spark.sql("SELECT 'q' AS y, 2 AS x");
    assertEquals(List.of(1, 2), column(a.unionByName(b).orderBy("x"), r -> (Integer) r.get(0)));
    DataFrame c = spark.sql("SELECT 3 AS x");
    assertEquals(List.of("p", "null"), column(a.unionByName(c, true).orderBy("x"), r -> String.valueOf(r.get(1))));
    DataFrame dups = spark.sql("SELECT * FROM VALUES (1, 'a'), (1, 'b'), (2, 'c') AS t(k, v)");
    assertEquals(2L, dups.dropDuplicates("k").count().block(TIMEOUT));
    assertEquals(3L, dups.dropDuplicates().count().block(TIMEOUT));
  }

  @Test
  void aliasesAndTempViews() {
    DataFrame people = spark.sql("SELECT * FROM VALUES (1, 'ann', 0), (2, 'bob', 1) AS t(id, name, boss)");
    DataFrame e = people.alias("e");
    DataFrame m = people.alias("m");
    List<Row> rows = e.join(m, col("e.boss").equalTo(col("m.id")))
        .select(col("e.name"), col("m.name").alias("boss_name")).collectAsList().block(TIMEOUT);
    assertEquals(1, rows.size());
    assertEquals("bob", rows.get(0).getString(0));
    assertEquals("ann", rows.get(0).getString(1));

    people.createOrReplaceTempView("people_it").block(TIMEOUT);
    assertEquals(List.of("bob"), column(spark.sql("SELECT name FROM people_it WHERE boss = 1"), r -> r.getString(0)));
    people.filter("id = 1").createOrReplaceTempView("people_it").block(TIMEOUT);
    assertEquals(1L, spark.table("people_it").count().block(TIMEOUT));
  }

  @Test
  void sqlWithNamedAndPositionalParameters() {
    assertEquals(List.of(5L, 6L),
        column(spark.sql("SELECT id FROM range(10) WHERE id BETWEEN :lo AND :hi", Map.of("lo", 5, "hi", 6L)),
            r -> r.getLong(0)));
    assertEquals(List.of("x-7"),
        column(spark.sql("SELECT concat(?, '-', ?) AS s", "x", 7), r -> r.getString(0)));
    assertEquals(List.of(42L), column(spark.sql("SELECT :v + 0 AS v", Map.of("v", lit(42L))), r -> r.getLong(0)));
    assertEquals(List.of(true), column(spark.range(1).select(expr("1 < 2")), r -> (Boolean) r.get(0)));
  }

  @Test
  void columnOperators() {
    Row r = spark.range(1).select(
        lit(5).gt(3), lit(5).geq(5), lit(5).lt(3), lit(5).leq(4), lit(5).notEqual(5),
        lit(null).isNull(), lit(1).isNotNull(), lit(2).isin(1, 2, 3), lit("abc").like("a%"),
        lit(true).and(lit(false)), lit(true).or(lit(false)), lit(true).not(),
        lit("12").cast("int").plus(1), lit(7).divide(2), lit(null).eqNullSafe(lit(null)),
        lit(3).between(1, 5)).first().block(TIMEOUT);
    List<Object> expected = List.of(true, true, false, false, false, true, true, true, true, false, true, false,
        13, 3.5, true, true);
    for (int i = 0; i < expected.size(); i++) {
      assertEquals(expected.get(i), r.get(i), "column " + i);
    }
  }
}
