package io.github.reactivespark.connect.bench;

import io.github.reactivespark.connect.SparkSession;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.arrow.vector.BigIntVector;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Small-query latency, session start and concurrency of one client, in a fresh JVM:
 * {@code java --add-opens=java.base/java.nio=ALL-UNNAMED -cp benchmarks.jar
 * io.github.reactivespark.connect.bench.LatencyRun <ours|official> <remote> [calls] [streamRows] [sessions]}.
 *
 * <ol>
 *   <li><b>session start</b>: {@code sessions} times (after one untimed), create a session and run
 *       {@code SELECT 1} on it (our {@code create()} does no network I/O, so the first query is counted for both
 *       clients), then close it; median and max, in ms.
 *   <li><b>{@code SELECT 1}</b>: on one session, 50 untimed then {@code calls} (default 500) sequential
 *       {@code sql("SELECT 1").collectAsList()}; p50/p99, in ms.
 *   <li><b>64 concurrent queries on one session</b>: 4 queries streaming {@code streamRows} rows each (default
 *       5,000,000) of {@link BenchmarkRun#EXPRESSIONS} and 60 small lookups ({@code range(100000)} filtered to one
 *       id), all started at once; the lookups' p50/p99 from the common start, aggregate rows/s, the client's peak
 *       thread count (and its count before), the peak live heap. Ours subscribes to the 64 queries on the calling
 *       thread (no thread per query); the official client is blocking, so it gets a pool of 64 threads. The
 *       streams' end times are printed too ({@code streamsDoneMs}, first..last), to compare with the lookups'.
 * </ol>
 *
 * <p>{@code calls} or {@code sessions} 0 skips that test. Two switches probe where the lookups wait:
 * {@code -Dlatency.order=streams-first|lookups-first|interleaved} (the order the 64 queries are sent in; the
 * default sends the 4 streams first) and {@code -Dlatency.lookupSession=separate} (the lookups on a second
 * session, with its own channel and HTTP/2 connection); {@code -Dlatency.lookupPool=NAME} (see
 * {@link #LOOKUP_POOL}) puts the lookups' jobs into a fair-scheduler pool of their own.
 *
 * <p>Prints {@code LATENCY key=value ...} lines; every query's result is checked (row counts, the looked-up id).
 */
public final class LatencyRun {

  private static final int STREAMS = 4;
  private static final int LOOKUPS = 60;
  private static final long LOOKUP_RANGE = 100_000;
  /**
   * {@code -Dlatency.order}: {@code streams-first} (the default: the 4 streams are sent before the 60 lookups),
   * {@code lookups-first}, or {@code interleaved} (one stream after every 15 lookups).
   */
  private static final String ORDER = System.getProperty("latency.order", "streams-first");
  /** {@code -Dlatency.lookupSession=separate}: the lookups run on a second session (its own channel). */
  /**
   * {@code -Dlatency.lookupPool=NAME}: the lookups' session sets {@code spark.scheduler.pool=NAME} (a session conf;
   * Spark copies a session's {@code spark.*} confs into the local properties of its jobs, so on a server with
   * {@code spark.scheduler.mode=FAIR} the lookups' jobs go to that pool, the streams' to {@code default}). Implies
   * a separate lookup session.
   */
  private static final String LOOKUP_POOL = System.getProperty("latency.lookupPool", "");
  private static final boolean SEPARATE_LOOKUP_SESSION =
      "separate".equals(System.getProperty("latency.lookupSession", "same")) || !LOOKUP_POOL.isEmpty();

  private LatencyRun() {}

  /**
   * Entry point.
   *
   * @param args {@code client remote [calls] [streamRows] [sessions]}; client is {@code ours} or {@code official}
   * @throws Exception if a query fails or returns a wrong result
   */
  public static void main(String[] args) throws Exception {
    boolean ours = switch (args[0]) {
      case "ours" -> true;
      case "official" -> false;
      default -> throw new IllegalArgumentException("client is ours or official, got " + args[0]);
    };
    String remote = args[1];
    int calls = args.length > 2 ? Integer.parseInt(args[2]) : 500;
    long streamRows = args.length > 3 ? Long.parseLong(args[3]) : 5_000_000L;
    int sessions = args.length > 4 ? Integer.parseInt(args[4]) : 10;
    Client c = ours ? new Ours(remote) : new Official(remote);

    if (sessions > 0) { // 0 skips the test
      double[] start = new double[sessions];
      c.sessionStart();
      for (int i = 0; i < sessions; i++) {
        long t0 = System.nanoTime();
        c.sessionStart();
        start[i] = (System.nanoTime() - t0) / 1e6;
      }
      Arrays.sort(start);
      System.out.printf(Locale.ROOT, "LATENCY client=%s test=session-start n=%d p50Ms=%.1f maxMs=%.1f%n", args[0],
          sessions, percentile(start, 50), start[sessions - 1]);
    }
    if (calls > 0) { // 0 skips the test
      for (int i = 0; i < 50; i++) {
        c.selectOne();
      }
      double[] lat = new double[calls];
      for (int i = 0; i < calls; i++) {
        long t0 = System.nanoTime();
        c.selectOne();
        lat[i] = (System.nanoTime() - t0) / 1e6;
      }
      Arrays.sort(lat);
      System.out.printf(Locale.ROOT, "LATENCY client=%s test=select-1 n=%d p50Ms=%.2f p99Ms=%.2f maxMs=%.2f%n",
          args[0], calls, percentile(lat, 50), percentile(lat, 99), lat[calls - 1]);
    }
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    int threadsBefore = threads.getThreadCount();
    threads.resetPeakThreadCount();
    double[] lookups = new double[LOOKUPS];
    double[] streams = new double[STREAMS];
    long rows;
    long nanos;
    HeapMonitor heap = new HeapMonitor();
    try (heap) {
      long t0 = System.nanoTime();
      rows = c.concurrent(streamRows, lookups, streams, t0);
      nanos = System.nanoTime() - t0;
    }
    if (rows != STREAMS * streamRows + LOOKUPS) {
      throw new IllegalStateException("concurrent run saw " + rows + " rows, expected " + (STREAMS * streamRows
          + LOOKUPS));
    }
    Arrays.sort(lookups);
    Arrays.sort(streams);
    System.out.printf(Locale.ROOT, "LATENCY client=%s test=concurrent-64 order=%s lookupSession=%s lookupPool=%s"
            + " streams=%d x %d rows"
            + " lookups=%d seconds=%.2f rowsPerSec=%.0f lookupMinMs=%.0f lookupP50Ms=%.0f lookupP99Ms=%.0f"
            + " streamsDoneMs=%.0f..%.0f threadsBefore=%d peakThreads=%d peakLiveHeapMiB=%.1f%n",
        args[0], ORDER, SEPARATE_LOOKUP_SESSION ? "separate" : "same", LOOKUP_POOL.isEmpty() ? "-" : LOOKUP_POOL,
        STREAMS, streamRows, LOOKUPS, nanos / 1e9, rows / (nanos / 1e9), lookups[0], percentile(lookups, 50), percentile(lookups, 99), streams[0],
        streams[STREAMS - 1], threadsBefore, threads.getPeakThreadCount(), heap.peakLiveAfterGc() / 1048576.0);
    c.close();
    System.exit(0);
  }

  /** Nearest-rank percentile of a sorted array. */
  static double percentile(double[] sorted, int p) {
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  /** The 64 queries in the order {@link #ORDER} says they start. */
  static <Q> List<Q> ordered(List<Q> streams, List<Q> lookups) {
    List<Q> all = new ArrayList<>();
    switch (ORDER) {
      case "streams-first" -> {
        all.addAll(streams);
        all.addAll(lookups);
      }
      case "lookups-first" -> {
        all.addAll(lookups);
        all.addAll(streams);
      }
      case "interleaved" -> {
        int every = lookups.size() / streams.size();
        for (int i = 0; i < streams.size(); i++) {
          all.addAll(lookups.subList(i * every, Math.min(lookups.size(), (i + 1) * every)));
          all.add(streams.get(i));
        }
        all.addAll(lookups.subList(Math.min(lookups.size(), streams.size() * every), lookups.size()));
      }
      default -> throw new IllegalArgumentException("latency.order is streams-first, lookups-first or interleaved, got "
          + ORDER);
    }
    return all;
  }

  private static void checkLookup(long id, List<Long> got) {
    if (got.size() != 1 || got.get(0) != id) {
      throw new IllegalStateException("lookup of " + id + " returned " + got);
    }
  }

  /** One client's side of the three tests. */
  private interface Client extends AutoCloseable {
    void sessionStart() throws Exception;

    void selectOne();

    /**
     * Runs the 64 queries; fills {@code lookups} and {@code streams} with each query's end in ms since {@code t0};
     * returns all rows seen.
     */
    long concurrent(long streamRows, double[] lookups, double[] streams, long t0) throws Exception;

    @Override
    void close();
  }

  private static final class Ours implements Client {
    private final String remote;
    private final SparkSession spark;

    Ours(String remote) {
      this.remote = remote;
      this.spark = SparkSession.builder().remote(remote).create();
    }

    @Override
    public void sessionStart() {
      try (SparkSession s = SparkSession.builder().remote(remote).create()) {
        if (s.sql("SELECT 1").collectAsList().block().size() != 1) {
          throw new IllegalStateException("SELECT 1 did not return one row");
        }
      }
    }

    @Override
    public void selectOne() {
      if (spark.sql("SELECT 1").collectAsList().block().get(0).getInt(0) != 1) {
        throw new IllegalStateException("SELECT 1 did not return 1");
      }
    }

    @Override
    public long concurrent(long streamRows, double[] lookups, double[] streams, long t0) {
      SparkSession lookupSession = SEPARATE_LOOKUP_SESSION ? SparkSession.builder().remote(remote).create() : spark;
      if (!LOOKUP_POOL.isEmpty()) {
        lookupSession.conf().set("spark.scheduler.pool", LOOKUP_POOL).block();
      }
      try {
        List<Mono<Long>> streamQueries = new ArrayList<>();
        for (int i = 0; i < STREAMS; i++) {
          int k = i;
          streamQueries.add(spark.range(streamRows).selectExpr(BenchmarkRun.EXPRESSIONS).mapBatches(b -> {
            BigIntVector ids = (BigIntVector) b.root().getVector(0);
            return (long) ids.getValueCount();
          }).reduce(0L, Long::sum).doOnNext(n -> streams[k] = (System.nanoTime() - t0) / 1e6));
        }
        List<Mono<Long>> lookupQueries = new ArrayList<>();
        for (int i = 0; i < LOOKUPS; i++) {
          int k = i;
          long id = (k * 7919L) % LOOKUP_RANGE;
          lookupQueries.add(lookupSession.range(LOOKUP_RANGE).where("id = " + id).collectAsList().map(rows -> {
            checkLookup(id, rows.stream().map(r -> r.getLong(0)).toList());
            lookups[k] = (System.nanoTime() - t0) / 1e6;
            return 1L;
          }));
        }
        return Flux.merge(ordered(streamQueries, lookupQueries)).reduce(0L, Long::sum).block();
      } finally {
        if (lookupSession != spark) {
          lookupSession.close();
        }
      }
    }

    @Override
    public void close() {
      spark.close();
    }
  }

  private static final class Official implements Client {
    private final String remote;
    private final org.apache.spark.sql.connect.SparkSession spark;

    Official(String remote) {
      this.remote = remote;
      this.spark = org.apache.spark.sql.connect.SparkSession.builder().remote(remote).create();
    }

    @Override
    public void sessionStart() {
      org.apache.spark.sql.connect.SparkSession s =
          org.apache.spark.sql.connect.SparkSession.builder().remote(remote).create();
      try {
        if (s.sql("SELECT 1").collectAsList().size() != 1) {
          throw new IllegalStateException("SELECT 1 did not return one row");
        }
      } finally {
        s.close();
      }
    }

    @Override
    public void selectOne() {
      if (spark.sql("SELECT 1").collectAsList().get(0).getInt(0) != 1) {
        throw new IllegalStateException("SELECT 1 did not return 1");
      }
    }

    @Override
    public long concurrent(long streamRows, double[] lookups, double[] streams, long t0) throws Exception {
      ExecutorService pool = Executors.newFixedThreadPool(STREAMS + LOOKUPS);
      org.apache.spark.sql.connect.SparkSession lookupSession = SEPARATE_LOOKUP_SESSION
          ? org.apache.spark.sql.connect.SparkSession.builder().remote(remote).create() : spark;
      if (!LOOKUP_POOL.isEmpty()) {
        lookupSession.conf().set("spark.scheduler.pool", LOOKUP_POOL);
      }
      try {
        List<Callable<Long>> streamQueries = new ArrayList<>();
        for (int i = 0; i < STREAMS; i++) {
          int k = i;
          streamQueries.add(() -> {
            Iterator<org.apache.spark.sql.Row> it = spark.range(streamRows).selectExpr(BenchmarkRun.EXPRESSIONS)
                .toLocalIterator();
            long n = 0;
            try {
              while (it.hasNext()) {
                it.next().getLong(0);
                n++;
              }
            } finally {
              ((AutoCloseable) it).close();
            }
            streams[k] = (System.nanoTime() - t0) / 1e6;
            return n;
          });
        }
        List<Callable<Long>> lookupQueries = new ArrayList<>();
        for (int i = 0; i < LOOKUPS; i++) {
          int k = i;
          long id = (k * 7919L) % LOOKUP_RANGE;
          lookupQueries.add(() -> {
            List<org.apache.spark.sql.Row> rows = lookupSession.range(LOOKUP_RANGE).toDF().where("id = " + id)
                .collectAsList();
            checkLookup(id, rows.stream().map(r -> r.getLong(0)).toList());
            lookups[k] = (System.nanoTime() - t0) / 1e6;
            return 1L;
          });
        }
        List<Future<Long>> futures = new ArrayList<>();
        for (Callable<Long> q : ordered(streamQueries, lookupQueries)) {
          futures.add(pool.submit(q));
        }
        long total = 0;
        for (Future<Long> f : futures) {
          total += f.get();
        }
        return total;
      } finally {
        pool.shutdownNow();
        if (lookupSession != spark) {
          lookupSession.close();
        }
      }
    }

    @Override
    public void close() {
      spark.close();
    }
  }
}
