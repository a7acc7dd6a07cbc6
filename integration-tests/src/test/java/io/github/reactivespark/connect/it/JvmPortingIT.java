package io.github.reactivespark.connect.it;

import static io.github.reactivespark.connect.functions.any;
import static io.github.reactivespark.connect.functions.array;
import static io.github.reactivespark.connect.functions.atan2;
import static io.github.reactivespark.connect.functions.broadcast;
import static io.github.reactivespark.connect.functions.callUDF;
import static io.github.reactivespark.connect.functions.col;
import static io.github.reactivespark.connect.functions.countDistinct;
import static io.github.reactivespark.connect.functions.count_distinct;
import static io.github.reactivespark.connect.functions.expr;
import static io.github.reactivespark.connect.functions.from_csv;
import static io.github.reactivespark.connect.functions.from_json;
import static io.github.reactivespark.connect.functions.from_xml;
import static io.github.reactivespark.connect.functions.grouping_id;
import static io.github.reactivespark.connect.functions.hypot;
import static io.github.reactivespark.connect.functions.lag;
import static io.github.reactivespark.connect.functions.lead;
import static io.github.reactivespark.connect.functions.len;
import static io.github.reactivespark.connect.functions.lit;
import static io.github.reactivespark.connect.functions.ltrim;
import static io.github.reactivespark.connect.functions.map;
import static io.github.reactivespark.connect.functions.monotonicallyIncreasingId;
import static io.github.reactivespark.connect.functions.next_day;
import static io.github.reactivespark.connect.functions.not;
import static io.github.reactivespark.connect.functions.pow;
import static io.github.reactivespark.connect.functions.printf;
import static io.github.reactivespark.connect.functions.rand;
import static io.github.reactivespark.connect.functions.random;
import static io.github.reactivespark.connect.functions.rtrim;
import static io.github.reactivespark.connect.functions.schema_of_csv;
import static io.github.reactivespark.connect.functions.schema_of_json;
import static io.github.reactivespark.connect.functions.schema_of_xml;
import static io.github.reactivespark.connect.functions.spark_partition_id;
import static io.github.reactivespark.connect.functions.struct;
import static io.github.reactivespark.connect.functions.to_csv;
import static io.github.reactivespark.connect.functions.to_json;
import static io.github.reactivespark.connect.functions.to_xml;
import static io.github.reactivespark.connect.functions.trim;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.reactivespark.connect.Column;
import io.github.reactivespark.connect.DataFrame;
import io.github.reactivespark.connect.Row;
import io.github.reactivespark.connect.Window;
import io.github.reactivespark.connect.exceptions.AnalysisException;
import io.github.reactivespark.connect.samples.VegaDatasets;
import io.github.reactivespark.connect.types.DataTypes;
import io.github.reactivespark.connect.types.StructType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The fixes found by porting Spark Java programs (issue 15), each on the real server and each compared with the SQL
 * form of the same expression: empty option maps of the JSON/CSV/XML functions, {@code groupBy(...).avg()} and
 * friends without column names on real flights, {@code array()} and {@code grouping_id()} without arguments, and
 * the overloads and names of Spark's Java {@code functions} added for parity (PARITY-JVM.md).
 */
class JvmPortingIT extends ServerTestBase {

  private static Path flights;

  @BeforeAll
  static void data() {
    flights = VegaDatasets.fromSystemProperties().flights3m();
  }

  /** Each pair (Java column, SQL text) evaluated in one query over {@code base}; both must be equal on every row. */
  private void sameAsSql(DataFrame base, Object... pairs) {
    List<Column> cols = new ArrayList<>();
    for (int i = 0; i < pairs.length; i += 2) {
      cols.add(((Column) pairs[i]).alias("j" + i));
      cols.add(expr((String) pairs[i + 1]).alias("s" + i));
    }
    List<Row> rows = base.select(cols.toArray(Column[]::new)).collectAsList().block(TIMEOUT);
    assertTrue(!rows.isEmpty(), "no rows");
    for (Row r : rows) {
      for (int i = 0; i < cols.size(); i += 2) {
        assertTrue(FunctionsIT.deepEquals(r.get(i), r.get(i + 1)),
            pairs[i + 1] + ": Java " + r.get(i) + " but SQL " + r.get(i + 1));
      }
    }
  }

  private DataFrame one() {
    return spark.range(1);
  }

  @Test
  void emptyOptionMapsSendNoOptions() {
    Map<String, String> none = Map.of();
    Column point = struct(lit(1).alias("a"), lit("x").alias("b"));
    sameAsSql(one(),
        from_json(lit("{\"a\":1}"), "a INT", none), "from_json('{\"a\":1}', 'a INT')",
        to_json(point, none), "to_json(named_struct('a', 1, 'b', 'x'))",
        schema_of_json(lit("[{\"col\":0}]"), none), "schema_of_json('[{\"col\":0}]')",
        from_csv(lit("1,abc"), lit("a INT, b STRING"), none), "from_csv('1,abc', 'a INT, b STRING')",
        to_csv(point, none), "to_csv(named_struct('a', 1, 'b', 'x'))",
        schema_of_csv(lit("1,abc"), none), "schema_of_csv('1,abc')",
        from_xml(lit("<p><a>1</a></p>"), "a INT", none), "from_xml('<p><a>1</a></p>', 'a INT')",
        to_xml(point, none), "to_xml(named_struct('a', 1, 'b', 'x'))",
        schema_of_xml(lit("<p><a>1</a></p>"), none), "schema_of_xml('<p><a>1</a></p>')");
    // options still travel when there are some, and the DataType schema overloads mean the same as the string ones
    StructType ab = new StructType(List.of()).add("a", DataTypes.IntegerType).add("b", DataTypes.StringType);
    sameAsSql(one(),
        from_csv(lit("1;abc"), ab, Map.of("sep", ";")), "from_csv('1;abc', 'a INT, b STRING', map('sep', ';'))",
        from_json(lit("{\"a\":1,\"b\":\"x\"}"), ab), "from_json('{\"a\":1,\"b\":\"x\"}', 'a INT, b STRING')",
        to_json(point, Map.of("ignoreNullFields", "false")),
        "to_json(named_struct('a', 1, 'b', 'x'), map('ignoreNullFields', 'false'))");
    Row parsed = one().select(from_json(lit("{\"a\":7}"), "a INT", none)).first().block(TIMEOUT);
    assertEquals(7, parsed.getStruct(0).get(0));
  }

  @Test
  void noNameAggregatesTakeEveryNumericColumnOfRealFlights() {
    DataFrame df = spark.read().parquet(flights.toString());
    DataFrame avgAll = df.groupBy("origin").avg();
    StructType schema = avgAll.schema().block(TIMEOUT);
    assertEquals(List.of("origin", "avg(delay)", "avg(distance)"), List.of(schema.fieldNames()));
    List<List<Object>> all = sorted(avgAll.collectAsList().block(TIMEOUT));
    assertEquals(229, all.size());
    assertEquals(all, sorted(df.groupBy("origin").avg("delay", "distance").collectAsList().block(TIMEOUT)));
    String table = "parquet.`" + flights + "`";
    assertEquals(all, sorted(spark.sql("SELECT origin, avg(delay), avg(distance) FROM " + table + " GROUP BY origin")
        .collectAsList().block(TIMEOUT)));

    DataFrame pnw = df.filter(col("origin").isin("SEA", "PDX", "BOI"));
    for (String fn : List.of("sum", "min", "max", "mean")) {
      DataFrame none = switch (fn) {
        case "sum" -> pnw.groupBy("origin").sum();
        case "min" -> pnw.groupBy("origin").min();
        case "max" -> pnw.groupBy("origin").max();
        default -> pnw.groupBy("origin").mean();
      };
      DataFrame named = switch (fn) {
        case "sum" -> pnw.groupBy("origin").sum("delay", "distance");
        case "min" -> pnw.groupBy("origin").min("delay", "distance");
        case "max" -> pnw.groupBy("origin").max("delay", "distance");
        default -> pnw.groupBy("origin").mean("delay", "distance");
      };
      List<List<Object>> got = sorted(none.collectAsList().block(TIMEOUT));
      assertEquals(3, got.size(), fn);
      assertEquals(sorted(named.collectAsList().block(TIMEOUT)), got, fn);
    }
    // the placeholder resolves inside a bigger plan too, and under the same plan id (df.col works on it)
    DataFrame maxAll = pnw.groupBy("origin").max();
    Row top = maxAll.orderBy(maxAll.col("max(delay)").desc()).limit(1).first().block(TIMEOUT);
    Row sqlTop = spark.sql("SELECT origin, max(delay), max(distance) FROM " + table
        + " WHERE origin IN ('SEA', 'PDX', 'BOI') GROUP BY origin ORDER BY 2 DESC LIMIT 1").first().block(TIMEOUT);
    assertEquals(sqlTop.toList(), top.toList());
    // grouping columns count when numeric, as in PySpark and classic Spark
    List<Row> byDistance = spark.range(6).withColumn("k", col("id").mod(2)).groupBy("k").sum()
        .orderBy("k").collectAsList().block(TIMEOUT);
    assertEquals(List.of("k", "sum(id)", "sum(k)"), List.of(spark.range(6).withColumn("k", col("id").mod(2))
        .groupBy("k").sum().schema().block(TIMEOUT).fieldNames()));
    assertEquals(6L, byDistance.get(0).getLong(1) + 0L); // 0 + 2 + 4
    // an input that does not analyse fails the action with the server's error
    assertThrows(AnalysisException.class, () -> spark.range(3).groupBy("nope").avg().collectAsList().block(TIMEOUT));
  }

  /** Row values (not schemas: nullability may differ between the DataFrame and the SQL plan), by first column. */
  private static List<List<Object>> sorted(List<Row> rows) {
    List<List<Object>> out = new ArrayList<>(values(rows));
    out.sort(Comparator.comparing(r -> String.valueOf(r.get(0))));
    return out;
  }

  private static List<List<Object>> values(List<Row> rows) {
    return rows.stream().map(Row::toList).toList();
  }

  @Test
  void arrayAndGroupingIdWithoutArguments() {
    sameAsSql(one(), array(), "array()", functions_size(array()), "size(array())");
    DataFrame t = spark.sql("SELECT * FROM VALUES ('a', 1), ('a', 2), ('b', 3) AS t(k, v)");
    List<Row> java = t.cube("k").agg(grouping_id().alias("g"), functions_sum(col("v")).alias("s"))
        .orderBy(col("k").asc_nulls_last()).collectAsList().block(TIMEOUT);
    List<Row> sql = spark.sql("SELECT k, grouping_id() AS g, sum(v) AS s FROM VALUES ('a', 1), ('a', 2), ('b', 3) "
        + "AS t(k, v) GROUP BY CUBE(k) ORDER BY k ASC NULLS LAST").collectAsList().block(TIMEOUT);
    assertEquals(values(sql), values(java));
    assertEquals(3, java.size());
    assertEquals(1L, java.get(2).getLong(1)); // the grand total row
  }

  private static Column functions_size(Column c) {
    return io.github.reactivespark.connect.functions.size(c);
  }

  private static Column functions_sum(Column c) {
    return io.github.reactivespark.connect.functions.sum(c);
  }

  @Test
  void sparkJavaNamesAndOverloadsMatchTheirSql() {
    DataFrame t = spark.sql("SELECT * FROM VALUES ('xxaxx', 'x', 3.0D, 4.0D, DATE'2015-01-14', 'TU'), "
        + "('--b-', '-', 5.0D, 12.0D, DATE'2024-02-29', 'MON') AS t(s, c, x, y, d, dow)");
    sameAsSql(t,
        not(col("x").gt(3)), "NOT (x > 3)",
        map(lit("k"), col("x")), "map('k', x)",
        len(col("s")), "len(s)",
        trim(col("s"), "x-"), "trim(BOTH 'x-' FROM s)",
        ltrim(col("s"), "x-"), "trim(LEADING 'x-' FROM s)",
        rtrim(col("s"), "x-"), "trim(TRAILING 'x-' FROM s)",
        trim("s", "c"), "trim(BOTH c FROM s)",
        atan2(col("y"), "x"), "atan2(y, x)",
        atan2("y", col("x")), "atan2(y, x)",
        hypot(col("x"), "y"), "hypot(x, y)",
        pow("x", col("y")), "power(x, y)",
        next_day(col("d"), col("dow")), "next_day(d, dow)",
        printf(lit("%s=%s"), col("s"), col("x")), "printf('%s=%s', s, x)",
        callUDF("upper", col("s")), "upper(s)");
    sameAsSql(spark.range(3).repartition(1),
        random(lit(42L)), "random(42)",
        rand(lit(7L)), "rand(7)");
    // aggregates
    Row agg = t.agg(any(col("x").gt(4)), countDistinct("s", "c"), count_distinct(col("c"))).first().block(TIMEOUT);
    Row aggSql = spark.sql("SELECT any(x > 4), count(DISTINCT s, c), count(DISTINCT c) FROM VALUES ('xxaxx', 'x', 3.0D),"
        + " ('--b-', '-', 5.0D) AS t(s, c, x)").first().block(TIMEOUT);
    assertEquals(aggSql.toList(), agg.toList());
    assertEquals(true, agg.get(0));
    // lag/lead with ignoreNulls over a window
    DataFrame w = spark.sql("SELECT * FROM VALUES (1, 10), (2, NULL), (3, 30), (4, NULL), (5, 50) AS t(id, v)");
    List<Row> javaLag = w.select(col("id"), lag(col("v"), 1, -1, true).over(Window.orderBy("id")).alias("l"),
        lead(col("v"), 1, -1, true).over(Window.orderBy("id")).alias("r")).orderBy("id").collectAsList().block(TIMEOUT);
    List<Row> sqlLag = spark.sql("SELECT id, lag(v, 1, -1) IGNORE NULLS OVER (ORDER BY id) AS l, "
        + "lead(v, 1, -1) IGNORE NULLS OVER (ORDER BY id) AS r FROM VALUES (1, 10), (2, NULL), (3, 30), (4, NULL), "
        + "(5, 50) AS t(id, v) ORDER BY id").collectAsList().block(TIMEOUT);
    assertEquals(values(sqlLag), values(javaLag));
    assertEquals(10, javaLag.get(2).get(1)); // row 3: the last non-null before it is 10
    // monotonicallyIncreasingId: nondeterministic across partitionings; distinct ids per row here
    List<Row> ids = spark.range(5).select(monotonicallyIncreasingId()).collectAsList().block(TIMEOUT);
    assertEquals(5, ids.stream().map(r -> r.getLong(0)).distinct().count());
  }

  @Test
  void broadcastMarksTheJoinSide() {
    DataFrame small = spark.sql("SELECT * FROM VALUES ('SEA', 'Seattle'), ('PDX', 'Portland') AS t(code, city)");
    DataFrame big = spark.range(1000).selectExpr("CASE WHEN id % 2 = 0 THEN 'SEA' ELSE 'PDX' END AS code", "id");
    DataFrame joined = big.join(broadcast(small), "code");
    assertEquals(1000L, joined.count().block(TIMEOUT));
    String plan = joined.explain("extended").block(TIMEOUT);
    assertTrue(plan.contains("broadcast"), plan);
    assertNotNull(plan);
  }

  /**
   * {@code repartitionById} (Spark 4.1): each row lands in the partition its expression names, with no hashing, as
   * {@code spark_partition_id()} shows; values outside the range wrap around by {@code pmod}; a {@code bigint}
   * expression is refused with the analyzer's error (Spark's own client sends the same plan).
   */
  @Test
  void repartitionByIdPutsEachRowInThePartitionItNames() {
    List<Row> rows = spark.range(-20, 980, 1, 3).repartitionById(7, col("id").cast("int"))
        .select(col("id"), spark_partition_id().alias("p")).collectAsList().block(TIMEOUT);
    assertEquals(1000, rows.size());
    for (Row r : rows) {
      assertEquals(Math.floorMod(r.getLong(0), 7), r.getInt(1), r::toString);
    }
    assertEquals(7L, rows.stream().map(r -> r.getInt(1)).distinct().count());
    AnalysisException notInt = assertThrows(AnalysisException.class,
        () -> spark.range(10).repartitionById(3, col("id")).count().block(TIMEOUT));
    assertTrue(notInt.getMessage().contains("direct_shuffle_partition_id"), notInt::getMessage);
    assertThrows(IllegalArgumentException.class, () -> spark.range(10).repartitionById(0, col("id")));
  }
}
