package io.github.reactivespark.connect.web.bench;

import io.github.reactivespark.connect.SparkSession;
import io.github.reactivespark.connect.localserver.LocalServerOptions;
import io.github.reactivespark.connect.localserver.LocalSparkConnectServer;
import io.github.reactivespark.connect.web.Datasets;
import io.github.reactivespark.connect.web.WebServiceApplication;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.util.ByteProcessor;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Issue 12's load figures for the service, a measurement, not a test. Two modes (first argument):
 *
 * <ul>
 *   <li>{@code load [seconds]}: 64 concurrent HTTP clients (Reactor Netty {@code HttpClient}, a pool of 64
 *       connections) each POST flights queries (NDJSON, 5,000 rows each) back to back for the given seconds (default
 *       30); requests/s, rows/s, p50/p99 time to first row and to last row, errors; then the same queries as 64
 *       concurrent direct {@code rows()} subscribers on the service's own session for the same time. The service's
 *       heap used and live thread count are sampled once a second through the JVM's platform MXBeans
 *       ({@code MemoryMXBean}, the heap pools' usage after the last collection, {@code ThreadMXBean}); the load generator runs in the service's JVM (sharing Reactor
 *       Netty's event loops), so the figures include it.</li>
 *   <li>{@code load <seconds> official=<benchmarks.jar> [official-first] [warmup]}: also the same load on the
 *       benchmarks module's {@code BlockingNdjsonService} (the official client in a blocking JDK {@code HttpServer},
 *       64 request threads, a JVM of its own on the same server without a token), after this service's run or, with
 *       {@code official-first}, before it; its heap and threads come from its own JVM. {@code warmup} first puts
 *       the same load on each service for the same time, unreported (printed as "warm-up, not a figure"), so the
 *       Spark server and both JVMs are warm before the measured parts.</li>
 *   <li>{@code small pool}: FAIR, tiny queries on a session whose {@code spark.scheduler.pool} is a pool of its own
 *       against the service's session, under the same 4 streams ({@link #pool()}).</li>
 *   <li>{@code small fifo|fair [slots]}: the service on its embedded server ({@code reactive-spark.connect.remote=local})
 *       with Spark's FIFO job scheduler (the service's default) or {@code reactive-spark.web.fair-scheduler=true},
 *       {@code spark.scheduler.mode=FAIR} with a FAIR default pool ({@link
 *       io.github.reactivespark.connect.web.FairSchedulerConfiguration}); {@code slots} sets the embedded server's
 *       {@code spark.master=local[slots]} through {@code reactive-spark.connect.local-server.conf} (default
 *       {@code local[2]}); 60 tiny queries, one every 200 ms, timed alone, then again while 4 HTTP NDJSON streams of
 *       all 3,000,000 flights run (cancelled when the tiny queries are done).</li>
 * </ul>
 *
 * <p>Run it with {@code mvn -B -q -pl web-service -am -DskipTests -Pbench verify -Dbench.main=ServiceLoad
 * -Dbench.args="load 30"}.
 */
public final class ServiceLoad {

  private static final int CLIENTS = 64;
  private static final int ROWS_PER_REQUEST = 5_000;
  private static final List<String> ORIGINS = List.of("ORD", "ATL", "DFW", "LAX", "PHX", "DEN", "DTW", "IAH",
      "MSP", "SFO", "STL", "EWR", "LAS", "CLT", "LGA", "BOS");
  private static final String TINY = "SELECT count(*) AS n FROM airports WHERE state = 'WA'";
  private static final String BIG = "SELECT * FROM flights";
  private static final String PATH = "/api/spark/parquet/query";
  private static final Duration WAIT = Duration.ofMinutes(3);

  private ServiceLoad() {}

  /**
   * Runs one mode and prints its figures with {@code /proc/loadavg}.
   *
   * @param args {@code load [seconds]} or {@code small fifo|fair [task slots]}
   */
  public static void main(String[] args) {
    if (args.length == 1) {
      args = args[0].trim().split("\\s+"); // Maven's exec passes -Dbench.args as one argument
    }
    String mode = args.length > 0 ? args[0] : "load";
    System.out.println("loadavg before: " + loadAverage());
    if (mode.equals("small") && args.length > 1 && args[1].equalsIgnoreCase("pool")) {
      pool();
    } else if (mode.equals("small")) {
      small(args.length > 1 && args[1].equalsIgnoreCase("fair"), args.length > 2 ? Integer.parseInt(args[2]) : 0);
    } else {
      List<String> flags = args.length > 3 ? List.of(args).subList(3, args.length) : List.of();
      load(args.length > 1 ? Integer.parseInt(args[1]) : 30, args.length > 2 && args[2].startsWith("official=")
          ? Path.of(args[2].substring("official=".length())).toAbsolutePath() : null,
          flags.contains("official-first"), flags.contains("warmup"));
    }
    System.out.println("loadavg after: " + loadAverage());
  }

  // ---- 64 clients ---------------------------------------------------------------------------------------------

  private static void load(int seconds, @Nullable Path officialJar, boolean officialFirst, boolean warmup) {
    // the official client sends no token over plaintext: a server without one when it is compared
    try (LocalSparkConnectServer server = LocalSparkConnectServer.start(LocalServerOptions.builder().delta()
        .authenticate(officialJar == null).conf("spark.sql.shuffle.partitions", "4").build())) {
      try (ConfigurableApplicationContext context = start("--reactive-spark.connect.remote=" + server.remote())) {
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        SparkSession spark = context.getBean(SparkSession.class);
        ConnectionProvider pool = ConnectionProvider.builder("bench").maxConnections(CLIENTS)
            .pendingAcquireMaxCount(-1).build();
        HttpClient http = HttpClient.create(pool).baseUrl("http://localhost:" + port);
        Supplier<long[]> ownJvm = ServiceLoad::jvmSample;
        try (OfficialService official = officialJar == null ? null : OfficialService.start(officialJar,
            server.remote(), context.getBean(Datasets.class).parquetFiles())) {
          HttpClient blocking = official == null ? null : HttpClient.create(pool)
              .baseUrl("http://localhost:" + official.port);
          // warm-up: a few of each
          Flux.range(0, 8).flatMap(i -> httpQuery(http, i), 8).then().block(WAIT);
          Flux.range(0, 8).flatMap(i -> directQuery(spark, i), 8).then().block(WAIT);
          if (blocking != null) {
            Flux.range(0, 8).flatMap(i -> httpQuery(blocking, i), 8).then().block(WAIT);
          }
          if (warmup) {
            // the Spark server and both services' JITs get the same load once, unreported: without it whichever
            // service ran first was the slower one, on a quiet machine too (README, "Load")
            report("warm-up, not a figure: HTTP NDJSON (this service)", seconds, i -> httpQuery(http, i), ownJvm);
            if (blocking != null && official != null) {
              report("warm-up, not a figure: HTTP NDJSON (official client)", seconds, i -> httpQuery(blocking, i),
                  official::sample);
            }
          }
          Runnable ours = () -> report("HTTP NDJSON (this service)", seconds, i -> httpQuery(http, i), ownJvm);
          if (official != null && blocking != null) {
            Runnable theirs = () -> report("HTTP NDJSON (official client, blocking HttpServer, "
                + OfficialService.THREADS + " threads)", seconds, i -> httpQuery(blocking, i), official::sample);
            (officialFirst ? theirs : ours).run();
            (officialFirst ? ours : theirs).run();
          } else {
            ours.run();
          }
          report("direct rows()", seconds, i -> directQuery(spark, i), ownJvm);
        } finally {
          pool.disposeLater().block(WAIT);
        }
      }
    }
  }

  /** The JVM's heap used, live threads and heap after the last collection, in bytes. */
  static long[] jvmSample() {
    return new long[] {ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(),
        ManagementFactory.getThreadMXBean().getThreadCount(), heapAfterGc()};
  }

  /**
   * The benchmarks module's {@code BlockingNdjsonService} (the official client in a blocking JDK HttpServer) in a JVM
   * of its own, on the same Spark server and the same Parquet files; its JVM figures arrive as {@code STATS} lines.
   */
  private static final class OfficialService implements AutoCloseable {
    static final int THREADS = CLIENTS;
    final Process process;
    final int port;
    final AtomicReference<long[]> last = new AtomicReference<>(new long[3]);

    private OfficialService(Process process, int port) {
      this.process = process;
      this.port = port;
    }

    static OfficialService start(Path jar, String remote, Map<String, String> views) {
      List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
          .toString(), "--add-opens=java.base/java.nio=ALL-UNNAMED", "-Xmx1g", "-cp", jar.toString(),
          "io.github.reactivespark.connect.bench.BlockingNdjsonService", remote, String.valueOf(THREADS)));
      views.forEach((name, path) -> command.add(name + "=" + path));
      try {
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
            StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null && !line.startsWith("PORT ")) {
          System.out.println("official: " + line);
        }
        if (line == null) {
          throw new IllegalStateException("BlockingNdjsonService ended before it served");
        }
        OfficialService service = new OfficialService(process, Integer.parseInt(line.substring(5).trim()));
        Thread reader = new Thread(() -> {
          try {
            String l;
            while ((l = out.readLine()) != null) {
              if (l.startsWith("STATS ")) {
                String[] f = l.substring(6).trim().split(" ");
                service.last.set(new long[] {Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2])});
              } else {
                System.out.println("official: " + l);
              }
            }
          } catch (IOException e) {
            // the process ended
          }
        }, "official-service-out");
        reader.setDaemon(true);
        reader.start();
        return service;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    long[] sample() {
      return last.get();
    }

    @Override
    public void close() {
      try {
        process.getOutputStream().close(); // its signal to stop
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
          process.destroy();
        }
      } catch (IOException e) {
        process.destroy();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroy();
      }
    }
  }

  private static void report(String name, int seconds, java.util.function.IntFunction<Mono<Sample>> query,
      Supplier<long[]> jvmSample) {
    ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();
    AtomicLong errors = new AtomicLong();
    AtomicLong counter = new AtomicLong();
    List<long[]> jvm = Collections.synchronizedList(new ArrayList<>());
    Disposable sampler = Flux.interval(Duration.ZERO, Duration.ofSeconds(1)).subscribe(t -> jvm.add(jvmSample.get()));
    long start = System.nanoTime();
    long deadline = start + Duration.ofSeconds(seconds).toNanos();
    Flux.range(0, CLIENTS)
        .flatMap(client -> Mono.defer(() -> query.apply((int) counter.getAndIncrement()))
            .doOnNext(samples::add)
            .onErrorResume(e -> {
              errors.incrementAndGet();
              System.out.println("error: " + e);
              return Mono.empty();
            })
            .repeat(() -> System.nanoTime() < deadline)
            .then(), CLIENTS)
        .then().block(Duration.ofSeconds(seconds).plus(WAIT));
    double elapsed = (System.nanoTime() - start) / 1e9;
    sampler.dispose();
    List<Long> first = new ArrayList<>();
    List<Long> last = new ArrayList<>();
    long rows = 0;
    for (Sample s : samples) {
      first.add(s.firstRowNanos);
      last.add(s.lastRowNanos);
      rows += s.rows;
      if (s.rows != ROWS_PER_REQUEST) {
        errors.incrementAndGet();
        System.out.println("error: " + s.rows + " rows instead of " + ROWS_PER_REQUEST);
      }
    }
    Collections.sort(first);
    Collections.sort(last);
    long heapMin = jvm.stream().mapToLong(a -> a[0]).min().orElse(0);
    long heapMax = jvm.stream().mapToLong(a -> a[0]).max().orElse(0);
    long heapLast = jvm.isEmpty() ? 0 : jvm.get(jvm.size() - 1)[0];
    long afterGcFirst = jvm.isEmpty() ? 0 : jvm.get(0)[2];
    long afterGcMax = jvm.stream().mapToLong(a -> a[2]).max().orElse(0);
    long threadsMin = jvm.stream().mapToLong(a -> a[1]).min().orElse(0);
    long threadsMax = jvm.stream().mapToLong(a -> a[1]).max().orElse(0);
    System.out.printf("%s, %d clients, %.1f s: %d requests (%.1f req/s), %,d rows (%,.0f rows/s), errors %d%n",
        name, CLIENTS, elapsed, samples.size(), samples.size() / elapsed, rows, rows / elapsed, errors.get());
    System.out.printf("  time to first row p50 %d ms, p99 %d ms; to last row p50 %d ms, p99 %d ms%n",
        millis(first, 0.50), millis(first, 0.99), millis(last, 0.50), millis(last, 0.99));
    System.out.printf("  JVM heap used min %d MiB, max %d MiB, last %d MiB; after the last GC first %d MiB, max %d MiB,"
        + " last %d MiB; live threads %d-%d (%d samples)%n", heapMin >> 20, heapMax >> 20, heapLast >> 20,
        afterGcFirst >> 20, afterGcMax >> 20, jvm.isEmpty() ? 0 : jvm.get(jvm.size() - 1)[2] >> 20, threadsMin,
        threadsMax, jvm.size());
    System.out.println("  loadavg: " + loadAverage());
  }

  /** The heap held after the last collection: the sum of the heap pools' collection usage, in bytes. */
  private static long heapAfterGc() {
    long used = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null) {
        used += pool.getCollectionUsage().getUsed();
      }
    }
    return used;
  }

  private static String flightsQuery(int i) {
    return "SELECT date, delay, distance, origin, destination FROM flights WHERE origin = '"
        + ORIGINS.get(i % ORIGINS.size()) + "'";
  }

  private static Mono<Sample> httpQuery(HttpClient http, int i) {
    String body = "{\"sql\":\"" + flightsQuery(i) + "\",\"limit\":" + ROWS_PER_REQUEST + "}";
    return Mono.defer(() -> {
      long start = System.nanoTime();
      long[] firstRow = {0};
      return http.headers(h -> h.set(HttpHeaderNames.CONTENT_TYPE, "application/json")
              .set(HttpHeaderNames.ACCEPT, "application/x-ndjson"))
          .post().uri(PATH).send(ByteBufFlux.fromString(Mono.just(body)))
          .response((response, content) -> response.status().code() != 200
              ? content.aggregate().asString().defaultIfEmpty("").flatMap(text -> Mono.error(
                  new IllegalStateException("HTTP " + response.status().code() + ": " + text)))
              : content.map(buffer -> {
                int n = newlines(buffer);
                if (n > 0 && firstRow[0] == 0) {
                  firstRow[0] = System.nanoTime();
                }
                return n;
              }))
          .reduce(0L, (sum, n) -> sum + ((Number) n).longValue())
          .map(rows -> new Sample(rows, firstRow[0] - start, System.nanoTime() - start));
    });
  }

  private static Mono<Sample> directQuery(SparkSession spark, int i) {
    return Mono.defer(() -> {
      long start = System.nanoTime();
      long[] firstRow = {0};
      return spark.sql(flightsQuery(i)).limit(ROWS_PER_REQUEST).rows()
          .doOnNext(row -> {
            if (firstRow[0] == 0) {
              firstRow[0] = System.nanoTime();
            }
          })
          .count()
          .map(rows -> new Sample(rows, firstRow[0] - start, System.nanoTime() - start));
    });
  }

  /** Newlines in the buffer, found by Netty's {@code forEachByte} (a getByte per byte checks the reference count). */
  private static int newlines(ByteBuf buffer) {
    int n = 0;
    int end = buffer.writerIndex();
    int at = buffer.readerIndex();
    while (at < end) {
      int lf = buffer.forEachByte(at, end - at, ByteProcessor.FIND_LF);
      if (lf < 0) {
        break;
      }
      n++;
      at = lf + 1;
    }
    return n;
  }

  private record Sample(long rows, long firstRowNanos, long lastRowNanos) {}

  // ---- small requests under big streams -----------------------------------------------------------------------

  private static void small(boolean fair, int slots) {
    List<String> args = new ArrayList<>(List.of("--reactive-spark.connect.remote=local",
        "--reactive-spark.web.fair-scheduler=" + fair));
    if (slots > 0) {
      args.add("--reactive-spark.connect.local-server.conf[spark.master]=local[" + slots + "]");
    }
    System.out.println("scheduler: " + (fair ? "FAIR, FAIR default pool (reactive-spark.web.fair-scheduler=true)"
        : "FIFO (Spark's default and the service's)") + ", master "
        + (slots > 0 ? "local[" + slots + "]" : "local[2] (the embedded server's default)"));
    try (ConfigurableApplicationContext context = start(args.toArray(String[]::new))) {
      int port = ((WebServerApplicationContext) context).getWebServer().getPort();
      SparkSession spark = context.getBean(SparkSession.class);
      System.out.println("server's spark.scheduler.mode: " + spark.conf().get("spark.scheduler.mode", "FIFO (unset)")
          .block(WAIT) + ", spark.scheduler.allocation.file: "
          + spark.conf().get("spark.scheduler.allocation.file", "(unset)").block(WAIT) + ", spark.master: "
          + spark.conf().get("spark.master", "?").block(WAIT));
      HttpClient http = HttpClient.create().baseUrl("http://localhost:" + port);
      tinyRound(http, 8); // warm-up
      List<Long> alone = tinyRound(http, 60);
      printTiny("alone", alone);
      AtomicLong streamed = new AtomicLong();
      Disposable streams = Flux.range(0, 4)
          .flatMap(i -> http.headers(h -> h.set(HttpHeaderNames.CONTENT_TYPE, "application/json")
                  .set(HttpHeaderNames.ACCEPT, "application/x-ndjson"))
              .post().uri(PATH).send(ByteBufFlux.fromString(Mono.just("{\"sql\":\"" + BIG + "\"}")))
              .responseContent().map(ServiceLoad::newlines), 4)
          .subscribe(streamed::addAndGet, e -> System.out.println("stream error: " + e));
      try {
        sleep(Duration.ofSeconds(3)); // the streams' jobs are running
        long before = streamed.get();
        List<Long> under = tinyRound(http, 60);
        printTiny("during 4 streams of all flights", under);
        System.out.printf("  the streams delivered %,d rows while the tiny queries ran (%,d in all)%n",
            streamed.get() - before, streamed.get());
      } finally {
        streams.dispose();
      }
      System.out.println("  loadavg: " + loadAverage());
    }
  }

  /**
   * {@code small pool}: whether a scheduler pool of its own helps the tiny queries. FAIR scheduler with the FAIR
   * default pool; 4 HTTP NDJSON streams of all flights on the service's session (pool {@code default}); the tiny
   * queries run directly (not over HTTP) on the service's session and on a second session of the same connection
   * whose {@code spark.scheduler.pool} session conf is {@code interactive} (Spark's {@code SQLExecution} copies the
   * session's {@code spark*} confs into the local properties of each query's jobs, where the fair scheduler reads the
   * pool), alternating rounds.
   */
  private static void pool() {
    try (ConfigurableApplicationContext context = start("--reactive-spark.connect.remote=local",
        "--reactive-spark.web.fair-scheduler=true")) {
      int port = ((WebServerApplicationContext) context).getWebServer().getPort();
      SparkSession spark = context.getBean(SparkSession.class);
      SparkSession interactive = spark.newSession();
      String airports = context.getBean(Datasets.class).parquetFiles().get("airports");
      interactive.read().parquet(airports).createOrReplaceTempView("airports").block(WAIT);
      try {
        interactive.conf().set("spark.scheduler.pool", "interactive").block(WAIT);
        System.out.println("interactive session's spark.scheduler.pool: "
            + interactive.conf().get("spark.scheduler.pool", "(unset)").block(WAIT));
      } catch (RuntimeException e) {
        System.out.println("setting spark.scheduler.pool failed: " + e);
        return;
      }
      HttpClient http = HttpClient.create().baseUrl("http://localhost:" + port);
      directTinyRound(spark, 8);
      directTinyRound(interactive, 8);
      printTiny("alone, service session (default pool)", directTinyRound(spark, 60));
      printTiny("alone, interactive pool session", directTinyRound(interactive, 60));
      Disposable streams = Flux.range(0, 4)
          .flatMap(i -> http.headers(h -> h.set(HttpHeaderNames.CONTENT_TYPE, "application/json")
                  .set(HttpHeaderNames.ACCEPT, "application/x-ndjson"))
              .post().uri(PATH).send(ByteBufFlux.fromString(Mono.just("{\"sql\":\"" + BIG + "\"}")))
              .responseContent().map(ServiceLoad::newlines), 4)
          .subscribe(n -> { }, e -> System.out.println("stream error: " + e));
      try {
        sleep(Duration.ofSeconds(3));
        for (int round = 0; round < 2; round++) {
          printTiny("during 4 streams, service session (default pool), round " + (round + 1),
              directTinyRound(spark, 30));
          printTiny("during 4 streams, interactive pool session, round " + (round + 1),
              directTinyRound(interactive, 30));
        }
      } finally {
        streams.dispose();
        interactive.close();
      }
      System.out.println("  loadavg: " + loadAverage());
    }
  }

  /** {@code count} tiny queries as direct {@code rows()} on {@code session}, one every 200 ms, in ms, sorted. */
  private static List<Long> directTinyRound(SparkSession session, int count) {
    List<Long> millis = Flux.interval(Duration.ofMillis(200)).take(count)
        .flatMap(i -> Mono.defer(() -> {
          long start = System.nanoTime();
          return session.sql(TINY).rows().count().map(n -> (System.nanoTime() - start) / 1_000_000L);
        }), count)
        .collectList().block(WAIT);
    List<Long> sorted = new ArrayList<>(millis);
    Collections.sort(sorted);
    return sorted;
  }

  /** {@code count} tiny queries, one sent every 200 ms, each timed from send to its last byte, in ms. */
  private static List<Long> tinyRound(HttpClient http, int count) {
    String body = "{\"sql\":\"" + TINY + "\"}";
    List<Long> millis = Flux.interval(Duration.ofMillis(200)).take(count)
        .flatMap(i -> Mono.defer(() -> {
          long start = System.nanoTime();
          return http.headers(h -> h.set(HttpHeaderNames.CONTENT_TYPE, "application/json")
                  .set(HttpHeaderNames.ACCEPT, "application/x-ndjson"))
              .post().uri(PATH).send(ByteBufFlux.fromString(Mono.just(body)))
              .responseSingle((response, content) -> content.asString().map(text -> {
                if (response.status().code() != 200 || !text.startsWith("{\"n\":")) {
                  throw new IllegalStateException("HTTP " + response.status().code() + ": " + text);
                }
                return (System.nanoTime() - start) / 1_000_000L;
              }));
        }), count)
        .collectList().block(WAIT);
    List<Long> sorted = new ArrayList<>(millis);
    Collections.sort(sorted);
    return sorted;
  }

  private static void printTiny(String name, List<Long> sorted) {
    System.out.printf("tiny queries %s: %d, p50 %d ms, p90 %d ms, p99 %d ms, max %d ms%n", name, sorted.size(),
        percentile(sorted, 0.50), percentile(sorted, 0.90), percentile(sorted, 0.99), sorted.get(sorted.size() - 1));
  }

  // ---- shared -------------------------------------------------------------------------------------------------

  private static ConfigurableApplicationContext start(String... args) {
    SpringApplication app = new SpringApplication(WebServiceApplication.class);
    app.setDefaultProperties(Map.of("server.port", "0", "reactive-spark.web.data-dir", "target/bench-data",
        "logging.level.root", "WARN"));
    return app.run(args);
  }

  private static long millis(List<Long> sortedNanos, double p) {
    return percentile(sortedNanos, p) / 1_000_000L;
  }

  private static long percentile(List<Long> sorted, double p) {
    if (sorted.isEmpty()) {
      return -1;
    }
    int index = (int) Math.ceil(p * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "unknown";
    }
  }
}
