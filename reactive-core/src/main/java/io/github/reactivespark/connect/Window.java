package io.github.reactivespark.connect;

import java.util.List;

/**
 * Entry points for {@link WindowSpec}s, for window functions such as
 * {@code rank().over(Window.partitionBy("origin").orderBy(col("delay").desc()))}. Nothing here does I/O.
 *
 * <p>Frame boundaries are {@code long}s: {@link #UNBOUNDED_PRECEDING} ({@link Long#MIN_VALUE}),
 * {@link #UNBOUNDED_FOLLOWING} ({@link Long#MAX_VALUE}), {@link #CURRENT_ROW} (0), or an offset relative to the
 * current row (negative = preceding), as in Spark.
 *
 * <p>Mirrors Spark's {@code org.apache.spark.sql.expressions.Window} and PySpark's {@code pyspark.sql.Window}.
 *
 * @since 0.1.0
 */
public final class Window {

  /** The frame boundary {@code UNBOUNDED PRECEDING}: {@link Long#MIN_VALUE}, as in Spark. */
  public static final long UNBOUNDED_PRECEDING = Long.MIN_VALUE;

  /** The frame boundary {@code UNBOUNDED FOLLOWING}: {@link Long#MAX_VALUE}, as in Spark. */
  public static final long UNBOUNDED_FOLLOWING = Long.MAX_VALUE;

  /** The frame boundary {@code CURRENT ROW}: 0, as in Spark. */
  public static final long CURRENT_ROW = 0L;

  private Window() {}

  /** {@link #UNBOUNDED_PRECEDING} (Scala's {@code Window.unboundedPreceding}). */
  public static long unboundedPreceding() {
    return UNBOUNDED_PRECEDING;
  }

  /** {@link #UNBOUNDED_FOLLOWING} (Scala's {@code Window.unboundedFollowing}). */
  public static long unboundedFollowing() {
    return UNBOUNDED_FOLLOWING;
  }

  /** {@link #CURRENT_ROW} (Scala's {@code Window.currentRow}). */
  public static long currentRow() {
    return CURRENT_ROW;
  }

  /** A window partitioned by {@code cols}, with no ordering and the default frame. */
  public static WindowSpec partitionBy(Column... cols) {
    return spec().partitionBy(cols);
  }

  /** A window partitioned by the named columns. */
  public static WindowSpec partitionBy(String... columnNames) {
    return spec().partitionBy(columnNames);
  }

  /**
   * A window over all rows (one partition: the server moves every row to a single task) ordered by {@code cols}.
   */
  public static WindowSpec orderBy(Column... cols) {
    return spec().orderBy(cols);
  }

  /** A window over all rows ordered by the named columns, ascending. */
  public static WindowSpec orderBy(String... columnNames) {
    return spec().orderBy(columnNames);
  }

  /** A window over all rows with a row frame; see {@link WindowSpec#rowsBetween(long, long)}. */
  public static WindowSpec rowsBetween(long start, long end) {
    return spec().rowsBetween(start, end);
  }

  /** A window over all rows with a range frame; see {@link WindowSpec#rangeBetween(long, long)}. */
  public static WindowSpec rangeBetween(long start, long end) {
    return spec().rangeBetween(start, end);
  }

  private static WindowSpec spec() {
    return new WindowSpec(List.of(), List.of(), null);
  }

  /**
   * {@code partitionBy()} with no columns (one partition): keeps {@code partitionBy()} unambiguous between the
   * Column and String varargs forms, as Spark's Java API compiles it.
   *
   * @return the window
   */
  public static WindowSpec partitionBy() {
    return spec().partitionBy(new Column[0]);
  }

  /**
   * {@code orderBy()} with no columns (no ordering): keeps {@code orderBy()} unambiguous, as in Spark's Java API.
   *
   * @return the window
   */
  public static WindowSpec orderBy() {
    return spec().orderBy(new Column[0]);
  }
}
