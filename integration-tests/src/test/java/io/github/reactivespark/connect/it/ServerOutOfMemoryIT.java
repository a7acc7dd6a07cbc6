package io.github.reactivespark.connect.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.github.reactivespark.connect.RetryPolicy;
import io.github.reactivespark.connect.SparkSession;
import io.github.reactivespark.connect.exceptions.SparkConnectException;
import io.github.reactivespark.connect.localserver.LocalSparkConnectServer;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/**
 * A result the server cannot hold: Spark Connect 4.1.2 runs a query's job to the end whatever the client's demand,
 * and its tasks build each partition's Arrow batches in memory, so {@code range} with a wide column in two
 * partitions of about 830 MB each runs a 1 GB server out of heap. Without {@code -XX:+ExitOnOutOfMemoryError} such a
 * server was seen to stop its SparkContext and then hang in its shutdown hooks, its port open and no call of any
 * session ever answered, while a paused stream of a client was open on it (README, "a paused stream"); the
 * embedded server's JVM now exits at once. Checked, with such a paused stream open: the query fails typed within
 * the test's bound instead of hanging, the server process is gone, its log names the {@code OutOfMemoryError}, and
 * the paused stream, asked again, fails typed too. A server of its own (1 GB heap, never shared), closed at the
 * end.
 */
class ServerOutOfMemoryIT {

  @Test
  void aServerOutOfHeapExitsAndItsQueryFailsTyped() throws Exception {
    assumeFalse(TestServer.forcedReattach(), "runs in the default pass only (its own server)");
    try (LocalSparkConnectServer server = LocalSparkConnectServer.start(Map.of("spark.driver.memory", "1g",
            "spark.sql.shuffle.partitions", "2", "spark.reactivespark.it.instance", "out-of-memory"));
        SparkSession spark = SparkSession.builder().remote(server.remote())
            // the server is gone for good: a few quick attempts, then the typed error
            .retryPolicy(RetryPolicy.builder().initialBackoff(Duration.ofMillis(50))
                .maxBackoff(Duration.ofMillis(500)).maxRetries(4).build())
            .create()) {
      // a stream held open beside it, paused after its first batch (a slow client of the same server): the
      // condition in which the server out of heap hung instead of exiting
      PausedSubscriber<Long> paused = new PausedSubscriber<>();
      spark.range(0, 2_000_000, 1, 4).toArrow().map(b -> {
        long n = b.rowCount();
        b.close();
        return n;
      }).subscribe(paused);
      assertTrue(paused.awaitFirst(Duration.ofMinutes(2)), "the paused stream's first batch");
      long rows = 8_000_000;
      Throwable e = assertThrows(RuntimeException.class, () -> spark.range(0, rows, 1, 2)
          .selectExpr("id", "repeat('x', 200) AS pad").toArrow()
          .map(b -> {
            long n = b.rowCount();
            b.close();
            return n;
          })
          .reduce(0L, Long::sum).block(Duration.ofMinutes(3)));
      assertInstanceOf(SparkConnectException.class, e, "a typed error, not a timeout: " + e);
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (server.isRunning() && System.nanoTime() < deadline) {
        Thread.sleep(200);
      }
      assertFalse(server.isRunning(), "the server out of heap exited");
      paused.resume();
      ExecutionException pausedError = assertThrows(ExecutionException.class, () -> paused.awaitEnd(Duration.ofMinutes(2)),
          "the paused stream cannot complete on a server that is gone");
      assertInstanceOf(SparkConnectException.class, pausedError.getCause(), "the paused stream fails typed");
      String log = Files.readString(server.logFile());
      assertTrue(log.contains("java.lang.OutOfMemoryError"), "the server's log names the OutOfMemoryError");
      System.out.printf("out-of-memory server: the query failed with %s: %s%n", e.getClass().getSimpleName(),
          e.getMessage().lines().findFirst().orElse(""));
    }
  }
}
