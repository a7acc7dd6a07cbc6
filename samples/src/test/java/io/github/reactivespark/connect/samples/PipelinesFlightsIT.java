package io.github.reactivespark.connect.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.reactivespark.connect.Row;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The pipelines sample end to end over 3 days, then a 4th ({@code SPARK_REMOTE} if set, otherwise the embedded
 * server). {@link PipelinesFlights#run} throws if a gold view differs from gold.sql's queries run directly; here the
 * gold numbers are also checked against questions written independently, in plain SQL over the raw files, and the
 * printed report is checked: both runs' events, the incremental append of exactly the new day.
 */
@ExtendWith(SharedEmbeddedServer.class)
@Timeout(value = 12, unit = java.util.concurrent.TimeUnit.MINUTES)
class PipelinesFlightsIT {

  private static final Duration TIMEOUT = Duration.ofMinutes(2);

  @Test
  void fullThenIncrementalRunAndGoldEqualsTheSameQuestionsAskedDirectly() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    AtomicReference<List<String>> byState = new AtomicReference<>();
    AtomicReference<List<String>> byStateDirect = new AtomicReference<>();
    AtomicReference<List<String>> byDay = new AtomicReference<>();
    AtomicReference<List<String>> byDayDirect = new AtomicReference<>();
    Path airports = VegaDatasets.fromSystemProperties().airports();
    PipelinesFlights.run(new PrintStream(bytes, true, StandardCharsets.UTF_8), 3, (spark, sample) -> {
      Path input = Path.of(inputOf(bytes));
      spark.read().schema(StreamingFlights.SCHEMA).json(input.toString()).createOrReplaceTempView("it_flights")
          .block(TIMEOUT);
      spark.read().option("header", true).csv(airports.toString()).createOrReplaceTempView("it_airports")
          .block(TIMEOUT);
      byState.set(strings(sample.rows(PipelinesFlights.GOLD_BY_STATE)));
      byStateDirect.set(strings(sample.rows("SELECT a.state, count(*) AS n, round(avg(f.delay), 2),"
          + " max(f.delay) FROM it_flights f JOIN it_airports a ON f.origin = a.iata"
          + " WHERE f.ts IS NOT NULL AND f.delay IS NOT NULL GROUP BY a.state ORDER BY n DESC, a.state")));
      byDay.set(strings(sample.rows(PipelinesFlights.GOLD_BY_DAY)));
      byDayDirect.set(strings(sample.rows("SELECT to_date(f.ts), count(*), round(avg(f.delay), 2),"
          + " round(100 * sum(CASE WHEN f.delay > 15 THEN 1 ELSE 0 END) / count(*), 1)"
          + " FROM it_flights f JOIN it_airports a ON f.origin = a.iata"
          + " WHERE f.ts IS NOT NULL AND f.delay IS NOT NULL GROUP BY 1 ORDER BY 1")));
      for (String v : List.of("it_flights", "it_airports", "direct_by_state", "direct_by_day")) {
        spark.sql("DROP VIEW IF EXISTS " + v).collectAsList().block(TIMEOUT);
      }
    });
    String out = bytes.toString(StandardCharsets.UTF_8);

    assertEquals(byStateDirect.get(), byState.get());
    assertEquals(byDayDirect.get(), byDay.get());
    assertEquals(4, byDay.get().size(), "one row per day, the 4th day included: " + byDay.get());
    assertTrue(byState.get().size() > 40, "flights from more than 40 states: " + byState.get().size());

    Matcher first = Pattern.compile("Full refresh over 3 days of real flights \\(([\\d,]+) flights").matcher(out);
    Matcher second = Pattern.compile("Day 4's file arrives \\(([\\d,]+) new flights\\)").matcher(out);
    assertTrue(first.find() && second.find(), out);
    long total = Long.parseLong(first.group(1).replace(",", ""));
    long added = Long.parseLong(second.group(1).replace(",", ""));
    assertTrue(total > 40_000 && total < 60_000, "three January days of the BTS data: " + total);
    assertTrue(added > 10_000 && added < 20_000, "one more day: " + added);
    assertTrue(out.contains(String.format("bronze_flights %,d -> %,d rows", total, total + added)), out);
    Matcher silver = Pattern.compile("silver_flights ([\\d,]+) -> ([\\d,]+) rows").matcher(out);
    assertTrue(silver.find(), out);
    long silverAdded = Long.parseLong(silver.group(2).replace(",", ""))
        - Long.parseLong(silver.group(1).replace(",", ""));
    assertTrue(silverAdded > 0 && silverAdded <= added,
        "silver appended at most the new day's flights: " + silverAdded);
    for (String dataset : PipelinesFlights.DATASETS) {
      assertEquals(2, StreamingFlightsIT.count(out, "Flow spark_catalog\\.default\\." + dataset + " has COMPLETED\\."),
          dataset + " completed in both runs:\n" + out);
    }
    assertEquals(2, StreamingFlightsIT.count(out, "INFO  Run is COMPLETED\\."), out);
    assertTrue(out.contains("MATCH"), out);
  }

  private static String inputOf(ByteArrayOutputStream bytes) {
    Matcher m = Pattern.compile("one JSON file per day in (\\S+)\\)")
        .matcher(bytes.toString(StandardCharsets.UTF_8));
    assertTrue(m.find(), "the report names the input directory");
    return m.group(1);
  }

  private static List<String> strings(List<Row> rows) {
    List<String> out = new ArrayList<>();
    for (Row r : rows) {
      out.add(r.toString());
    }
    return out;
  }
}
