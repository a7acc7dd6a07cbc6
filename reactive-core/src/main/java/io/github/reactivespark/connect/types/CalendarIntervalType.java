package io.github.reactivespark.connect.types;

/**
 * The legacy calendar interval type (months, days, microseconds). Mirrors Spark's {@code org.apache.spark.sql.types.CalendarIntervalType}; a singleton, use {@link DataTypes#CalendarIntervalType}.
 *
 * <p>Type name {@code "calendarinterval"}, simple string {@code "interval"}. Values read into a
 * {@link io.github.reactivespark.connect.Row} are {@code io.github.reactivespark.connect.types.CalendarInterval}.
 */
public final class CalendarIntervalType implements DataType {
  /** The only instance. */
  static final CalendarIntervalType INSTANCE = new CalendarIntervalType();

  private CalendarIntervalType() {}

  @Override
  public String typeName() {
    return "calendarinterval";
  }

  @Override
  public String simpleString() {
    return "interval";
  }

  @Override
  public String toString() {
    return "CalendarIntervalType";
  }
}
