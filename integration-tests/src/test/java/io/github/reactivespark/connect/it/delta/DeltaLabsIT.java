package io.github.reactivespark.connect.it.delta;

import static io.github.reactivespark.connect.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.reactivespark.connect.Row;
import io.github.reactivespark.connect.delta.DeltaCommit;
import io.github.reactivespark.connect.delta.DeltaTable;
import io.github.reactivespark.connect.delta.MergeMetrics;
import io.github.reactivespark.connect.exceptions.SparkArithmeticException;
import io.github.reactivespark.connect.exceptions.SparkNumberFormatException;
import io.github.reactivespark.connect.types.DataTypes;
import io.github.reactivespark.connect.types.StructType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Spark 4 labs on a real Delta table: type widening (explicit {@code ALTER ... TYPE} and automatic widening by
 * an INSERT and a MERGE with schema evolution), and ANSI mode (a bad cast and an overflowing write fail with
 * Spark's typed errors and commit nothing; {@code try_cast} returns null).
 */
class DeltaLabsIT extends DeltaTestBase {

  @Test
  void typeWideningByteToLongAndFloatToDoubleKeepsOldFilesReadable() {
    String t = table("widen");
    sql("CREATE TABLE " + t + " (id INT, b TINYINT, f FLOAT) USING delta"
        + " TBLPROPERTIES ('delta.enableTypeWidening' = 'true')");                                 // version 0
    sql("INSERT INTO " + t + " VALUES (1, 100, 1.5)");                                           // 1: a byte file
    sql("ALTER TABLE " + t + " ALTER COLUMN b TYPE SMALLINT");                                    // 2
    sql("INSERT INTO " + t + " VALUES (2, 30000, 2.5)");                                         // 3: a short file
    sql("ALTER TABLE " + t + " ALTER COLUMN b TYPE INT");                                         // 4
    sql("INSERT INTO " + t + " VALUES (3, 2000000000, 3.5)");                                    // 5: an int file
    sql("ALTER TABLE " + t + " ALTER COLUMN b TYPE BIGINT");                                      // 6
    sql("ALTER TABLE " + t + " ALTER COLUMN f TYPE DOUBLE");                                      // 7
    sql("INSERT INTO " + t + " VALUES (4, 9000000000, 0.1)");                                    // 8: a long file

    DeltaTable table = block(DeltaTable.forName(spark, t));
    StructType schema = block(table.toDF().schema());
    assertEquals(DataTypes.LongType, schema.field("b").dataType());
    assertEquals(DataTypes.DoubleType, schema.field("f").dataType());
    List<Row> rows = block(table.toDF().orderBy(col("id")).collectAsList());
    assertEquals(List.of(100L, 30000L, 2000000000L, 9000000000L), rows.stream().map(r -> r.getLong(1)).toList(),
        "four files written at four widths, all read back as BIGINT");
    assertEquals(List.of(1.5, 2.5, 3.5, 0.1), rows.stream().map(r -> r.getDouble(2)).toList(),
        "float values widen exactly; the double written after the change keeps its precision");
    assertEquals(4, block(table.detail()).numFiles(), "no file was rewritten by the type changes");
    assertEquals(List.of(100L), block(table.versionAsOf(1).select("b").collectAsList()).stream()
        .map(r -> (long) r.getByte(0)).toList(), "version 1 still reads with its own schema, TINYINT");

    List<DeltaCommit> history = block(table.history().collectList());
    assertEquals(List.of("WRITE", "CHANGE COLUMN", "CHANGE COLUMN", "WRITE", "CHANGE COLUMN", "WRITE",
        "CHANGE COLUMN", "WRITE", "CREATE TABLE"), history.stream().map(DeltaCommit::operation).toList());
    assertTrue(block(table.detail()).tableFeatures().contains("typeWidening"), "the table feature is on");
  }

  @Test
  void automaticWideningByInsertAndMergeWithSchemaEvolution() {
    String t = table("autowiden");
    sql("CREATE TABLE " + t + " (id INT, n SMALLINT) USING delta"
        + " TBLPROPERTIES ('delta.enableTypeWidening' = 'true')");
    sql("INSERT INTO " + t + " VALUES (1, 7)");
    block(spark.conf().set("spark.databricks.delta.schema.autoMerge.enabled", "true"));
    try {
      // An INT source column into the SMALLINT column: schema evolution widens the table instead of casting down.
      sql("INSERT INTO " + t + " SELECT 2 AS id, 100000 AS n");
    } finally {
      block(spark.conf().unset("spark.databricks.delta.schema.autoMerge.enabled"));
    }
    assertEquals(DataTypes.IntegerType, block(spark.table(t).schema()).field("n").dataType());
    // A BIGINT source through MERGE WITH SCHEMA EVOLUTION widens it again; the matched row gets a value only a
    // long holds.
    DeltaTable table = block(DeltaTable.forName(spark, t));
    MergeMetrics metrics = block(table.as("t")
        .merge(spark.sql("SELECT 1 AS id, 5000000000L AS n UNION ALL SELECT 3, -5000000000L").alias("s"),
            "t.id = s.id")
        .whenMatched().updateAll().whenNotMatched().insertAll().withSchemaEvolution().execute());
    assertEquals(1L, metrics.numUpdatedRows());
    assertEquals(1L, metrics.numInsertedRows());
    assertEquals(DataTypes.LongType, block(spark.table(t).schema()).field("n").dataType());
    assertEquals(Map.of(1, 5000000000L, 2, 100000L, 3, -5000000000L), block(spark.table(t).collectAsList())
        .stream().collect(java.util.stream.Collectors.toMap(r -> r.getInt(0), r -> r.getLong(1))));
  }

  @Test
  void ansiModeFailsBadWritesWithTypedErrorsAndCommitsNothing() {
    String t = table("ansi");
    sql("CREATE TABLE " + t + " (id INT, qty INT) USING delta");
    sql("INSERT INTO " + t + " VALUES (1, 10)");                                                 // version 1
    block(spark.conf().set("spark.sql.ansi.enabled", "true"));

    SparkNumberFormatException cast = fails(SparkNumberFormatException.class,
        () -> spark.sql("INSERT INTO " + t + " SELECT 2, CAST('twelve' AS INT)").collectAsList());
    assertEquals("CAST_INVALID_INPUT", cast.errorClass());
    assertEquals("22018", cast.sqlState());
    SparkArithmeticException overflow = fails(SparkArithmeticException.class,
        () -> spark.sql("INSERT INTO " + t + " SELECT 3, 3000000000L").collectAsList());
    assertEquals("CAST_OVERFLOW_IN_TABLE_INSERT", overflow.errorClass());
    assertNull(block(spark.sql("SELECT try_cast('twelve' AS INT) AS x").collectAsList()).get(0).get(0));

    DeltaTable table = block(DeltaTable.forName(spark, t));
    assertEquals(1L, block(table.history(1).collectList()).get(0).version(), "the failed writes left no version");
    assertEquals(1L, block(table.toDF().count()));

    block(spark.conf().set("spark.sql.ansi.enabled", "false"));
    assertNull(block(spark.sql("SELECT CAST('twelve' AS INT) AS x").collectAsList()).get(0).get(0),
        "without ANSI a bad cast is null");
  }
}
