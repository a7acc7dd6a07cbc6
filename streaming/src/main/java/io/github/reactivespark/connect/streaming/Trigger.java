package io.github.reactivespark.connect.streaming;

import java.time.Duration;
import java.util.Objects;

/**
 * When a streaming query runs its batches; mirrors {@code org.apache.spark.sql.streaming.Trigger}. Immutable.
 * Without a trigger, Spark runs micro-batches back to back ({@code ProcessingTime(0)}).
 */
public final class Trigger {

  enum Kind { PROCESSING_TIME, ONCE, AVAILABLE_NOW, CONTINUOUS }

  private static final Trigger ONCE = new Trigger(Kind.ONCE, 0);
  private static final Trigger AVAILABLE_NOW = new Trigger(Kind.AVAILABLE_NOW, 0);

  private final Kind kind;
  private final long intervalMs;

  private Trigger(Kind kind, long intervalMs) {
    this.kind = kind;
    this.intervalMs = intervalMs;
  }

  /**
   * A micro-batch every {@code interval} (a batch that runs longer delays the next; none overlap).
   *
   * @throws IllegalArgumentException when the interval is negative
   */
  public static Trigger processingTime(Duration interval) {
    return new Trigger(Kind.PROCESSING_TIME, checkInterval(interval));
  }

  /** {@link #processingTime(Duration)} in milliseconds. */
  public static Trigger processingTime(long intervalMs) {
    return processingTime(Duration.ofMillis(intervalMs));
  }

  /** One micro-batch with everything available, then the query stops. Deprecated in Spark for {@link #availableNow}. */
  public static Trigger once() {
    return ONCE;
  }

  /** Everything available at start, in as many micro-batches as the source limits need; then the query stops. */
  public static Trigger availableNow() {
    return AVAILABLE_NOW;
  }

  /**
   * Continuous processing (experimental in Spark; only map-like queries, rate/Kafka sources), checkpointing every
   * {@code checkpointInterval}.
   *
   * @throws IllegalArgumentException when the interval is negative
   */
  public static Trigger continuous(Duration checkpointInterval) {
    return new Trigger(Kind.CONTINUOUS, checkInterval(checkpointInterval));
  }

  /** {@link #continuous(Duration)} in milliseconds. */
  public static Trigger continuous(long checkpointIntervalMs) {
    return continuous(Duration.ofMillis(checkpointIntervalMs));
  }

  private static long checkInterval(Duration d) {
    Objects.requireNonNull(d, "interval");
    if (d.isNegative()) {
      throw new IllegalArgumentException("trigger interval must not be negative: " + d);
    }
    return d.toMillis();
  }

  Kind kind() {
    return kind;
  }

  /** The interval as the protocol carries it ({@code "<n> milliseconds"}, as Spark's Scala client sends). */
  String interval() {
    return intervalMs + " milliseconds";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Trigger t && t.kind == kind && t.intervalMs == intervalMs;
  }

  @Override
  public int hashCode() {
    return kind.hashCode() * 31 + Long.hashCode(intervalMs);
  }

  @Override
  public String toString() {
    return switch (kind) {
      case PROCESSING_TIME -> "ProcessingTime(" + intervalMs + " ms)";
      case ONCE -> "Once";
      case AVAILABLE_NOW -> "AvailableNow";
      case CONTINUOUS -> "Continuous(" + intervalMs + " ms)";
    };
  }
}
