package io.github.reactivespark.connect.it.microbatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.reactivespark.connect.DataFrame;
import io.github.reactivespark.connect.SparkSession;
import io.github.reactivespark.connect.it.ServerTestBase;
import io.github.reactivespark.connect.it.TestServer;
import io.github.reactivespark.connect.streaming.SparkStreaming;
import io.github.reactivespark.connect.streaming.Trigger;
import io.github.reactivespark.connect.streaming.foreach.MicroBatch;
import io.github.reactivespark.connect.streaming.foreach.MicroBatchStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/**
 * Client-side micro-batches on the real server. The source is Spark's {@code rate-micro-batch}, which puts exactly
 * {@value #ROWS_PER_BATCH} rows in every micro-batch, with {@code value}s {@code 10*batchId .. 10*batchId+9}: so every
 * delivered batch's content is known and checked, and a lost, duplicated or mixed-up batch fails the test.
 */
class MicroBatchStreamIT extends ServerTestBase {

  private static final int ROWS_PER_BATCH = 10;

  @TempDir Path tmp;
  private final String table = "rsc_mb_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

  @AfterEach
  void dropTable() {
    try (SparkSession s = TestServer.newSession()) {
      s.sql("DROP TABLE IF EXISTS " + table).collectAsList().block(TIMEOUT);
    }
  }

  private MicroBatchStream stream(SparkSession s) {
    DataFrame rate = SparkStreaming.readStream(s).format("rate-micro-batch")
        .option("rowsPerBatch", ROWS_PER_BATCH).option("numPartitions", 2).load();
    return MicroBatchStream.builder(rate)
        .exportTable(table)
        .checkpointLocation(tmp.resolve("checkpoint").toString())
        // a trigger slower than the client's reaction (progress event or poll, then the stop): at 300 ms a quiet,
        // fast server once exported a 4th batch before the stop reached it
        .trigger(Trigger.processingTime(Duration.ofSeconds(1)))
        .maxBatchesAhead(2)
        .pollInterval(Duration.ofMillis(500))
        .build();
  }

  private static void assertBatchContent(MicroBatch batch) {
    List<Long> values = batch.rows().orderBy("value").collectAsList().block(TIMEOUT).stream()
        .map(r -> r.getLong(r.schema().fieldIndex("value"))).toList();
    List<Long> expected = LongStream.range(batch.batchId() * ROWS_PER_BATCH, (batch.batchId() + 1) * ROWS_PER_BATCH)
        .boxed().toList();
    assertEquals(expected, values, "rows of " + batch);
  }

  @Test
  void deliversEachBatchInOrderWithItsRowsAndStaysAtMostNAhead() throws Exception {
    MicroBatchStream stream = stream(spark);
    List<Long> ids = new ArrayList<>();
    StepVerifier.create(stream.batches(), 1)
        .assertNext(b -> {
          ids.add(b.batchId());
          assertBatchContent(b);
        })
        .then(() -> {
          // The subscriber holds batch 0 uncommitted and asks for nothing: the query must stop at 2 waiting
          // batches (3 if one was in flight when the client stopped it).
          sleep(Duration.ofSeconds(6));
          long exported = spark.sql("SHOW PARTITIONS " + table).count().block(TIMEOUT);
          assertTrue(exported >= 2 && exported <= 3, "exported uncommitted batches: " + exported);
        })
        .thenRequest(1)
        .assertNext(b -> ids.add(b.batchId()))
        .thenCancel()
        .verify(Duration.ofMinutes(2));
    assertEquals(List.of(0L, 1L), ids);
  }

  @Test
  void committedBatchesAreNeverDeliveredAgainAfterAClientRestart() {
    List<Long> firstRun = new ArrayList<>();
    try (SparkSession first = TestServer.newSession()) {
      // Commit 0, 1, 2; receive 3 and crash before committing it.
      stream(first).batches()
          .concatMap(b -> {
            firstRun.add(b.batchId());
            assertBatchContent(b);
            return b.batchId() < 3 ? b.commit().thenReturn(b) : Flux.just(b);
          }, 1)
          .take(4)
          .blockLast(Duration.ofMinutes(2));
    } // the session closes: the server stops its query, as a crashed client's session would be released
    assertEquals(List.of(0L, 1L, 2L, 3L), firstRun);

    try (SparkSession second = TestServer.newSession()) {
      List<MicroBatch> secondRun = stream(second).batches()
          .concatMap(b -> {
            assertBatchContent(b); // the re-delivered batch 3 has the same rows as in the first run
            return b.commit().thenReturn(b);
          }, 1)
          .take(3)
          .collectList()
          .block(Duration.ofMinutes(2));
      assertEquals(List.of(3L, 4L, 5L), secondRun.stream().map(MicroBatch::batchId).toList(),
          "batch 3 was delivered but not committed: it comes again, and nothing committed does");
      List<Long> left = second.sql("SHOW PARTITIONS " + table).collectAsList().block(TIMEOUT).stream()
          .map(r -> Long.parseLong(r.getString(0).substring(r.getString(0).indexOf('=') + 1))).toList();
      assertTrue(left.stream().allMatch(id -> id > 5), "committed partitions are dropped: " + left);
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
