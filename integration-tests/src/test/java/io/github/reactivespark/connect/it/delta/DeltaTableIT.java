package io.github.reactivespark.connect.it.delta;

import static io.github.reactivespark.connect.functions.col;
import static io.github.reactivespark.connect.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.reactivespark.connect.DataFrame;
import io.github.reactivespark.connect.delta.DeltaCommit;
import io.github.reactivespark.connect.delta.DeltaTable;
import io.github.reactivespark.connect.delta.DeltaTableDetail;
import io.github.reactivespark.connect.delta.MergeMetrics;
import io.github.reactivespark.connect.exceptions.TableAlreadyExistsException;
import io.github.reactivespark.connect.types.DataTypes;
import io.github.reactivespark.connect.types.StructField;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@link DeltaTable} end to end on a Delta-enabled server: the builders, finding tables by name and path, reading
 * the current and past versions, the typed history and details, and the row-level operations with the counts Delta
 * reports.
 */
class DeltaTableIT extends DeltaTestBase {

  @Test
  void buildFindReadDescribeAndTravelInTime() {
    String t = table("orders");
    DeltaTable orders = block(DeltaTable.create(spark).tableName(t)
        .addColumn("id", DataTypes.LongType, false)
        .addColumn(new StructField("day", DataTypes.StringType, true,
            "{\"comment\":\"the order's day, ISO\"}"))
        .addColumn("amount", DataTypes.DoubleType)
        .partitionedBy("day").comment("orders, by day").property("delta.appendOnly", "false")
        .execute());
    block(DeltaTable.createIfNotExists(spark).tableName(t).addColumn("id", DataTypes.LongType).execute());
    fails(TableAlreadyExistsException.class,
        () -> DeltaTable.create(spark).tableName(t).addColumn("id", DataTypes.LongType).execute());
    sql("INSERT INTO " + t + " VALUES (1, '2001-01-01', 10.0), (2, '2001-01-02', 20.0)");   // version 1
    sql("INSERT INTO " + t + " VALUES (3, '2001-01-02', 30.0)");                             // version 2

    List<DeltaCommit> history = block(orders.history().collectList());
    assertEquals(List.of(2L, 1L, 0L), history.stream().map(DeltaCommit::version).toList(),
        "createIfNotExists of an existing table commits nothing");
    assertEquals(List.of("WRITE", "WRITE", "CREATE TABLE"), history.stream().map(DeltaCommit::operation).toList());
    assertEquals(1L, history.get(0).metric("numOutputRows").orElseThrow());
    assertEquals(1L, history.get(0).readVersion());
    assertTrue(history.get(0).engineInfo().contains("Delta-Lake/4.3.1"), history.get(0).engineInfo());
    assertEquals(List.of(2L), block(orders.history(1).map(DeltaCommit::version).collectList()));

    DeltaTableDetail detail = block(orders.detail());
    assertEquals("delta", detail.format());
    assertEquals(List.of("day"), detail.partitionColumns());
    assertEquals("orders, by day", detail.description());
    assertEquals("false", detail.properties().get("delta.appendOnly"));
    assertEquals(3, detail.numFiles(), "one file per partition and insert");
    assertTrue(detail.sizeInBytes() > 0);
    assertEquals("the order's day, ISO", block(orders.toDF().schema()).field("day").comment().orElseThrow());

    String location = Path.of(URI.create(detail.location())).toString();
    DeltaTable byPath = block(DeltaTable.forPath(spark, location));
    assertEquals(3L, block(byPath.toDF().count()));
    assertEquals(3L, block(block(DeltaTable.forName(spark, t)).toDF().count()));
    assertTrue(block(DeltaTable.isDeltaTable(spark, location)));
    block(spark.range(3).write().parquet(path("plain")));
    assertFalse(block(DeltaTable.isDeltaTable(spark, path("plain"))), "a Parquet directory");
    assertFalse(block(DeltaTable.isDeltaTable(spark, path("missing"))), "a path that does not exist");

    Map<Long, Double> v1 = Map.of(1L, 10.0, 2L, 20.0);
    assertEquals(v1, amounts(orders.versionAsOf(1)));
    assertEquals(v1, amounts(byPath.versionAsOf(1)));
    assertEquals(v1, amounts(orders.timestampAsOf(history.get(1).timestamp())), "as of the commit of version 1");
    assertEquals(v1, amounts(spark.read().format("delta").versionAsOf(1).load(location)), "the reader by path");
    assertEquals(v1, amounts(spark.read().versionAsOf(1).table(t)), "the reader by name");
    assertEquals(v1, amounts(spark.read().timestampAsOf(history.get(1).timestamp()).table(t)));
    assertEquals(0L, block(orders.versionAsOf(0).count()));

    DeltaTable replaced = block(DeltaTable.replace(spark).tableName(t).addColumn("id", DataTypes.LongType)
        .addColumn("note", DataTypes.StringType).execute());
    assertEquals(List.of("id", "note"), List.of(block(replaced.toDF().schema()).fieldNames()));
    assertEquals(0L, block(replaced.toDF().count()));
    assertEquals(3L, block(replaced.versionAsOf(2).count()), "the history survives a replace");
    assertEquals("REPLACE TABLE", block(replaced.history(1).next()).operation());

    DeltaTable atPath = block(DeltaTable.createOrReplace(spark).location(path("by-path"))
        .addColumn("k", DataTypes.IntegerType).execute());
    assertEquals("CREATE OR REPLACE TABLE", block(atPath.history(1).next()).operation());
    assertTrue(block(DeltaTable.isDeltaTable(spark, path("by-path"))));
  }

  @Test
  void updateAndDeleteReturnTheRowsTheyChangedAndShowInTheHistory() {
    DeltaTable t = accounts();
    assertEquals(2L, block(t.update(col("region").equalTo("eu"), Map.of("balance", col("balance").multiply(2)))));
    assertEquals(1L, block(t.as("a").updateExpr("a.id = 4", Map.of("region", "'apac'", "balance", "a.balance + 1"))));
    assertEquals(5L, block(t.update(Map.of("balance", col("balance").plus(lit(0.5))))));
    assertEquals(Map.of(1L, 20.5, 2L, 40.5, 3L, 30.5, 4L, 41.5, 5L, 50.5), balances(t));
    assertEquals("apac", block(t.toDF().where(col("id").equalTo(4)).select("region").collectAsList()).get(0)
        .getString(0));

    assertEquals(1L, block(t.delete(col("balance").gt(50))));
    assertEquals(2L, block(t.delete("region = 'eu'")));
    assertEquals(Map.of(3L, 30.5, 4L, 41.5), balances(t));
    assertEquals(2L, block(t.delete()));
    assertEquals(0L, block(t.toDF().count()));

    List<DeltaCommit> h = block(t.history().collectList());
    assertEquals(List.of("DELETE", "DELETE", "DELETE", "UPDATE", "UPDATE", "UPDATE", "WRITE", "CREATE TABLE"),
        h.stream().map(DeltaCommit::operation).toList());
    assertEquals(2L, h.get(1).metric("numDeletedRows").orElseThrow(), "delete(\"region = 'eu'\")");
    assertEquals(2L, h.get(5).metric("numUpdatedRows").orElseThrow(), "the first update");
    assertTrue(h.get(5).operationParameters().get("predicate").contains("eu"), h.get(5).operationParameters()
        .toString());
  }

  @Test
  void mergeWithEveryKindOfClauseReturnsDeltasMetricsAndDropsItsView() {
    DeltaTable t = accounts();
    // id 2: delete; 3: update; 6: insert; 7: not inserted (condition); 1, 4, 5: not in the source.
    DataFrame changes = spark.sql("SELECT * FROM VALUES (2L, 'eu', 0.0, 'delete'), (3L, 'us', 33.0, 'set'),"
        + " (6L, 'us', 60.0, 'set'), (7L, 'us', -1.0, 'set') AS c(id, region, balance, op)").alias("c");
    MergeMetrics m = block(t.as("a").merge(changes, col("a.id").equalTo(col("c.id")))
        .whenMatched(col("c.op").equalTo("delete")).delete()
        .whenMatched().update(Map.of("balance", col("c.balance")))
        .whenNotMatched("c.balance > 0").insertExpr(Map.of("id", "c.id", "region", "c.region",
            "balance", "c.balance"))
        .whenNotMatchedBySource(col("a.region").equalTo("eu")).updateExpr(Map.of("balance", "0"))
        .whenNotMatchedBySource().delete()
        .execute());
    assertEquals(new MergeMetrics(6, 2, 3, 1), m, "updated 3, and 1 by source; deleted 2, and 4, 5 by source; inserted 6");
    assertEquals(Map.of(1L, 0.0, 3L, 33.0, 6L, 60.0), balances(t));
    DeltaCommit merge = block(t.history(1).next());
    assertEquals("MERGE", merge.operation());
    assertEquals(m.numInsertedRows(), merge.metric("numTargetRowsInserted").orElseThrow());
    assertEquals(m.numUpdatedRows(), merge.metric("numTargetRowsUpdated").orElseThrow());
    assertEquals(m.numDeletedRows(), merge.metric("numTargetRowsDeleted").orElseThrow());
    assertTrue(sql("SHOW VIEWS").stream().noneMatch(r -> String.valueOf(r.get(1)).startsWith("_delta_merge_source_")),
        "the source view is dropped");

    DataFrame wider = spark.sql("SELECT 3L AS id, 'us' AS region, 1.0 AS balance, 'gold' AS tier").alias("w");
    MergeMetrics evolved = block(t.as("a").merge(wider, "a.id = w.id").whenMatched().updateAll()
        .withSchemaEvolution().execute());
    assertEquals(1L, evolved.numUpdatedRows());
    assertEquals("gold", block(t.toDF().where("id = 3").select("tier").collectAsList()).get(0).getString(0),
        "WITH SCHEMA EVOLUTION added the column");
  }

  /** A Delta table of 5 accounts (id, region, balance) at version 1. */
  private DeltaTable accounts() {
    String name = table("accounts");
    DeltaTable t = block(DeltaTable.create(spark).tableName(name).addColumn("id", DataTypes.LongType)
        .addColumn("region", DataTypes.StringType).addColumn("balance", DataTypes.DoubleType).execute());
    sql("INSERT INTO " + name + " VALUES (1, 'eu', 10.0), (2, 'eu', 20.0), (3, 'us', 30.0), (4, 'us', 40.0),"
        + " (5, 'apac', 50.0)");
    return t;
  }

  private Map<Long, Double> balances(DeltaTable t) {
    return amounts(t.toDF().select("id", "balance"));
  }

  /** The (id, amount) pairs of a DataFrame whose first column is the id and last the amount. */
  private Map<Long, Double> amounts(DataFrame df) {
    return block(df.collectAsList()).stream().collect(Collectors.toMap(r -> r.getLong(0),
        r -> r.getDouble(r.size() - 1), (a, b) -> a, TreeMap::new));
  }
}
