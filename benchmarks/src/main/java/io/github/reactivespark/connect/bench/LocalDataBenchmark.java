package io.github.reactivespark.connect.bench;

import io.github.reactivespark.connect.DataFrame;
import io.github.reactivespark.connect.Execution;
import io.github.reactivespark.connect.Row;
import io.github.reactivespark.connect.SparkSession;
import io.github.reactivespark.connect.internal.ConnectInternals;
import io.github.reactivespark.connect.samples.VegaDatasets;
import io.github.reactivespark.connect.types.DataTypes;
import io.github.reactivespark.connect.types.StructType;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * Local data into Spark and progress out of it (issue 9), against one server, in one JVM per mode:
 * {@code java --add-opens=java.base/java.nio=ALL-UNNAMED -Xmx3g -cp benchmarks/target/benchmarks.jar
 * io.github.reactivespark.connect.bench.LocalDataBenchmark remote=sc://127.0.0.1:PORT mode=upload}.
 *
 * <ul>
 *   <li>{@code mode=upload}: the first {@code rows} (default 1,000,000) real flights of vega-datasets'
 *       {@code flights-3m.parquet} (fetched and cached by the samples' {@link VegaDatasets}; read by the server
 *       and collected once, untimed, into plain Java values: {@code date} as {@code LocalDateTime}
 *       ({@code timestamp_ntz}), {@code delay} and {@code distance} as {@code Integer}, {@code origin} and
 *       {@code destination} as {@code String}) are uploaded and counted on the server three ways, interleaved:
 *       our {@code createDataFrame(List<Row>, StructType)}, our {@code createDataFrame(Publisher<Row>, StructType)}
 *       over {@code Flux.fromIterable}, and the official client's {@code createDataFrame(java.util.List<Row>,
 *       StructType)}; each followed by {@code count()}, which must equal {@code rows}. One measurement = building
 *       the DataFrame + {@code count()}, in a <b>fresh session</b> (made and used once for {@code SELECT 1} before
 *       the clock starts), because both clients skip uploads the session already holds ({@code ArtifactStatus} by
 *       SHA-256): a second upload of the same rows on the same session would measure nothing. An untimed round of
 *       {@code warmup} rows (default 100,000) comes first; then {@code runs} rounds (default 1).
 *   <li>{@code mode=flux-heap}: {@code rows} (default 2,000,000, at most the file's 3,000,000) real flights streamed
 *       from the server ({@code rows()} of the parquet read) straight into our {@code createDataFrame(Publisher)}
 *       and counted; never all in memory. Run it in a JVM with {@code -Xmx256m}; it reports peak live heap.
 *   <li>{@code mode=flux-distinct}: {@code rows} (default 20,000,000) distinct rows generated in a {@code Flux} from
 *       the first {@code seed} (default 100,000) real flights (loaded once, untimed): row {@code i} is flight
 *       {@code i % seed} with the row index as an extra {@code bigint} column {@code id}, so no two rows and no two
 *       chunks are equal (nothing is skipped by {@code ArtifactStatus}); uploaded with our
 *       {@code createDataFrame(Publisher)} after a {@code warmup} round. The measurement is the upload (until the
 *       DataFrame is emitted: every chunk stored); then the relation's chunk hashes must be distinct and all
 *       reported stored by {@code ArtifactStatus}, and with {@code count=true} (the default) the server's
 *       {@code count()} and {@code sum(id)} are checked, untimed (a 4 GiB Spark 4.1.2 server runs out of heap
 *       analysing a 20M-row {@code LocalRelation}: pass {@code count=false} there). Run it with {@code -Xmx256m};
 *       it reports peak live heap, and with {@code probeMillis=N} also the heap used right after a full GC forced
 *       every N ms during the upload (the live set for certain; G1's young-GC figure counts old garbage).
 *   <li>{@code mode=progress}: {@code range(rows)} (default 5,000,000) as {@link BenchmarkRun#EXPRESSIONS},
 *       consumed with {@code Execution.mapBatches}, with {@code Execution.progress()} subscribed (counting
 *       reports) and without, alternating, after one untimed run of each; {@code runs} pairs (default 3).
 * </ul>
 *
 * <p>Every measurement prints one {@code RESULT} line: wall seconds, rows/s, client CPU seconds (this JVM's process
 * CPU, all threads), peak heap (sampled) and peak live heap (after GCs) from {@link HeapMonitor}, the live heap
 * right before it ({@code baseLiveMiB}, after {@code System.gc()}: the source rows the JVM holds), and
 * {@code /proc/loadavg}. The server must run without a token (the official client sends none over plaintext).
 */
public final class LocalDataBenchmark {

  private static final Duration TIMEOUT = Duration.ofMinutes(20);
  private static final int FILE_ROWS = 3_000_000;
  private static final StructType SCHEMA = DataTypes.createStructType(
      DataTypes.createStructField("date", DataTypes.TimestampNTZType, true),
      DataTypes.createStructField("delay", DataTypes.IntegerType, true),
      DataTypes.createStructField("distance", DataTypes.IntegerType, true),
      DataTypes.createStructField("origin", DataTypes.StringType, true),
      DataTypes.createStructField("destination", DataTypes.StringType, true));
  private static final org.apache.spark.sql.types.StructType OFFICIAL_SCHEMA =
      org.apache.spark.sql.types.DataTypes.createStructType(List.of(
          org.apache.spark.sql.types.DataTypes.createStructField("date",
              org.apache.spark.sql.types.DataTypes.TimestampNTZType, true),
          org.apache.spark.sql.types.DataTypes.createStructField("delay",
              org.apache.spark.sql.types.DataTypes.IntegerType, true),
          org.apache.spark.sql.types.DataTypes.createStructField("distance",
              org.apache.spark.sql.types.DataTypes.IntegerType, true),
          org.apache.spark.sql.types.DataTypes.createStructField("origin",
              org.apache.spark.sql.types.DataTypes.StringType, true),
          org.apache.spark.sql.types.DataTypes.createStructField("destination",
              org.apache.spark.sql.types.DataTypes.StringType, true)));
  /**
   * The official client's {@code createDataFrame(java.util.List<Row>, StructType)}, looked up by its descriptor:
   * javac cannot pick that overload without spark-core's {@code JavaRDD} (another overload's parameter), which the
   * client does not ship.
   */
  private static final MethodHandle OFFICIAL_CREATE;

  static {
    try {
      OFFICIAL_CREATE = MethodHandles.publicLookup().findVirtual(org.apache.spark.sql.connect.SparkSession.class,
          "createDataFrame", MethodType.methodType(org.apache.spark.sql.connect.Dataset.class, List.class,
              org.apache.spark.sql.types.StructType.class));
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private static final String[] COLUMNS = {"CAST(date AS TIMESTAMP_NTZ) AS date", "CAST(delay AS INT) AS delay",
      "CAST(distance AS INT) AS distance", "origin", "destination"};

  private LocalDataBenchmark() {}

  /** One timed measurement: returns the row count the server reported. */
  @FunctionalInterface
  private interface Measured {
    long run() throws Throwable;
  }

  /**
   * Entry point.
   *
   * @param args {@code key=value}: {@code remote} (default {@code sc://127.0.0.1:15099}), {@code mode}
   *     ({@code upload}, {@code flux-heap} or {@code progress}), {@code rows}, {@code runs}, {@code warmup}
   * @throws Throwable if a query fails or a count is wrong
   */
  public static void main(String[] args) throws Throwable {
    Map<String, String> opts = new HashMap<>();
    for (String a : args) {
      int eq = a.indexOf('=');
      if (eq < 1) {
        throw new IllegalArgumentException("arguments are key=value, got " + a);
      }
      opts.put(a.substring(0, eq), a.substring(eq + 1));
    }
    String remote = opts.getOrDefault("remote", "sc://127.0.0.1:15099");
    String mode = opts.getOrDefault("mode", "upload");
    System.out.printf(Locale.ROOT, "mode=%s remote=%s maxHeapMiB=%d cpus=%d loadavg=%s%n", mode, remote,
        Runtime.getRuntime().maxMemory() >> 20, Runtime.getRuntime().availableProcessors(), Launcher.loadAverage());
    switch (mode) {
      case "upload" -> upload(remote, intOpt(opts, "rows", 1_000_000), intOpt(opts, "warmup", 100_000),
          intOpt(opts, "runs", 1));
      case "flux-heap" -> fluxHeap(remote, intOpt(opts, "rows", 2_000_000), intOpt(opts, "warmup", 100_000));
      case "flux-distinct" -> fluxDistinct(remote, longOpt(opts, "rows", 20_000_000),
          intOpt(opts, "seed", 100_000), intOpt(opts, "warmup", 100_000),
          Boolean.parseBoolean(opts.getOrDefault("count", "true")), intOpt(opts, "probeMillis", 0));
      case "progress" -> progress(remote, intOpt(opts, "rows", 5_000_000), intOpt(opts, "runs", 3));
      default -> throw new IllegalArgumentException("mode is upload, flux-heap, flux-distinct or progress, got "
          + mode);
    }
    System.exit(0);
  }

  private static void upload(String remote, int rows, int warmup, int runs) throws Throwable {
    if (rows > FILE_ROWS || warmup > rows) {
      throw new IllegalArgumentException("need warmup <= rows <= " + FILE_ROWS + ", got " + warmup + ", " + rows);
    }
    List<Object[]> values = loadFlights(remote, rows);
    Map<String, Measured> variants = new LinkedHashMap<>();
    Map<String, List<double[]>> results = new LinkedHashMap<>();
    int[] size = new int[1];
    variants.put("ours createDataFrame(List<Row>)", () -> {
      List<Row> list = ourRows(values, size[0]);
      try (SparkSession spark = ourSession(remote)) {
        return timed(() -> spark.createDataFrame(list, SCHEMA).count().block(TIMEOUT));
      }
    });
    variants.put("ours createDataFrame(Flux<Row>)", () -> {
      List<Row> list = ourRows(values, size[0]);
      try (SparkSession spark = ourSession(remote)) {
        long[] at = new long[3]; // start, DataFrame emitted (all stored), counted
        Flux<Row> source = Flux.fromIterable(list).doOnSubscribe(s -> at[0] = System.nanoTime());
        long count = timed(() -> spark.createDataFrame(source, SCHEMA)
            .doOnNext(df -> at[1] = System.nanoTime()).flatMap(DataFrame::count)
            .doOnNext(n -> at[2] = System.nanoTime()).block(TIMEOUT));
        System.out.printf(Locale.ROOT, "PHASE variant=\"ours createDataFrame(Flux<Row>)\" rows=%d"
            + " encodeAndUploadSec=%.2f countSec=%.2f%n", size[0], (at[1] - at[0]) / 1e9, (at[2] - at[1]) / 1e9);
        return count;
      }
    });
    variants.put("official createDataFrame(java.util.List<Row>)", () -> {
      List<org.apache.spark.sql.Row> list = new ArrayList<>(size[0]);
      for (int i = 0; i < size[0]; i++) {
        list.add(org.apache.spark.sql.RowFactory.create(values.get(i)));
      }
      org.apache.spark.sql.connect.SparkSession official =
          org.apache.spark.sql.connect.SparkSession.builder().remote(remote).create();
      try {
        official.sql("SELECT 1").collectAsList();
        return timed(() -> ((org.apache.spark.sql.connect.Dataset<?>) OFFICIAL_CREATE.invoke(official, list,
            OFFICIAL_SCHEMA)).count());
      } finally {
        official.close();
      }
    });
    variants.forEach((name, v) -> results.put(name, new ArrayList<>()));
    for (int r = -1; r < runs; r++) {
      size[0] = r < 0 ? warmup : rows;
      for (Map.Entry<String, Measured> v : variants.entrySet()) {
        long count = v.getValue().run();
        if (count != size[0]) {
          throw new IllegalStateException(v.getKey() + " counted " + count + " rows, expected " + size[0]);
        }
        double[] m = lastResult;
        print(r < 0 ? "warmup" : "run" + r, v.getKey(), size[0], m);
        if (r >= 0) {
          results.get(v.getKey()).add(m);
        }
      }
    }
    System.out.printf(Locale.ROOT, "%n%,d real flights rows, build + count(), median of %d run(s), loadavg %s%n", rows,
        runs, Launcher.loadAverage());
    System.out.println("| variant | rows/s | vs official | client CPU s | peak heap MiB | peak live MiB | base live MiB |");
    System.out.println("|---|---|---|---|---|---|---|");
    double officialRate = rows / UdfBenchmark.median(results.get("official createDataFrame(java.util.List<Row>)"), 0);
    results.forEach((name, list) -> {
      double rate = rows / UdfBenchmark.median(list, 0);
      System.out.printf(Locale.ROOT, "| %s | %,.0f | %.2f× | %.2f | %.0f | %.0f | %.0f |%n", name, rate,
          rate / officialRate, UdfBenchmark.median(list, 1), UdfBenchmark.median(list, 2), UdfBenchmark.median(list, 3), UdfBenchmark.median(list, 4));
    });
  }

  private static void fluxHeap(String remote, int rows, int warmup) throws Throwable {
    if (rows > FILE_ROWS) {
      throw new IllegalArgumentException("flights-3m.parquet holds " + FILE_ROWS + " real rows, asked for " + rows);
    }
    String path = flightsPath();
    for (int n : new int[] {warmup, rows}) {
      try (SparkSession spark = ourSession(remote)) {
        Flux<Row> source = spark.read().parquet(path).selectExpr(COLUMNS).limit(n).rows();
        long count = timed(() -> spark.createDataFrame(source, SCHEMA).flatMap(DataFrame::count).block(TIMEOUT));
        if (count != n) {
          throw new IllegalStateException("Flux upload counted " + count + " rows, expected " + n);
        }
        print(n == rows ? "run0" : "warmup", "ours createDataFrame(Flux<Row>) streamed from the server", n,
            lastResult);
      }
    }
  }

  private static void fluxDistinct(String remote, long rows, int seed, int warmup, boolean count,
      int probeMillis) throws Throwable {
    List<Object[]> flights = loadFlights(remote, seed);
    StructType schema = DataTypes.createStructType(List.of(DataTypes.createStructField("id", DataTypes.LongType,
        false), SCHEMA.get(0), SCHEMA.get(1), SCHEMA.get(2), SCHEMA.get(3), SCHEMA.get(4)));
    for (long n : new long[] {warmup, rows}) {
      try (SparkSession spark = ourSession(remote)) {
        Flux<Row> source = Flux.<Row, long[]>generate(() -> new long[1], (next, sink) -> {
          long i = next[0]++;
          if (i == n) {
            sink.complete();
          } else {
            Object[] f = flights.get((int) (i % seed));
            sink.next(Row.of(schema, java.util.Arrays.asList(i, f[0], f[1], f[2], f[3], f[4])));
          }
          return next;
        });
        DataFrame[] uploaded = new DataFrame[1];
        AtomicLong liveAfterFullGc = new AtomicLong();
        AtomicBoolean uploading = new AtomicBoolean(true);
        Thread probe = new Thread(() -> {
          // the live heap for certain: a full GC every probeMillis, the heap used right after it (a young GC's
          // "after" counts old-generation garbage G1 has not marked yet as live)
          while (probeMillis > 0 && uploading.get()) {
            try {
              Thread.sleep(probeMillis);
            } catch (InterruptedException e) {
              return;
            }
            System.gc();
            liveAfterFullGc.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(),
                Math::max);
          }
        }, "full-gc-probe");
        probe.setDaemon(true);
        timed(() -> {
          probe.start();
          try {
            uploaded[0] = spark.createDataFrame(source, schema).block(TIMEOUT);
          } finally {
            uploading.set(false);
          }
          return n;
        });
        probe.join();
        double[] m = lastResult;
        if (probeMillis > 0) {
          System.out.printf(Locale.ROOT, "PROBE rows=%d peakLiveAfterFullGcMiB=%.1f (a full GC every %d ms)%n", n,
              liveAfterFullGc.get() / 1048576.0, probeMillis);
        }
        // every chunk is distinct and stored: the relation's hashes, asked back with ArtifactStatus
        List<String> hashes = ConnectInternals.relation(uploaded[0]).getChunkedCachedLocalRelation()
            .getDataHashesList();
        List<String> names = hashes.stream().map(h -> "cache/" + h).toList();
        long stored = spark.artifactStatus(names).block(TIMEOUT).values().stream().filter(b -> b).count();
        if (hashes.isEmpty() || new java.util.HashSet<>(hashes).size() != hashes.size() || stored != hashes.size()) {
          throw new IllegalStateException(hashes.size() + " chunk hashes, " + new java.util.HashSet<>(hashes).size()
              + " distinct, " + stored + " stored");
        }
        print(n == rows ? "run0" : "warmup", "ours createDataFrame(Flux<Row>) of distinct generated rows, "
            + hashes.size() + " distinct chunks stored", n, m);
        if (count) {
          check(uploaded[0].count().block(TIMEOUT), n);
          long idSum = uploaded[0].selectExpr("sum(id)").collectAsList().block(TIMEOUT).get(0).getLong(0);
          if (idSum != n * (n - 1) / 2) {
            throw new IllegalStateException("sum(id) is " + idSum + ", expected " + n * (n - 1) / 2);
          }
          System.out.printf(Locale.ROOT, "counted on the server: %d rows, sum(id) %d%n", n, idSum);
        }
      }
    }
  }

  private static void progress(String remote, int rows, int runs) throws Throwable {
    try (SparkSession spark = ourSession(remote)) {
      DataFrame df = spark.range(rows).selectExpr(BenchmarkRun.EXPRESSIONS);
      Map<String, List<double[]>> results = new LinkedHashMap<>();
      results.put("without progress", new ArrayList<>());
      results.put("progress() subscribed", new ArrayList<>());
      for (int r = -1; r < runs; r++) {
        long plain = timed(() -> df.mapBatches(b -> (long) b.rowCount()).reduce(0L, Long::sum).block(TIMEOUT));
        check(plain, rows);
        print(r < 0 ? "warmup" : "run" + r, "without progress", rows, lastResult);
        if (r >= 0) {
          results.get("without progress").add(lastResult);
        }
        Execution run = df.execute();
        AtomicLong reports = new AtomicLong();
        AtomicBoolean done = new AtomicBoolean();
        Disposable sub = run.progress().subscribe(p -> {
          reports.incrementAndGet();
          done.set(p.allStagesDone());
        });
        long withProgress;
        try {
          withProgress = timed(() -> run.mapBatches(b -> (long) b.rowCount()).reduce(0L, Long::sum).block(TIMEOUT));
        } finally {
          sub.dispose();
        }
        check(withProgress, rows);
        print(r < 0 ? "warmup" : "run" + r, "progress() subscribed (" + reports.get() + " reports, last allStagesDone="
            + done.get() + ")", rows, lastResult);
        if (r >= 0) {
          results.get("progress() subscribed").add(lastResult);
        }
      }
      double base = UdfBenchmark.median(results.get("without progress"), 0);
      System.out.printf(Locale.ROOT, "%nrange(%,d), mapBatches, median of %d, loadavg %s%n", rows, runs, Launcher.loadAverage());
      results.forEach((name, list) -> System.out.printf(Locale.ROOT,
          "| %s | %,.0f rows/s | %.3f× | client CPU %.2f s |%n", name, rows / UdfBenchmark.median(list, 0),
          base / UdfBenchmark.median(list, 0), UdfBenchmark.median(list, 1)));
    }
  }

  /** The last measurement's wall s, CPU s, peak heap MiB, peak live MiB, base live MiB. */
  private static double[] lastResult = new double[5];

  private static long timed(Measured m) throws Throwable {
    System.gc();
    double base = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1048576.0;
    HeapMonitor heap = new HeapMonitor();
    long count;
    long cpu0 = UdfBenchmark.cpuNanos();
    long t0 = System.nanoTime();
    try (heap) {
      count = m.run();
    }
    long wall = System.nanoTime() - t0;
    long cpu = UdfBenchmark.cpuNanos() - cpu0;
    lastResult = new double[] {wall / 1e9, cpu / 1e9, heap.peakUsedSampled() / 1048576.0,
        heap.peakLiveAfterGc() / 1048576.0, base};
    return count;
  }

  private static void print(String round, String variant, long rows, double[] m) {
    System.out.printf(Locale.ROOT, "RESULT round=%s variant=\"%s\" rows=%d seconds=%.2f rowsPerSec=%.0f cpuSec=%.2f"
            + " peakHeapMiB=%.0f peakLiveMiB=%.1f baseLiveMiB=%.1f loadavg=\"%s\"%n", round, variant, rows, m[0],
        rows / m[0], m[1], m[2], m[3], m[4], Launcher.loadAverage());
  }

  /** The first {@code rows} flights as plain Java values, read by the server, collected once, strings shared. */
  private static List<Object[]> loadFlights(String remote, int rows) {
    String path = flightsPath();
    long t0 = System.nanoTime();
    Map<String, String> codes = new HashMap<>();
    List<Object[]> values = new ArrayList<>(rows);
    try (SparkSession spark = ourSession(remote)) {
      spark.read().parquet(path).selectExpr(COLUMNS).limit(rows).rows()
          .doOnNext(r -> values.add(new Object[] {r.get(0), r.get(1), r.get(2),
              codes.computeIfAbsent(r.getString(3), s -> s), codes.computeIfAbsent(r.getString(4), s -> s)}))
          .blockLast(TIMEOUT);
    }
    check(values.size(), rows);
    System.out.printf(Locale.ROOT, "loaded %,d flights from %s in %.1f s (untimed); first: %s%n", values.size(),
        path, (System.nanoTime() - t0) / 1e9, java.util.Arrays.toString(values.get(0)));
    return values;
  }

  private static String flightsPath() {
    return VegaDatasets.fromSystemProperties().flights3m().toString();
  }

  private static List<Row> ourRows(List<Object[]> values, int n) {
    List<Row> list = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      list.add(Row.of(SCHEMA, java.util.Arrays.asList(values.get(i))));
    }
    return list;
  }

  private static SparkSession ourSession(String remote) {
    SparkSession spark = SparkSession.builder().remote(remote).create();
    spark.sql("SELECT 1").collectAsList().block(TIMEOUT);
    return spark;
  }

  private static void check(long got, long expected) {
    if (got != expected) {
      throw new IllegalStateException("got " + got + " rows, expected " + expected);
    }
  }

  private static long longOpt(Map<String, String> opts, String key, long def) {
    String v = opts.get(key);
    return v == null ? def : Long.parseLong(v.replace("_", ""));
  }

  private static int intOpt(Map<String, String> opts, String key, int def) {
    String v = opts.get(key);
    return v == null ? def : Integer.parseInt(v.replace("_", ""));
  }
}
