package io.github.reactivespark.connect.types;

/**
 * A value of {@link CalendarIntervalType}: months, days and microseconds kept apart, because their lengths
 * differ by calendar. Mirrors Spark's {@code org.apache.spark.unsafe.types.CalendarInterval}.
 *
 * <p>Over Arrow Spark sends it as {@code Interval(MONTH_DAY_NANO)} with nanoseconds = microseconds × 1000
 * (checked against Spark 4.1.2).
 *
 * @param months whole months (years × 12 + months)
 * @param days whole days
 * @param microseconds the remaining time, in microseconds
 */
public record CalendarInterval(int months, int days, long microseconds) {}
