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
import io.github.reactivespark.connect.it.serverside.FileRowWriter;
import io.github.reactivespark.connect.streaming.foreach.ForeachBatchFunction;
import io.github.reactivespark.connect.streaming.foreach.ForeachBatchInvocation;
import io.github.reactivespark.connect.streaming.foreach.ForeachWriterFunction;
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
    List<ForeachBatchInvocation> invocations;
    try {
      invocations = ForeachBatchInvocation.of(query).take(3).collectList().block(TIMEOUT);
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
    // the client saw each run of the function: consecutive batches of 10 rows, succeeded, timed
    for (int i = 1; i < invocations.size(); i++) {
      assertEquals(invocations.get(i - 1).batchId() + 1, invocations.get(i).batchId(), invocations.toString());
    }
    for (ForeachBatchInvocation inv : invocations) {
      assertEquals(10L, inv.rows(), inv.toString());
      assertEquals(ForeachBatchInvocation.Outcome.SUCCEEDED, inv.outcome());
      assertTrue(inv.batchId() < perBatch.size(), "the function wrote the batch the client was told of: " + inv);
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
      reactor.test.StepVerifier.create(ForeachBatchInvocation.of(query))
          .thenConsumeWhile(inv -> inv.outcome() == ForeachBatchInvocation.Outcome.SUCCEEDED)
          .assertNext(inv -> {
            assertEquals(ForeachBatchInvocation.Outcome.FAILED, inv.outcome());
            assertEquals(1L, inv.batchId(), "the function refused batch 1");
          })
          .expectErrorSatisfies(e -> assertTrue(e instanceof StreamingQueryException
              && e.getMessage().contains("foreachBatch refused batch 1"), e.toString()))
          .verify(TIMEOUT);
      StreamingQueryException e = org.junit.jupiter.api.Assertions.assertThrows(StreamingQueryException.class,
          () -> query.awaitTermination().block(TIMEOUT));
      assertTrue(e.getMessage().contains("foreachBatch refused batch 1"), e.getMessage());
    } finally {
      query.stop().block(TIMEOUT);
    }
  }

  @Test
  void aForeachWriterRunsOnTheServerForEveryRow() {
    String out = tmp.resolve("rows").toString();
    StreamingQuery query = SparkStreaming.writeStream(SparkStreaming.readStream(spark).format("rate-micro-batch")
            .option("rowsPerBatch", 7).option("numPartitions", 2).load())
        .foreach(ForeachWriterFunction.of(new FileRowWriter(out)))
        .trigger(Trigger.processingTime(Duration.ofMillis(200)))
        .checkpointLocation(tmp.resolve("checkpoint-foreach").toString())
        .start().block(TIMEOUT);
    long batches;
    try {
      batches = ForeachBatchInvocation.of(query).take(3).count().block(TIMEOUT);
    } finally {
      query.stop().block(TIMEOUT);
    }
    assertEquals(3L, batches);
    // every row of every completed epoch was processed by the writer on the server, exactly once
    Row stats = spark.read().text(out).selectExpr("count(*)", "count(distinct value)", "min(CAST(value AS BIGINT))")
        .first().block(TIMEOUT);
    long n = stats.getLong(0);
    assertTrue(n >= 21 && n % 7 == 0, "whole batches of 7 rows: " + n);
    assertEquals(n, stats.getLong(1), "no row written twice");
    assertEquals(0L, stats.getLong(2));
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
