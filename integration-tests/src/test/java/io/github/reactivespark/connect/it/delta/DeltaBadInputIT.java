package io.github.reactivespark.connect.it.delta;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.reactivespark.connect.delta.DeltaCommit;
import io.github.reactivespark.connect.delta.DeltaTable;
import io.github.reactivespark.connect.exceptions.AnalysisException;
import io.github.reactivespark.connect.exceptions.SparkConnectException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Bad input against a Delta table gets Delta's typed error and changes nothing: a MERGE whose source has several rows
 * for one target row, time travel past the history (by version and by timestamp), {@code forPath} on a directory
 * that is not a Delta table.
 */
class DeltaBadInputIT extends DeltaTestBase {

  @Test
  void badInputFailsTypedAndLeavesTheTableAsItWas() {
    String t = table("bad");
    sql("CREATE TABLE " + t + " (id BIGINT, v STRING) USING delta");
    sql("INSERT INTO " + t + " VALUES (1, 'one'), (2, 'two')");                                  // version 1
    DeltaTable table = block(DeltaTable.forName(spark, t));

    SparkConnectException merge = fails(SparkConnectException.class, () -> table.as("t")
        .merge(spark.sql("SELECT 1L AS id, 'uno' AS v UNION ALL SELECT 1L, 'eins'").alias("s"), "t.id = s.id")
        .whenMatched().updateAll().execute());
    assertEquals("DELTA_MULTIPLE_SOURCE_ROW_MATCHING_TARGET_ROW_IN_MERGE", merge.errorClass());
    List<DeltaCommit> history = block(table.history().collectList());
    assertEquals(List.of(1L, 0L), history.stream().map(DeltaCommit::version).toList(), "no commit by the merge");
    assertEquals(Map.of(1L, "one", 2L, "two"), block(table.toDF().collectAsList()).stream()
        .collect(Collectors.toMap(r -> r.getLong(0), r -> r.getString(1))));

    SparkConnectException version = fails(SparkConnectException.class, () -> table.versionAsOf(5).count());
    assertEquals("DELTA_VERSION_NOT_FOUND", version.errorClass());
    SparkConnectException future = fails(SparkConnectException.class,
        () -> table.timestampAsOf(Instant.now().plus(1, ChronoUnit.DAYS)).count());
    assertEquals("DELTA_TIMESTAMP_GREATER_THAN_COMMIT", future.errorClass());
    SparkConnectException past = fails(SparkConnectException.class,
        () -> table.timestampAsOf(Instant.parse("2001-01-01T00:00:00Z")).count());
    assertEquals("DELTA_TIMESTAMP_EARLIER_THAN_COMMIT_RETENTION", past.errorClass());

    block(spark.range(3).write().parquet(path("plain")));
    assertEquals("DELTA_MISSING_DELTA_TABLE",
        fails(AnalysisException.class, () -> DeltaTable.forPath(spark, path("plain"))).errorClass());
    assertEquals("DELTA_MISSING_DELTA_TABLE",
        fails(AnalysisException.class, () -> DeltaTable.forPath(spark, path("missing"))).errorClass());
  }
}
