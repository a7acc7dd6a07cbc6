package io.github.reactivespark.connect.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.reactivespark.connect.ConnectionString;
import io.github.reactivespark.connect.SparkSession;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.arrow.vector.BigIntVector;
import org.junit.jupiter.api.Test;

/**
 * A flaky network path: a proxy that resets the connection every {@value #CUT_EVERY_BYTES} bytes the server sends
 * and then refuses new connections for {@link #REFUSAL}, while {@code range(N)} streams with the default retry
 * policy. Every id arrives exactly once (count, sum and xor), each cut costs about one reattach (no reattach storm:
 * the RPCs the client starts through the proxy are counted against an undisturbed run of the same query, whose
 * difference is about the reattaches), and the
 * time from each cut to the server's next data on the wire is reported (p50/p99), not asserted: speed is the
 * benchmarks' business.
 *
 * <p>Scale by system properties: {@code recovery.rows} (default 3,000,000) and {@code recovery.cuts} (30); the
 * issue's figure is {@code -Drecovery.rows=20000000 -Drecovery.cuts=150} (README.md, "Issue 14 figures").
 */
class RecoveryIT {

  private static final long CUT_EVERY_BYTES = 400_000;
  private static final Duration REFUSAL = Duration.ofMillis(300);
  private static final long ROWS = Long.getLong("recovery.rows", 3_000_000L);
  private static final int CUTS = Integer.getInteger("recovery.cuts", 30);

  private record Run(IdChecksum ids, int rpcs, long bytes, double seconds) {}

  private static Run stream(SparkSession spark, CuttingProxy proxy) {
    int rpcs = proxy.rpcs();
    long bytes = proxy.serverBytes();
    long t0 = System.nanoTime();
    IdChecksum ids = new IdChecksum();
    spark.range(0, ROWS, 1, 4).mapBatches(b -> {
      ids.add((BigIntVector) b.root().getVector(0), b.rowCount());
      return b.rowCount();
    }).blockLast(Duration.ofMinutes(15));
    return new Run(ids, proxy.rpcs() - rpcs, proxy.serverBytes() - bytes, (System.nanoTime() - t0) / 1e9);
  }

  @Test
  void cutsWithShortOutagesLoseNothingAndStartNoReattachStorm() throws Exception {
    ConnectionString target = ConnectionString.parse(TestServer.remote());
    try (CuttingProxy proxy = new CuttingProxy(target.host(), target.port());
        SparkSession spark = SparkSession.builder().remote(TestServer.via(proxy.port())).create()) {
      Run undisturbed = stream(spark, proxy);
      undisturbed.ids().assertExactlyOnce(ROWS, "the undisturbed run");

      proxy.cutEvery(CUT_EVERY_BYTES, REFUSAL, CUTS);
      Run cut = stream(spark, proxy);
      cut.ids().assertExactlyOnce(ROWS, "the run through cuts");
      assertEquals(CUTS, proxy.autoCuts(), "every cut happened while the result streamed");
      assertTrue(proxy.refused() >= CUTS, "the client tried to connect during the outages: " + proxy.refused());
      List<Duration> recoveries = new ArrayList<>(proxy.recoveries());
      assertEquals(CUTS, recoveries.size(), "the stream came back after every cut");
      recoveries.sort(null);
      recoveries.forEach(r -> assertTrue(r.compareTo(REFUSAL) >= 0, "no data passed during an outage: " + r));

      // RPCs the client started (client HEADERS frames): ExecutePlan, ReleaseExecute and, with cuts, ReattachExecute
      int reattaches = cut.rpcs() - undisturbed.rpcs();
      double megabytes = cut.bytes() / 1e6;
      assertTrue(reattaches <= 2 * CUTS, "at most about two RPCs per cut, no reattach loop: " + cut.rpcs()
          + " RPCs with " + CUTS + " cuts, " + undisturbed.rpcs() + " without");
      assertEquals(0, spark.arrowAllocatedBytes());
      System.out.printf(Locale.ROOT, "RECOVERY rows=%d cuts=%d every=%d bytes refusal=%d ms: undisturbed %.1f s,"
              + " with cuts %.1f s; recovery per cut p50=%d ms p99=%d ms max=%d ms; %d reattaches for %.1f MB"
              + " (%.2f per MB, %d RPCs undisturbed), %d connections refused%n",
          ROWS, CUTS, CUT_EVERY_BYTES, REFUSAL.toMillis(), undisturbed.seconds(), cut.seconds(),
          percentile(recoveries, 50).toMillis(), percentile(recoveries, 99).toMillis(),
          recoveries.get(recoveries.size() - 1).toMillis(), reattaches, megabytes, reattaches / megabytes,
          undisturbed.rpcs(), proxy.refused());
    }
  }

  /** Nearest-rank percentile of a sorted list. */
  static Duration percentile(List<Duration> sorted, int p) {
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
  }
}
