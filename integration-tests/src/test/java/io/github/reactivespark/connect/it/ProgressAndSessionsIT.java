package io.github.reactivespark.connect.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.reactivespark.connect.DataFrame;
import io.github.reactivespark.connect.Execution;
import io.github.reactivespark.connect.ExecutionInfo;
import io.github.reactivespark.connect.ExecutionProgress;
import io.github.reactivespark.connect.ProgressHandler;
import io.github.reactivespark.connect.RecordingTransport;
import io.github.reactivespark.connect.Row;
import io.github.reactivespark.connect.SparkSession;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.util.function.Tuple2;

/**
 * Progress, plan metrics, schema caching and new/cloned sessions on the real server. The multi-stage query is a
 * sort-merge join (broadcast off) of a side whose 8 tasks each sleep 0.25 s per row ({@code reflect} of
 * {@code Thread.sleep}), so it runs for about 2 s on 2 cores, many times the session's progress interval
 * ({@code spark.connect.progress.reportInterval}, a runtime conf, set to 100 ms here; the server's default is 2 s).
 */
class ProgressAndSessionsIT extends ServerTestBase {

  private static final String SLOW_JOIN = "SELECT a.k, count(*) AS n FROM"
      + " (SELECT id % 4 AS k, reflect('java.lang.Thread', 'sleep', CAST(250 AS BIGINT)) AS z"
      + "  FROM range(0, 16, 1, 8)) a"
      + " JOIN (SELECT id % 4 AS k FROM range(0, 100, 1, 4)) b ON a.k = b.k"
      + " WHERE length(coalesce(a.z, '')) >= 0 GROUP BY a.k ORDER BY a.k";

  private DataFrame slowJoin() {
    spark.conf().set("spark.sql.autoBroadcastJoinThreshold", "-1").block(TIMEOUT);
    spark.conf().set("spark.connect.progress.reportInterval", "100ms").block(TIMEOUT);
    return spark.sql(SLOW_JOIN);
  }

  private static void assertJoinResult(List<Row> rows) {
    assertEquals(4, rows.size());
    for (int k = 0; k < 4; k++) {
      assertEquals((long) k, rows.get(k).getLong(0));
      assertEquals(100L, rows.get(k).getLong(1), "4 rows of a times 25 of b per key");
    }
  }

  @Test
  void progressOfAMultiStageQueryEndsWithAllStagesDone() {
    Execution run = slowJoin().execute();
    Tuple2<List<ExecutionProgress>, List<Row>> both =
        Mono.zip(run.progress().collectList(), run.collectAsList()).block(TIMEOUT);
    assertJoinResult(both.getT2());
    List<ExecutionProgress> reports = both.getT1();
    assertFalse(reports.isEmpty(), "no progress reported for a query of seconds");
    ExecutionProgress last = reports.get(reports.size() - 1);
    assertTrue(last.allStagesDone(), "last report: " + last);
    assertEquals(0, last.numInflightTasks());
    assertTrue(last.stages().size() >= 2, "a shuffle join has several stages: " + last);
    assertTrue(last.totalTasks() >= 8, last.toString());
    assertTrue(reports.stream().anyMatch(p -> !p.allStagesDone()), "some report was taken while it ran: " + reports);
    assertEquals(1, reports.stream().map(ExecutionProgress::operationId).distinct().count());
    // a late subscriber completes at once; the handle runs once
    StepVerifier.create(run.progress()).expectNextCount(1).verifyComplete();
    StepVerifier.create(run.rows()).expectError(IllegalStateException.class).verify(TIMEOUT);

    ExecutionInfo info = run.executionInfo().block(TIMEOUT);
    assertTrue(info != null && !info.metrics().isEmpty(), "plan metrics");
    assertEquals(last.operationId(), info.operationId());
    assertTrue(info.metrics().stream().anyMatch(m -> m.name().contains("SortMergeJoin")), info.toText());
  }

  @Test
  void sessionHandlersSeeEveryQueryUntilRemoved() {
    List<ExecutionProgress> seen = new CopyOnWriteArrayList<>();
    List<ExecutionProgress> perSubscription = new CopyOnWriteArrayList<>();
    ProgressHandler handler = seen::add;
    spark.registerProgressHandler(handler);
    spark.registerProgressHandler(handler); // once
    DataFrame df = slowJoin();
    assertJoinResult(df.collectAsList().contextWrite(SparkSession.withProgressHandler(perSubscription::add))
        .block(TIMEOUT));
    assertFalse(seen.isEmpty(), "the session handler saw nothing");
    assertEquals(seen.size(), perSubscription.size(), "registered twice but called once per report");
    assertTrue(seen.stream().anyMatch(p -> p.stages().size() >= 2), seen.toString());
    // DataFrame.executionInfo: the metrics of the last action of this object
    ExecutionInfo info = df.executionInfo().orElseThrow();
    assertTrue(info.metrics().stream().anyMatch(m -> m.name().contains("Exchange")), info.toText());

    // one removed, another cleared: neither sees the next query (which reports progress, as the first did)
    List<ExecutionProgress> other = new CopyOnWriteArrayList<>();
    List<ExecutionProgress> stillSubscribed = new CopyOnWriteArrayList<>();
    spark.removeProgressHandler(handler);
    spark.registerProgressHandler(other::add);
    spark.clearProgressHandlers();
    int before = seen.size();
    assertJoinResult(slowJoin().collectAsList().contextWrite(SparkSession.withProgressHandler(stillSubscribed::add))
        .block(TIMEOUT));
    assertFalse(stillSubscribed.isEmpty(), "the query reported progress");
    assertEquals(before, seen.size(), "a removed handler was called");
    assertTrue(other.isEmpty(), "a cleared handler was called");
  }

  @Test
  void schemaIsAskedOncePerDataFrame() {
    AtomicReference<RecordingTransport> wire = new AtomicReference<>();
    try (SparkSession s = RecordingTransport.session(TestServer.remote(), wire::set)) {
      DataFrame df = s.range(10).selectExpr("id", "id * 2 AS twice");
      for (int i = 0; i < 50; i++) {
        assertEquals(List.of("id", "twice"), df.columns().block(TIMEOUT));
      }
      assertEquals(2, df.dtypes().block(TIMEOUT).size());
      assertEquals(1, wire.get().analyzeCalls.get(), "AnalyzePlan calls for 50 columns() and dtypes()");
      s.range(3).columns().block(TIMEOUT);
      assertEquals(2, wire.get().analyzeCalls.get(), "another DataFrame asks again");
    }
  }

  @Test
  void newSessionIsIsolatedAndCloneSessionCopiesState() {
    spark.conf().set("spark.sql.shuffle.partitions", "3").block(TIMEOUT);
    spark.range(7).createOrReplaceTempView("cloned_view").block(TIMEOUT);

    try (SparkSession fresh = spark.newSession()) {
      assertNotEquals(spark.sessionId(), fresh.sessionId());
      assertEquals("4", fresh.conf().get("spark.sql.shuffle.partitions").block(TIMEOUT));
      StepVerifier.create(fresh.table("cloned_view").count())
          .expectErrorSatisfies(e -> assertTrue(e.getMessage().contains("TABLE_OR_VIEW_NOT_FOUND"), e.getMessage()))
          .verify(TIMEOUT);
    }

    SparkSession clone = spark.cloneSession().block(TIMEOUT);
    try (clone) {
      assertNotEquals(spark.sessionId(), clone.sessionId());
      assertEquals(7L, clone.table("cloned_view").count().block(TIMEOUT));
      assertEquals("3", clone.conf().get("spark.sql.shuffle.partitions").block(TIMEOUT));
      // later changes do not cross over
      clone.conf().set("spark.sql.shuffle.partitions", "5").block(TIMEOUT);
      clone.range(2).createOrReplaceTempView("cloned_view").block(TIMEOUT);
      assertEquals("3", spark.conf().get("spark.sql.shuffle.partitions").block(TIMEOUT));
      assertEquals(7L, spark.table("cloned_view").count().block(TIMEOUT));
      assertEquals(2L, clone.table("cloned_view").count().block(TIMEOUT));
    }
    spark.sql("DROP VIEW IF EXISTS cloned_view").collectAsList().block(TIMEOUT);
  }

  @Test
  void stopWithAllowReconnectKeepsTheSessionIdUsable() {
    List<RecordingTransport> wires = new CopyOnWriteArrayList<>();
    SparkSession s = RecordingTransport.session(TestServer.remote(), wires::add);
    String id = s.sessionId();
    assertEquals(1L, s.range(1).count().block(TIMEOUT));
    s.stop(true).block(TIMEOUT);
    assertTrue(wires.get(0).released.get(0).getAllowReconnect());
    try (SparkSession again = SparkSession.builder().remote(TestServer.remote("session_id=" + id)).create()) {
      assertEquals(id, again.sessionId());
      assertEquals(2L, again.range(2).count().block(TIMEOUT));
    }
  }
}
