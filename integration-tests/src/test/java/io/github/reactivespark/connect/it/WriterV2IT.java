package io.github.reactivespark.connect.it;

import static io.github.reactivespark.connect.functions.col;
import static io.github.reactivespark.connect.functions.count;
import static io.github.reactivespark.connect.functions.expr;
import static io.github.reactivespark.connect.functions.lit;
import static io.github.reactivespark.connect.functions.sum;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.reactivespark.connect.DataFrame;
import io.github.reactivespark.connect.Row;
import io.github.reactivespark.connect.exceptions.AnalysisException;
import io.github.reactivespark.connect.exceptions.SparkUnsupportedOperationException;
import io.github.reactivespark.connect.exceptions.TableAlreadyExistsException;
import io.github.reactivespark.connect.partitioning;
import io.github.reactivespark.connect.samples.VegaDatasets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * DataFrameWriterV2 ({@code writeTo}) and MergeIntoWriter ({@code mergeInto}) on the server's default session
 * catalog, on the real flights: what that catalog supports works end to end, what it does not is refused with the
 * typed error naming the cause (mirrors PySpark's test_readwriter {@code test_create}/{@code test_create_without_provider}
 * and the DataFrameWriterV2 parity tests).
 */
class WriterV2IT extends IoTestBase {

  private static Path flights;

  @BeforeAll
  static void data() {
    flights = VegaDatasets.fromSystemProperties().flights3m();
  }

  private DataFrame seattle() {
    return spark.read().parquet(flights.toString()).filter(col("origin").equalTo("SEA"));
  }

  @Test
  void createWithProviderPropertiesAndIdentityPartitionsThenReadBack() {
    String t = table("v2_create");
    DataFrame src = seattle();
    Row expected = src.agg(count(lit(1)), sum("delay"), sum("distance")).first().block(TIMEOUT);

    Mono<Void> create = src.writeTo(t).using("parquet").partitionedBy(col("destination"))
        .tableProperty("io.owner", "writer-v2-it").option("compression", "zstd").create();
    create.block(TIMEOUT);

    Row back = spark.read().table(t).agg(count(lit(1)), sum("delay"), sum("distance")).first().block(TIMEOUT);
    assertEquals(expected, back);
    assertTrue(expected.getLong(0) > 10_000, "SEA has many flights: " + expected);
    assertEquals(0L, spark.table(t).select("date", "delay", "distance", "origin", "destination")
        .subtract(src).count().block(TIMEOUT));

    Map<String, Boolean> partitionFlags = spark.catalog().listColumns(t).collectMap(c -> c.name(), c -> c.isPartition())
        .block(TIMEOUT);
    assertEquals(Map.of("date", false, "delay", false, "distance", false, "origin", false, "destination", true),
        partitionFlags);
    Map<String, String> props = spark.sql("SHOW TBLPROPERTIES " + t).collectAsList().block(TIMEOUT).stream()
        .collect(Collectors.toMap(r -> r.getString(0), r -> r.getString(1)));
    assertEquals("writer-v2-it", props.get("io.owner"));
    assertEquals("parquet", spark.sql("DESCRIBE TABLE EXTENDED " + t).filter(col("col_name").equalTo("Provider"))
        .first().block(TIMEOUT).getString(1));

    // the Mono is cold: a second subscription sends a second CREATE, which the server refuses
    TableAlreadyExistsException again = fails(TableAlreadyExistsException.class, () -> create);
    assertEquals("TABLE_OR_VIEW_ALREADY_EXISTS", again.errorClass());
    assertTrue(again.getMessage().contains(t), again.getMessage());
  }

  @Test
  void bucketTransformAndClusterByCreate() {
    String bucketed = table("v2_bucket");
    DataFrame src = seattle().limit(5000);
    src.writeTo(bucketed).using("parquet").partitionedBy(partitioning.bucket(4, col("destination"))).create()
        .block(TIMEOUT);
    assertEquals(5000L, spark.table(bucketed).count().block(TIMEOUT));
    assertEquals(List.of("destination"), spark.catalog().listColumns(bucketed).filter(c -> c.isBucket())
        .map(c -> c.name()).collectList().block(TIMEOUT));
    assertTrue(spark.sql("DESCRIBE TABLE EXTENDED " + bucketed).filter(col("col_name").equalTo("Num Buckets"))
        .first().block(TIMEOUT).getString(1).contains("4"));

    String clustered = table("v2_cluster");
    src.writeTo(clustered).using("parquet").clusterBy("origin", "destination").create().block(TIMEOUT);
    assertEquals(5000L, spark.table(clustered).count().block(TIMEOUT));
    assertEquals(List.of("origin", "destination"), spark.catalog().listColumns(clustered).filter(c -> c.isCluster())
        .map(c -> c.name()).collectList().block(TIMEOUT));
  }

  @Test
  void whatTheSessionCatalogRefusesIsATypedErrorNamingTheCause() {
    String t = table("v2_refused");
    DataFrame src = seattle().limit(1000);
    src.writeTo(t).using("parquet").create().block(TIMEOUT);

    SparkUnsupportedOperationException years = fails(SparkUnsupportedOperationException.class,
        () -> src.writeTo(table("v2_years")).using("parquet").partitionedBy(partitioning.years(col("date"))).create());
    assertEquals("UNSUPPORTED_PARTITION_TRANSFORM", years.errorClass());
    assertTrue(years.getMessage().contains("years(date)"), years.getMessage());

    for (Mono<Void> v1Write : List.of(src.writeTo(t).append(), src.writeTo(t).overwritePartitions(),
        src.writeTo(t).overwrite(col("delay").gt(0)))) {
      AnalysisException e = fails(AnalysisException.class, () -> v1Write);
      assertEquals("_LEGACY_ERROR_TEMP_1012", e.errorClass());
      assertTrue(e.getMessage().contains("Cannot write into v1 table") && e.getMessage().contains(t), e.getMessage());
    }
    for (Mono<Void> replace : List.of(src.writeTo(t).using("parquet").replace(),
        src.writeTo(t).using("parquet").createOrReplace())) {
      AnalysisException e = fails(AnalysisException.class, () -> replace);
      assertEquals("UNSUPPORTED_FEATURE.TABLE_OPERATION", e.errorClass());
      assertTrue(e.getMessage().contains("REPLACE TABLE AS SELECT"), e.getMessage());
    }
    String missing = "io_v2_no_such_table";
    AnalysisException notFound = fails(AnalysisException.class, () -> src.writeTo(missing).append());
    assertEquals("TABLE_OR_VIEW_NOT_FOUND", notFound.errorClass());

    // none of the refused writes changed the table; the V1 path (insertInto) is the way to append to it
    assertEquals(1000L, spark.table(t).count().block(TIMEOUT));
    src.write().insertInto(t).block(TIMEOUT);
    assertEquals(2000L, spark.table(t).count().block(TIMEOUT));
  }

  @Test
  void mergeIntoReachesTheServerWhichRefusesItForFileSourceTables() {
    String t = table("merge_target");
    DataFrame target = spark.sql("SELECT id, id * 10 AS v FROM range(5)");
    target.write().format("parquet").saveAsTable(t).block(TIMEOUT);
    DataFrame source = spark.sql("SELECT id, id * 100 AS v FROM range(3, 8)").alias("s");

    SparkUnsupportedOperationException e = fails(SparkUnsupportedOperationException.class,
        () -> source.mergeInto(t, expr("s.id = " + t + ".id"))
            .whenMatched(expr("s.v > 0")).update(Map.of("v", col("s.v")))
            .whenMatched().delete()
            .whenNotMatched().insert(Map.of("id", col("s.id"), "v", col("s.v")))
            .whenNotMatchedBySource(expr(t + ".v < 20")).delete()
            .whenNotMatchedBySource().update(Map.of("v", lit(-1L)))
            .withSchemaEvolution()
            .merge());
    assertEquals("UNSUPPORTED_FEATURE.TABLE_OPERATION", e.errorClass());
    assertTrue(e.getMessage().contains("MERGE INTO TABLE") && e.getMessage().contains(t), e.getMessage());

    // the star forms too, and the target is untouched
    assertEquals("UNSUPPORTED_FEATURE.TABLE_OPERATION", fails(SparkUnsupportedOperationException.class,
        () -> source.mergeInto(t, expr("s.id = " + t + ".id")).whenMatched().updateAll().whenNotMatched().insertAll()
            .merge()).errorClass());
    assertEquals(List.of(0L, 10L, 20L, 30L, 40L), spark.table(t).orderBy("id").collectAsList().block(TIMEOUT).stream()
        .map(r -> r.getLong(1)).collect(Collectors.toList()));

    // the condition is sent as given: an alias out of scope is an analysis error naming the column
    AnalysisException unresolved = fails(AnalysisException.class,
        () -> source.mergeInto(t, expr("nope.id = " + t + ".id")).whenMatched().delete().merge());
    assertTrue(unresolved.errorClass().startsWith("UNRESOLVED_COLUMN"), unresolved.errorClass());
    assertTrue(unresolved.getMessage().contains("`nope`.`id`"), unresolved.getMessage());

    AnalysisException missing = fails(AnalysisException.class,
        () -> source.mergeInto("io_merge_no_such", expr("s.id = io_merge_no_such.id")).whenMatched().delete().merge());
    assertEquals("TABLE_OR_VIEW_NOT_FOUND", missing.errorClass());
  }
}
