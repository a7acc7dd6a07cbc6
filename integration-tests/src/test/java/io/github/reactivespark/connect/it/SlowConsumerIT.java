package io.github.reactivespark.connect.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.vector.BigIntVector;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * A subscriber that takes one batch per second does not make the client buffer the result: the server keeps
 * producing (it buffers on its side until released), while the client holds at most its in-flight window
 * ({@code maxBytesInFlight}, 16 MiB here) plus the batch being consumed. Measured: the JVM's used heap after GC
 * and the session's Arrow allocator, sampled at each slow batch, against a result of about 400 MB. The result
 * then completes with every id once. In the suite's forced-reattach pass the server ends its response stream
 * every second, so the slow phase also spans several reattaches.
 */
class SlowConsumerIT extends ServerTestBase {

  private static final long ROWS = 400_000;
  private static final int SLOW_BATCHES = 12;
  private static final long MIB = 1024 * 1024;

  private static long usedHeapAfterGc(MemoryMXBean memory) {
    System.gc();
    return memory.getHeapMemoryUsage().getUsed();
  }

  @Test
  void oneBatchPerSecondKeepsTheClientFlatAndCompletes() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    try (var slow = TestServer.builder().maxBytesInFlight(16 * MIB).create()) {
      long baseline = usedHeapAfterGc(memory);
      AtomicLong maxHeapGrowth = new AtomicLong();
      AtomicLong maxArrow = new AtomicLong();
      AtomicInteger batches = new AtomicInteger();
      long[] acc = new long[2]; // count, sum
      slow.range(0, ROWS, 1, 4)
          .selectExpr("id", "repeat('x', 1000) AS pad") // about 1 KB a row, 400 MB in all
          .toArrow()
          .concatMap(b -> {
            int n = batches.incrementAndGet();
            try {
              BigIntVector ids = (BigIntVector) b.root().getVector(0);
              for (int i = 0; i < b.rowCount(); i++) {
                acc[0]++;
                acc[1] += ids.get(i);
              }
              maxArrow.accumulateAndGet(slow.arrowAllocatedBytes(), Math::max);
            } finally {
              b.close();
            }
            if (n > SLOW_BATCHES) {
              return Mono.just(n);
            }
            maxHeapGrowth.accumulateAndGet(usedHeapAfterGc(memory) - baseline, Math::max);
            return Mono.delay(Duration.ofSeconds(1)).thenReturn(n);
          }, 1)
          .blockLast(Duration.ofMinutes(5));
      assertEquals(ROWS, acc[0], "row count");
      assertEquals(ROWS * (ROWS - 1) / 2, acc[1], "sum of ids");
      assertTrue(batches.get() > 2 * SLOW_BATCHES, "the result is many batches: " + batches.get());
      // 400 MB of result; the window is 16 MiB of responses: allow window, one batch and noise
      assertTrue(maxHeapGrowth.get() < 96 * MIB,
          "client heap grew by " + maxHeapGrowth.get() / MIB + " MiB while the subscriber was slow");
      assertTrue(maxArrow.get() < 32 * MIB, "Arrow memory held at once: " + maxArrow.get() / MIB + " MiB");
      assertEquals(0, slow.arrowAllocatedBytes());
      System.out.printf("slow consumer: %d batches, heap growth max %d MiB, Arrow max %d MiB%n", batches.get(),
          maxHeapGrowth.get() / MIB, maxArrow.get() / MIB);
    }
  }

  /**
   * A result stream whose subscriber stops asking (one batch taken, then no demand for seconds) holds up nothing
   * else of its session. The bytes the server sent it stay unread in its own HTTP/2 stream window only: grpc-java's
   * client refills the connection window as data arrives ({@code NettyClientHandler} builds its
   * {@code DefaultHttp2LocalFlowController} with auto-refill), and nothing in this client is shared per session
   * between streams (prefetch and {@code maxBytesInFlight} are per query). So a unary call ({@code version()}) and
   * small queries on the same session answer, with their values, while the paused stream is still open; then the
   * paused stream, asked again, completes with every id. The result (2M rows of 208 bytes, 4 partitions) is one the
   * server can hold: Spark Connect 4.1.2 produces a query's responses into its driver's memory whatever the client's
   * demand ({@code ExecuteResponseObserver.tryOnNext} has no bound), see README.
   */
  @Test
  void aPausedStreamDoesNotHoldUpTheSessionsOtherQueries() throws InterruptedException {
    long rows = 2_000_000;
    AtomicLong count = new AtomicLong();
    AtomicLong sum = new AtomicLong();
    PausedSubscriber<Long> paused = new PausedSubscriber<>();
    spark.range(0, rows, 1, 4).selectExpr("id", "repeat('x', 200) AS pad").toArrow()
        .map(b -> {
          try {
            BigIntVector ids = (BigIntVector) b.root().getVector(0);
            long s = 0;
            for (int i = 0; i < b.rowCount(); i++) {
              s += ids.get(i);
            }
            count.addAndGet(b.rowCount());
            sum.addAndGet(s);
            return s;
          } finally {
            b.close();
          }
        })
        .subscribe(paused);
    try {
      assertTrue(paused.awaitFirst(Duration.ofMinutes(2)), "the paused stream's first batch");
      Thread.sleep(2_000); // the server fills the paused stream's windows meanwhile
      assertTrue(spark.version().block(TIMEOUT).startsWith("4."), "a unary call beside the paused stream");
      for (int i = 0; i < 3; i++) {
        assertEquals(List.of(41L + i), spark.sql("SELECT CAST(41 + " + i + " AS BIGINT) AS v").collectAsList().block(TIMEOUT)
            .stream().map(r -> r.getLong(0)).toList());
      }
      assertEquals(rows, spark.range(0, rows, 1, 4).count().block(TIMEOUT));
      assertTrue(count.get() < rows, "the stream was still paused: " + count.get() + " rows read");
      paused.resume();
      paused.awaitEnd(Duration.ofMinutes(2));
    } catch (ExecutionException | TimeoutException e) {
      throw new AssertionError("the paused stream did not complete", e);
    } finally {
      paused.dispose();
    }
    assertEquals(rows, count.get(), "row count");
    assertEquals(rows * (rows - 1) / 2, sum.get(), "sum of ids");
  }
}
