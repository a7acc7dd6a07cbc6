package io.github.reactivespark.connect.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.reactivespark.connect.Row;
import io.github.reactivespark.connect.SparkSession;
import io.github.reactivespark.connect.delta.DeltaCommit;
import io.github.reactivespark.connect.types.DataTypes;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The lakehouse sample over 2 days on the embedded server with Delta ({@code SPARK_REMOTE} if set: it must have
 * Delta): every figure it reports is checked against the same question asked directly of the Parquet file, and the
 * table's final contents against the file plus the corrections.
 */
@Timeout(value = 12, unit = java.util.concurrent.TimeUnit.MINUTES)
class LakehouseFlightsIT {

  private static final Duration T = Duration.ofMinutes(3);

  @Test
  void dailyAppendsWideningMergeHistoryAndTimeTravel() {
    Path flights = VegaDatasets.fromSystemProperties().flights3m();
    String file = "parquet.`" + flights + "`";
    String table = "lakehouse_it_" + Long.toHexString(System.nanoTime());
    SparkSession.Builder builder = SparkSession.builder();
    String remote = System.getProperty("spark.remote", System.getenv("SPARK_REMOTE"));
    if (remote == null || remote.isBlank() || remote.startsWith("local")) {
      builder.localServerPackages(LakehouseFlights.DELTA_PACKAGE);
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (SparkSession spark = builder.create()) {
      try {
        LakehouseFlights.Report r = LakehouseFlights.run(new PrintStream(bytes, true, StandardCharsets.UTF_8),
            spark, flights, table, 2);

        for (int d = 0; d < 2; d++) {
          assertEquals(scalar(spark, "SELECT count(*) FROM " + file + " WHERE " + LakehouseFlights.day(d)
              + " AND hour(date) < 22"), r.appended().get(d), "day " + d);
        }
        long late = scalar(spark, "SELECT count(*) FROM " + file + " WHERE " + LakehouseFlights.day(0, 2)
            + " AND hour(date) >= 22");
        assertTrue(late > 0);
        assertEquals(late, r.merge().numInsertedRows());
        assertEquals(LakehouseFlights.CORRECTIONS, r.merge().numUpdatedRows());
        assertEquals(DataTypes.IntegerType, r.delayType());
        long all = scalar(spark, "SELECT count(*) FROM " + file + " WHERE " + LakehouseFlights.day(0, 2));
        assertEquals(all, r.rows(), "every flight of the two days, once");
        assertEquals(r.appended().get(0), r.rowsAtVersion1());
        assertEquals(scalar(spark, "SELECT sum(delay) FROM " + file + " WHERE " + LakehouseFlights.day(0, 2))
                + (long) LakehouseFlights.CORRECTIONS * LakehouseFlights.CORRECTION_MINUTES,
            scalar(spark, "SELECT sum(delay) FROM " + table), "the delays plus exactly the corrections");
        assertEquals(List.of("MERGE", "CHANGE COLUMN", "WRITE", "WRITE", "CREATE TABLE"),
            r.history().stream().map(DeltaCommit::operation).toList());
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains(String.format("%,d late flights inserted", late)), out);
      } finally {
        spark.sql("DROP TABLE IF EXISTS " + table).collectAsList().block(T);
      }
      assertEquals(0, spark.arrowAllocatedBytes());
    }
  }

  private static long scalar(SparkSession spark, String query) {
    Row row = spark.sql(query).first().block(T);
    return ((Number) row.get(0)).longValue();
  }
}
