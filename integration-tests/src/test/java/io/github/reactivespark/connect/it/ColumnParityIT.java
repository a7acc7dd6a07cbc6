package io.github.reactivespark.connect.it;

import static io.github.reactivespark.connect.functions.call_function;
import static io.github.reactivespark.connect.functions.col;
import static io.github.reactivespark.connect.functions.expr;
import static io.github.reactivespark.connect.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.reactivespark.connect.Column;
import io.github.reactivespark.connect.DataFrame;
import io.github.reactivespark.connect.functions;
import io.github.reactivespark.connect.Row;
import io.github.reactivespark.connect.exceptions.AnalysisException;
import io.github.reactivespark.connect.types.DataTypes;
import io.github.reactivespark.connect.types.StructType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * Column methods against the real server, in the spirit of PySpark's {@code test_connect_column.py}: every
 * expression built with the Column API is evaluated next to the same expression written in Spark SQL, in the same
 * projection, and both must give the same type and the same value on every row; a few values derivable by hand are
 * also asserted, so a wrong encoding cannot hide behind a wrong reference.
 */
class ColumnParityIT extends ServerTestBase {

  /** One Column-API expression and its SQL twin. */
  private record Case(Column api, String sql) {}

  private static final String DATA = "SELECT * FROM VALUES"
      + " (1, 2.5D, 'Apple', CAST(NULL AS INT)),"
      + " (7, -1.0D, 'banana', 3),"
      + " (CAST(NULL AS INT), CAST('NaN' AS DOUBLE), 'Banana split', 7),"
      + " (12, 0.0D, CAST(NULL AS STRING), CAST(NULL AS INT))"
      + " AS t(a, d, s, n)";

  /** Evaluates every case in one projection (api as c0.., sql as s0..) and returns the rows, ordered by a. */
  private List<Row> assertSameAsSql(DataFrame base, List<Case> cases) {
    List<Column> cols = new ArrayList<>();
    for (int i = 0; i < cases.size(); i++) {
      cols.add(cases.get(i).api().alias("c" + i));
    }
    for (int i = 0; i < cases.size(); i++) {
      cols.add(expr(cases.get(i).sql()).alias("s" + i));
    }
    DataFrame df = base.select(cols.toArray(Column[]::new));
    StructType schema = df.schema().block(TIMEOUT);
    int n = cases.size();
    for (int i = 0; i < n; i++) {
      assertEquals(schema.fields().get(n + i).dataType(), schema.fields().get(i).dataType(),
          "type of " + cases.get(i).sql());
    }
    List<Row> rows = df.collectAsList().block(TIMEOUT);
    assertEquals(base.count().block(TIMEOUT).intValue(), rows.size());
    for (Row r : rows) {
      for (int i = 0; i < n; i++) {
        assertTrue(Objects.equals(r.get(n + i), r.get(i)),
            cases.get(i).sql() + ": SQL gave " + r.get(n + i) + ", Column API gave " + r.get(i) + " in " + r);
      }
    }
    return rows;
  }

  @Test
  void arithmeticComparisonLogicAndBitwiseMatchSql() {
    Column a = col("a");
    Column n = col("n");
    List<Case> cases = List.of(
        new Case(a.plus(n), "a + n"),
        new Case(a.minus(1), "a - 1"),
        new Case(a.multiply(col("d")), "a * d"),
        new Case(a.divide(4), "a / 4"),
        new Case(a.mod(5), "a % 5"),
        new Case(a.pow(2), "power(a, 2)"),
        new Case(a.negate(), "-a"),
        new Case(a.equalTo(7), "a = 7"),
        new Case(a.eqNullSafe(n), "a <=> n"),
        new Case(n.eqNullSafe(null), "n <=> NULL"),
        new Case(a.notEqual(7), "a != 7"),
        new Case(a.gt(5), "a > 5"),
        new Case(a.geq(7), "a >= 7"),
        new Case(a.lt(7), "a < 7"),
        new Case(a.leq(1), "a <= 1"),
        new Case(a.between(2, 12), "a BETWEEN 2 AND 12"),
        new Case(a.gt(5).and(n.isNull()), "a > 5 AND n IS NULL"),
        new Case(a.gt(5).or(n.gt(0)), "a > 5 OR n > 0"),
        new Case(a.gt(5).not(), "NOT (a > 5)"),
        new Case(a.bitwiseAND(6), "a & 6"),
        new Case(a.bitwiseOR(4), "a | 4"),
        new Case(a.bitwiseXOR(5), "a ^ 5"),
        new Case(n.isNull(), "n IS NULL"),
        new Case(n.isNotNull(), "n IS NOT NULL"),
        new Case(col("d").isNaN(), "isnan(d)"),
        new Case(a.isin(1, 12), "a IN (1, 12)"),
        new Case(a.isin(List.of(7)), "a IN (7)"),
        new Case(a.isin(n, 1), "a IN (n, 1)"));
    List<Row> rows = assertSameAsSql(spark.sql(DATA), cases);
    Row seven = rows.stream().filter(r -> Objects.equals(r.get(0), 7 + 3)).findFirst().orElseThrow();
    assertEquals(6, seven.getInt(1), "7 - 1");
    assertEquals(2, seven.getInt(4), "7 % 5");
    assertEquals(49.0, seven.getDouble(5), "7 ** 2");
    assertEquals(-7, seven.getInt(6));
    assertEquals(false, seven.get(8), "7 <=> 3");
    assertEquals(6, seven.getInt(19), "7 & 6");
    assertEquals(2, seven.getInt(21), "7 ^ 5");
    Row nullA = rows.stream().filter(r -> r.isNullAt(1)).findFirst().orElseThrow();
    assertNull(nullA.get(11), "null > 5 is null");
    assertEquals(false, nullA.get(8), "null <=> 7 is false, not null");
    assertEquals(true, nullA.get(24), "isnan(NaN)");
  }

  @Test
  void stringPredicatesSubstrCastsAndCaseWhenMatchSql() {
    Column s = col("s");
    Column a = col("a");
    List<Case> cases = List.of(
        new Case(s.like("%an%"), "s LIKE '%an%'"),
        new Case(s.ilike("b%"), "s ILIKE 'b%'"),
        new Case(s.rlike("^[A-Z]"), "s RLIKE '^[A-Z]'"),
        new Case(s.contains("an"), "contains(s, 'an')"),
        new Case(s.startsWith("Ba"), "startswith(s, 'Ba')"),
        new Case(s.endswith("a"), "endswith(s, 'a')"),
        new Case(s.substr(2, 3), "substr(s, 2, 3)"),
        new Case(s.substr(a, lit(2)), "substr(s, a, 2)"),
        new Case(a.cast(DataTypes.StringType), "CAST(a AS STRING)"),
        new Case(a.cast(DataTypes.createDecimalType(10, 2)), "CAST(a AS DECIMAL(10,2))"),
        new Case(a.astype("bigint"), "CAST(a AS BIGINT)"),
        new Case(s.try_cast("int"), "try_cast(s AS INT)"),
        new Case(col("d").try_cast(DataTypes.IntegerType), "try_cast(d AS INT)"),
        new Case(functions.when(a.gt(10), "big").when(a.gt(5), "mid").otherwise("small"),
            "CASE WHEN a > 10 THEN 'big' WHEN a > 5 THEN 'mid' ELSE 'small' END"),
        new Case(functions.when(a.equalTo(1), true), "CASE WHEN a = 1 THEN true END"));
    List<Row> rows = assertSameAsSql(spark.sql(DATA), cases);
    Row banana = rows.stream().filter(r -> "ana".equals(r.get(6))).findFirst().orElseThrow();
    assertEquals(true, banana.get(0), "banana LIKE %an%");
    assertEquals(true, banana.get(1), "banana ILIKE b%");
    assertEquals(false, banana.get(2), "banana does not start with a capital");
    assertEquals("mid", banana.get(13));
    assertEquals("", banana.get(7), "substr('banana', 7, 2): position 7 is past the end");
  }

  @Test
  void nestedDataAccessAndUpdateMatchSql() {
    DataFrame base = spark.sql("SELECT named_struct('x', 1, 'y', named_struct('z', 'q')) AS st,"
        + " array(10, 20, 30) AS arr, map('k', 5, 'j', 6) AS m");
    Column st = col("st");
    List<Case> cases = List.of(
        new Case(col("arr").getItem(1), "arr[1]"),
        new Case(col("m").getItem("k"), "m['k']"),
        new Case(col("m").apply("nope"), "m['nope']"),
        new Case(st.getField("x"), "st.x"),
        new Case(st.apply("y").getField("z"), "st.y.z"),
        new Case(call_function("to_json", st.withField("w", lit(9))),
            "to_json(named_struct('x', st.x, 'y', st.y, 'w', 9))"),
        new Case(call_function("to_json", st.withField("y.z", lit("new"))),
            "to_json(named_struct('x', st.x, 'y', named_struct('z', 'new')))"),
        new Case(call_function("to_json", st.dropFields("x")), "to_json(named_struct('y', st.y))"));
    Row r = assertSameAsSql(base, cases).get(0);
    assertEquals(20, r.getInt(0));
    assertEquals(5, r.getInt(1));
    assertNull(r.get(2));
    assertEquals("q", r.get(4));
    assertEquals("{\"x\":1,\"y\":{\"z\":\"q\"},\"w\":9}", r.get(5));
    assertEquals("{\"x\":1,\"y\":{\"z\":\"new\"}}", r.get(6));
    assertEquals("{\"y\":{\"z\":\"q\"}}", r.get(7));
  }

  @Test
  void sortOrdersPlaceNullsAsAsked() {
    DataFrame df = spark.sql("SELECT * FROM VALUES (1), (CAST(NULL AS INT)), (3) AS t(v)");
    assertEquals(Arrays.asList(null, 1, 3), values(df.orderBy(col("v").asc())));
    assertEquals(Arrays.asList(null, 1, 3), values(df.orderBy(col("v").asc_nulls_first())));
    assertEquals(Arrays.asList(1, 3, null), values(df.orderBy(col("v").asc_nulls_last())));
    assertEquals(Arrays.asList(3, 1, null), values(df.orderBy(col("v").desc())));
    assertEquals(Arrays.asList(null, 3, 1), values(df.orderBy(col("v").desc_nulls_first())));
    assertEquals(Arrays.asList(3, 1, null), values(df.orderBy(col("v").desc_nulls_last())));
  }

  private List<Object> values(DataFrame df) {
    return df.collectAsList().block(TIMEOUT).stream().map(r -> r.get(0)).toList();
  }

  @Test
  void aliasWithMetadataAndSeveralNames() {
    DataFrame df = spark.sql("SELECT array(10, 20) AS arr, 5 AS v")
        .select(col("v").alias("minutes", "{\"comment\":\"delay in minutes\"}"),
            call_function("posexplode", col("arr")).as(List.of("pos", "elem")));
    StructType schema = df.schema().block(TIMEOUT);
    assertEquals(List.of("minutes", "pos", "elem"), Arrays.asList(schema.fieldNames()));
    assertTrue(schema.fields().get(0).metadata().contains("\"comment\":\"delay in minutes\""),
        schema.fields().get(0).metadata());
    List<Row> rows = df.orderBy("pos").collectAsList().block(TIMEOUT);
    assertEquals(List.of(5, 0, 10), rows.get(0).toList());
    assertEquals(List.of(5, 1, 20), rows.get(1).toList());
  }

  @Test
  void analysisErrorsComeFromTheServer() {
    DataFrame bad = spark.sql(DATA).select(col("a").withField("x", lit(1)));
    AnalysisException e = assertThrows(AnalysisException.class, () -> bad.collectAsList().block(TIMEOUT));
    assertTrue(e.errorClass().startsWith("DATATYPE_MISMATCH"), e.errorClass());
  }
}
