package io.github.reactivespark.connect.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.reactivespark.connect.DataFrame;
import io.github.reactivespark.connect.SparkSession;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
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
  void sessionWideTagsAreSentWithEveryOperation() throws InterruptedException {
    spark.addTag("etl");
    spark.addTag("team-a");
    assertEquals(Set.of("etl", "team-a"), spark.getTags());
    Disposable d = slowQuery().rows().subscribe(r -> { }, e -> { });
    try {
      Thread.sleep(3_000);
      assertEquals(1, spark.interruptTag("team-a").block(TIMEOUT).size());
    } finally {
      d.dispose();
      spark.removeTag("etl");
      spark.removeTag("team-a");
    }
  }

  @Test
  void badTagsAreRefusedAtOnce() {
    assertThrows(IllegalArgumentException.class, () -> spark.addTag("a,b"));
    assertThrows(IllegalArgumentException.class, () -> spark.addTag(""));
    assertThrows(IllegalArgumentException.class, () -> SparkSession.withTags("x,y"));
    assertEquals(3L, spark.range(3).count().contextWrite(SparkSession.withTags("ok")).block(TIMEOUT));
  }
}
