package io.github.reactivespark.connect.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.reactivespark.connect.DataFrame;
import io.github.reactivespark.connect.SparkSession;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** Operation tags, session-wide and per query through the Reactor Context, seen by the server's interruptTag. */
class TagsIT extends ServerTestBase {

  private DataFrame slowQuery() {
    return spark.range(0, 2000, 1, 2000).selectExpr("id", "reflect('java.lang.Thread', 'sleep', cast(200 AS bigint)) AS s");
  }

  @Test
  void interruptTagStopsOnlyTheTaggedQuery() throws InterruptedException {
    List<Throwable> errors = new CopyOnWriteArrayList<>();
    spark.addTag("session-wide");
    Disposable a = slowQuery().rows()
        .contextWrite(SparkSession.withTags("nightly"))
        .subscribeOn(Schedulers.parallel())   // the tag travels with the subscription, not the thread
        .subscribe(r -> { }, errors::add);
    spark.clearTags();
    Disposable b = slowQuery().rows().subscribe(r -> { }, errors::add);
    try {
      // a fixed wait, not awaitFirstRow: whichever query's job comes second has its tasks queued behind the
      // first's 2,000 on 2 cores and delivers no row for minutes (the cluster pass timed out waiting for one)
      Thread.sleep(3_000);
      assertEquals(1, spark.interruptTag("nightly").block(TIMEOUT).size(), "only the query tagged nightly");
      assertEquals(List.of(), spark.interruptTag("nightly").block(TIMEOUT));
      assertEquals(1, spark.interruptAll().block(TIMEOUT).size(), "the untagged query was still running");
      assertEquals(List.of(), spark.interruptTag("session-wide").block(TIMEOUT), "both ended");
    } finally {
      a.dispose();
      b.dispose();
    }
    assertEquals(Set.of(), spark.getTags());
  }

  @Test
  void sessionWideTagsAreSentWithEveryOperation() {
    spark.addTag("etl");
    spark.addTag("team-a");
    assertEquals(Set.of("etl", "team-a"), spark.getTags());
    AtomicLong rows = new AtomicLong();
    List<Throwable> errors = new CopyOnWriteArrayList<>();
    Disposable d = slowQuery().rows().subscribe(r -> rows.incrementAndGet(), errors::add);
    try {
      awaitFirstRow(rows, errors);
      assertEquals(1, spark.interruptTag("team-a").block(TIMEOUT).size());
    } finally {
      d.dispose();
      spark.removeTag("etl");
      spark.removeTag("team-a");
    }
  }

  /**
   * Waits until the slow query, the only one running, has delivered its first row: its job runs on the server (Spark
   * cancels only jobs already submitted), and with 2,000 tasks of 200 ms it runs on for minutes. A polled condition
   * in place of a fixed 3 s sleep, which was both slower than this on a quiet machine and no guarantee on a loaded
   * one.
   */
  private static void awaitFirstRow(AtomicLong rows, List<Throwable> errors) {
    Mono.delay(Duration.ofMillis(50)).repeat(() -> rows.get() == 0 && errors.isEmpty()).blockLast(TIMEOUT);
    assertEquals(List.of(), errors, "the slow query failed before its first row");
  }

  @Test
  void badTagsAreRefusedAtOnce() {
    assertThrows(IllegalArgumentException.class, () -> spark.addTag("a,b"));
    assertThrows(IllegalArgumentException.class, () -> spark.addTag(""));
    assertThrows(IllegalArgumentException.class, () -> SparkSession.withTags("x,y"));
    assertEquals(3L, spark.range(3).count().contextWrite(SparkSession.withTags("ok")).block(TIMEOUT));
  }
}
