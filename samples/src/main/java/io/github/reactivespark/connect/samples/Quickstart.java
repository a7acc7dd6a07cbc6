package io.github.reactivespark.connect.samples;

import static io.github.reactivespark.connect.functions.avg;
import static io.github.reactivespark.connect.functions.col;
import static io.github.reactivespark.connect.functions.concat_ws;
import static io.github.reactivespark.connect.functions.count;
import static io.github.reactivespark.connect.functions.countDistinct;
import static io.github.reactivespark.connect.functions.hour;
import static io.github.reactivespark.connect.functions.lit;
import static io.github.reactivespark.connect.functions.max;
import static io.github.reactivespark.connect.functions.min;
import static io.github.reactivespark.connect.functions.round;
import static io.github.reactivespark.connect.functions.sum;

import io.github.reactivespark.connect.ArrowBatch;
import io.github.reactivespark.connect.DataFrame;
import io.github.reactivespark.connect.Row;
import io.github.reactivespark.connect.SparkSession;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The quickstart: five questions about 3,000,000 real US flights (January to June 2001) answered by a Spark Connect
 * server through this client (one of them with a console progress bar), then one large result streamed batch by
 * batch under deliberately limited demand, then a table built on the client from airports.csv
 * ({@code createDataFrame}) joined with the flights on the server.
 *
 * <p>Run it from the repository root with {@code mvn -B -q -pl samples -am -DskipTests -Pquickstart verify}. It
 * connects to {@code SPARK_REMOTE} (or the system property {@code spark.remote}) if set, otherwise it starts the
 * embedded server of the {@code local-server} module. The data comes from npm {@code vega-datasets@3.2.1} (see
 * {@link VegaDatasets}); the file paths are read <b>by the server</b>, so a remote server must see the same file
 * system as this JVM.
 *
 * <p>The queries are instance methods returning lazy {@link DataFrame}s or cold publishers, so that tests can run
 * them one by one. Every column name below is that of the data: flights-3m.parquet has {@code date}
 * (timestamp_ntz, the scheduled departure), {@code delay} (departure delay in minutes, negative when early),
 * {@code distance} (miles), {@code origin} and {@code destination} (IATA codes); airports.csv has {@code iata,
 * name, city, state, country, latitude, longitude}.
 */
public final class Quickstart {

  /** The explicit schema of airports.csv (saves Spark a schema-inference pass over the file). */
  public static final String AIRPORTS_SCHEMA =
      "iata STRING, name STRING, city STRING, state STRING, country STRING, latitude DOUBLE, longitude DOUBLE";

  private static final Duration QUERY_TIMEOUT = Duration.ofMinutes(5);

  private final SparkSession spark;
  private final DataFrame flights;
  private final DataFrame airports;

  /**
   * Prepares the two inputs (no I/O: DataFrames are lazy).
   *
   * @param spark an open session; not closed by this class
   * @param flightsParquet flights-3m.parquet, as a path the <b>server</b> can read
   * @param airportsCsv airports.csv, as a path the <b>server</b> can read
   */
  public Quickstart(SparkSession spark, Path flightsParquet, Path airportsCsv) {
    this.spark = Objects.requireNonNull(spark, "spark");
    this.flights = spark.read().parquet(flightsParquet.toString());
    this.airports = spark.read().option("header", true).schema(AIRPORTS_SCHEMA).csv(airportsCsv.toString());
  }

  /**
   * The flights (date, delay, distance, origin, destination).
   *
   * @return a lazy DataFrame over flights-3m.parquet
   */
  public DataFrame flights() {
    return flights;
  }

  /**
   * The airports (iata, name, city, state, country, latitude, longitude).
   *
   * @return a lazy DataFrame over airports.csv
   */
  public DataFrame airports() {
    return airports;
  }

  /** Airport name, city and state keyed by {@code origin}, ready for a USING join with per-origin aggregates. */
  private DataFrame originNames() {
    return airports.select(col("iata").alias("origin"), col("name"), col("city"), col("state"));
  }

  /**
   * (a) One row: {@code flights} (long), {@code first_departure} and {@code last_departure} (LocalDateTime),
   * {@code origins} (distinct origin airports, long) and {@code avg_delay_min} (double, 2 decimals).
   *
   * @return a lazy one-row DataFrame
   */
  public DataFrame overview() {
    return flights.agg(
        count(lit(1)).alias("flights"),
        min(col("date")).alias("first_departure"),
        max(col("date")).alias("last_departure"),
        countDistinct(col("origin")).alias("origins"),
        round(avg(col("delay")), 2).alias("avg_delay_min"));
  }

  /**
   * (b) The {@code n} origin airports with the most departures: {@code origin, name, city, state, flights,
   * avg_delay_min}, busiest first (ties by code). Aggregates first, then joins the 229 result rows with the
   * airports (left join: an origin missing from airports.csv would still be listed, with null names).
   *
   * @param n how many airports
   * @return a lazy DataFrame of at most {@code n} rows
   */
  public DataFrame busiestOrigins(int n) {
    return flights.groupBy("origin")
        .agg(count(lit(1)).alias("flights"), round(avg(col("delay")), 2).alias("avg_delay_min"))
        .join(originNames(), List.of("origin"), "left")
        .select(col("origin"), col("name"), col("city"), col("state"), col("flights"), col("avg_delay_min"))
        .orderBy(col("flights").desc(), col("origin").asc())
        .limit(n);
  }

  /**
   * (c) Average departure delay by the state of the origin airport, for the {@code n} states with the most
   * departures (ranked by flights, not by delay, so that a state with a handful of flights does not top the list):
   * {@code state, airports, flights, avg_delay_min, max_delay_min}. Joins every flight with its airport.
   *
   * @param n how many states
   * @return a lazy DataFrame of at most {@code n} rows
   */
  public DataFrame delayByOriginState(int n) {
    return flights.join(originNames(), "origin")
        .groupBy("state")
        .agg(countDistinct(col("origin")).alias("airports"),
            count(lit(1)).alias("flights"),
            round(avg(col("delay")), 2).alias("avg_delay_min"),
            max(col("delay")).alias("max_delay_min"))
        .orderBy(col("flights").desc(), col("state").asc())
        .limit(n);
  }

  /**
   * (d) The {@code n} busiest routes: {@code route} ("ORIG -> DEST"), {@code origin, destination, flights,
   * avg_delay_min, distance} (miles), busiest first (ties by route).
   *
   * @param n how many routes
   * @return a lazy DataFrame of at most {@code n} rows
   */
  public DataFrame busiestRoutes(int n) {
    return flights.groupBy("origin", "destination")
        .agg(count(lit(1)).alias("flights"),
            round(avg(col("delay")), 2).alias("avg_delay_min"),
            max(col("distance")).alias("distance"))
        .select(concat_ws(" -> ", col("origin"), col("destination")).alias("route"), col("origin"),
            col("destination"), col("flights"), col("avg_delay_min"), col("distance"))
        .orderBy(col("flights").desc(), col("route").asc())
        .limit(n);
  }

  /**
   * (e) Average departure delay by scheduled hour of departure: {@code hour} (0-23), {@code flights},
   * {@code avg_delay_min}, ordered by hour. Hours without any departure are absent.
   *
   * @return a lazy DataFrame of at most 24 rows
   */
  public DataFrame delayByHour() {
    return flights.withColumn("hour", hour(col("date")))
        .groupBy("hour")
        .agg(count(lit(1)).alias("flights"), round(avg(col("delay")), 2).alias("avg_delay_min"))
        .orderBy(col("hour").asc());
  }

  /**
   * One airport of airports.csv, parsed on the client: a record, so {@code createDataFrame(List, Class)} infers
   * the schema {@code iata string, name string, state string, latitude double} (components in order; the
   * primitive {@code double} is not nullable).
   *
   * @param iata the IATA code
   * @param name the airport's name
   * @param state the US state (or territory) code
   * @param latitude degrees north
   */
  public record Airport(String iata, String name, String state, double latitude) {}

  /**
   * Parses airports.csv <b>in this JVM</b> with Apache Commons CSV (the header line names the columns): the local
   * data of {@link #northernmostAirports}. Rows without a latitude are skipped.
   *
   * @param airportsCsv airports.csv, a path this JVM can read
   * @return the airports, in file order
   * @throws UncheckedIOException if the file cannot be read
   */
  public static List<Airport> parseAirports(Path airportsCsv) {
    CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get();
    List<Airport> out = new ArrayList<>();
    try (Reader in = Files.newBufferedReader(airportsCsv, StandardCharsets.UTF_8)) {
      for (CSVRecord r : format.parse(in)) {
        String latitude = r.get("latitude");
        if (!latitude.isBlank()) {
          out.add(new Airport(r.get("iata"), r.get("name"), r.get("state"), Double.parseDouble(latitude)));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + airportsCsv, e);
    }
    return out;
  }

  /**
   * (g) Local data joined on the server: the {@code n} northernmost airports that have departures, from a table
   * built on the client ({@code airports}, sent with {@code createDataFrame(List, Class)}) joined with the
   * server's per-origin flight counts: {@code origin, name, state, latitude, flights}, northernmost first.
   *
   * @param airports airports parsed on the client ({@link #parseAirports})
   * @param n how many airports
   * @return a lazy DataFrame of at most {@code n} rows
   */
  public DataFrame northernmostAirports(List<Airport> airports, int n) {
    DataFrame local = spark.createDataFrame(airports, Airport.class).withColumnRenamed("iata", "origin");
    return flights.groupBy("origin").agg(count(lit(1)).alias("flights"))
        .join(local, "origin")
        .select(col("origin"), col("name"), col("state"), col("latitude"), col("flights"))
        .orderBy(col("latitude").desc(), col("origin").asc())
        .limit(n);
  }

  /**
   * The sum of all delays, computed on the server: the reference for {@link #streamOriginDelays}'s checksum.
   * Cold; one {@code ExecutePlan} per subscription.
   *
   * @return a Mono of the sum in minutes
   */
  public Mono<Long> serverDelaySum() {
    return flights.agg(sum(col("delay")).alias("delay_sum")).first().map(r -> r.getLong(0));
  }

  /**
   * Progress of {@link #streamOriginDelays} after one batch.
   *
   * @param index index of the batch, from 0
   * @param rows rows in the batch
   * @param bytes Arrow bytes the batch held
   * @param cumulativeRows rows so far, this batch included
   * @param rowsPerSecond rows per second since the first batch arrived (the streaming rate, without the query's
   *     start-up); 0 for the first batch
   * @param elapsed wall time since subscription
   * @param sessionArrowBytes Arrow bytes the whole session held while this batch was open (this batch included):
   *     bounded by demand, not by the result's size
   */
  public record BatchProgress(
      long index, int rows, long bytes, long cumulativeRows, double rowsPerSecond, Duration elapsed,
      long sessionArrowBytes) {
  }

  /**
   * The outcome of {@link #streamOriginDelays}.
   *
   * @param batches number of Arrow batches received
   * @param rows total rows
   * @param bytes total Arrow bytes of all batches
   * @param delaySum sum of {@code delay} over all rows (nulls skipped): the checksum
   * @param firstBatch wall time from subscription to the first batch (the query's start-up)
   * @param elapsed wall time from subscription to completion
   */
  public record StreamSummary(
      long batches, long rows, long bytes, long delaySum, Duration firstBatch, Duration elapsed) {
    /**
     * Rows per second over the whole stream.
     *
     * @return rows / elapsed seconds
     */
    public double rowsPerSecond() {
      return rows / Math.max(1e-9, elapsed.toNanos() / 1e9);
    }
  }

  /** What one batch contributes; computed while the batch is open, then the batch is closed. */
  private record BatchStats(int rows, long bytes, long delaySum, long sessionArrowBytes) {
    static BatchStats of(ArrowBatch batch, SparkSession spark) {
      FieldVector delay = batch.root().getVector("delay");
      if (!(delay instanceof BaseIntVector ints)) {
        throw new IllegalStateException("delay is not an integer column: " + delay.getField());
      }
      long sum = 0;
      int n = batch.rowCount();
      for (int i = 0; i < n; i++) {
        if (!delay.isNull(i)) {
          sum += ints.getValueAsLong(i);
        }
      }
      return new BatchStats(n, batch.sizeInBytes(), sum, spark.arrowAllocatedBytes());
    }
  }

  /**
   * Streams every flight's {@code (origin, delay)} (3,000,000 rows) through {@link DataFrame#mapBatches} with a
   * demand of one batch at a time ({@code limitRate(1)}) and a pause after each batch, as a slow consumer would.
   * The server produces only as fast as this consumer asks (the client buffers a bounded window of responses), so
   * the client's Arrow memory stays at about one batch whatever the result's size. Each batch is read while open
   * (row count, bytes, sum of delay) and closed right after by {@code mapBatches}.
   *
   * <p>Cold: each subscription runs the query again. Cancelling stops the query on the server.
   *
   * @param pausePerBatch simulated work per batch ({@link Duration#ZERO} for none)
   * @param onBatch called with each batch's progress, in order, on a Reactor thread; must not block
   * @return a Mono of the summary; completes when the last batch has been counted
   */
  public Mono<StreamSummary> streamOriginDelays(Duration pausePerBatch, Consumer<BatchProgress> onBatch) {
    return Mono.defer(() -> {
      long start = System.nanoTime();
      // batches, rows, bytes, delaySum, first batch's arrival (nanoTime), its rows; one subscription, serial signals
      long[] totals = new long[6];
      Flux<BatchStats> stats = flights.select("origin", "delay").mapBatches(b -> BatchStats.of(b, spark)).limitRate(1);
      if (!pausePerBatch.isZero()) {
        stats = stats.concatMap(s -> Mono.delay(pausePerBatch).thenReturn(s), 1);
      }
      return stats
          .doOnNext(s -> {
            long now = System.nanoTime();
            long index = totals[0]++;
            totals[1] += s.rows();
            totals[2] += s.bytes();
            totals[3] += s.delaySum();
            if (index == 0) {
              totals[4] = now;
              totals[5] = s.rows();
            }
            double rate = index == 0 ? 0 : (totals[1] - totals[5]) / Math.max(1e-9, (now - totals[4]) / 1e9);
            onBatch.accept(new BatchProgress(index, s.rows(), s.bytes(), totals[1], rate,
                Duration.ofNanos(now - start), s.sessionArrowBytes()));
          })
          .then(Mono.fromSupplier(() -> new StreamSummary(totals[0], totals[1], totals[2], totals[3],
              Duration.ofNanos(totals[0] == 0 ? 0 : totals[4] - start), Duration.ofNanos(System.nanoTime() - start))));
    });
  }

  // ---------------------------------------------------------------- the program

  /**
   * Runs the quickstart and exits with status 0 on success, 1 on any failure (the stack trace goes to stderr).
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    int status;
    try {
      run(System.out);
      status = 0;
    } catch (Throwable t) {
      System.err.println("Quickstart FAILED: " + t);
      t.printStackTrace();
      status = 1;
    }
    System.exit(status);
  }

  /**
   * The whole quickstart: fetches the data, connects, prints the five answers and the streaming run, and closes the
   * session. Blocks (it is a program, not library code).
   *
   * @param out where to print
   * @throws IllegalStateException if the streamed checksum differs from the server's sum
   */
  public static void run(PrintStream out) {
    VegaDatasets data = VegaDatasets.fromSystemProperties();
    long t0 = System.nanoTime();
    Path flightsFile = data.flights3m();
    Path airportsFile = data.airports();
    out.printf("Data: npm %s@%s, cached in %s (%.1f s)%n", VegaDatasets.PACKAGE, VegaDatasets.VERSION,
        data.cacheDir(), (System.nanoTime() - t0) / 1e9);

    String remote = System.getProperty("spark.remote", System.getenv("SPARK_REMOTE"));
    if (remote == null || remote.isBlank()) {
      out.println("Server: none named (SPARK_REMOTE unset): starting the embedded Spark Connect server...");
    } else if (remote.startsWith("local")) { // local, local[N], local-cluster[N,C,M]: the embedded server
      out.println("Server: the embedded Spark Connect server, " + remote + " (from SPARK_REMOTE); starting it...");
    } else {
      out.println("Server: " + remote + " (from SPARK_REMOTE). Note: file paths are opened BY THE SERVER, which"
          + " must see " + data.cacheDir() + " on its own file system.");
    }
    t0 = System.nanoTime();
    try (SparkSession spark = SparkSession.builder().create()) {
      String version = spark.version().block(QUERY_TIMEOUT);
      out.printf("Connected to Spark %s at %s in %.1f s (session %s)%n%n", version, spark.connectionString(),
          (System.nanoTime() - t0) / 1e9, spark.sessionId());
      Quickstart q = new Quickstart(spark, flightsFile, airportsFile);

      Row overview = timed(out, "(a) How many flights, over which dates?", q.overview().first());
      LocalDateTime first = (LocalDateTime) overview.get("first_departure");
      LocalDateTime last = (LocalDateTime) overview.get("last_departure");
      out.printf("%,d flights from %d airports, %s .. %s, average departure delay %.2f min%n%n",
          overview.getLong(0), overview.getLong(3), first, last, overview.getDouble(4));

      show(out, "(b) The 10 busiest origin airports (aggregate, then join with airports.csv)",
          q.busiestOrigins(10), 10);
      ConsoleProgress bar = new ConsoleProgress(out, "(c)", ConsoleProgress.isTerminal());
      // a runtime conf of the session (the server's default is 2 s, longer than this query on a fast machine)
      spark.conf().set("spark.connect.progress.reportInterval", "250ms").block(QUERY_TIMEOUT);
      out.println("(c) runs with a progress bar (the server's execution_progress reports, every 250 ms):");
      try {
        show(out, "(c) Average departure delay by origin state: the 10 states with the most departures"
            + " (every flight joined with its airport)",
            q.delayByOriginState(10), 10, SparkSession.withProgressHandler(bar::update));
      } finally {
        bar.done();
      }
      show(out, "(d) The 10 busiest routes, with their average delay", q.busiestRoutes(10), 10);
      show(out, "(e) Average departure delay by scheduled hour of day", q.delayByHour(), 24);

      Duration pause = Duration.ofMillis(5);
      out.printf("(f) Streaming all (origin, delay) rows with toArrow()/mapBatches, demand limitRate(1) and a %d ms"
          + " pause per batch (a slow consumer). Session Arrow memory stays at about one batch.%n", pause.toMillis());
      out.printf("    %6s %8s %7s %10s %12s %12s %14s%n", "batch", "at", "rows", "bytes", "cumulative", "rows/s",
          "session arrow");
      StreamSummary s = q.streamOriginDelays(pause, p -> {
        if (p.index() < 3 || p.index() % 50 == 0) {
          out.printf(Locale.ROOT, "    %6d %7.2fs %7d %10d %12d %,12.0f %14d%n", p.index(),
              p.elapsed().toNanos() / 1e9, p.rows(), p.bytes(), p.cumulativeRows(), p.rowsPerSecond(),
              p.sessionArrowBytes());
        }
      }).block(QUERY_TIMEOUT);
      Objects.requireNonNull(s, "stream summary");
      out.printf("    ... (first 3 and every 50th batch shown; rows/s counted from the first batch)%n");
      out.printf(Locale.ROOT, "    %,d batches, %,d rows, %,d Arrow bytes in %.2f s (first batch after %.2f s;"
          + " %,.0f rows/s overall)%n", s.batches(), s.rows(), s.bytes(), s.elapsed().toNanos() / 1e9,
          s.firstBatch().toNanos() / 1e9, s.rowsPerSecond());
      long serverSum = timed(out, "    checksum: server-side sum(delay)", q.serverDelaySum());
      out.printf("    checksum: streamed sum(delay) = %,d, server sum(delay) = %,d: %s%n", s.delaySum(), serverSum,
          s.delaySum() == serverSum ? "MATCH" : "MISMATCH");
      if (s.delaySum() != serverSum) {
        throw new IllegalStateException("Streamed checksum " + s.delaySum() + " != server sum " + serverSum);
      }
      out.printf("    Arrow memory still held by the session: %d bytes%n%n", spark.arrowAllocatedBytes());

      List<Airport> parsed = parseAirports(airportsFile);
      out.printf("(g) %,d airports parsed on the client (Commons CSV), sent with createDataFrame(List, Airport.class)"
          + " and joined on the server with the flight counts%n", parsed.size());
      show(out, "(g) The 5 northernmost airports with departures", q.northernmostAirports(parsed, 5), 5);
    }
    out.println("\nSession closed. Done.");
  }

  private static <T> T timed(PrintStream out, String title, Mono<T> query) {
    var result = query.elapsed().blockOptional(QUERY_TIMEOUT)
        .orElseThrow(() -> new IllegalStateException(title + ": empty result"));
    out.printf(Locale.ROOT, "%s  [%.2f s]%n", title, result.getT1() / 1000.0);
    return result.getT2();
  }

  private static void show(PrintStream out, String title, DataFrame df, int rows) {
    show(out, title, df, rows, c -> c);
  }

  private static void show(PrintStream out, String title, DataFrame df, int rows,
      java.util.function.Function<reactor.util.context.Context, reactor.util.context.Context> context) {
    String table = timed(out, title, df.showString(rows, 40, false).contextWrite(context));
    out.println(table);
  }
}
