package io.github.reactivespark.connect.it.delta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.reactivespark.connect.delta.DeltaCommit;
import io.github.reactivespark.connect.delta.DeltaTable;
import io.github.reactivespark.connect.delta.DeltaTableDetail;
import io.github.reactivespark.connect.delta.OptimizeMetrics;
import io.github.reactivespark.connect.delta.RestoreMetrics;
import io.github.reactivespark.connect.exceptions.ParseException;
import io.github.reactivespark.connect.exceptions.SparkConnectException;
import io.github.reactivespark.connect.exceptions.SparkIllegalArgumentException;
import io.github.reactivespark.connect.types.DataTypes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The maintenance operations of {@link DeltaTable}: vacuum (and Delta's retention check), restore to a version and
 * to a timestamp, compaction and Z-ordering with their metrics, shallow clones, protocol upgrades and table features.
 * Tables by path, so that the files on disk can be counted.
 */
class DeltaMaintenanceIT extends DeltaTestBase {

  @Test
  void optimizeCompactsAndZOrdersThenRestoreAndVacuumWork() throws IOException {
    String dir = path("events");
    DeltaTable t = block(DeltaTable.create(spark).location(dir).addColumn("id", DataTypes.LongType).addColumn("day", DataTypes.StringType)
        .partitionedBy("day").execute());
    for (int i = 0; i < 3; i++) {                                                     // versions 1-3: 6 files
      block(spark.range(i * 100, i * 100 + 100, 1, 1).selectExpr("id", "IF(id % 2 = 0, 'even', 'odd') AS day")
          .write().format("delta").mode("append").save(dir));
    }
    assertEquals(6, parquetFiles(dir));

    OptimizeMetrics even = block(t.optimize().where("day = 'even'").executeCompaction());  // version 4
    assertEquals(3, even.numFilesRemoved());
    assertEquals(1, even.numFilesAdded());
    assertEquals(1, even.partitionsOptimized());
    assertTrue(even.bytesAdded() > 0 && even.bytesRemoved() > 0, even.toString());
    OptimizeMetrics z = block(t.optimize().executeZOrderBy("id"));                     // version 5
    assertTrue(z.zOrdered(), z.toString());
    assertEquals(List.of("OPTIMIZE", "OPTIMIZE"), block(t.history(2).map(DeltaCommit::operation).collectList()));
    assertEquals(300L, block(t.toDF().count()));

    RestoreMetrics restored = block(t.restoreToVersion(1));                          // version 6
    assertEquals(2, restored.numOfFilesAfterRestore());
    assertEquals(100L, block(t.toDF().count()));
    DeltaCommit three = block(t.history().filter(c -> c.version() == 3).next());
    block(t.restoreToTimestamp(three.timestamp()));                                   // version 7
    assertEquals(300L, block(t.toDF().count()), "as of version 3's commit");
    assertEquals(List.of("RESTORE", "RESTORE"), block(t.history(2).map(DeltaCommit::operation).collectList()));

    SparkIllegalArgumentException tooShort = assertThrows(SparkIllegalArgumentException.class,
        () -> block(t.vacuum(0)));
    assertEquals("DELTA_VACUUM_RETENTION_PERIOD_TOO_SHORT", tooShort.errorClass());
    block(t.vacuum());
    int before = parquetFiles(dir);
    block(spark.conf().set("spark.databricks.delta.retentionDurationCheck.enabled", "false"));
    block(t.vacuum(java.time.Duration.ZERO));
    int after = parquetFiles(dir);
    assertTrue(after < before, "vacuum(0) deleted the files no current version needs: " + before + " -> " + after);
    assertEquals(300L, block(t.toDF().count()), "the current version is intact");
  }

  @Test
  void shallowClonesProtocolUpgradesAndFeatures() {
    String name = table("source");
    DeltaTable t = block(DeltaTable.create(spark).tableName(name)
        .addColumn("id", DataTypes.LongType).execute());
    sql("INSERT INTO " + name + " VALUES (1), (2)");                                  // version 1
    sql("INSERT INTO " + name + " VALUES (3)");                                       // version 2

    String cloneName = table("clone");
    DeltaTable clone = block(t.clone(cloneName, true, false, Map.of("purpose", "test")));
    assertEquals(3L, block(clone.toDF().count()));
    DeltaTableDetail cloned = block(clone.detail());
    assertEquals("test", cloned.properties().get("purpose"));
    assertEquals("CLONE", block(clone.history(1).next()).operation());
    DeltaTable old = block(t.cloneAtVersion(1, path("clone-v1"), true, false, Map.of()));
    assertEquals(2L, block(old.toDF().count()), "a clone by path of version 1");
    assertThrows(IllegalArgumentException.class, () -> t.clone(table("deep"), false));
    ParseException deep = assertThrows(ParseException.class,
        () -> sql("CREATE TABLE " + table("deep") + " DEEP CLONE " + name));
    assertEquals("PARSE_SYNTAX_ERROR", deep.errorClass(), "open-source Delta has no deep clone");

    block(t.upgradeTableProtocol(2, 5));
    DeltaTableDetail upgraded = block(t.detail());
    assertTrue(upgraded.minReaderVersion() >= 2 && upgraded.minWriterVersion() >= 5, upgraded.toString());
    block(t.addFeatureSupport("deletionVectors"));
    assertTrue(block(t.detail()).tableFeatures().contains("deletionVectors"));
    block(t.dropFeatureSupport("deletionVectors", false));
    assertTrue(!block(t.detail()).tableFeatures().contains("deletionVectors"), "dropped again (it was never used)");
    SparkConnectException unknown = assertThrows(SparkConnectException.class,
        () -> block(t.addFeatureSupport("noSuchFeature")));
    assertTrue(unknown.getMessage().contains("DELTA_UNSUPPORTED_FEATURES_IN_CONFIG"), unknown.getMessage());
    assertThrows(IllegalArgumentException.class, () -> t.addFeatureSupport("x' = 'y"));
  }

  private static int parquetFiles(String dir) throws IOException {
    try (Stream<Path> s = Files.walk(Path.of(dir))) {
      return (int) s.filter(p -> p.toString().endsWith(".parquet") && !p.toString().contains("_delta_log")).count();
    }
  }
}
