package io.github.reactivespark.connect.samples.stateful;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.api.java.function.MapGroupsWithStateFunction;

/**
 * The per-airport streak of delayed departures, as a {@code mapGroupsWithState} function run by the server: for each
 * origin airport with new flights in a micro-batch it takes the airport's state, applies the new flights in
 * flight-time order (ties broken by destination, then delay) and stores and returns the new state. {@link #apply}
 * is the same rule for a client-side check.
 */
public final class DelayStreaks {

  /** A departure is delayed when its delay exceeds this many minutes. */
  public static final int DELAYED_MINUTES = 15;

  /** The order flights are applied in, within an airport. */
  public static final Comparator<Flight> ORDER = Comparator.comparing(Flight::getTs)
      .thenComparing(Flight::getDestination, Comparator.nullsFirst(Comparator.naturalOrder()))
      .thenComparing(Flight::getDelay, Comparator.nullsFirst(Comparator.naturalOrder()));

  private DelayStreaks() {}

  /** The grouping key: the origin airport. */
  public static MapFunction<Flight, String> origin() {
    return Flight::getOrigin;
  }

  /** The state function. */
  public static MapGroupsWithStateFunction<String, Flight, AirportStreak, AirportStreak> update() {
    return (origin, flights, state) -> {
      AirportStreak s = state.exists() ? state.get() : fresh(origin);
      List<Flight> batch = new ArrayList<>();
      flights.forEachRemaining(batch::add);
      batch.sort(ORDER);
      apply(s, batch.iterator());
      state.update(s);
      return s;
    };
  }

  /** A state with nothing seen yet. */
  public static AirportStreak fresh(String origin) {
    AirportStreak s = new AirportStreak();
    s.setOrigin(origin);
    return s;
  }

  /**
   * Applies flights, in the order given, to {@code s}.
   *
   * @param s the state, changed in place
   * @param flights the flights, in {@link #ORDER}
   */
  public static void apply(AirportStreak s, Iterator<Flight> flights) {
    while (flights.hasNext()) {
      Flight f = flights.next();
      s.setFlights(s.getFlights() + 1);
      if (f.getDelay() != null && f.getDelay() > DELAYED_MINUTES) {
        s.setDelayed(s.getDelayed() + 1);
        s.setStreak(s.getStreak() + 1);
        s.setLongest(Math.max(s.getLongest(), s.getStreak()));
      } else {
        s.setStreak(0);
      }
    }
  }
}
