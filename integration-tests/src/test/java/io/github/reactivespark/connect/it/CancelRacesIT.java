package io.github.reactivespark.connect.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.reactivespark.connect.DataFrame;
import io.github.reactivespark.connect.SparkSession;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * 300 cancel races: queries cancelled right after their first batch, and at random points (before the
 * ExecutePlan left, while it runs, between batches), four at a time. Afterwards the server itself says that
 * nothing of ours still runs there ({@code interruptTag} of the tag every race query carried, and
 * {@code interruptAll}, both return no operation id) and the session's Arrow allocator is empty (the base class).
 */
class CancelRacesIT extends ServerTestBase {

  private static final int RACES = 300;
  private static final String TAG = "f3-cancel-race";

  /** 8 partitions of 50 rows, 2 ms per row: about 100 ms per partition, several batches, still running. */
  private DataFrame smallSlowQuery() {
    return spark.range(0, 400, 1, 8)
        .selectExpr("id", "reflect('java.lang.Thread', 'sleep', cast(2 AS bigint)) AS s");
  }

  @Test
  void threeHundredCancelRacesLeaveNothingRunningOnTheServer() throws InterruptedException {
    AtomicInteger afterFirstBatch = new AtomicInteger();
    AtomicInteger atRandom = new AtomicInteger();
    AtomicInteger rowsSeen = new AtomicInteger();
    List<Throwable> errors = Flux.range(0, RACES)
        .flatMap(i -> {
          Mono<Void> race;
          if (i % 2 == 0) {
            // cancel after the first batch: take the first row, which cancels the rest of the stream
            race = smallSlowQuery().rows().next().doOnNext(r -> {
              rowsSeen.incrementAndGet();
              afterFirstBatch.incrementAndGet();
            }).then();
          } else {
            long ms = ThreadLocalRandom.current().nextLong(0, 250);
            race = smallSlowQuery().rows()
                .doOnNext(r -> rowsSeen.incrementAndGet())
                .take(Duration.ofMillis(ms))
                .doFinally(s -> atRandom.incrementAndGet())
                .then();
          }
          return race.contextWrite(SparkSession.withTags(TAG))
              .then(Mono.<Throwable>empty())
              .onErrorResume(Mono::just);
        }, 4)
        .collectList()
        .block(Duration.ofMinutes(5));
    assertEquals(List.of(), errors, "a cancelled query must not fail");
    assertEquals(RACES / 2, afterFirstBatch.get());
    assertEquals(RACES / 2, atRandom.get());
    assertTrue(rowsSeen.get() >= RACES / 2, "rows were streaming when cancelled: " + rowsSeen.get());
    // ReleaseExecute(release_all) on cancel is asynchronous: let the last ones land, then ask the server
    Thread.sleep(2_000);
    assertEquals(List.of(), spark.interruptTag(TAG).block(TIMEOUT), "a race query still ran on the server");
    assertEquals(List.of(), spark.interruptAll().block(TIMEOUT), "an operation still ran on the server");
    // control: the server does report a running query of ours
    var running = smallSlowQuery().rows().contextWrite(SparkSession.withTags(TAG)).subscribe(r -> { }, e -> { });
    try {
      Mono.delay(Duration.ofMillis(200)).block();
      assertEquals(1, spark.interruptTag(TAG).block(TIMEOUT).size(), "the signal sees a running query");
    } finally {
      running.dispose();
    }
  }
}
