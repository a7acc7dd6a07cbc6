package io.github.reactivespark.connect.it;

import static io.github.reactivespark.connect.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.reactivespark.connect.DataFrame;
import io.github.reactivespark.connect.StorageLevel;
import io.github.reactivespark.connect.exceptions.ParseException;
import io.github.reactivespark.connect.internal.ConnectInternals;
import io.github.reactivespark.connect.internal.proto.Read;
import io.github.reactivespark.connect.exceptions.SparkConnectException;
import io.github.reactivespark.connect.samples.VegaDatasets;
import io.github.reactivespark.connect.types.ArrayType;
import io.github.reactivespark.connect.types.DataType;
import io.github.reactivespark.connect.types.DataTypes;
import io.github.reactivespark.connect.types.StructType;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every {@code AnalyzePlan} mode and every {@code Config} operation against the real server, as PySpark's
 * {@code test_connect_basic}/{@code test_parity_dataframe} check them: schema, explain in each mode, tree string
 * with a level, is_local, is_streaming, input_files, spark_version, ddl_parse, json_to_ddl, same_semantics,
 * semantic_hash, persist/unpersist/get_storage_level; Config set/get/get_with_default/get_option/get_all(prefix)/
 * unset/is_modifiable.
 */
class AnalyzeIT extends ServerTestBase {

  private static Path airports;

  @BeforeAll
  static void data() {
    airports = VegaDatasets.fromSystemProperties().airports();
  }

  @Test
  void explainEveryModeAndTreeStringWithLevel() {
    DataFrame df = spark.range(10).filter(col("id").gt(3)).selectExpr("id", "named_struct('a', id, 'b', "
        + "named_struct('c', id)) AS s");
    String simple = df.explain().block(TIMEOUT);
    assertTrue(simple.contains("== Physical Plan =="), simple);
    assertFalse(simple.contains("== Parsed Logical Plan =="), simple);
    assertEquals(simple, df.explain(false).block(TIMEOUT));
    String extended = df.explain("extended").block(TIMEOUT);
    for (String part : List.of("== Parsed Logical Plan ==", "== Analyzed Logical Plan ==",
        "== Optimized Logical Plan ==", "== Physical Plan ==")) {
      assertTrue(extended.contains(part), part + " in " + extended);
    }
    assertEquals(extended, df.explain(true).block(TIMEOUT));
    assertTrue(df.explain("codegen").block(TIMEOUT).contains("Generated code"));
    String cost = df.explain("cost").block(TIMEOUT);
    assertTrue(cost.contains("Statistics("), cost);
    String formatted = df.explain("formatted").block(TIMEOUT);
    assertTrue(formatted.contains("Range (1)") && formatted.contains("Arguments:"), formatted);
    assertThrows(IllegalArgumentException.class, () -> df.explain("verbose"));

    String full = df.treeString().block(TIMEOUT);
    assertEquals("root\n |-- id: long (nullable = false)\n |-- s: struct (nullable = false)\n"
        + " |    |-- a: long (nullable = false)\n |    |-- b: struct (nullable = false)\n"
        + " |    |    |-- c: long (nullable = false)\n", full);
    assertEquals("root\n |-- id: long (nullable = false)\n |-- s: struct (nullable = false)\n",
        df.treeString(1).block(TIMEOUT));
    assertEquals(full, df.schema().block(TIMEOUT).treeString(), "the client renders the same tree");
  }

  @Test
  void isLocalIsStreamingAndInputFiles() {
    assertTrue(spark.sql("VALUES (1), (2)").isLocal().block(TIMEOUT), "an inline table is a LocalRelation");
    assertFalse(spark.range(3).isLocal().block(TIMEOUT));
    DataFrame csv = spark.read().option("header", true).csv(airports.toString());
    assertFalse(csv.isLocal().block(TIMEOUT));
    assertFalse(csv.isStreaming().block(TIMEOUT));
    // A streaming read (Read.is_streaming) of the rate source, built through the internal seam the streaming
    // module uses, so this test does not depend on that module.
    DataFrame rate = ConnectInternals.dataFrame(spark, b -> b.setRead(Read.newBuilder().setIsStreaming(true)
        .setDataSource(Read.DataSource.newBuilder().setFormat("rate"))));
    assertTrue(rate.isStreaming().block(TIMEOUT));
    assertTrue(rate.withWatermark("timestamp", "10 seconds").dropDuplicatesWithinWatermark("value")
        .isStreaming().block(TIMEOUT));
    assertTrue(rate.withWatermark("timestamp", "10 seconds").explain().block(TIMEOUT).contains("EventTimeWatermark"));
    String dedup = rate.withWatermark("timestamp", "10 seconds").dropDuplicatesWithinWatermark("value")
        .explain("extended").block(TIMEOUT);
    assertTrue(dedup.contains("DeduplicateWithinWatermark [value"), dedup);
    List<String> files = csv.inputFiles().block(TIMEOUT);
    assertEquals(1, files.size(), files.toString());
    assertTrue(files.get(0).endsWith("/airports.csv"), files.toString());
    assertEquals(List.of(), spark.range(3).inputFiles().block(TIMEOUT));
  }

  @Test
  void sparkVersionDdlParseAndJsonToDdl() {
    assertEquals("4.1.2", spark.version().block(TIMEOUT));
    DataType arr = spark.parseDataType("array<int>").block(TIMEOUT);
    assertEquals(new ArrayType(DataTypes.IntegerType, true), arr);
    StructType schema = (StructType) spark.parseDataType("a INT NOT NULL, b STRING").block(TIMEOUT);
    assertEquals(List.of("a", "b"), List.of(schema.fieldNames()));
    assertFalse(schema.fields().get(0).nullable());
    assertEquals(DataTypes.StringType, schema.fields().get(1).dataType());
    Throwable e = assertThrows(Throwable.class, () -> spark.parseDataType("array<").block(TIMEOUT));
    assertInstanceOf(ParseException.class, e);

    String json = "{\"type\":\"struct\",\"fields\":[{\"name\":\"a\",\"type\":\"integer\",\"nullable\":false,"
        + "\"metadata\":{}},{\"name\":\"b\",\"type\":{\"type\":\"array\",\"elementType\":\"string\","
        + "\"containsNull\":true},\"nullable\":true,\"metadata\":{}}]}";
    assertEquals("a INT NOT NULL,b ARRAY<STRING>", spark.jsonToDDL(json).block(TIMEOUT));
  }

  @Test
  void sameSemanticsAndSemanticHash() {
    DataFrame a = spark.range(100).filter(col("id").gt(10)).select("id");
    DataFrame b = spark.range(100).filter(col("id").gt(10)).select("id");
    DataFrame c = spark.range(100).filter(col("id").gt(11)).select("id");
    assertTrue(a.sameSemantics(b).block(TIMEOUT));
    assertFalse(a.sameSemantics(c).block(TIMEOUT));
    assertEquals(a.semanticHash().block(TIMEOUT), b.semanticHash().block(TIMEOUT));
    assertNotEquals(a.semanticHash().block(TIMEOUT), c.semanticHash().block(TIMEOUT));
  }

  @Test
  void persistStorageLevelAndUnpersist() {
    DataFrame df = spark.range(1000).selectExpr("id", "id % 7 AS k");
    assertEquals(StorageLevel.NONE, df.storageLevel().block(TIMEOUT));
    try {
      assertTrue(df.cache().block(TIMEOUT) == df);
      assertEquals(StorageLevel.MEMORY_AND_DISK, df.storageLevel().block(TIMEOUT));
      assertEquals(1000L, df.count().block(TIMEOUT));
      assertTrue(df.explain().block(TIMEOUT).contains("InMemoryTableScan"), "the cached plan is used");
      df.unpersist(true).block(TIMEOUT);
      assertEquals(StorageLevel.NONE, df.storageLevel().block(TIMEOUT));

      df.persist(StorageLevel.DISK_ONLY).block(TIMEOUT);
      assertEquals(StorageLevel.DISK_ONLY, df.storageLevel().block(TIMEOUT));
      assertEquals(3L, df.filter(col("k").equalTo(0)).count().block(TIMEOUT) / 47);
    } finally {
      df.unpersist(true).block(TIMEOUT);
    }
    assertEquals(StorageLevel.NONE, df.storageLevel().block(TIMEOUT));
    assertEquals("Disk Memory Deserialized 1x Replicated", StorageLevel.MEMORY_AND_DISK.description());
  }

  @Test
  void everyConfigOperation() {
    String key = "spark.sql.maxMetadataStringLength";
    String before = spark.conf().get(key).block(TIMEOUT);
    assertEquals("100", before, "Spark's default");
    spark.conf().set(key, 7).block(TIMEOUT);
    assertEquals("7", spark.conf().get(key).block(TIMEOUT));
    assertEquals("7", spark.conf().get(key, "99").block(TIMEOUT), "get_with_default prefers the set value");
    assertEquals(Optional.of("7"), spark.conf().getOption(key).block(TIMEOUT));
    assertEquals("fallback", spark.conf().get("spark.it.df.unset.key", "fallback").block(TIMEOUT));
    assertEquals(Optional.empty(), spark.conf().getOption("spark.it.df.unset.key").block(TIMEOUT));

    spark.conf().set(Map.of("spark.it.df.a", "1", "spark.it.df.b", "2")).block(TIMEOUT);
    Map<String, String> prefixed = spark.conf().getAll("spark.it.df.").block(TIMEOUT);
    assertEquals(Map.of("a", "1", "b", "2"), prefixed, "the server strips the prefix from the keys");
    assertEquals("7", spark.conf().getAll().block(TIMEOUT).get(key));

    assertTrue(spark.conf().isModifiable(key).block(TIMEOUT));
    assertFalse(spark.conf().isModifiable("spark.driver.memory").block(TIMEOUT));

    spark.conf().unset(key).block(TIMEOUT);
    spark.conf().unset("spark.it.df.a").block(TIMEOUT);
    spark.conf().unset("spark.it.df.b").block(TIMEOUT);
    assertEquals(before, spark.conf().get(key).block(TIMEOUT));
    assertEquals(Map.of(), spark.conf().getAll("spark.it.df.").block(TIMEOUT));
    Throwable e = assertThrows(Throwable.class, () -> spark.conf().set("spark.driver.memory", "1g").block(TIMEOUT));
    assertEquals("CANNOT_MODIFY_CONFIG", assertInstanceOf(SparkConnectException.class, e).errorClass());
  }
}
