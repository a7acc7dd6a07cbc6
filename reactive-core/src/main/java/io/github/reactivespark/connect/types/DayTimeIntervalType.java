package io.github.reactivespark.connect.types;

import java.util.List;

/**
 * The ANSI day-time interval type, e.g. {@code INTERVAL DAY TO SECOND}. Mirrors Spark's
 * {@code org.apache.spark.sql.types.DayTimeIntervalType}; values are {@link java.time.Duration}s with microsecond
 * precision.
 *
 * @param startField the leading field: {@link #DAY}, {@link #HOUR}, {@link #MINUTE} or {@link #SECOND}
 * @param endField the trailing field, at or after {@code startField}
 */
public record DayTimeIntervalType(int startField, int endField) implements DataType {
  /** Field id of DAY. */
  public static final int DAY = 0;
  /** Field id of HOUR. */
  public static final int HOUR = 1;
  /** Field id of MINUTE. */
  public static final int MINUTE = 2;
  /** Field id of SECOND. */
  public static final int SECOND = 3;

  private static final List<String> NAMES = List.of("day", "hour", "minute", "second");

  /**
   * Validates the fields.
   *
   * @throws IllegalArgumentException if a field is outside 0..3 or {@code endField < startField}
   */
  public DayTimeIntervalType {
    if (startField < DAY || startField > SECOND || endField < startField || endField > SECOND) {
      throw new IllegalArgumentException("invalid day-time interval fields: " + startField + " to " + endField);
    }
  }

  /**
   * The name of a field id.
   *
   * @param field 0..3
   * @return {@code "day"}, {@code "hour"}, {@code "minute"} or {@code "second"}
   */
  public static String fieldToString(int field) {
    return NAMES.get(field);
  }

  /** Returns {@code "interval day"} or {@code "interval day to second"} (and so on). */
  @Override
  public String typeName() {
    String start = NAMES.get(startField);
    return startField == endField ? "interval " + start : "interval " + start + " to " + NAMES.get(endField);
  }

  @Override
  public String toString() {
    return "DayTimeIntervalType(" + startField + "," + endField + ")";
  }
}
