package io.github.reactivespark.connect.it.delta;

import static io.github.reactivespark.connect.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.reactivespark.connect.DataFrame;
import io.github.reactivespark.connect.delta.DeltaCommit;
import io.github.reactivespark.connect.delta.DeltaTable;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Spark 4's own writers against a Delta table, end to end: {@code df.mergeInto(table, condition)} (the
 * {@code MergeIntoTableCommand} of the protocol, Column expressions and no SQL text) and the V2 writer's
 * {@code create}, {@code append}, {@code overwrite(condition)} and {@code overwritePartitions} (both are refused by the
 * default session catalog's file tables, see {@code WriterV2IT}; Delta's catalog supports them).
 */
class DeltaWritersIT extends DeltaTestBase {

  @Test
  void mergeIntoAndTheV2WriterWorkOnADeltaTable() {
    String t = table("v2");
    block(rows("(1L, 'a', 10.0D), (2L, 'a', 20.0D), (3L, 'b', 30.0D)").writeTo(t).using("delta")
        .partitionedBy(col("part")).create());                                            // version 0
    block(rows("(4L, 'b', 40.0D)").writeTo(t).append());                                  // version 1
    assertEquals(Map.of(1L, 10.0, 2L, 20.0, 3L, 30.0, 4L, 40.0), amounts(t));

    block(rows("(5L, 'a', 50.0D)").writeTo(t).overwrite(col("part").equalTo("a")));      // version 2
    assertEquals(Map.of(3L, 30.0, 4L, 40.0, 5L, 50.0), amounts(t), "only part a replaced");
    block(rows("(6L, 'b', 60.0D)").writeTo(t).overwritePartitions());                     // version 3
    assertEquals(Map.of(5L, 50.0, 6L, 60.0), amounts(t), "part b replaced, part a kept");

    DataFrame changes = rows("(5L, 'a', 55.0D), (7L, 'b', 70.0D)").alias("c");
    block(changes.mergeInto(t, col(t + ".id").equalTo(col("c.id")))                      // version 4
        .whenMatched().update(Map.of("amount", col("c.amount")))
        .whenNotMatched().insertAll()
        .merge());
    assertEquals(Map.of(5L, 55.0, 6L, 60.0, 7L, 70.0), amounts(t));

    List<DeltaCommit> history = block(block(DeltaTable.forName(spark, t)).history().collectList());
    assertEquals(List.of("MERGE", "WRITE", "WRITE", "WRITE", "CREATE TABLE AS SELECT"),
        history.stream().map(DeltaCommit::operation).toList());
    assertEquals(1L, history.get(0).metric("numTargetRowsInserted").orElseThrow());
    assertEquals(1L, history.get(0).metric("numTargetRowsUpdated").orElseThrow());
    assertEquals("Overwrite", history.get(1).operationParameters().get("mode"));
  }

  private DataFrame rows(String values) {
    return spark.sql("SELECT * FROM VALUES " + values + " AS r(id, part, amount)");
  }

  private Map<Long, Double> amounts(String t) {
    return block(spark.table(t).collectAsList()).stream().collect(java.util.stream.Collectors.toMap(
        r -> r.getLong(0), r -> r.getDouble(2)));
  }
}
