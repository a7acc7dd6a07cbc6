package io.github.reactivespark.connect.types;

/**
 * The ANSI year-month interval type, e.g. {@code INTERVAL YEAR TO MONTH}. Mirrors Spark's
 * {@code org.apache.spark.sql.types.YearMonthIntervalType}; values are normalised {@link java.time.Period}s
 * (years and months, no days), as Spark's {@code IntervalUtils.monthsToPeriod} produces them.
 *
 * @param startField the leading field: {@link #YEAR} or {@link #MONTH}
 * @param endField the trailing field, at or after {@code startField}
 */
public record YearMonthIntervalType(int startField, int endField) implements DataType {
  /** Field id of YEAR. */
  public static final int YEAR = 0;
  /** Field id of MONTH. */
  public static final int MONTH = 1;

  /**
   * Validates the fields.
   *
   * @throws IllegalArgumentException if a field is outside 0..1 or {@code endField < startField}
   */
  public YearMonthIntervalType {
    if (startField < YEAR || startField > MONTH || endField < startField || endField > MONTH) {
      throw new IllegalArgumentException("invalid year-month interval fields: " + startField + " to " + endField);
    }
  }

  /**
   * The name of a field id.
   *
   * @param field 0..1
   * @return {@code "year"} or {@code "month"}
   */
  public static String fieldToString(int field) {
    return switch (field) {
      case YEAR -> "year";
      case MONTH -> "month";
      default -> throw new IllegalArgumentException("invalid year-month interval field " + field);
    };
  }

  /** Returns {@code "interval year"}, {@code "interval month"} or {@code "interval year to month"}. */
  @Override
  public String typeName() {
    String start = fieldToString(startField);
    return startField == endField ? "interval " + start : "interval " + start + " to " + fieldToString(endField);
  }

  @Override
  public String toString() {
    return "YearMonthIntervalType(" + startField + "," + endField + ")";
  }
}
