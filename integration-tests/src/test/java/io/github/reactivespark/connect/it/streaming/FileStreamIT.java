package io.github.reactivespark.connect.it.streaming;

import static io.github.reactivespark.connect.functions.count;
import static io.github.reactivespark.connect.functions.expr;
import static io.github.reactivespark.connect.functions.lit;
import static io.github.reactivespark.connect.functions.sum;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.reactivespark.connect.DataFrame;
import io.github.reactivespark.connect.Row;
import io.github.reactivespark.connect.samples.VegaDatasets;
import io.github.reactivespark.connect.streaming.SparkStreaming;
import io.github.reactivespark.connect.streaming.StreamingQuery;
import io.github.reactivespark.connect.streaming.StreamingQueryProgress;
import io.github.reactivespark.connect.streaming.Trigger;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * File sources over real data: files of the 3M BTS flights (npm vega-datasets), written by the server into a
 * scratch directory, streamed and checked against the batch result over the same files; the state data source
 * reads the checkpoint of the stateful query.
 */
class FileStreamIT extends StreamingTestBase {

  private static final String SCHEMA = "ts TIMESTAMP, delay INT, distance INT, origin STRING, destination STRING";
  private static Path flights;

  @BeforeAll
  static void data() {
    flights = VegaDatasets.fromSystemProperties().flights3m();
  }

  /** Writes the flights of {@code origin} into {@code dir} as {@code files} files of {@code format}. */
  private void writeFlights(String format, Path dir, String origin, int files) {
    String view = uniqueName("flights");
    spark.read().parquet(flights.toString()).createOrReplaceTempView(view).block(TIMEOUT);
    spark.sql("INSERT OVERWRITE DIRECTORY '" + dir + "' USING " + format
        + (format.equals("csv") ? " OPTIONS (header 'true')" : "")
        + " SELECT /*+ REPARTITION(" + files + ") */ CAST(date AS TIMESTAMP) AS ts, delay, distance, origin,"
        + " destination FROM " + view + " WHERE origin = '" + origin + "'").collectAsList().block(TIMEOUT);
  }

  @Test
  void csvFlightsAggregatedByDayWithAWatermarkMatchTheBatchResultAndTheStateStoreReadsTheCheckpoint() {
    Path in = scratch.resolve("csv");
    writeFlights("csv", in, "SEA", 4);
    String name = uniqueName("daily");
    String ckpt = checkpoint(name);

    DataFrame stream = SparkStreaming.readStream(spark).schema(SCHEMA).option("header", true)
        .option("maxFilesPerTrigger", 1L).csv(in.toString());
    DataFrame daily = stream.withWatermark("ts", "3650 days")
        .groupBy(expr("window(ts, '1 day')").as("w"))
        .agg(count(lit(1)).as("flights"), sum("delay").as("delay"));
    StreamingQuery q = SparkStreaming.writeStream(daily).format("memory").queryName(name).outputMode("complete")
        .trigger(Trigger.availableNow()).checkpointLocation(ckpt).start().block(TIMEOUT);
    try {
      q.awaitTermination().block(TIMEOUT);
    } finally {
      q.stop().block(TIMEOUT);
    }

    DataFrame batch = spark.read().schema(SCHEMA).option("header", true).csv(in.toString());
    long total = batch.count().block(TIMEOUT);
    assertTrue(total > 10_000, "SEA has many flights: " + total);
    List<StreamingQueryProgress> progress = q.recentProgress().block(TIMEOUT);
    assertEquals(4, progress.size(), "maxFilesPerTrigger=1 over 4 files: 4 batches");
    assertEquals(total, progress.stream().mapToLong(StreamingQueryProgress::numInputRows).sum());
    StreamingQueryProgress last = progress.get(3);
    assertEquals(3, last.batchId());
    assertTrue(last.eventTime().keySet().containsAll(List.of("min", "max", "avg", "watermark")), last.json());
    assertEquals(1, last.stateOperators().size(), last.json());
    assertEquals(0, last.stateOperators().get(0).numRowsDroppedByWatermark());
    assertEquals(2, last.stateOperators().get(0).numShufflePartitions());

    List<String> streamed = rows(spark.sql("SELECT CAST(w.start AS STRING), flights, delay FROM " + name
        + " ORDER BY 1"));
    batch.groupBy(expr("window(ts, '1 day')").as("w")).agg(count(lit(1)).as("flights"), sum("delay").as("delay"))
        .createOrReplaceTempView(name + "_b").block(TIMEOUT);
    List<String> expected = rows(spark.sql("SELECT CAST(w.start AS STRING), flights, delay FROM " + name + "_b"
        + " ORDER BY 1"));
    spark.sql("DROP VIEW " + name + "_b").collectAsList().block(TIMEOUT);
    assertTrue(expected.size() > 150, "about half a year of days: " + expected.size());
    assertEquals(expected, streamed);
    assertEquals(expected.size(), last.stateOperators().get(0).numRowsTotal());

    // the state data source over the checkpoint: one state row per day window, in 2 partitions
    DataFrame state = spark.read().format("statestore").load(ckpt);
    assertEquals(List.of("key", "value", "partition_id"), Arrays.asList(state.schema().block(TIMEOUT).fieldNames()));
    assertEquals((long) expected.size(), state.count().block(TIMEOUT));
    Row parts = state.agg(expr("count(DISTINCT partition_id)"), expr("max(partition_id)")).first().block(TIMEOUT);
    assertTrue(parts.getLong(0) >= 1 && parts.getInt(1) <= 1, parts.toString());
    List<Row> meta = spark.read().format("state-metadata").load(ckpt).collectAsList().block(TIMEOUT);
    assertEquals(1, meta.size(), meta.toString());
    Row m = meta.get(0);
    assertEquals("stateStoreSave", m.getAs("operatorName"));
    assertEquals(2, ((Number) m.getAs("numPartitions")).intValue());
    assertEquals(3L, ((Number) m.getAs("maxBatchId")).longValue());
  }

  @Test
  void jsonFlightsProcessAllAvailablePicksUpFilesAddedLater() throws IOException {
    Path in = scratch.resolve("json");
    writeFlights("json", in, "SEA", 2);
    String name = uniqueName("json");
    DataFrame stream = SparkStreaming.readStream(spark).format("json").schema(SCHEMA).load(in.toString());
    StreamingQuery q = SparkStreaming.writeStream(stream).format("memory").queryName(name)
        .checkpointLocation(checkpoint(name)).start().block(TIMEOUT);
    try {
      q.processAllAvailable().block(TIMEOUT);
      Row sea = spark.sql("SELECT count(*), sum(delay) FROM " + name).first().block(TIMEOUT);
      Row seaBatch = spark.read().schema(SCHEMA).json(in.toString()).agg(count(lit(1)), sum("delay")).first()
          .block(TIMEOUT);
      assertEquals(seaBatch.toList(), sea.toList());

      // more files, moved in atomically: the query picks them up
      Path staging = scratch.resolve("staging");
      writeFlights("json", staging, "PDX", 1);
      long pdxBatch = spark.read().schema(SCHEMA).json(staging.toString()).count().block(TIMEOUT);
      try (Stream<Path> s = Files.list(staging)) {
        for (Path f : s.filter(p -> p.getFileName().toString().startsWith("part-")).toList()) {
          Files.move(f, in.resolve("pdx-" + f.getFileName()));
        }
      }
      q.processAllAvailable().block(TIMEOUT);
      Row all = spark.sql("SELECT count(*), count_if(origin = 'PDX') FROM " + name).first().block(TIMEOUT);
      assertEquals(seaBatch.getLong(0) + pdxBatch, all.getLong(0));
      assertEquals(pdxBatch, all.getLong(1));
      assertTrue(q.isActive().block(TIMEOUT));
    } finally {
      q.stop().block(TIMEOUT);
    }
    assertFalse(q.isActive().block(TIMEOUT));
  }

  @Test
  void availableNowIntoATableThenTheTableAsASourceAndTextWithTriggerOnce() {
    Path in = scratch.resolve("json");
    writeFlights("json", in, "SEA", 2);
    long expected = spark.read().schema(SCHEMA).json(in.toString()).count().block(TIMEOUT);
    String table = "st_tbl_" + java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    try {
      StreamingQuery toTable = SparkStreaming.writeStream(
              SparkStreaming.readStream(spark).format("json").schema(SCHEMA).load(in.toString()))
          .trigger(Trigger.availableNow()).checkpointLocation(checkpoint("t1")).toTable(table).block(TIMEOUT);
      toTable.awaitTermination().block(TIMEOUT);
      assertEquals(expected, spark.table(table).count().block(TIMEOUT));

      String fromTable = uniqueName("fromtable");
      StreamingQuery q2 = SparkStreaming.writeStream(SparkStreaming.readStream(spark).table(table))
          .format("memory").queryName(fromTable).trigger(Trigger.availableNow()).checkpointLocation(checkpoint("t2"))
          .start().block(TIMEOUT);
      q2.awaitTermination().block(TIMEOUT);
      assertEquals(expected, spark.table(fromTable).count().block(TIMEOUT));

      String lines = uniqueName("lines");
      StreamingQuery q3 = SparkStreaming.writeStream(SparkStreaming.readStream(spark).text(in.toString()))
          .format("memory").queryName(lines).trigger(Trigger.once()).checkpointLocation(checkpoint("t3"))
          .start().block(TIMEOUT);
      q3.awaitTermination().block(TIMEOUT);
      assertEquals(1, q3.recentProgress().block(TIMEOUT).size(), "Trigger.once: one batch");
      Row r = spark.sql("SELECT count(*), count_if(value LIKE '{%\"origin\":\"SEA\"%}') FROM " + lines).first()
          .block(TIMEOUT);
      assertEquals(expected, r.getLong(0));
      assertEquals(expected, r.getLong(1));
    } finally {
      spark.sql("DROP TABLE IF EXISTS " + table).collectAsList().block(TIMEOUT);
    }
  }

  private List<String> rows(DataFrame df) {
    return df.collectAsList().block(TIMEOUT).stream().map(Row::toString).toList();
  }
}
