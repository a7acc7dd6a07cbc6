package io.github.reactivespark.connect.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.github.reactivespark.connect.DataFrame;
import io.github.reactivespark.connect.SparkSession;
import io.github.reactivespark.connect.exceptions.SparkConnectException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * A restarted client resumes its server session by {@code ;session_id=<uuid>} (a second {@link SparkSession} in
 * this JVM stands for the restarted process): it shares the first one's server state (temp views), sees the
 * operations still running there and stops them with {@code interruptTag}/{@code interruptAll}; the first
 * client's subscriber gets {@code OPERATION_CANCELED}.
 */
class SessionResumeIT extends ServerTestBase {

  /** 2,000 tasks of 200 ms on a 2-core server: minutes of work with tiny output. */
  private static DataFrame slowQuery(SparkSession s) {
    return s.range(0, 2000, 1, 2000)
        .selectExpr("id", "reflect('java.lang.Thread', 'sleep', cast(200 AS bigint)) AS s")
        .selectExpr("sum(length(s))");
  }

  private SparkSession resume(String sessionId) {
    return TestServer.builder().remote(TestServer.remote("session_id=" + sessionId)).create();
  }

  @Test
  void aResumedSessionSeesAndStopsWhatTheFirstClientLeftRunning() throws InterruptedException {
    spark.sql("SELECT 42 AS answer").createOrReplaceTempView("f3_resume_view").block(TIMEOUT);
    SparkSession resumed = resume(spark.sessionId());
    AtomicLong rows = new AtomicLong();
    List<Throwable> errors = new CopyOnWriteArrayList<>();
    Disposable running = null;
    Disposable untagged = null;
    try {
      assertEquals(spark.sessionId(), resumed.sessionId());
      // the same server session: the first client's temp view is there (read before the slow jobs fill the cores)
      assertEquals(42, ((Number) resumed.table("f3_resume_view").collectAsList().block(TIMEOUT).get(0).get(0))
          .intValue());
      running = slowQuery(spark).rows().contextWrite(SparkSession.withTags("f3-nightly"))
          .subscribe(r -> rows.incrementAndGet(), errors::add);
      untagged = slowQuery(spark).rows().subscribe(r -> rows.incrementAndGet(), errors::add);
      Thread.sleep(3_000); // let both jobs start (Spark cancels submitted jobs)
      assertEquals(1, resumed.interruptTag("f3-nightly").block(TIMEOUT).size(),
          () -> "the resumed session sees the tagged query of the first client; errors: " + errors);
      assertEquals(1, resumed.interruptAll().block(TIMEOUT).size(), "and the untagged one");
      Mono.delay(Duration.ofMillis(100)).repeat(() -> errors.size() < 2).blockLast(TIMEOUT);
      for (Throwable e : errors) {
        assertEquals("OPERATION_CANCELED", assertInstanceOf(SparkConnectException.class, e, e::toString)
            .errorClass());
      }
      assertEquals(0L, rows.get());
      assertEquals(List.of(), spark.interruptAll().block(TIMEOUT), "nothing of ours still runs on the server");
      // both clients keep working on the shared session
      assertEquals(1L, resumed.range(1).count().block(TIMEOUT));
      assertEquals(1L, spark.range(1).count().block(TIMEOUT));
    } finally {
      if (running != null) {
        running.dispose();
      }
      if (untagged != null) {
        untagged.dispose();
      }
      resumed.sql("DROP VIEW IF EXISTS f3_resume_view").collectAsList().block(TIMEOUT);
      assertEquals(0, resumed.arrowAllocatedBytes());
      // releases the shared server session: the first client's own close() afterwards only logs that it is gone
      resumed.close();
    }
  }

  @Test
  void aSessionIdTheServerNeverSawStartsANewSession() {
    String fresh = java.util.UUID.randomUUID().toString();
    try (SparkSession s = resume(fresh)) {
      assertEquals(fresh, s.sessionId());
      assertEquals(3L, s.range(3).count().block(TIMEOUT));
    }
  }
}
