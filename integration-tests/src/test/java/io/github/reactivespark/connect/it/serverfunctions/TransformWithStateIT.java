package io.github.reactivespark.connect.it.serverfunctions;

import static io.github.reactivespark.connect.functions.expr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.reactivespark.connect.Column;
import io.github.reactivespark.connect.DataFrame;
import io.github.reactivespark.connect.Row;
import io.github.reactivespark.connect.it.ServerTestBase;
import io.github.reactivespark.connect.it.serverside.StatefulFunctions;
import io.github.reactivespark.connect.samples.StatefulFlights;
import io.github.reactivespark.connect.samples.StreamingFlights;
import io.github.reactivespark.connect.samples.VegaDatasets;
import io.github.reactivespark.connect.samples.stateful.DelayStreaks;
import io.github.reactivespark.connect.samples.stateful.Flight;
import io.github.reactivespark.connect.serverfunctions.KeyValueGroupedDataset;
import io.github.reactivespark.connect.serverfunctions.ServerFunctions;
import io.github.reactivespark.connect.streaming.SparkStreaming;
import io.github.reactivespark.connect.streaming.StreamingQuery;
import io.github.reactivespark.connect.streaming.Trigger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.streaming.GroupStateTimeout;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.streaming.TimeMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spark 4's {@code transformWithState} (a {@code StatefulProcessor} with a {@code ValueState}) and a
 * {@code flatMapGroupsWithState} with a {@code ProcessingTimeTimeout}, each on a stream of real flights (vega-datasets'
 * flights replayed one day per micro-batch, keyed by origin airport), checked against the same counts in SQL.
 */
class TransformWithStateIT extends ServerTestBase {

  @TempDir Path scratch;

  @Test
  void aStatefulProcessorCountsFlightsPerAirportInAValueStateAcrossMicroBatches() {
    // transformWithState keeps its state in column families, which only the RocksDB state store has
    spark.conf().set("spark.sql.streaming.stateStore.providerClass",
        "org.apache.spark.sql.execution.streaming.state.RocksDBStateStoreProvider").block(TIMEOUT);
    StreamingFlights replay = new StreamingFlights(spark, VegaDatasets.fromSystemProperties().flights3m(), scratch);
    long total = replay.writeDays(2);
    ServerFunctions fns = ServerFunctions.of(spark);
    DataFrame counts = flightsPerOrigin(fns, replay);
    String table = "tws_" + Long.toHexString(System.nanoTime());
    StreamingQuery query = start(fns, counts, table, "tws");
    try {
      StatefulFlights.awaitBatch(query, 1);
      // per origin: the running count after the last batch is all its flights, one row per day it had flights
      Map<String, List<Long>> expected = perOrigin(replay.input(), "count(*)", "count(DISTINCT CAST(ts AS DATE))");
      Map<String, List<Long>> emitted = perOrigin(spark.sql("SELECT _1 AS origin, max(_2), count(*) FROM " + table
          + " GROUP BY _1"));
      assertTrue(expected.size() > 100, "airports: " + expected.size());
      assertEquals(expected, emitted);
      assertEquals(total, emitted.values().stream().mapToLong(v -> v.get(0)).sum());
    } finally {
      query.stop().block(TIMEOUT);
      spark.sql("DROP VIEW IF EXISTS " + table).collectAsList().block(TIMEOUT);
    }
  }

  @Test
  void withTheDefaultHdfsBackedStateStoreTheServerFailsTheQueryNamingTheStore() {
    StreamingFlights replay = new StreamingFlights(spark, VegaDatasets.fromSystemProperties().flights3m(), scratch);
    replay.writeDays(1);
    ServerFunctions fns = ServerFunctions.of(spark);
    DataFrame counts = flightsPerOrigin(fns, replay);
    String table = "tws_hdfs_" + Long.toHexString(System.nanoTime());
    StreamingQuery query = start(fns, counts, table, "hdfs");
    try {
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> StatefulFlights.awaitBatch(query, 0));
      // Spark 4.1.2: [UNSUPPORTED_FEATURE.STATE_STORE_MULTIPLE_COLUMN_FAMILIES] ... Creating multiple column
      // families with HDFSBackedStateStoreProvider is not supported.
      assertTrue(e.getMessage().contains("UNSUPPORTED_FEATURE.STATE_STORE_MULTIPLE_COLUMN_FAMILIES")
          && e.getMessage().contains("HDFSBackedStateStoreProvider"), e.getMessage());
    } finally {
      query.stop().block(TIMEOUT);
      spark.sql("DROP VIEW IF EXISTS " + table).collectAsList().block(TIMEOUT);
    }
  }

  @Test
  void aProcessingTimeTimeoutEmitsEachAirportsCountOnceWhenItGoesIdle() throws InterruptedException {
    StreamingFlights replay = new StreamingFlights(spark, VegaDatasets.fromSystemProperties().flights3m(), scratch);
    replay.writeDays(1);
    ServerFunctions fns = ServerFunctions.of(spark);
    DataFrame idle = byOrigin(fns, replay).flatMapGroupsWithState(StatefulFunctions.countUntilIdle("1 second"),
        OutputMode.Update(), Encoders.LONG(), Encoders.tuple(Encoders.STRING(), Encoders.LONG()),
        GroupStateTimeout.ProcessingTimeTimeout()).toDF();
    String table = "idle_" + Long.toHexString(System.nanoTime());
    StreamingQuery query = start(fns, idle, table, "idle");
    try {
      Map<String, List<Long>> expected = perOrigin(replay.input(), "count(*)");
      assertTrue(expected.size() > 100, "airports: " + expected.size());
      // the only micro-batch with data emits nothing; the no-data batches after it time the airports out
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      long rows = 0;
      while (rows < expected.size() && System.nanoTime() < deadline) {
        Thread.sleep(250);
        rows = spark.table(table).count().block(TIMEOUT);
      }
      Thread.sleep(1500); // another timeout period: nothing times out twice (the state was removed)
      Map<String, List<Long>> emitted = perOrigin(spark.sql("SELECT _1 AS origin, sum(_2), count(*) FROM " + table
          + " GROUP BY _1"));
      expected.replaceAll((origin, n) -> List.of(n.get(0), 1L));
      assertEquals(expected, emitted);
      assertEquals(Boolean.TRUE, query.isActive().block(TIMEOUT));
    } finally {
      query.stop().block(TIMEOUT);
      spark.sql("DROP VIEW IF EXISTS " + table).collectAsList().block(TIMEOUT);
    }
  }

  /** The running count of flights per origin: {@link StatefulFunctions.FlightsPerOrigin} in transformWithState. */
  private static DataFrame flightsPerOrigin(ServerFunctions fns, StreamingFlights replay) {
    return byOrigin(fns, replay).transformWithState(new StatefulFunctions.FlightsPerOrigin(), TimeMode.None(),
        OutputMode.Update(), Encoders.tuple(Encoders.STRING(), Encoders.LONG())).toDF();
  }

  private static KeyValueGroupedDataset<String, Flight> byOrigin(ServerFunctions fns, StreamingFlights replay) {
    return fns.dataset(replay.stream(), Encoders.bean(Flight.class)).groupByKey(DelayStreaks.origin(),
        Encoders.STRING());
  }

  private StreamingQuery start(ServerFunctions fns, DataFrame df, String table, String checkpoint) {
    fns.ship().block(TIMEOUT);
    return SparkStreaming.writeStream(df).format("memory").queryName(table).outputMode("update")
        .trigger(Trigger.processingTime(Duration.ofMillis(500)))
        .checkpointLocation(scratch.resolve("checkpoint-" + checkpoint).toString()).start().block(TIMEOUT);
  }

  /** origin → the aggregates (SQL expressions, of type BIGINT) of the replayed input's flights per origin. */
  private Map<String, List<Long>> perOrigin(Path input, String... aggregates) {
    Column[] rest = new Column[aggregates.length - 1];
    for (int i = 1; i < aggregates.length; i++) {
      rest[i - 1] = expr(aggregates[i]);
    }
    return perOrigin(spark.read().schema(StreamingFlights.SCHEMA).json(input.toString()).groupBy("origin")
        .agg(expr(aggregates[0]), rest));
  }

  private Map<String, List<Long>> perOrigin(DataFrame rows) {
    Map<String, List<Long>> out = new TreeMap<>();
    for (Row r : rows.collectAsList().block(TIMEOUT)) {
      Long[] values = new Long[r.size() - 1];
      for (int i = 1; i < r.size(); i++) {
        values[i - 1] = r.getLong(i);
      }
      out.put(r.getString(0), List.of(values));
    }
    return out;
  }
}
