package io.github.reactivespark.connect.it;

import static io.github.reactivespark.connect.functions.call_function;
import static io.github.reactivespark.connect.functions.col;
import static io.github.reactivespark.connect.functions.expr;
import static io.github.reactivespark.connect.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.reactivespark.connect.Column;
import io.github.reactivespark.connect.DataFrame;
import io.github.reactivespark.connect.Row;
import io.github.reactivespark.connect.exceptions.AnalysisException;
import io.github.reactivespark.connect.samples.VegaDatasets;
import io.github.reactivespark.connect.types.DataTypes;
import io.github.reactivespark.connect.types.StructType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The relations of {@code relations.proto} reachable from the DataFrame API without user code, each checked for
 * its values against the server (often against the server's own SQL for the same thing), after PySpark's
 * {@code test_connect_dataframe*} / {@code test_parity_dataframe} suites.
 */
class DataFrameParityIT extends ServerTestBase {

  private static Path airports;

  @BeforeAll
  static void data() {
    airports = VegaDatasets.fromSystemProperties().airports();
  }

  private static List<Object> column(List<Row> rows, int i) {
    List<Object> out = new ArrayList<>();
    rows.forEach(r -> out.add(r.get(i)));
    return out;
  }

  private static Column partitionId() {
    return call_function("spark_partition_id").alias("pid");
  }

  @Test
  void tailHeadOffsetIsEmptyColumnsAndDtypes() {
    DataFrame df = spark.range(10).selectExpr("id", "cast(id AS string) AS s", "id * 1.5D AS d");
    assertEquals(List.of(7L, 8L, 9L), column(df.tail(3).block(TIMEOUT), 0));
    assertEquals(List.of(), df.tail(0).block(TIMEOUT));
    assertEquals(0L, df.head().block(TIMEOUT).getLong(0));
    assertEquals(List.of(5L, 6L), column(df.offset(5).limit(2).collectAsList().block(TIMEOUT), 0));
    assertFalse(df.isEmpty().block(TIMEOUT));
    assertTrue(df.filter(col("id").gt(100)).isEmpty().block(TIMEOUT));
    assertEquals(List.of("id", "s", "d"), df.columns().block(TIMEOUT));
    assertEquals(List.of(Map.entry("id", "bigint"), Map.entry("s", "string"), Map.entry("d", "double")),
        df.dtypes().block(TIMEOUT));
    assertThrows(IllegalArgumentException.class, () -> df.tail(-1));
    assertEquals(2L, df.transform(d -> d.filter(col("id").lt(2))).count().block(TIMEOUT));
    String html = df.htmlString(2, 20).block(TIMEOUT);
    assertTrue(html.contains("<th>id</th>") && html.contains("<td>1</td>") && !html.contains("<td>2</td>"), html);
    assertTrue(df.showString(1, 20, true).block(TIMEOUT).contains("-RECORD 0-"));
  }

  @Test
  void withColumnsRenamedToJsonColRegexAndMetadataColumn() {
    Map<String, Column> add = new LinkedHashMap<>();
    add.put("twice", col("id").multiply(2));
    add.put("label", expr("concat('n', id)"));
    Map<String, String> rename = new LinkedHashMap<>();
    rename.put("id", "n");
    rename.put("label", "name");
    DataFrame df = spark.range(3).withColumns(add).withColumnsRenamed(rename);
    assertEquals(List.of("n", "twice", "name"), df.columns().block(TIMEOUT));
    assertEquals(List.of(4L, "n2"), List.of(df.tail(1).block(TIMEOUT).get(0).get(1),
        df.tail(1).block(TIMEOUT).get(0).get(2)));

    List<Row> json = df.toJSON().collectAsList().block(TIMEOUT);
    assertEquals(List.of("value"), df.toJSON().columns().block(TIMEOUT));
    assertEquals("{\"n\":1,\"twice\":2,\"name\":\"n1\"}", json.get(1).getString(0));

    String twiceMeta = df.withMetadata("twice", "{\"comment\":\"id times two\"}").schema().block(TIMEOUT)
        .field("twice").metadata();
    assertTrue(twiceMeta.contains("\"comment\":\"id times two\""), twiceMeta);

    DataFrame wide = spark.sql("SELECT 1 AS delay_dep, 2 AS delay_arr, 3 AS origin");
    assertEquals(List.of("delay_dep", "delay_arr"), wide.select(wide.colRegex("`delay_.*`")).columns().block(TIMEOUT));

    DataFrame csv = spark.read().option("header", true).csv(airports.toString());
    Row meta = csv.select(csv.metadataColumn("_metadata")).first().block(TIMEOUT).getStruct(0);
    assertEquals("airports.csv", meta.get("file_name"));
  }

  @Test
  void setOperationsWithAndWithoutDuplicates() {
    DataFrame a = spark.sql("SELECT * FROM VALUES (1), (1), (1), (2), (3) AS t(x)");
    DataFrame b = spark.sql("SELECT * FROM VALUES (1), (3), (3), (4) AS t(x)");
    assertEquals(List.of(1, 1, 2), sortedInts(a.exceptAll(b)));
    assertEquals(List.of(2), sortedInts(a.except(b)));
    assertEquals(List.of(2), sortedInts(a.subtract(b)));
    assertEquals(List.of(1, 3), sortedInts(a.intersect(b)));
    assertEquals(List.of(1, 3), sortedInts(a.intersectAll(b)));
    DataFrame c = spark.sql("SELECT * FROM VALUES (1), (1), (5) AS t(x)");
    assertEquals(List.of(1, 1), sortedInts(a.intersectAll(c)));
    assertEquals(sortedInts(spark.sql("SELECT * FROM VALUES (1), (1), (1), (2), (3) AS t(x) EXCEPT ALL"
        + " SELECT * FROM VALUES (1), (3), (3), (4) AS t(x)")), sortedInts(a.exceptAll(b)));
  }

  private static List<Integer> sortedInts(DataFrame df) {
    return df.collectAsList().block(TIMEOUT).stream().map(r -> r.getInt(0)).sorted().toList();
  }

  @Test
  void tempAndGlobalTempViews() {
    String local = "df_it_view_" + UUID.randomUUID().toString().replace('-', '_');
    String global = "df_it_gview_" + UUID.randomUUID().toString().replace('-', '_');
    DataFrame five = spark.range(5);
    try {
      five.createTempView(local).block(TIMEOUT);
      assertEquals(5L, spark.table(local).count().block(TIMEOUT));
      Throwable dup = assertThrows(Throwable.class, () -> five.createTempView(local).block(TIMEOUT));
      assertEquals("TEMP_TABLE_OR_VIEW_ALREADY_EXISTS", assertInstanceOf(AnalysisException.class, dup).errorClass());
      spark.range(7).createOrReplaceTempView(local).block(TIMEOUT);
      assertEquals(7L, spark.sql("SELECT count(*) FROM " + local).first().block(TIMEOUT).getLong(0));

      five.createGlobalTempView(global).block(TIMEOUT);
      assertEquals(10L, spark.sql("SELECT sum(id) FROM global_temp." + global).first().block(TIMEOUT).getLong(0));
      Throwable gdup = assertThrows(Throwable.class, () -> five.createGlobalTempView(global).block(TIMEOUT));
      assertEquals("TEMP_TABLE_OR_VIEW_ALREADY_EXISTS", assertInstanceOf(AnalysisException.class, gdup).errorClass());
      spark.range(3).createOrReplaceGlobalTempView(global).block(TIMEOUT);
      assertEquals(3L, spark.table("global_temp." + global).count().block(TIMEOUT));
    } finally {
      spark.sql("DROP VIEW IF EXISTS " + local).collectAsList().block(TIMEOUT);
      spark.sql("DROP VIEW IF EXISTS global_temp." + global).collectAsList().block(TIMEOUT);
    }
  }

  @Test
  void hintToSchemaAndPartitioning() {
    DataFrame big = spark.range(100_000).selectExpr("id", "id % 10 AS k");
    DataFrame small = spark.range(10).selectExpr("id AS k", "concat('v', id) AS v");
    spark.conf().set("spark.sql.autoBroadcastJoinThreshold", "-1").block(TIMEOUT);
    String plain = big.join(small, "k").explain().block(TIMEOUT);
    assertFalse(plain.contains("BroadcastHashJoin"), plain);
    String hinted = big.join(small.hint("broadcast"), "k").explain().block(TIMEOUT);
    assertTrue(hinted.contains("BroadcastHashJoin"), hinted);
    assertTrue(spark.range(10).hint("repartition", 3).explain().block(TIMEOUT).contains("RoundRobinPartitioning(3)"));

    StructType target = new StructType(List.of()).add("a", DataTypes.StringType).add("b", DataTypes.LongType);
    DataFrame reconciled = spark.sql("SELECT 7 AS b, 'x' AS a").to(target);
    StructType got = reconciled.schema().block(TIMEOUT);
    assertEquals(List.of("a", "b"), List.of(got.fieldNames()), "reordered by name");
    assertEquals(DataTypes.LongType, got.fields().get(1).dataType(), "int up-cast to bigint");
    Row r = reconciled.first().block(TIMEOUT);
    assertEquals("x", r.getString(0));
    assertEquals(7L, r.getLong(1));

    assertEquals(5L, spark.range(100).repartition(5).select(partitionId()).distinct().count().block(TIMEOUT));
    assertEquals(2L, spark.range(100).repartition(5).coalesce(2).select(partitionId()).distinct().count()
        .block(TIMEOUT));
    // hash partitioning by k: each k lands in exactly one partition
    List<Row> byK = big.repartition(3, col("k")).select(col("k"), partitionId()).distinct().collectAsList()
        .block(TIMEOUT);
    assertEquals(10, byK.size());
    assertEquals(10, byK.stream().map(x -> x.get(0)).collect(Collectors.toSet()).size());
    // range partitioning by id: partitions hold consecutive, non-overlapping ranges
    List<Row> ranges = spark.range(1000).repartitionByRange(4, col("id"))
        .select(partitionId(), col("id")).groupBy("pid").agg(expr("min(id)"), expr("max(id)")).orderBy("pid")
        .collectAsList().block(TIMEOUT);
    assertEquals(4, ranges.size());
    for (int i = 1; i < ranges.size(); i++) {
      assertEquals(ranges.get(i - 1).getLong(2) + 1, ranges.get(i).getLong(1), ranges.toString());
    }
    // sortWithinPartitions: descending inside each partition, not globally
    List<Row> sorted = spark.range(0, 40, 1, 4).sortWithinPartitions(col("id").desc())
        .select(partitionId(), col("id")).collectAsList().block(TIMEOUT);
    Map<Integer, List<Long>> perPartition = new TreeMap<>();
    sorted.forEach(x -> perPartition.computeIfAbsent(x.getInt(0), p -> new ArrayList<>()).add(x.getLong(1)));
    assertEquals(4, perPartition.size());
    perPartition.values().forEach(ids -> {
      List<Long> desc = new ArrayList<>(ids);
      desc.sort((p, q) -> Long.compare(q, p));
      assertEquals(desc, ids);
    });
    assertEquals(List.of(9L, 8L), perPartition.get(0).subList(0, 2));
  }

  @Test
  void sampleAndRandomSplit() {
    DataFrame df = spark.range(10_000);
    long n = df.sample(0.1, 42).count().block(TIMEOUT);
    assertTrue(n > 800 && n < 1200, "about 10% of 10000: " + n);
    assertEquals(df.sample(0.1, 42).collectAsList().block(TIMEOUT), df.sample(false, 0.1, 42).collectAsList()
        .block(TIMEOUT), "same seed, same rows");
    long withReplacement = df.sample(true, 2.0, 7).count().block(TIMEOUT);
    assertTrue(withReplacement > 19_000 && withReplacement < 21_000, "Poisson(2) per row: " + withReplacement);
    assertThrows(IllegalArgumentException.class, () -> df.sample(1.5));

    List<DataFrame> parts = df.randomSplit(new double[] {1, 2, 7}, 11);
    assertEquals(3, parts.size());
    Set<Long> seen = new HashSet<>();
    long total = 0;
    long[] sizes = new long[3];
    for (int i = 0; i < 3; i++) {
      List<Row> rows = parts.get(i).collectAsList().block(TIMEOUT);
      sizes[i] = rows.size();
      total += rows.size();
      rows.forEach(x -> seen.add(x.getLong(0)));
    }
    assertEquals(10_000, total, "the splits cover every row once");
    assertEquals(10_000, seen.size(), "and are disjoint");
    assertTrue(sizes[0] > 800 && sizes[0] < 1200 && sizes[2] > 6600 && sizes[2] < 7400,
        java.util.Arrays.toString(sizes));
  }

  @Test
  void unpivotMeltAndTranspose() {
    DataFrame wide = spark.sql("SELECT * FROM VALUES (1, 10, 20), (2, 30, 40) AS t(id, a, b)");
    DataFrame longForm = wide.unpivot(new Column[] {col("id")}, new Column[] {col("a"), col("b")}, "var", "val");
    assertEquals(List.of("id", "var", "val"), longForm.columns().block(TIMEOUT));
    List<Row> got = longForm.orderBy("id", "var").collectAsList().block(TIMEOUT);
    List<Row> sql = spark.sql("SELECT * FROM VALUES (1, 10, 20), (2, 30, 40) AS t(id, a, b)"
        + " UNPIVOT (val FOR var IN (a, b)) ORDER BY id, var").select("id", "var", "val").collectAsList()
        .block(TIMEOUT);
    assertEquals(sql, got);
    assertEquals(List.of(10, 20, 30, 40), column(got, 2));
    assertEquals(got, wide.melt(new Column[] {col("id")}, "var", "val").orderBy("id", "var").collectAsList()
        .block(TIMEOUT), "values default to every non-id column");

    DataFrame kv = spark.sql("SELECT * FROM VALUES ('x', 1, 2), ('y', 3, 4) AS t(key, a, b)");
    DataFrame t = kv.transpose();
    assertEquals(List.of("key", "x", "y"), t.columns().block(TIMEOUT));
    List<Row> rows = t.orderBy("key").collectAsList().block(TIMEOUT);
    assertEquals(List.of("a", 1, 3), rows.get(0).toList());
    assertEquals(List.of("b", 2, 4), rows.get(1).toList());
    DataFrame byA = spark.sql("SELECT * FROM VALUES (1, 5, 6), (3, 7, 8) AS t(a, b, c)").transpose(col("a"));
    assertEquals(List.of("key", "1", "3"), byA.columns().block(TIMEOUT));
    assertEquals(List.of("c", 6, 8), byA.orderBy("key").collectAsList().block(TIMEOUT).get(1).toList());
  }

  @Test
  void asOfAndLateralJoins() {
    DataFrame left = spark.sql("SELECT * FROM VALUES (1, 'a'), (5, 'b'), (10, 'c') AS l(t, x)");
    DataFrame right = spark.sql("SELECT * FROM VALUES (2, 'p'), (4, 'q'), (7, 'r') AS r(t2, y)");
    assertEquals(Map.of(5, "q", 10, "r"), asOf(left, right, "backward", "inner"));
    assertEquals(Map.of(1, "p", 5, "r"), asOf(left, right, "forward", "inner"));
    assertEquals(Map.of(1, "p", 5, "q", 10, "r"), asOf(left, right, "nearest", "inner"));
    Map<Integer, String> leftJoin = asOf(left, right, "backward", "left");
    assertEquals(3, leftJoin.size());
    assertEquals(null, leftJoin.get(1));
    List<Row> tolerant = left.joinAsOf(right, left.col("t"), right.col("t2"), null, List.of(), "inner", lit(1), true,
        "backward").collectAsList().block(TIMEOUT);
    assertEquals(List.of(5), column(tolerant, 0), "only 5 has a right value within distance 1 before it");
    assertThrows(IllegalArgumentException.class, () -> left.joinAsOf(right, left.col("t"), right.col("t2"), null,
        List.of(), "inner", null, true, "sideways"));

    DataFrame three = spark.range(3);
    DataFrame two = spark.range(10, 12).withColumnRenamed("id", "j");
    assertEquals(6L, three.lateralJoin(two).count().block(TIMEOUT));
    List<Row> on = three.lateralJoin(two, col("id").plus(10).equalTo(col("j"))).orderBy("id")
        .collectAsList().block(TIMEOUT);
    assertEquals(List.of(0L, 1L), column(on, 0));
    assertEquals(List.of(10L, 11L), column(on, 1));
    assertEquals(3L, three.lateralJoin(two, col("id").plus(10).equalTo(col("j")), "left").count()
        .block(TIMEOUT));
    assertThrows(IllegalArgumentException.class, () -> three.lateralJoin(two, null, "right"));
  }

  private static Map<Integer, String> asOf(DataFrame left, DataFrame right, String direction, String how) {
    Map<Integer, String> m = new LinkedHashMap<>();
    left.joinAsOf(right, left.col("t"), right.col("t2"), null, List.of(), how, null, true, direction)
        .collectAsList().block(TIMEOUT).forEach(r -> m.put(r.getInt(0), r.getString(3)));
    return m;
  }

  @Test
  void sqlWithDataFrameReferences() {
    DataFrame nums = spark.range(10);
    Map<String, Object> args = new LinkedHashMap<>();
    args.put("df", nums);
    args.put("lo", 5);
    assertEquals(30L, spark.sql("SELECT sum(id) FROM {df} WHERE id > :lo", args).first().block(TIMEOUT).getLong(0));

    DataFrame names = spark.sql("SELECT * FROM VALUES (1, 'one'), (2, 'two') AS t(id, name)");
    Map<String, Object> two = new LinkedHashMap<>();
    two.put("a", nums);
    two.put("b", names);
    List<Row> joined = spark.sql("SELECT a.id, b.name FROM {a} a JOIN {b} b ON a.id = b.id ORDER BY a.id", two)
        .collectAsList().block(TIMEOUT);
    assertEquals(List.of("one", "two"), column(joined, 1));
    assertThrows(IllegalArgumentException.class, () -> spark.sql("SELECT 1", Map.of("df", nums)));
  }

  @Test
  void tableValuedFunctions() {
    assertEquals(List.of(1, 2, 3), column(spark.tvf().explode(expr("array(1, 2, 3)")).collectAsList()
        .block(TIMEOUT), 0));
    assertEquals(0L, spark.tvf().explode(expr("array()")).count().block(TIMEOUT));
    assertEquals(1L, spark.tvf().explode_outer(expr("array()")).count().block(TIMEOUT));
    List<Row> pos = spark.tvf().posexplode(expr("array('a', 'b')")).collectAsList().block(TIMEOUT);
    assertEquals(List.of(0, "a"), pos.get(0).toList());
    assertEquals(List.of(1, "b"), pos.get(1).toList());
    assertEquals(List.of("k", "v"), spark.tvf().explode(expr("map('k', 'v')")).first().block(TIMEOUT).toList());
    List<Row> inline = spark.tvf().inline(expr("array(struct(1, 'x'), struct(2, 'y'))")).collectAsList()
        .block(TIMEOUT);
    assertEquals(List.of(2, "y"), inline.get(1).toList());
    assertEquals(List.of("1", "b"), spark.tvf().json_tuple(lit("{\"a\":1,\"b\":\"b\"}"), lit("a"), lit("b"))
        .first().block(TIMEOUT).toList());
    List<Row> stacked = spark.tvf().stack(lit(2), lit(1), lit(2), lit(3), lit(4)).collectAsList().block(TIMEOUT);
    assertEquals(List.of(List.of(1, 2), List.of(3, 4)), stacked.stream().map(Row::toList).toList());
    assertEquals(List.of(0L, 2L, 4L), column(spark.tvf().range(0, 6, 2).collectAsList().block(TIMEOUT), 0));
    assertEquals(2L, spark.tvf().variant_explode(expr("parse_json('[1, 2]')")).count().block(TIMEOUT));
    assertTrue(spark.tvf().sql_keywords().filter(col("keyword").equalTo("SELECT")).count().block(TIMEOUT) == 1);
    assertTrue(spark.tvf().collations().filter(col("NAME").equalTo("UTF8_BINARY")).count().block(TIMEOUT) >= 1);
    assertEquals(List.of(5L), column(spark.tvf().call("range", lit(5), lit(6)).collectAsList().block(TIMEOUT), 0));
  }
}
