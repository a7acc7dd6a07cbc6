package io.github.reactivespark.connect.samples;

import static io.github.reactivespark.connect.functions.avg;
import static io.github.reactivespark.connect.functions.col;
import static io.github.reactivespark.connect.functions.count;
import static io.github.reactivespark.connect.functions.desc;
import static io.github.reactivespark.connect.functions.expr;
import static io.github.reactivespark.connect.functions.round;

import io.github.reactivespark.connect.DataFrame;
import io.github.reactivespark.connect.Row;
import io.github.reactivespark.connect.SparkSession;
import io.github.reactivespark.connect.listeners.StreamingListeners;
import io.github.reactivespark.connect.streaming.SparkStreaming;
import io.github.reactivespark.connect.streaming.StreamingQuery;
import io.github.reactivespark.connect.streaming.StreamingQueryProgress;
import io.github.reactivespark.connect.streaming.Trigger;
import io.github.reactivespark.connect.streaming.foreach.MicroBatch;
import io.github.reactivespark.connect.streaming.foreach.MicroBatchStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The streaming sample: real flights replayed as a stream, one file per day, through a Spark Connect server.
 * <ol>
 *   <li>the first {@code days} days of the 3M BTS flights (npm {@code vega-datasets}) are written by the server as one
 *       JSON file per day into a scratch directory;</li>
 *   <li>a streaming query reads them one file per trigger, and aggregates departure delays per origin airport and
 *       day with a one-hour watermark on the flights' time; its live progress is printed from the
 *       {@code progress(query)} Flux, nothing is polled;</li>
 *   <li>a client-side micro-batch consumer ({@link MicroBatchStream}) receives each day's flights as one micro-batch
 *       with backpressure (one batch at a time), prints that day's three most delayed airports, and commits.</li>
 * </ol>
 * Both results are checked against the same question asked in batch over the same files. Run it from the repository
 * root with {@code mvn -B -q -pl samples -am -DskipTests -Pstreaming verify}; it connects to {@code SPARK_REMOTE} if
 * set (the server must then see this machine's files), otherwise it starts the embedded server.
 */
public final class StreamingFlights {

  /** The schema of the per-day files: flight time, departure delay (minutes), origin and destination airports. */
  public static final String SCHEMA = "ts TIMESTAMP, delay INT, origin STRING, destination STRING";

  private static final Duration TIMEOUT = Duration.ofMinutes(5);

  private final SparkSession spark;
  private final Path flightsParquet;
  private final Path scratch;

  /**
   * @param spark an open session; not closed here
   * @param flightsParquet flights-3m.parquet, as a path the server can read
   * @param scratch an empty directory the server can write (per-day files, checkpoints)
   */
  public StreamingFlights(SparkSession spark, Path flightsParquet, Path scratch) {
    this.spark = Objects.requireNonNull(spark, "spark");
    this.flightsParquet = Objects.requireNonNull(flightsParquet, "flightsParquet");
    this.scratch = Objects.requireNonNull(scratch, "scratch");
  }

  /** The per-day input directory. */
  public Path input() {
    return scratch.resolve("flights-by-day");
  }

  /**
   * Writes the first {@code days} days of flights (from 2001-01-01) as one JSON file per day, in day order.
   *
   * @return the number of flights written
   */
  public long writeDays(int days) {
    return writeDays(0, days);
  }

  /**
   * Writes days {@code from} (inclusive) to {@code to} (exclusive), counted from 2001-01-01, as one JSON file per day,
   * in day order: a later call adds the next days' files to the same input.
   *
   * @return the number of flights in the input after this call
   */
  public long writeDays(int from, int to) {
    String view = "flights_" + Long.toHexString(System.nanoTime());
    spark.read().parquet(flightsParquet.toString()).createOrReplaceTempView(view).block(TIMEOUT);
    LocalDate first = LocalDate.of(2001, 1, 1);
    for (int d = from; d < to; d++) {
      LocalDate day = first.plusDays(d);
      spark.sql("INSERT OVERWRITE DIRECTORY '" + scratch.resolve("staging-" + day) + "' USING json"
          + " SELECT /*+ COALESCE(1) */ CAST(date AS TIMESTAMP) AS ts, delay, origin, destination FROM " + view
          + " WHERE CAST(date AS DATE) = DATE'" + day + "'").collectAsList().block(TIMEOUT);
      moveDataFiles(scratch.resolve("staging-" + day), input(), day.toString());
    }
    return spark.read().schema(SCHEMA).json(input().toString()).count().block(TIMEOUT);
  }

  /** The input as a stream: one file (= one day) per micro-batch. */
  public DataFrame stream() {
    return SparkStreaming.readStream(spark).schema(SCHEMA).option("maxFilesPerTrigger", 1L).json(input().toString());
  }

  /** Delay per origin airport and day, with a one-hour watermark on the flight time. */
  public static DataFrame delaysPerAirportAndDay(DataFrame flights) {
    return flights.groupBy(expr("window(ts, '1 day')").as("day"), col("origin"))
        .agg(count(col("delay")).as("flights"), round(avg(col("delay")), 2).as("avg_delay"));
  }

  /**
   * Runs the watermarked aggregation over all files (trigger availableNow) into a memory table, printing each
   * progress event as it arrives; returns the per-batch input row counts.
   */
  public List<Long> aggregate(String table, PrintStream out) {
    DataFrame delays = delaysPerAirportAndDay(stream().withWatermark("ts", "1 hour"));
    StreamingQuery query = SparkStreaming.writeStream(delays).format("memory").queryName(table)
        .outputMode("append").trigger(Trigger.availableNow())
        .checkpointLocation(scratch.resolve("checkpoint-" + table).toString())
        .start().block(TIMEOUT);
    try {
      return StreamingListeners.progressOf(query)
          .doOnNext(p -> out.printf("  progress: batch %d, %,d flights in, watermark %s, %d rows of state%n",
              p.batchId(), p.numInputRows(), p.eventTime().getOrDefault("watermark", "-"),
              p.stateOperators().isEmpty() ? 0 : p.stateOperators().get(0).numRowsTotal()))
          .map(StreamingQueryProgress::numInputRows)
          .filter(n -> n > 0)
          .collectList()
          .block(TIMEOUT);
    } finally {
      query.stop().block(TIMEOUT);
    }
  }

  /**
   * Consumes {@code days} micro-batches in the client, one at a time: prints each day's three most delayed origin
   * airports and commits the batch. Returns the flights per batch.
   */
  public List<Long> consumeMicroBatches(int days, PrintStream out) {
    MicroBatchStream batches = MicroBatchStream.builder(stream())
        .exportTable("flights_microbatches_" + Long.toHexString(System.nanoTime()))
        .checkpointLocation(scratch.resolve("checkpoint-microbatches").toString())
        .trigger(Trigger.processingTime(Duration.ofMillis(500)))
        .maxBatchesAhead(2)
        .build();
    AtomicLong seen = new AtomicLong();
    try {
      return batches.batches()
          .concatMap(batch -> {
            long n = batch.rows().count().block(TIMEOUT);
            List<Row> top = batch.rows().groupBy("origin").agg(count(col("delay")).as("flights"),
                    round(avg(col("delay")), 1).as("avg_delay"))
                .where("flights >= 20").orderBy(desc("avg_delay")).limit(3).collectAsList().block(TIMEOUT);
            out.printf("  micro-batch %d: %,d flights; most delayed: %s%n", batch.batchId(), n, describe(top));
            seen.addAndGet(n);
            return batch.commit().thenReturn(n);
          }, 1)
          .take(days)
          .collectList()
          .block(TIMEOUT);
    } finally {
      batches.dropExportTable().block(TIMEOUT);
    }
  }

  private static String describe(List<Row> top) {
    StringBuilder b = new StringBuilder();
    for (Row r : top) {
      b.append(b.length() == 0 ? "" : ", ").append(r.getString(0)).append(" +").append(r.get(2)).append(" min");
    }
    return b.toString();
  }

  private static void moveDataFiles(Path from, Path to, String day) {
    try {
      Files.createDirectories(to);
      try (var files = Files.list(from)) {
        for (Path f : files.filter(p -> p.getFileName().toString().startsWith("part-")).toList()) {
          Files.move(f, to.resolve(day + ".json"));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot move the files of " + day + " out of " + from, e);
    }
  }

  /** Runs the sample; exits 1 on failure. */
  public static void main(String[] args) {
    int status;
    try {
      run(System.out, 7);
      status = 0;
    } catch (Throwable t) {
      System.err.println("StreamingFlights FAILED: " + t);
      t.printStackTrace();
      status = 1;
    }
    System.exit(status);
  }

  /**
   * The whole sample over the first {@code days} days of flights. Blocks (a program, not library code).
   *
   * @throws IllegalStateException if a streamed result differs from the batch result over the same files
   */
  public static void run(PrintStream out, int days) throws IOException {
    Path flights = VegaDatasets.fromSystemProperties().flights3m();
    Path scratch = Files.createTempDirectory("reactive-spark-streaming-sample");
    try (SparkSession spark = SparkSession.builder().create()) {
      out.printf("Connected to Spark %s at %s%n", spark.version().block(TIMEOUT), spark.connectionString());
      StreamingFlights sample = new StreamingFlights(spark, flights, scratch);
      long total = sample.writeDays(days);
      out.printf("Replaying %d days of real flights (%,d flights), one file per day, from %s%n%n", days, total,
          sample.input());

      out.println("1. Delays per origin airport and day, watermark 1 hour, live progress:");
      List<Long> perBatch = sample.aggregate("delays_by_airport_day", out);
      long streamed = perBatch.stream().mapToLong(Long::longValue).sum();
      Row check = spark.sql("SELECT count(*), sum(flights) FROM delays_by_airport_day").first().block(TIMEOUT);
      out.printf("   %d batches, %,d flights streamed; %,d (airport, day) rows emitted once their day closed%n%n",
          perBatch.size(), streamed, check.getLong(0));
      if (streamed != total) {
        throw new IllegalStateException("streamed " + streamed + " flights, the files hold " + total);
      }

      out.println("2. Client-side micro-batches, one day at a time, with backpressure:");
      List<Long> consumed = sample.consumeMicroBatches(days, out);
      long consumedTotal = consumed.stream().mapToLong(Long::longValue).sum();
      out.printf("   %d micro-batches, %,d flights received%n", consumed.size(), consumedTotal);
      if (consumedTotal != total) {
        throw new IllegalStateException("micro-batches held " + consumedTotal + " flights, the files " + total);
      }
      spark.sql("DROP VIEW IF EXISTS delays_by_airport_day").collectAsList().block(TIMEOUT);
    } finally {
      deleteRecursively(scratch);
    }
  }

  static void deleteRecursively(Path dir) throws IOException {
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
