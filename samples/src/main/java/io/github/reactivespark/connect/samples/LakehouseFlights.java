package io.github.reactivespark.connect.samples;

import static io.github.reactivespark.connect.functions.col;
import static io.github.reactivespark.connect.functions.count;
import static io.github.reactivespark.connect.functions.first;
import static io.github.reactivespark.connect.functions.lit;

import io.github.reactivespark.connect.DataFrame;
import io.github.reactivespark.connect.SparkSession;
import io.github.reactivespark.connect.delta.DeltaCommit;
import io.github.reactivespark.connect.delta.DeltaTable;
import io.github.reactivespark.connect.delta.MergeMetrics;
import io.github.reactivespark.connect.types.DataType;
import io.github.reactivespark.connect.types.DataTypes;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The lakehouse sample: real flights ({@code flights-3m.parquet} of {@link VegaDatasets}) land in a Delta table
 * through a reactive {@link DeltaTable}, one append per day; late data and corrections arrive through one MERGE; a
 * column is widened on the way (Delta type widening); the history and a time-travel read show the versions.
 * <ol>
 *   <li>{@code CREATE TABLE} (version 0): {@code date TIMESTAMP_NTZ, delay SMALLINT, distance INT, origin STRING,
 *       destination STRING}, with {@code delta.enableTypeWidening};</li>
 *   <li>one V2 {@code append} per day (versions 1..days), each without the flights scheduled at or after
 *       {@link #LATE_HOUR}:00, which arrive late;</li>
 *   <li>{@code ALTER COLUMN delay TYPE INT}: widened in place, no file rewritten;</li>
 *   <li>one MERGE on (date, origin, destination): the late flights are inserted, and {@link #CORRECTIONS} flights of
 *       the first day (each the only one of its key) get their delay corrected by {@link #CORRECTION_MINUTES};</li>
 *   <li>{@code DESCRIBE HISTORY} and {@code VERSION AS OF 1}.</li>
 * </ol>
 * Run it from the repository root with {@code mvn -B -q -pl samples -am -DskipTests -Plakehouse verify}. It connects to
 * {@code SPARK_REMOTE} if set (a server with Delta that sees this machine's files), otherwise it starts the embedded
 * server with {@link #DELTA_PACKAGE}. The table is dropped at the end.
 */
public final class LakehouseFlights {

  /** The Delta package the embedded server is started with. */
  public static final String DELTA_PACKAGE = "io.delta:delta-spark_4.1_2.13:4.3.1";
  /** The first day of the data (the flights start on 2001-01-01). */
  public static final LocalDate FIRST_DAY = LocalDate.of(2001, 1, 1);
  /** Flights scheduled at or after this hour are held back from the daily append and arrive through the MERGE. */
  public static final int LATE_HOUR = 22;
  /** How many flights of the first day the MERGE corrects. */
  public static final int CORRECTIONS = 100;
  /** Minutes added to each corrected delay. */
  public static final int CORRECTION_MINUTES = 30;

  private static final Duration TIMEOUT = Duration.ofMinutes(5);

  private LakehouseFlights() {}

  /**
   * What a run did.
   *
   * @param table the table's name
   * @param appended rows of each daily append, in day order
   * @param delayType the delay column's type after the widening
   * @param merge the MERGE's metrics (updated = corrections, inserted = late flights)
   * @param rows the table's rows at the end
   * @param rowsAtVersion1 the rows of version 1 (the first day's append), read by time travel
   * @param history the commits, newest first
   */
  public record Report(String table, List<Long> appended, DataType delayType, MergeMetrics merge, long rows,
      long rowsAtVersion1, List<DeltaCommit> history) {}

  /**
   * Runs the sample in {@code spark} (a session on a server with Delta). Blocks (it is a sample); drops and
   * recreates {@code table} first.
   *
   * @param out where the report is printed
   * @param spark the session
   * @param flights the path of {@code flights-3m.parquet}, as the server sees it
   * @param table the table's name
   * @param days how many days to land (1 to 181)
   * @return what the run did
   * @throws IllegalArgumentException if {@code days} is out of range
   */
  public static Report run(PrintStream out, SparkSession spark, Path flights, String table, int days) {
    if (days < 1 || days > 181) {
      throw new IllegalArgumentException("days must be 1..181, got " + days);
    }
    sql(spark, "DROP TABLE IF EXISTS " + table);
    DeltaTable delta = DeltaTable.create(spark).tableName(table)
        .addColumn("date", DataTypes.TimestampNTZType).addColumn("delay", DataTypes.ShortType)
        .addColumn("distance", DataTypes.IntegerType).addColumn("origin", DataTypes.StringType)
        .addColumn("destination", DataTypes.StringType)
        .property("delta.enableTypeWidening", "true").comment("flights, one append per day")
        .execute().block(TIMEOUT);
    out.printf("v0  created %s (delay SMALLINT, type widening on)%n", table);

    DataFrame all = spark.read().parquet(flights.toString()).selectExpr("date", "CAST(delay AS SMALLINT) AS delay",
        "CAST(distance AS INT) AS distance", "origin", "destination");
    List<Long> appended = new ArrayList<>();
    for (int d = 0; d < days; d++) {
      DataFrame onTime = all.where(day(d) + " AND hour(date) < " + LATE_HOUR);
      long n = onTime.count().block(TIMEOUT);
      onTime.writeTo(table).append().block(TIMEOUT);
      appended.add(n);
      out.printf("v%-2d appended %s: %,d flights (those from %d:00 held back as late)%n", d + 1, FIRST_DAY.plusDays(d),
          n, LATE_HOUR);
    }

    sql(spark, "ALTER TABLE " + table + " ALTER COLUMN delay TYPE INT");
    DataType delayType = delta.toDF().schema().block(TIMEOUT).field("delay").dataType();
    out.printf("v%-2d widened delay to %s%n", days + 1, delayType.simpleString());

    DataFrame late = all.where(day(0, days) + " AND hour(date) >= " + LATE_HOUR)
        .selectExpr("date", "CAST(delay AS INT) AS delay", "distance", "origin", "destination");
    DataFrame corrections = all.where(day(0) + " AND hour(date) < " + LATE_HOUR
            + " AND delay IS NOT NULL AND origin IS NOT NULL AND destination IS NOT NULL")
        .groupBy("date", "origin", "destination")
        .agg(count(lit(1)).alias("n"), first(col("delay")).alias("delay"), first(col("distance")).alias("distance"))
        .where("n = 1").orderBy("date", "origin", "destination").limit(CORRECTIONS)
        .selectExpr("date", "CAST(delay + " + CORRECTION_MINUTES + " AS INT) AS delay", "distance", "origin",
            "destination");
    MergeMetrics merge = delta.as("t").merge(late.union(corrections).alias("s"),
            "t.date = s.date AND t.origin = s.origin AND t.destination = s.destination")
        .whenMatched().updateExpr(Map.of("delay", "s.delay"))
        .whenNotMatched().insertAll()
        .execute().block(TIMEOUT);
    out.printf("v%-2d merged: %,d late flights inserted, %,d delays corrected%n", days + 2, merge.numInsertedRows(),
        merge.numUpdatedRows());

    long rows = delta.toDF().count().block(TIMEOUT);
    long rowsAtVersion1 = delta.versionAsOf(1).count().block(TIMEOUT);
    List<DeltaCommit> history = delta.history().collectList().block(TIMEOUT);
    out.printf("%nNow %,d flights; VERSION AS OF 1 (the first day, before the late data): %,d%n", rows,
        rowsAtVersion1);
    out.println("History:");
    for (DeltaCommit c : history) {
      out.printf("  v%-2d %-15s %s%n", c.version(), c.operation(), c.operationMetrics());
    }
    return new Report(table, List.copyOf(appended), delayType, merge, rows, rowsAtVersion1, history);
  }

  /** A SQL condition for day {@code d} (0 = {@link #FIRST_DAY}). */
  static String day(int d) {
    return day(d, d + 1);
  }

  /** A SQL condition for the days {@code from} (inclusive) to {@code to} (exclusive). */
  static String day(int from, int to) {
    return "date >= TIMESTAMP_NTZ'" + FIRST_DAY.plusDays(from) + " 00:00:00' AND date < TIMESTAMP_NTZ'"
        + FIRST_DAY.plusDays(to) + " 00:00:00'";
  }

  private static void sql(SparkSession spark, String statement) {
    spark.sql(statement).collectAsList().block(TIMEOUT);
  }

  /**
   * Runs the sample over 3 days (or the number given as the first argument) and drops its table.
   *
   * @param args optional: the number of days
   */
  public static void main(String[] args) {
    int days = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    Path flights = VegaDatasets.fromSystemProperties().flights3m();
    String remote = System.getProperty("spark.remote", System.getenv("SPARK_REMOTE"));
    SparkSession.Builder builder = SparkSession.builder();
    if (remote == null || remote.isBlank() || remote.startsWith("local")) {
      System.out.println("Starting the embedded Spark Connect server with " + DELTA_PACKAGE + "...");
      builder.localServerPackages(DELTA_PACKAGE);
    }
    try (SparkSession spark = builder.create()) {
      String table = "lakehouse_flights";
      try {
        run(System.out, spark, flights, table, days);
      } finally {
        sql(spark, "DROP TABLE IF EXISTS " + table);
      }
    }
  }
}
