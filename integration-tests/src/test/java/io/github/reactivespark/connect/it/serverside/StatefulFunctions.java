package io.github.reactivespark.connect.it.serverside;

import io.github.reactivespark.connect.samples.stateful.Flight;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapGroupsWithStateFunction;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.streaming.StatefulProcessor;
import org.apache.spark.sql.streaming.TTLConfig;
import org.apache.spark.sql.streaming.TimeMode;
import org.apache.spark.sql.streaming.TimerValues;
import org.apache.spark.sql.streaming.ValueState;
import scala.Tuple2;

/**
 * Stateful functions the server runs per key of a stream of replayed flights (keyed by origin airport). Like
 * {@link TypedFunctions}, they reference only Spark's API, the JDK and the sample's {@link Flight} bean.
 */
public final class StatefulFunctions {

  private StatefulFunctions() {}

  /**
   * A {@code transformWithState} processor: the number of flights seen per origin so far, in a {@code ValueState};
   * emits (origin, running count) for each origin with new flights in a micro-batch.
   */
  public static final class FlightsPerOrigin extends StatefulProcessor<String, Flight, Tuple2<String, Long>> {
    private static final long serialVersionUID = 1L;

    private transient ValueState<Long> flights;

    @Override
    public void init(OutputMode outputMode, TimeMode timeMode) {
      flights = getHandle().getValueState("flights", Encoders.LONG(), TTLConfig.NONE());
    }

    @Override
    public scala.collection.Iterator<Tuple2<String, Long>> handleInputRows(String origin,
        scala.collection.Iterator<Flight> rows, TimerValues timerValues) {
      long n = flights.exists() ? flights.get() : 0L;
      while (rows.hasNext()) {
        rows.next();
        n++;
      }
      flights.update(n);
      return scala.collection.Iterator$.MODULE$.single(new Tuple2<>(origin, n));
    }
  }

  /**
   * A {@code flatMapGroupsWithState} function with a processing-time timeout: counts an origin's flights in its
   * state and sets a timeout of {@code idle} (Spark's duration string); emits nothing while flights come in, and
   * (origin, count) once, when the origin has been idle that long, removing the state.
   */
  public static FlatMapGroupsWithStateFunction<String, Flight, Long, Tuple2<String, Long>> countUntilIdle(
      String idle) {
    return (origin, rows, state) -> {
      if (state.hasTimedOut()) {
        long n = state.get();
        state.remove();
        return List.of(new Tuple2<>(origin, n)).iterator();
      }
      long n = state.exists() ? state.get() : 0L;
      for (Iterator<Flight> it = rows; it.hasNext(); it.next()) {
        n++;
      }
      state.update(n);
      state.setTimeoutDuration(idle);
      return Collections.emptyIterator();
    };
  }
}
