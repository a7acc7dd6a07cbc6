package io.github.reactivespark.connect.it.streaming;

import static io.github.reactivespark.connect.functions.col;
import static io.github.reactivespark.connect.functions.expr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.reactivespark.connect.DataFrame;
import io.github.reactivespark.connect.Row;
import io.github.reactivespark.connect.exceptions.AnalysisException;
import io.github.reactivespark.connect.exceptions.StreamingQueryException;
import io.github.reactivespark.connect.streaming.SparkStreaming;
import io.github.reactivespark.connect.streaming.StreamingQuery;
import io.github.reactivespark.connect.streaming.StreamingQueryManager;
import io.github.reactivespark.connect.streaming.StreamingQueryProgress;
import io.github.reactivespark.connect.streaming.StreamingQueryStatus;
import io.github.reactivespark.connect.streaming.Trigger;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/** DataStreamReader/Writer, StreamingQuery and StreamingQueryManager against the real server, on rate sources. */
class StreamingQueryIT extends StreamingTestBase {

  @Test
  void rateToMemorySinkKeepsEveryValueOnceAndReportsTypedProgress() {
    String name = uniqueName("rate");
    DataFrame rate = SparkStreaming.readStream(spark).format("rate").option("rowsPerSecond", 200L)
        .option("numPartitions", 2L).load();
    assertTrue(rate.isStreaming().block(TIMEOUT));
    assertFalse(spark.range(3).isStreaming().block(TIMEOUT));
    StreamingQuery q = SparkStreaming.writeStream(rate).format("memory").queryName(name).outputMode("append")
        .trigger(Trigger.processingTime(Duration.ofMillis(300))).checkpointLocation(checkpoint(name)).start()
        .block(TIMEOUT);
    try {
      assertEquals(name, q.name());
      StreamingQueryManager streams = SparkStreaming.streams(spark);
      assertTrue(streams.active().block(TIMEOUT).contains(q));
      assertEquals(q, streams.get(q.id()).block(TIMEOUT));
      StreamingQueryStatus running = q.status().block(TIMEOUT);
      assertTrue(running.isActive(), running.toString());
      // wait (without a thread) until at least 400 rows went through
      Flux.interval(Duration.ofMillis(200)).onBackpressureDrop().concatMap(i -> q.recentProgress())
          .filter(ps -> ps.stream().mapToLong(StreamingQueryProgress::numInputRows).sum() >= 400)
          .next().block(TIMEOUT);
      String plan = q.explain(true).block(TIMEOUT);
      assertTrue(plan.contains("Physical Plan") && plan.contains("Logical Plan"), plan);
      q.stop().block(TIMEOUT);
      assertFalse(q.isActive().block(TIMEOUT));
      assertFalse(streams.active().block(TIMEOUT).contains(q));
      assertNull(streams.get(q.id()).block(TIMEOUT));
      assertNull(q.exception().block(TIMEOUT));

      List<StreamingQueryProgress> progress = q.recentProgress().block(TIMEOUT);
      long progressRows = progress.stream().mapToLong(StreamingQueryProgress::numInputRows).sum();
      for (int i = 0; i < progress.size(); i++) {
        StreamingQueryProgress p = progress.get(i);
        assertEquals(q.id(), p.id());
        assertEquals(q.runId(), p.runId());
        assertEquals(name, p.name());
        assertEquals(i, p.batchId(), "recentProgress holds batches 0.. in order");
        assertTrue(p.durationMs().containsKey("triggerExecution"), p.json());
        assertEquals(1, p.sources().size());
        assertTrue(p.sources().get(0).description().startsWith("RateStream"), p.sources().get(0).description());
        assertEquals(p.numInputRows(), p.sources().get(0).numInputRows());
        assertTrue(p.sink().description().contains("MemorySink"), p.sink().description());
        assertEquals(p, StreamingQueryProgress.fromJson(p.json()));
      }
      assertEquals(progress.get(progress.size() - 1), q.lastProgress().block(TIMEOUT));

      // the rate source emits value = 0, 1, 2, ... : whatever was written is exactly 0..n-1
      Row r = spark.sql("SELECT count(*), sum(value), min(value), max(value), count(DISTINCT value) FROM " + name)
          .first().block(TIMEOUT);
      long n = r.getLong(0);
      assertTrue(n >= 400 && n >= progressRows, n + " rows, progress says " + progressRows);
      assertEquals(n * (n - 1) / 2, r.getLong(1));
      assertEquals(0L, r.getLong(2));
      assertEquals(n - 1, r.getLong(3));
      assertEquals(n, r.getLong(4));
    } finally {
      q.stop().block(TIMEOUT);
    }
  }

  @Test
  void rateMicroBatchToParquetHas25RowsPerBatchAndResumesFromTheCheckpointExactlyOnce() {
    String name = uniqueName("rmb");
    String ckpt = checkpoint(name);
    String out = scratch.resolve("out-" + name).toString();
    DataFrame src = SparkStreaming.readStream(spark).format("rate-micro-batch").option("rowsPerBatch", 25L).load()
        .select(col("value"), expr("value % 2").as("parity"));
    StreamingQuery first = SparkStreaming.writeStream(src).format("parquet").queryName(name).partitionBy("parity")
        .trigger(Trigger.processingTime(200)).checkpointLocation(ckpt).start(out).block(TIMEOUT);
    try {
      untilBatches(first, 3);
    } finally {
      first.stop().block(TIMEOUT);
    }
    List<StreamingQueryProgress> p1 = first.recentProgress().block(TIMEOUT);
    assertTrue(p1.stream().allMatch(p -> p.numInputRows() == 25), p1.toString());
    assertTrue(p1.get(0).sink().description().startsWith("FileSink"), p1.get(0).sink().description());
    long n = spark.read().parquet(out).count().block(TIMEOUT);
    assertTrue(n >= 75 && n % 25 == 0, n + " rows");

    // same checkpoint: same id, new runId, batch ids and values continue where the committed ones ended
    assertTrue(java.nio.file.Files.isDirectory(scratch.resolve("out-" + name).resolve("parity=0"))
        && java.nio.file.Files.isDirectory(scratch.resolve("out-" + name).resolve("parity=1")), "partitionBy");
    StreamingQuery second = SparkStreaming.writeStream(src).format("parquet").queryName(name).partitionBy("parity")
        .trigger(Trigger.processingTime(200)).checkpointLocation(ckpt).start(out).block(TIMEOUT);
    try {
      assertEquals(first.id(), second.id());
      assertNotEquals(first.runId(), second.runId());
      untilBatches(second, 1);
    } finally {
      second.stop().block(TIMEOUT);
    }
    List<StreamingQueryProgress> p2 = second.recentProgress().block(TIMEOUT);
    // batch ids continue (a batch the sink committed but the commit log had not yet recorded when the first run
    // stopped runs again; the file sink skips it, so the output stays exactly-once)
    long resumedAt = p2.get(0).batchId();
    assertTrue(resumedAt == n / 25 || resumedAt == n / 25 - 1, "resumed at batch " + resumedAt + " after " + n);
    // every value 0..total-1 exactly once across both runs
    Row r = spark.read().parquet(out).agg(expr("count(*)"), expr("count(DISTINCT value)"), expr("sum(value)"),
        expr("min(value)"), expr("max(value)")).first().block(TIMEOUT);
    long total = r.getLong(0);
    assertTrue(total > n && (total - n) % 25 == 0, total + " rows after " + n);
    assertEquals(total, r.getLong(1));
    assertEquals(total * (total - 1) / 2, r.getLong(2));
    assertEquals(0L, r.getLong(3));
    assertEquals(total - 1, r.getLong(4));
    assertEquals(total / 2, spark.read().parquet(out).filter("parity = 1").count().block(TIMEOUT));
  }

  private static void untilBatches(StreamingQuery q, int batches) {
    Flux.interval(Duration.ofMillis(200)).onBackpressureDrop().concatMap(i -> q.recentProgress())
        .filter(ps -> ps.size() >= batches).next().block(TIMEOUT);
  }

  @Test
  void awaitTerminationTimesOutWhileRunningAndAwaitAnyTerminationSeesTheStop() {
    StreamingQueryManager streams = SparkStreaming.streams(spark);
    streams.resetTerminated().block(TIMEOUT);
    StreamingQuery q = SparkStreaming.writeStream(SparkStreaming.readStream(spark).format("rate").load())
        .format("noop").trigger(Trigger.processingTime(500)).start().block(TIMEOUT);
    try {
      assertNull(q.name());
      long t0 = System.nanoTime();
      assertFalse(q.awaitTermination(Duration.ofMillis(700)).block(TIMEOUT));
      assertTrue(System.nanoTime() - t0 >= 600_000_000L, "waited for the timeout");
      assertFalse(streams.awaitAnyTermination(Duration.ofMillis(300)).block(TIMEOUT));
      q.stop().block(TIMEOUT);
      assertTrue(q.awaitTermination(Duration.ofSeconds(30)).block(TIMEOUT));
      q.awaitTermination().block(TIMEOUT);
      assertTrue(streams.awaitAnyTermination(Duration.ofSeconds(30)).block(TIMEOUT));
      streams.resetTerminated().block(TIMEOUT);
      assertFalse(streams.awaitAnyTermination(Duration.ofMillis(200)).block(TIMEOUT));
    } finally {
      q.stop().block(TIMEOUT);
    }
  }

  @Test
  void aFailingQueryIsAStreamingQueryExceptionWithTheCausesErrorClass() {
    // ANSI (Spark 4's default): integer division by zero in batch 0 (values 0..9, zero at value 5)
    DataFrame src = SparkStreaming.readStream(spark).format("rate-micro-batch").option("rowsPerBatch", 10L).load()
        .select(expr("10 div (value - 5)").as("x"));
    StreamingQuery q = SparkStreaming.writeStream(src).format("noop").start().block(TIMEOUT);
    try {
      StreamingQueryException awaited = assertThrows(StreamingQueryException.class,
          () -> q.awaitTermination().block(TIMEOUT));
      assertTrue(awaited.getMessage().contains("DIVIDE_BY_ZERO"), awaited.getMessage());
      StreamingQueryException ex = q.exception().block(TIMEOUT);
      assertInstanceOf(StreamingQueryException.class, ex);
      assertTrue(ex.getMessage().contains("DIVIDE_BY_ZERO"), ex.getMessage());
      assertTrue(ex.errorClass() != null, "the server's ExceptionResult names an error class");
      assertFalse(q.isActive().block(TIMEOUT));
      assertThrows(StreamingQueryException.class, () -> q.processAllAvailable().block(TIMEOUT));
    } finally {
      q.stop().block(TIMEOUT);
    }
  }

  @Test
  void writeStreamOfABatchDataFrameIsAnAnalysisException() {
    AnalysisException e = assertThrows(AnalysisException.class,
        () -> SparkStreaming.writeStream(spark.range(5)).format("noop").start().block(TIMEOUT));
    assertTrue(e.getMessage().toLowerCase().contains("writestream"), e.getMessage());
  }
}
