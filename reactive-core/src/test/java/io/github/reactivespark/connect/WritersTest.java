package io.github.reactivespark.connect;

import static io.github.reactivespark.connect.functions.col;
import static io.github.reactivespark.connect.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.reactivespark.connect.internal.proto.MergeAction;
import io.github.reactivespark.connect.internal.proto.MergeIntoTableCommand;
import io.github.reactivespark.connect.internal.proto.WriteOperation;
import io.github.reactivespark.connect.internal.proto.WriteOperationV2;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The writers build the protocol messages Spark's clients build; no server involved (nothing is subscribed). */
class WritersTest {

  private static SparkSession spark;

  @BeforeAll
  static void session() {
    spark = SparkSession.builder().remote("sc://localhost:1").create();
  }

  @AfterAll
  static void close() {
    spark.close();
  }

  @Test
  void saveModeNamesAsSparkAcceptsThem() {
    assertEquals(SaveMode.Append, SaveMode.fromString("APPEND"));
    assertEquals(SaveMode.Overwrite, SaveMode.fromString("overwrite"));
    assertEquals(SaveMode.Ignore, SaveMode.fromString("ignore"));
    for (String e : List.of("error", "errorifexists", "ErrorIfExists", "default")) {
      assertEquals(SaveMode.ErrorIfExists, SaveMode.fromString(e));
    }
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> SaveMode.fromString("merge"));
    assertTrue(bad.getMessage().contains("'merge'") && bad.getMessage().contains("errorifexists"), bad.getMessage());
  }

  @Test
  void dataFrameWriterIsImmutableAndBuildsTheWriteOperation() {
    DataFrameWriter base = spark.range(3).write();
    DataFrameWriter w = base.format("orc").mode("append").option("compression", "zlib").option("x", 1L)
        .options(Map.of("y", "true")).partitionBy("a", "b").bucketBy(4, "c", "d").sortBy("c").clusterBy("e");
    assertNotSame(base, w);
    assertEquals(WriteOperation.getDefaultInstance(), base.operation());
    WriteOperation op = w.operation();
    assertEquals("orc", op.getSource());
    assertEquals(WriteOperation.SaveMode.SAVE_MODE_APPEND, op.getMode());
    assertEquals(Map.of("compression", "zlib", "x", "1", "y", "true"), op.getOptionsMap());
    assertEquals(List.of("a", "b"), op.getPartitioningColumnsList());
    assertEquals(4, op.getBucketBy().getNumBuckets());
    assertEquals(List.of("c", "d"), op.getBucketBy().getBucketColumnNamesList());
    assertEquals(List.of("c"), op.getSortColumnNamesList());
    assertEquals(List.of("e"), op.getClusteringColumnsList());
    assertEquals(List.of("z"), w.partitionBy("z").operation().getPartitioningColumnsList(), "replaces, as Spark");
    assertEquals(WriteOperation.SaveMode.SAVE_MODE_ERROR_IF_EXISTS, w.mode(SaveMode.ErrorIfExists).operation().getMode());
    assertThrows(IllegalArgumentException.class, () -> base.bucketBy(-1, "c"));
    assertThrows(IllegalArgumentException.class, () -> base.mode("sometimes"));
    assertThrows(NullPointerException.class, () -> base.option("k", (String) null));
  }

  @Test
  void dataFrameWriterV2BuildsTheWriteOperationV2() {
    DataFrameWriterV2 w = spark.range(3).writeTo("cat.db.t").using("parquet").option("k", "v")
        .tableProperty("p", "q").partitionedBy(col("a"), partitioning.years(col("ts")), partitioning.bucket(8, col("id")))
        .clusterBy("c");
    WriteOperationV2 op = w.operation();
    assertEquals("cat.db.t", op.getTableName());
    assertEquals("parquet", op.getProvider());
    assertEquals(Map.of("k", "v"), op.getOptionsMap());
    assertEquals(Map.of("p", "q"), op.getTablePropertiesMap());
    assertEquals(3, op.getPartitioningColumnsCount());
    assertEquals("years", op.getPartitioningColumns(1).getUnresolvedFunction().getFunctionName());
    assertEquals("bucket", op.getPartitioningColumns(2).getUnresolvedFunction().getFunctionName());
    assertEquals(8, op.getPartitioningColumns(2).getUnresolvedFunction().getArguments(0).getLiteral().getInteger());
    assertEquals(List.of("c"), op.getClusteringColumnsList());
    assertThrows(IllegalArgumentException.class, () -> partitioning.bucket(0, col("id")));
  }

  @Test
  void mergeIntoWriterKeepsClausesInOrder() {
    MergeIntoWriter m = spark.range(3).alias("s").mergeInto("t", col("s.id").equalTo(col("t.id")))
        .whenMatched(col("s.id").gt(1)).delete()
        .whenMatched().update(Map.of("v", lit(1)))
        .whenNotMatched().insertAll()
        .whenNotMatchedBySource().delete()
        .withSchemaEvolution();
    MergeIntoTableCommand cmd = m.operation();
    assertEquals("t", cmd.getTargetTableName());
    assertTrue(cmd.getWithSchemaEvolution());
    assertEquals(2, cmd.getMatchActionsCount());
    MergeAction first = cmd.getMatchActions(0).getMergeAction();
    assertEquals(MergeAction.ActionType.ACTION_TYPE_DELETE, first.getActionType());
    assertTrue(first.hasCondition());
    MergeAction second = cmd.getMatchActions(1).getMergeAction();
    assertEquals(MergeAction.ActionType.ACTION_TYPE_UPDATE, second.getActionType());
    assertEquals("v", second.getAssignments(0).getKey().getUnresolvedAttribute().getUnparsedIdentifier());
    assertEquals(MergeAction.ActionType.ACTION_TYPE_INSERT_STAR,
        cmd.getNotMatchedActions(0).getMergeAction().getActionType());
    assertEquals(MergeAction.ActionType.ACTION_TYPE_DELETE,
        cmd.getNotMatchedBySourceActions(0).getMergeAction().getActionType());
  }
}
