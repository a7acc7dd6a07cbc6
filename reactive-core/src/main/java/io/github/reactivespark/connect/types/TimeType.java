package io.github.reactivespark.connect.types;

/**
 * The time-of-day type without time zone, new in Spark 4.1 (SQL {@code TIME(p)}; needs
 * {@code spark.sql.timeType.enabled=true} on the server). Mirrors Spark's
 * {@code org.apache.spark.sql.types.TimeType}; values are {@link java.time.LocalTime}s.
 *
 * @param precision digits of fractional seconds, 0..6
 */
public record TimeType(int precision) implements DataType {
  /** The default (and maximum) precision, microseconds. */
  public static final int DEFAULT_PRECISION = 6;

  /**
   * Validates the precision.
   *
   * @throws IllegalArgumentException if precision is outside 0..6
   */
  public TimeType {
    if (precision < 0 || precision > 6) {
      throw new IllegalArgumentException("time precision " + precision + " is outside 0..6");
    }
  }

  /** Returns {@code "time(p)"}. */
  @Override
  public String typeName() {
    return "time(" + precision + ")";
  }

  @Override
  public String toString() {
    return "TimeType(" + precision + ")";
  }
}
