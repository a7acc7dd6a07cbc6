package io.github.reactivespark.connect.samples;

import io.github.reactivespark.connect.DataFrame;
import io.github.reactivespark.connect.Row;
import io.github.reactivespark.connect.SparkSession;
import io.github.reactivespark.connect.samples.stateful.AirportStreak;
import io.github.reactivespark.connect.samples.stateful.DelayStreaks;
import io.github.reactivespark.connect.samples.stateful.Flight;
import io.github.reactivespark.connect.serverfunctions.ServerFunctions;
import io.github.reactivespark.connect.streaming.SparkStreaming;
import io.github.reactivespark.connect.streaming.StreamingQuery;
import io.github.reactivespark.connect.streaming.StreamingQueryProgress;
import io.github.reactivespark.connect.streaming.Trigger;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.streaming.GroupStateTimeout;

/**
 * The stateful streaming sample (a Spark 4 lab: "stateful streaming you can look inside"): the replayed real flights
 * ({@link StreamingFlights}, one file per day, one file per micro-batch) through {@code groupByKey(origin)
 * .mapGroupsWithState(...)}, a Java function that keeps each origin airport's streak of delayed departures in Spark's
 * state store, while a batch {@code spark.read().format("statestore").load(checkpoint)} shows the live keys and their
 * state. Each state read is checked against the same rule computed in Java from the same files.
 */
public final class StatefulFlights {

  private static final Duration TIMEOUT = Duration.ofMinutes(5);

  private final SparkSession spark;
  private final StreamingFlights replay;
  private final Path checkpoint;

  /**
   * @param spark an open session; not closed here
   * @param flightsParquet flights-3m.parquet, as a path the server can read
   * @param scratch an empty directory the server can write (per-day files, the checkpoint)
   */
  public StatefulFlights(SparkSession spark, Path flightsParquet, Path scratch) {
    this.spark = spark;
    this.replay = new StreamingFlights(spark, flightsParquet, scratch);
    this.checkpoint = scratch.resolve("checkpoint-streaks");
  }

  /** The replayed input (writes days, streams them). */
  public StreamingFlights replay() {
    return replay;
  }

  /** The query's checkpoint directory, where its state store lives. */
  public Path checkpoint() {
    return checkpoint;
  }

  /**
   * Starts the stateful query: every micro-batch updates the state of the airports it has flights of and emits their
   * new state into the memory table {@code table} (output mode update).
   *
   * @param table the memory sink's query name
   * @return the running query
   */
  public StreamingQuery start(String table) {
    ServerFunctions fns = ServerFunctions.of(spark);
    DataFrame streaks = fns.dataset(replay.stream(), Encoders.bean(Flight.class))
        .groupByKey(DelayStreaks.origin(), Encoders.STRING())
        .mapGroupsWithState(DelayStreaks.update(), Encoders.bean(AirportStreak.class),
            Encoders.bean(AirportStreak.class), GroupStateTimeout.NoTimeout())
        .toDF();
    fns.ship().block(TIMEOUT);
    return SparkStreaming.writeStream(streaks).format("memory").queryName(table).outputMode("update")
        .trigger(Trigger.processingTime(Duration.ofMillis(500)))
        .checkpointLocation(checkpoint.toString()).start().block(TIMEOUT);
  }

  /**
   * The state store of the query as of micro-batch {@code batchId} (Spark's state data source: one row per key, with
   * {@code key} and {@code value} structs, the state under {@code value.groupState}, and the {@code partition_id}),
   * read as a batch query while the stream runs.
   *
   * @param batchId a committed micro-batch
   * @return origin airport → its state
   */
  public Map<String, AirportStreak> stateAt(long batchId) {
    Map<String, AirportStreak> out = new TreeMap<>();
    for (Row r : spark.read().format("statestore").option("batchId", batchId).load(checkpoint.toString())
        .selectExpr("key.value AS origin", "value.groupState.flights", "value.groupState.delayed",
            "value.groupState.streak", "value.groupState.longest")
        .collectAsList().block(TIMEOUT)) {
      AirportStreak s = DelayStreaks.fresh(r.getString(0));
      s.setFlights(r.getLong(1));
      s.setDelayed(r.getLong(2));
      s.setStreak(r.getInt(3));
      s.setLongest(r.getInt(4));
      out.put(s.getOrigin(), s);
    }
    return out;
  }

  /**
   * The state the rule gives after the first {@code days} per-day files, computed here in Java from the same files
   * (read back through the client).
   *
   * @param days how many day files, from the first
   * @return origin airport → its state
   */
  public Map<String, AirportStreak> expectedAfter(int days) {
    Map<String, List<Flight>> byOrigin = new HashMap<>();
    for (Row r : spark.read().schema(StreamingFlights.SCHEMA).json(replay.input().toString())
        .where("ts < timestamp'2001-01-01 00:00:00' + make_interval(0, 0, 0, " + days + ")")
        .collectAsList().block(TIMEOUT)) {
      Flight f = new Flight();
      Instant ts = r.getTimestamp(0);
      f.setTs(ts == null ? null : Timestamp.from(ts));
      f.setDelay(r.isNullAt(1) ? null : r.getInt(1));
      f.setOrigin(r.getString(2));
      f.setDestination(r.getString(3));
      byOrigin.computeIfAbsent(f.getOrigin(), o -> new ArrayList<>()).add(f);
    }
    Map<String, AirportStreak> out = new TreeMap<>();
    byOrigin.forEach((origin, flights) -> {
      flights.sort(DelayStreaks.ORDER);
      AirportStreak s = DelayStreaks.fresh(origin);
      DelayStreaks.apply(s, flights.iterator());
      out.put(origin, s);
    });
    return out;
  }

  /**
   * Waits until micro-batch {@code batchId} has committed.
   *
   * @param query the query
   * @param batchId the micro-batch
   * @return its progress
   * @throws IllegalStateException if the query fails or does not get there within 5 minutes
   */
  public static StreamingQueryProgress awaitBatch(StreamingQuery query, long batchId) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      for (StreamingQueryProgress p : query.recentProgress().block(TIMEOUT)) {
        if (p.batchId() == batchId) {
          return p;
        }
      }
      if (!Boolean.TRUE.equals(query.isActive().block(TIMEOUT))) {
        throw new IllegalStateException("the query ended before batch " + batchId + ": "
            + query.exception().blockOptional(TIMEOUT).map(Throwable::toString).orElse("no error"));
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new IllegalStateException("batch " + batchId + " did not commit within " + TIMEOUT);
  }

  /** Runs the sample; exits 1 on failure. */
  public static void main(String[] args) {
    int status;
    try {
      run(System.out, 5);
      status = 0;
    } catch (Throwable t) {
      System.err.println("StatefulFlights FAILED: " + t);
      t.printStackTrace();
      status = 1;
    }
    System.exit(status);
  }

  /**
   * The whole sample over the first {@code days} days of flights. Blocks (a program, not library code).
   *
   * @param out where the results go
   * @param days how many days to replay
   * @throws IllegalStateException if a state read differs from the Java computation
   */
  public static void run(PrintStream out, int days) throws IOException {
    Path flights = VegaDatasets.fromSystemProperties().flights3m();
    Path scratch = Files.createTempDirectory("reactive-spark-stateful-sample");
    try (SparkSession spark = SparkSession.builder().localServerConf("spark.sql.shuffle.partitions", "4").create()) {
      StatefulFlights sample = new StatefulFlights(spark, flights, scratch);
      long total = sample.replay().writeDays(days);
      out.printf("Replaying %d days of real flights (%,d flights), one file per micro-batch%n", days, total);
      StreamingQuery query = sample.start("airport_streaks");
      try {
        for (int b = 0; b < days; b++) {
          StreamingQueryProgress p = awaitBatch(query, b);
          Map<String, AirportStreak> state = sample.stateAt(b);
          Map<String, AirportStreak> expected = sample.expectedAfter(b + 1);
          check(state, expected, b);
          AirportStreak top = state.values().stream()
              .max(java.util.Comparator.comparingInt(AirportStreak::getLongest)).orElseThrow();
          out.printf("batch %d: %,d flights in; state store holds %d airports (as computed in Java); longest delay"
              + " streak so far %s (%d in a row), current streak there %d%n", b, p.numInputRows(), state.size(),
              top.getOrigin(), top.getLongest(), top.getStreak());
        }
      } finally {
        query.stop().block(TIMEOUT);
      }
      List<Row> busiest = spark.sql("SELECT origin, flights, delayed, longest FROM airport_streaks"
          + " ORDER BY flights DESC LIMIT 5").collectAsList().block(TIMEOUT);
      out.println("the memory sink's latest rows of the 5 busiest airports: " + busiest);
    } finally {
      StreamingFlights.deleteRecursively(scratch);
    }
  }

  /**
   * Compares a state read with the Java computation.
   *
   * @throws IllegalStateException naming the first airport that differs
   */
  public static void check(Map<String, AirportStreak> state, Map<String, AirportStreak> expected, long batchId) {
    if (!state.keySet().equals(expected.keySet())) {
      throw new IllegalStateException("batch " + batchId + ": the state store has " + state.size()
          + " airports, the files " + expected.size());
    }
    expected.forEach((origin, e) -> {
      AirportStreak s = state.get(origin);
      if (s.getFlights() != e.getFlights() || s.getDelayed() != e.getDelayed() || s.getStreak() != e.getStreak()
          || s.getLongest() != e.getLongest()) {
        throw new IllegalStateException("batch " + batchId + ": state " + s + ", computed in Java " + e);
      }
    });
  }
}
