package io.github.reactivespark.connect.samples;

import static io.github.reactivespark.connect.functions.col;

import io.github.reactivespark.connect.DataFrame;
import io.github.reactivespark.connect.Row;
import io.github.reactivespark.connect.SparkSession;
import io.github.reactivespark.connect.pipelines.DataflowGraph;
import io.github.reactivespark.connect.pipelines.FlowStatus;
import io.github.reactivespark.connect.pipelines.MaterializedView;
import io.github.reactivespark.connect.pipelines.PipelineEvent;
import io.github.reactivespark.connect.pipelines.RunOptions;
import io.github.reactivespark.connect.pipelines.SqlFile;
import io.github.reactivespark.connect.pipelines.StreamingTable;
import io.github.reactivespark.connect.streaming.SparkStreaming;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The pipelines sample: a medallion pipeline over real flights, defined in Java and SQL and run with Spark
 * Declarative Pipelines through Spark Connect.
 * <ul>
 *   <li><b>bronze</b>: {@code bronze_flights}, a streaming table over the flights replayed as one JSON file per day
 *       (the streaming sample's preparation, {@link StreamingFlights#writeDays(int, int)}), and
 *       {@code bronze_airports}, a materialized view over {@code airports.csv};</li>
 *   <li><b>silver</b>: {@code silver_flights}, a streaming table: the raw flights cleaned (no missing time, delay or
 *       airport) and joined with their origin airport's city and state, appended incrementally;</li>
 *   <li><b>gold</b>: {@code gold_delay_by_state} and {@code gold_delay_by_day}, materialized views defined in the SQL
 *       file {@code pipelines/gold.sql}.</li>
 * </ul>
 * The pipeline runs once with a full refresh, then a new day's file arrives and it runs again, incrementally: the
 * streaming tables append only that day. Events are printed as they arrive; the gold views are queried at the end and
 * checked against the same questions asked directly of the files. Run it from the repository root with
 * {@code mvn -B -q -pl samples -am -DskipTests -Ppipelines verify}; it connects to {@code SPARK_REMOTE} if set (the
 * server must then see this machine's files), otherwise it starts the embedded server.
 */
public final class PipelinesFlights {

  /** The gold SQL file, a resource of this module. */
  public static final String GOLD_SQL = "pipelines/gold.sql";
  /** The datasets of the pipeline, in the order they are built. */
  public static final List<String> DATASETS = List.of("bronze_flights", "bronze_airports", "silver_flights",
      "gold_delay_by_state", "gold_delay_by_day");

  private static final Duration TIMEOUT = Duration.ofMinutes(5);

  private final SparkSession spark;
  private final Path dailyFlights;
  private final Path airportsCsv;

  /**
   * @param spark an open session; not closed here
   * @param dailyFlights the directory of per-day JSON files ({@link StreamingFlights#SCHEMA})
   * @param airportsCsv airports.csv, as a path the server can read
   */
  public PipelinesFlights(SparkSession spark, Path dailyFlights, Path airportsCsv) {
    this.spark = Objects.requireNonNull(spark, "spark");
    this.dailyFlights = Objects.requireNonNull(dailyFlights, "dailyFlights");
    this.airportsCsv = Objects.requireNonNull(airportsCsv, "airportsCsv");
  }

  /** The dataflow graph: bronze and silver in Java, gold in SQL. */
  public DataflowGraph graph() {
    return DataflowGraph.builder(spark)
        .sqlConf("spark.sql.shuffle.partitions", "4")
        .streamingTable(StreamingTable.builder("bronze_flights")
            .comment("raw flights as they arrive, one JSON file per day")
            .query(SparkStreaming.readStream(spark).schema(StreamingFlights.SCHEMA).option("maxFilesPerTrigger", 1L)
                .json(dailyFlights.toString()))
            .build())
        .materializedView(MaterializedView.builder("bronze_airports")
            .comment("US airports (vega-datasets airports.csv)")
            .query(spark.read().option("header", true).csv(airportsCsv.toString())
                .select(col("iata"), col("name"), col("city"), col("state")))
            .build())
        .streamingTable(StreamingTable.builder("silver_flights")
            .comment("flights with a time, a delay and a known origin airport, with its city and state")
            .query(cleaned(SparkStreaming.readStream(spark).table("bronze_flights"), spark.table("bronze_airports")))
            .build())
        .sqlFile(new SqlFile(GOLD_SQL, resource(GOLD_SQL)))
        .build();
  }

  /**
   * Silver's query: flights with a time, a delay and an origin, inner-joined with the origin airport (city, state).
   * The same function, applied to a batch read of the files, gives what silver must hold.
   */
  public static DataFrame cleaned(DataFrame flights, DataFrame airports) {
    return flights.where("ts IS NOT NULL AND delay IS NOT NULL AND origin IS NOT NULL")
        .join(airports.select(col("iata"), col("city").as("origin_city"), col("state").as("origin_state")),
            col("origin").equalTo(col("iata")))
        .select(col("ts"), col("delay"), col("origin"), col("destination"), col("origin_city"), col("origin_state"));
  }

  /**
   * Runs the pipeline, printing every event as it arrives; returns the run's events. Blocks (a program, not library
   * code).
   */
  public List<PipelineEvent> run(RunOptions options, PrintStream out) {
    long start = System.nanoTime();
    List<PipelineEvent> events = graph().run(options)
        .doOnNext(e -> out.println("  " + e.format()))
        .collectList()
        .block(TIMEOUT);
    out.printf("  (%d events in %.1f s)%n", events.size(), (System.nanoTime() - start) / 1e9);
    return events;
  }

  /** The rows of a query. */
  public List<Row> rows(String sql) {
    return spark.sql(sql).collectAsList().block(TIMEOUT);
  }

  /** The state table, as the gold view holds it, ordered by departures. */
  public static final String GOLD_BY_STATE =
      "SELECT state, flights, avg_delay_min, max_delay_min FROM gold_delay_by_state ORDER BY flights DESC, state";
  /** The day table, as the gold view holds it. */
  public static final String GOLD_BY_DAY =
      "SELECT day, flights, avg_delay_min, pct_delayed_over_15 FROM gold_delay_by_day ORDER BY day";

  /**
   * The gold questions asked directly of the files, with the same SQL as {@code gold.sql} over {@link #cleaned}
   * applied to a batch read; registered as temporary views {@code direct_by_state} and {@code direct_by_day}.
   */
  public void registerDirectAnswers() {
    DataFrame flights = spark.read().schema(StreamingFlights.SCHEMA).json(dailyFlights.toString());
    DataFrame airports = spark.read().option("header", true).csv(airportsCsv.toString());
    cleaned(flights, airports).createOrReplaceTempView("direct_silver").block(TIMEOUT);
    String gold = resource(GOLD_SQL).replace("silver_flights", "direct_silver");
    for (String statement : gold.split(";")) {
      String s = statement.lines().filter(l -> !l.startsWith("--")).collect(Collectors.joining("\n")).strip();
      if (s.startsWith("CREATE MATERIALIZED VIEW gold_delay_by_state")) {
        spark.sql("CREATE OR REPLACE TEMPORARY VIEW direct_by_state AS " + body(s)).collectAsList().block(TIMEOUT);
      } else if (s.startsWith("CREATE MATERIALIZED VIEW gold_delay_by_day")) {
        spark.sql("CREATE OR REPLACE TEMPORARY VIEW direct_by_day AS " + body(s)).collectAsList().block(TIMEOUT);
      }
    }
  }

  /** The query of a {@code CREATE MATERIALIZED VIEW ... AS <query>} statement. */
  private static String body(String createStatement) {
    int as = createStatement.indexOf("\nAS ");
    if (as < 0) {
      throw new IllegalStateException("no '\\nAS ' in " + createStatement);
    }
    return createStatement.substring(as + 4);
  }

  /** Drops the pipeline's tables. */
  public void dropTables() {
    for (String t : DATASETS) {
      spark.sql("DROP TABLE IF EXISTS " + t).collectAsList().block(TIMEOUT);
    }
    spark.sql("DROP VIEW IF EXISTS direct_silver").collectAsList().block(TIMEOUT);
  }

  static String resource(String name) {
    try (InputStream in = PipelinesFlights.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("resource " + name + " is missing");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs the sample over 7 days then an 8th; exits 1 on failure. */
  public static void main(String[] args) {
    try {
      run(System.out, 7);
    } catch (Throwable t) {
      System.err.println("PipelinesFlights FAILED: " + t);
      t.printStackTrace();
      System.exit(1);
    }
    System.exit(0);
  }

  /**
   * The whole sample: {@code days} days of flights, a full run, one more day, an incremental run, the gold views
   * printed and checked. Blocks (a program, not library code).
   *
   * @throws IllegalStateException if a dataset differs from the same question asked directly of the files
   */
  public static void run(PrintStream out, int days) throws IOException {
    run(out, days, (spark, sample) -> { });
  }

  /**
   * {@link #run(PrintStream, int)}, calling {@code atEnd} with the session and the sample after the checks, before
   * the tables are dropped (tests look at the datasets there).
   */
  public static void run(PrintStream out, int days, java.util.function.BiConsumer<SparkSession, PipelinesFlights> atEnd)
      throws IOException {
    VegaDatasets data = VegaDatasets.fromSystemProperties();
    Path flights = data.flights3m();
    Path airports = data.airports();
    Path scratch = Files.createTempDirectory("reactive-spark-pipelines-sample");
    try (SparkSession spark = SparkSession.builder().create()) {
      out.printf("Connected to Spark %s at %s%n", spark.version().block(TIMEOUT), spark.connectionString());
      StreamingFlights replay = new StreamingFlights(spark, flights, scratch);
      long total = replay.writeDays(0, days);
      PipelinesFlights sample = new PipelinesFlights(spark, replay.input(), airports);
      Path storage = scratch.resolve("pipeline-storage");
      try {
        out.printf("%n1. Full refresh over %d days of real flights (%,d flights, one JSON file per day in %s):%n",
            days, total, replay.input());
        sample.run(RunOptions.builder(storage).fullRefreshAll(true).build(), out);
        check(sample, "bronze_flights", total);

        long silver = sample.rows("SELECT count(*) FROM silver_flights").get(0).getLong(0);
        long more = replay.writeDays(days, days + 1);
        out.printf("%n2. Day %d's file arrives (%,d new flights); incremental run:%n", days + 1, more - total);
        List<PipelineEvent> incremental = sample.run(RunOptions.builder(storage).build(), out);
        check(sample, "bronze_flights", more);
        out.printf("   the streaming tables appended only the new day: bronze_flights %,d -> %,d rows, silver_flights"
            + " %,d -> %,d rows; flows completed: %d%n", total, more, silver,
            sample.rows("SELECT count(*) FROM silver_flights").get(0).getLong(0), incremental.stream()
            .filter(e -> e.flowStatus().orElse(null) == FlowStatus.COMPLETED).count());

        out.printf("%n3. Gold: delay by origin state (10 states with the most departures)%n");
        print(out, sample.rows(GOLD_BY_STATE + " LIMIT 10"), "state", "flights", "avg_delay_min", "max_delay_min");
        out.printf("%n   Gold: delay by day%n");
        print(out, sample.rows(GOLD_BY_DAY), "day", "flights", "avg_delay_min", "pct_delayed_over_15");

        sample.registerDirectAnswers();
        compare(sample, GOLD_BY_STATE, GOLD_BY_STATE.replace("gold_delay_by_state", "direct_by_state"));
        compare(sample, GOLD_BY_DAY, GOLD_BY_DAY.replace("gold_delay_by_day", "direct_by_day"));
        out.printf("%n   Both gold views equal the same SQL run directly over the %d files: MATCH%n", days + 1);
        atEnd.accept(spark, sample);
      } finally {
        sample.dropTables();
      }
    } finally {
      StreamingFlights.deleteRecursively(scratch);
    }
  }

  private static void check(PipelinesFlights sample, String table, long expected) {
    long rows = sample.rows("SELECT count(*) FROM " + table).get(0).getLong(0);
    if (rows != expected) {
      throw new IllegalStateException(table + " holds " + rows + " rows, the files " + expected);
    }
  }

  private static void compare(PipelinesFlights sample, String pipeline, String direct) {
    List<String> a = sample.rows(pipeline).stream().map(Row::toString).toList();
    List<String> b = sample.rows(direct).stream().map(Row::toString).toList();
    if (!a.equals(b)) {
      throw new IllegalStateException("the pipeline's answer differs from the direct one:\n" + pipeline + " -> "
          + a + "\n" + direct + " -> " + b);
    }
  }

  private static void print(PrintStream out, List<Row> rows, String... header) {
    List<String[]> cells = new ArrayList<>();
    cells.add(header);
    for (Row r : rows) {
      String[] c = new String[header.length];
      for (int i = 0; i < c.length; i++) {
        c[i] = String.valueOf(r.get(i));
      }
      cells.add(c);
    }
    int[] width = new int[header.length];
    for (String[] c : cells) {
      for (int i = 0; i < c.length; i++) {
        width[i] = Math.max(width[i], c[i].length());
      }
    }
    for (String[] c : cells) {
      StringBuilder b = new StringBuilder("   ");
      for (int i = 0; i < c.length; i++) {
        b.append(String.format("%" + width[i] + "s", c[i])).append(i + 1 < c.length ? " | " : "");
      }
      out.println(b);
    }
  }
}
