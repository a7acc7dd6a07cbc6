package io.github.reactivespark.connect.it.serverfunctions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.reactivespark.connect.Row;
import io.github.reactivespark.connect.it.ServerTestBase;
import io.github.reactivespark.connect.samples.StatefulFlights;
import io.github.reactivespark.connect.samples.VegaDatasets;
import io.github.reactivespark.connect.samples.stateful.AirportStreak;
import io.github.reactivespark.connect.streaming.StreamingQuery;
import io.github.reactivespark.connect.streaming.StreamingQueryProgress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mapGroupsWithState} on a streaming DataFrame of real flights (the first 3 days of vega-datasets' flights,
 * replayed one file per micro-batch): each origin airport's streak of delayed departures is Spark state, kept by a
 * Java function on the server. While the query runs, the state store of each committed micro-batch is read as a batch
 * ({@code format("statestore")}) and must equal the same rule computed in Java from the same files; so must the rows
 * the query emitted.
 */
class StatefulFlightsIT extends ServerTestBase {

  static final int DAYS = 3;

  @TempDir Path scratch;

  @Test
  void theStateStoreHoldsTheJavaFunctionsStatePerAirportWhileTheQueryRuns() {
    StatefulFlights lab = new StatefulFlights(spark, VegaDatasets.fromSystemProperties().flights3m(), scratch);
    long total = lab.replay().writeDays(DAYS);
    assertTrue(total > 30_000, "flights in 3 days: " + total);
    String table = "streaks_" + Long.toHexString(System.nanoTime());
    StreamingQuery query = lab.start(table);
    try {
      long seen = 0;
      for (int b = 0; b < DAYS; b++) {
        StreamingQueryProgress p = StatefulFlights.awaitBatch(query, b);
        seen += p.numInputRows();
        Map<String, AirportStreak> state = lab.stateAt(b);
        Map<String, AirportStreak> expected = lab.expectedAfter(b + 1);
        assertTrue(state.size() > 100, "airports in state after batch " + b + ": " + state.size());
        StatefulFlights.check(state, expected, b); // throws naming the first airport that differs
        assertEquals(expected.values().stream().mapToLong(AirportStreak::getFlights).sum(),
            state.values().stream().mapToLong(AirportStreak::getFlights).sum());
      }
      assertEquals(total, seen, "every flight went through the stateful function once");
      assertEquals(Boolean.TRUE, query.isActive().block(TIMEOUT), "the state was read while the query ran");
      // the memory sink's latest row per airport is the final state
      Map<String, AirportStreak> last = lab.expectedAfter(DAYS);
      List<Row> emitted = spark.sql("SELECT origin, flights, delayed, streak, longest FROM (SELECT *, row_number()"
          + " OVER (PARTITION BY origin ORDER BY flights DESC) AS n FROM " + table + ") WHERE n = 1")
          .collectAsList().block(TIMEOUT);
      assertEquals(last.size(), emitted.size());
      for (Row r : emitted) {
        AirportStreak e = last.get(r.getString(0));
        assertEquals(e.getFlights(), r.getLong(1), r.toString());
        assertEquals(e.getDelayed(), r.getLong(2), r.toString());
        assertEquals(e.getStreak(), r.getInt(3), r.toString());
        assertEquals(e.getLongest(), r.getInt(4), r.toString());
      }
    } finally {
      query.stop().block(TIMEOUT);
      spark.sql("DROP VIEW IF EXISTS " + table).collectAsList().block(TIMEOUT);
    }
  }
}
