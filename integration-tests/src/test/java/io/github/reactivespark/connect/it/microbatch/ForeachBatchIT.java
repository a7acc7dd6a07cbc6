package io.github.reactivespark.connect.it.microbatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.reactivespark.connect.Row;
import io.github.reactivespark.connect.exceptions.StreamingQueryException;
import io.github.reactivespark.connect.it.ServerTestBase;
import io.github.reactivespark.connect.it.serverside.BatchFunctions;
import io.github.reactivespark.connect.streaming.SparkStreaming;
import io.github.reactivespark.connect.streaming.StreamingQuery;
import io.github.reactivespark.connect.streaming.Trigger;
import io.github.reactivespark.connect.streaming.foreach.ForeachBatchFunction;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * foreachBatch as Spark runs it: a serializable Java lambda, written against Spark's API, shipped with its classes as
 * session artifacts and run on the server once per micro-batch.
 */
class ForeachBatchIT extends ServerTestBase {

  @TempDir Path tmp;

  @Test
  void theFunctionRunsOnTheServerForEveryMicroBatch() {
    String out = tmp.resolve("out").toString();
    StreamingQuery query = SparkStreaming.writeStream(SparkStreaming.readStream(spark).format("rate-micro-batch")
            .option("rowsPerBatch", 10).load())
        .foreachBatch(ForeachBatchFunction.of(BatchFunctions.writeParquet(out)))
        .trigger(Trigger.processingTime(Duration.ofMillis(200)))
        .checkpointLocation(tmp.resolve("checkpoint").toString())
        .start().block(TIMEOUT);
    try {
      // wait until the server has run the function for at least 3 batches
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (query.recentProgress().block(TIMEOUT).stream().filter(p -> p.numInputRows() > 0).count() < 3) {
        assertTrue(System.nanoTime() < deadline, "no 3 batches within 60 s: " + query.recentProgress().block(TIMEOUT)
            + " / " + query.status().block(TIMEOUT) + " / " + query.exception().block(TIMEOUT));
        sleep(200);
      }
    } finally {
      query.stop().block(TIMEOUT);
    }
    List<Row> perBatch = spark.read().parquet(out).groupBy("batch").count().orderBy("batch")
        .collectAsList().block(TIMEOUT);
    assertTrue(perBatch.size() >= 3, perBatch.toString());
    for (int i = 0; i < perBatch.size(); i++) {
      assertEquals(i, perBatch.get(i).getInt(0), "batch ids are consecutive from 0");
      assertEquals(10L, perBatch.get(i).getLong(1), "each batch has rowsPerBatch rows");
    }
    // the function saw exactly the rate source's values: 0 .. 10*batches-1, each once
    Row sums = spark.read().parquet(out).selectExpr("count(*)", "count(distinct value)", "sum(value)")
        .first().block(TIMEOUT);
    long n = 10L * perBatch.size();
    assertEquals(n, sums.getLong(0));
    assertEquals(n, sums.getLong(1));
    assertEquals(n * (n - 1) / 2, sums.getLong(2));
  }

  @Test
  void anExceptionInTheFunctionFailsTheQueryWithATypedError() {
    StreamingQuery query = SparkStreaming.writeStream(SparkStreaming.readStream(spark).format("rate-micro-batch")
            .option("rowsPerBatch", 5).load())
        .foreachBatch(ForeachBatchFunction.of(BatchFunctions.failOnBatch(1)))
        .trigger(Trigger.processingTime(Duration.ofMillis(200)))
        .checkpointLocation(tmp.resolve("checkpoint-fail").toString())
        .start().block(TIMEOUT);
    try {
      StreamingQueryException e = org.junit.jupiter.api.Assertions.assertThrows(StreamingQueryException.class,
          () -> query.awaitTermination().block(TIMEOUT));
      assertTrue(e.getMessage().contains("foreachBatch refused batch 1"), e.getMessage());
    } finally {
      query.stop().block(TIMEOUT);
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
