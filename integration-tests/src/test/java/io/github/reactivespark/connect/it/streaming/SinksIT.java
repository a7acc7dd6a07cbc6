package io.github.reactivespark.connect.it.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.reactivespark.connect.DataFrame;
import io.github.reactivespark.connect.streaming.SparkStreaming;
import io.github.reactivespark.connect.streaming.StreamingQuery;
import io.github.reactivespark.connect.streaming.StreamingQueryProgress;
import io.github.reactivespark.connect.streaming.Trigger;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The console and noop sinks, and the continuous trigger, on the real server: each query reads a known number of
 * rows (the sinks keep nothing the client could read back, so the server's progress is the evidence).
 */
class SinksIT extends StreamingTestBase {

  private DataFrame fiveRowsPerBatch() {
    // rate-micro-batch with Trigger.once: exactly one batch of rowsPerBatch rows
    return SparkStreaming.readStream(spark).format("rate-micro-batch").option("rowsPerBatch", 5L).load();
  }

  @Test
  void consoleAndNoopSinksConsumeEveryRowOfTheBatch() {
    for (String sink : List.of("console", "noop")) {
      String name = uniqueName(sink);
      StreamingQuery q = SparkStreaming.writeStream(fiveRowsPerBatch()).format(sink).queryName(name)
          .trigger(Trigger.once()).checkpointLocation(checkpoint(name)).start().block(TIMEOUT);
      try {
        q.awaitTermination().block(TIMEOUT);
      } finally {
        q.stop().block(TIMEOUT);
      }
      List<StreamingQueryProgress> progress = q.recentProgress().block(TIMEOUT);
      assertEquals(1, progress.size(), sink + ": Trigger.once runs one batch");
      assertEquals(5L, progress.get(0).numInputRows(), sink + ": " + progress.get(0).json());
      assertTrue(progress.get(0).sink().description().toLowerCase().contains(sink.equals("console") ? "console" : "noop"),
          progress.get(0).sink().description());
    }
  }

  @Test
  void continuousTriggerRunsAndStops() {
    String name = uniqueName("continuous");
    // the rate source supports continuous processing; the memory sink does too
    DataFrame rate = SparkStreaming.readStream(spark).format("rate").option("rowsPerSecond", 10L)
        .option("numPartitions", 1L).load();
    StreamingQuery q = SparkStreaming.writeStream(rate).format("memory").queryName(name)
        .trigger(Trigger.continuous(1000)).checkpointLocation(checkpoint(name)).start().block(TIMEOUT);
    try {
      long deadline = System.nanoTime() + seconds(60).toNanos();
      long rows = 0;
      while (rows < 5 && System.nanoTime() < deadline) {
        rows = spark.sql("SELECT count(*) FROM " + name).first().block(TIMEOUT).getLong(0);
      }
      assertTrue(rows >= 5, "continuous processing delivered rows: " + rows);
      assertTrue(q.isActive().block(TIMEOUT));
    } finally {
      q.stop().block(TIMEOUT);
    }
    assertEquals(Boolean.FALSE, q.isActive().block(TIMEOUT));
  }
}
