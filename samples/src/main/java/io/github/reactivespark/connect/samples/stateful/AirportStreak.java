package io.github.reactivespark.connect.samples.stateful;

import java.io.Serializable;

/**
 * The state kept per origin airport, and the result emitted for it after each micro-batch: departures seen, departures
 * delayed more than {@link DelayStreaks#DELAYED_MINUTES}, the current streak of consecutive delayed departures (in
 * flight-time order) and the longest streak so far.
 */
public class AirportStreak implements Serializable {
  private static final long serialVersionUID = 1L;

  private String origin;
  private long flights;
  private long delayed;
  private int streak;
  private int longest;

  public String getOrigin() {
    return origin;
  }

  public void setOrigin(String origin) {
    this.origin = origin;
  }

  public long getFlights() {
    return flights;
  }

  public void setFlights(long flights) {
    this.flights = flights;
  }

  public long getDelayed() {
    return delayed;
  }

  public void setDelayed(long delayed) {
    this.delayed = delayed;
  }

  public int getStreak() {
    return streak;
  }

  public void setStreak(int streak) {
    this.streak = streak;
  }

  public int getLongest() {
    return longest;
  }

  public void setLongest(int longest) {
    this.longest = longest;
  }

  @Override
  public String toString() {
    return origin + "[flights=" + flights + ", delayed=" + delayed + ", streak=" + streak + ", longest=" + longest
        + "]";
  }
}
