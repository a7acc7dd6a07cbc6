package io.github.reactivespark.connect.it;

import static io.github.reactivespark.connect.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.reactivespark.connect.ArrowBatch;
import io.github.reactivespark.connect.DataFrame;
import io.github.reactivespark.connect.Row;
import io.github.reactivespark.connect.exceptions.SparkConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.vector.BigIntVector;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** Results as Arrow batches and rows: shape, ordering, backpressure, cancellation and memory. */
class ResultsIT extends ServerTestBase {

  @Test
  void arrowBatchesCarrySchemaRowCountsAndOffsets() {
    spark.conf().set("spark.sql.execution.arrow.maxRecordsPerBatch", "1000").block(TIMEOUT);
    DataFrame df = spark.range(0, 25_000, 1, 1).selectExpr("id", "id * 2.5 AS d", "cast(id AS string) AS s");
    List<long[]> seen = df.mapBatches(b -> {
      assertEquals(List.of("id", "d", "s"), java.util.Arrays.asList(b.schema().fieldNames()));
      BigIntVector ids = (BigIntVector) b.root().getVector("id");
      long sum = 0;
      for (int i = 0; i < b.rowCount(); i++) {
        assertEquals(b.startOffset() + i, ids.get(i), "ids are in order and match the batch's start offset");
        sum += ids.get(i);
      }
      return new long[] {b.rowCount(), b.startOffset(), sum};
    }).collectList().block(TIMEOUT);
    assertEquals(25, seen.size());
    long total = 0;
    long idSum = 0;
    for (long[] s : seen) {
      assertEquals(1000, s[0]);
      assertEquals(total, s[1]);
      total += s[0];
      idSum += s[2];
    }
    assertEquals(25_000L * 24_999L / 2, idSum);
  }

  @Test
  void rowsStreamEveryValueOnceInOrder() {
    AtomicLong expected = new AtomicLong();
    long n = spark.range(0, 300_000, 1, 3).rows()
        .doOnNext(r -> assertEquals(expected.getAndIncrement(), r.getLong(0)))
        .count().block(TIMEOUT);
    assertEquals(300_000L, n);
  }

  @Test
  void collectCountFirstHeadTake() {
    DataFrame df = spark.range(5, 15);
    assertEquals(10L, df.count().block(TIMEOUT));
    assertEquals(10, df.collectAsList().block(TIMEOUT).size());
    // ordered: without ORDER BY a limit may return any rows, and on a standalone cluster it does (the cluster pass
    // saw first() = 10: the single-partition shuffle under the limit fetches the executors' blocks in any order)
    DataFrame ordered = df.orderBy("id");
    assertEquals(5L, ordered.first().block(TIMEOUT).getLong(0));
    assertEquals(List.of(5L, 6L, 7L), ordered.head(3).block(TIMEOUT).stream().map(r -> r.getLong(0)).toList());
    assertEquals(2, df.take(2).block(TIMEOUT).size());
    StepVerifier.create(df.filter("id > 100").first()).verifyComplete();
    assertEquals(0L, df.filter("id > 100").count().block(TIMEOUT));
  }

  @Test
  void showStringIsSparksTable() {
    String table = spark.sql("SELECT * FROM VALUES (1, 'short'), (2, 'a rather long value') AS t(n, s)")
        .showString(20, 10, false).block(TIMEOUT);
    assertEquals("""
        +---+----------+
        |  n|         s|
        +---+----------+
        |  1|     short|
        |  2|a rathe...|
        +---+----------+
        """, table);
  }

  @Test
  void schemaTreeStringAndExplain() {
    DataFrame df = spark.range(3).selectExpr("id", "array(id) AS a", "named_struct('x', id) AS st");
    assertEquals(List.of("id", "a", "st"), java.util.Arrays.asList(df.schema().block(TIMEOUT).fieldNames()));
    assertEquals("""
        root
         |-- id: long (nullable = false)
         |-- a: array (nullable = false)
         |    |-- element: long (containsNull = false)
         |-- st: struct (nullable = false)
         |    |-- x: long (nullable = false)
        """, df.treeString().block(TIMEOUT));
    assertTrue(df.explain("simple").block(TIMEOUT).contains("Range (0, 3"));
    assertTrue(df.explain("extended").block(TIMEOUT).contains("== Analyzed Logical Plan =="));
    assertTrue(df.explain("formatted").block(TIMEOUT).contains("Range"));
    assertTrue(df.explain("codegen").block(TIMEOUT).toLowerCase().contains("codegen"));
    assertTrue(df.explain("cost").block(TIMEOUT).contains("Statistics"));
  }

  @Test
  void backpressureDeliversOnlyWhatIsRequested() {
    spark.conf().set("spark.sql.execution.arrow.maxRecordsPerBatch", "1000").block(TIMEOUT);
    List<ArrowBatch> held = new ArrayList<>();
    try {
      StepVerifier.create(spark.range(0, 1_000_000, 1, 2).toArrow(), 1)
          .consumeNextWith(held::add)
          .expectNoEvent(Duration.ofSeconds(2))
          .thenRequest(2)
          .consumeNextWith(held::add)
          .consumeNextWith(held::add)
          .expectNoEvent(Duration.ofSeconds(1))
          .thenCancel()
          .verify(TIMEOUT);
      assertEquals(3, held.size());
      assertEquals(List.of(0L, 1000L, 2000L), held.stream().map(ArrowBatch::startOffset).toList());
      assertTrue(spark.arrowAllocatedBytes() > 0, "the subscriber owns the batches it received");
    } finally {
      held.forEach(ArrowBatch::close);
    }
    assertEquals(0L, spark.arrowAllocatedBytes());
  }

  /**
   * A query that would run for minutes (2,000 tasks of 200 ms on 2 cores) while producing tiny results, so the
   * server never piles up output while the test holds it.
   */
  private DataFrame slowQuery() {
    return spark.range(0, 2000, 1, 2000).selectExpr("id", "reflect('java.lang.Thread', 'sleep', cast(200 AS bigint)) AS s");
  }

  /** Cancelling after the first batch stops the query on the server, shown by the server itself. */
  @RepeatedTest(3)
  void cancelStopsTheServerSideOperation() throws InterruptedException {
    Row first = slowQuery().selectExpr("id", "s").rows().next().block(TIMEOUT);
    assertEquals(0L, first.getLong(0));
    // release_all on cancel is asynchronous: give it a moment to land, then ask the server what still runs.
    Thread.sleep(2_000);
    assertEquals(List.of(), spark.interruptAll().block(TIMEOUT), "an operation was still running after cancel");
  }

  /**
   * Control for the test above: a running query is visible to interruptAll, and interrupting it ends it. The
   * interrupt is sent once the job runs: Spark 4.1.2 cancels only jobs already submitted, and an adaptive query
   * can submit its shuffle-map stage after an early interrupt (seen in the server log), leaving it to run on.
   */
  @Test
  void interruptAllStopsARunningQuery() throws InterruptedException {
    AtomicLong rows = new AtomicLong();
    List<Throwable> error = new CopyOnWriteArrayList<>();
    Disposable d = slowQuery().selectExpr("sum(length(s))").rows()
        .subscribe(r -> rows.incrementAndGet(), error::add);
    try {
      Thread.sleep(3_000);
      List<String> interrupted = spark.interruptAll().block(TIMEOUT);
      assertEquals(1, interrupted.size(), "the running query should have been interrupted");
      Mono.delay(Duration.ofMillis(100)).repeat(error::isEmpty).blockLast(TIMEOUT);
      assertEquals(0L, rows.get());
      SparkConnectException e = assertInstanceOf(SparkConnectException.class, error.get(0));
      assertEquals("OPERATION_CANCELED", e.errorClass());
      assertEquals(List.of(), spark.interruptAll().block(TIMEOUT), "nothing left running");
    } finally {
      d.dispose();
    }
  }

  @Test
  void eachSubscriptionRunsTheQueryAgain() {
    spark.sql("CREATE OR REPLACE TEMP VIEW counter_it AS SELECT 1 AS x").collectAsList().block(TIMEOUT);
    DataFrame df = spark.table("counter_it").select(col("x").plus(1));
    assertEquals(2, df.first().block(TIMEOUT).get(0));
    spark.sql("CREATE OR REPLACE TEMP VIEW counter_it AS SELECT 10 AS x").collectAsList().block(TIMEOUT);
    assertEquals(11, df.first().block(TIMEOUT).get(0), "a cold publisher re-runs the plan on each subscription");
  }
}
