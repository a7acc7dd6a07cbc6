package io.github.reactivespark.connect.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;

/**
 * A client that disconnects mid-stream cancels the Spark operation: after many clients read a few rows of a long
 * query and hang up, no operation of the service's session runs on the server any more.
 *
 * <p>The query ({@link #LONG}) gives its first rows within a fraction of a second and would run for minutes (20,000
 * partitions of SHA-256 work): a leaked operation keeps running. Running operations are counted with
 * {@code interruptAll()}, which returns the ids of the session's operations that were still running; the test
 * first checks that this count sees a stream that is held open.
 */
class StreamCancelIT extends ServiceTestBase {

  /** How many clients disconnect (-Dit.disconnects; 200 takes about 4 times as long as the default). */
  private static final int DISCONNECTS = Integer.getInteger("it.disconnects", 40);
  private static final String LONG = "SELECT id FROM range(0, 2000000000, 1, 20000)"
      + " WHERE sha2(CAST(id AS STRING), 256) LIKE 'ab%'";
  private static final Duration WAIT = Duration.ofMinutes(3);

  private WebClient web() {
    return WebClient.create("http://localhost:" + port);
  }

  @SuppressWarnings("rawtypes")
  private Flux<Map> rows(String sql) {
    return web().post().uri("/api/spark/parquet/query").accept(MediaType.APPLICATION_NDJSON)
        .bodyValue(Map.of("sql", sql)).retrieve().bodyToFlux(Map.class);
  }

  @Test
  void disconnectedClientsLeaveNoRunningOperation() throws Exception {
    // the measure sees a running operation: one stream held open (one row asked for, no more)
    CountDownLatch firstRow = new CountDownLatch(1);
    BaseSubscriber<Object> held = new BaseSubscriber<>() {
      @Override
      protected void hookOnSubscribe(Subscription s) {
        s.request(1);
      }

      @Override
      protected void hookOnNext(Object value) {
        firstRow.countDown();
      }
    };
    rows(LONG).subscribe(held);
    assertThat(firstRow.await(2, TimeUnit.MINUTES)).isTrue();
    List<String> interrupted = spark.interruptAll().block(WAIT);
    assertThat(interrupted).hasSize(1);
    held.dispose();

    AtomicInteger received = new AtomicInteger();
    long start = System.nanoTime();
    Flux.range(0, DISCONNECTS)
        .flatMap(i -> rows(LONG).take(2).doOnNext(r -> received.incrementAndGet()), 4)
        .blockLast(WAIT);
    long seconds = (System.nanoTime() - start) / 1_000_000_000;
    assertThat(received.get()).isEqualTo(2 * DISCONNECTS);
    // ReleaseExecute is sent when the response is cancelled; give the server a moment to act on the last ones
    Thread.sleep(3_000);
    List<String> stillRunning = spark.interruptAll().block(WAIT);
    System.out.printf("[StreamCancelIT] %d disconnects in %d s; operations still running after them: %s%n",
        DISCONNECTS, seconds, stillRunning);
    assertThat(stillRunning).isEmpty();
    // and the service still answers
    assertThat(rows("SELECT count(*) AS n FROM airports").blockFirst(WAIT)).containsEntry("n", 3376);
  }
}
