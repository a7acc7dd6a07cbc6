package io.github.reactivespark.connect;

import java.util.Objects;

/**
 * Partition transforms for {@link DataFrameWriterV2#partitionedBy}, as Spark's {@code functions.partitioning}
 * (Scala {@code org.apache.spark.sql.functions.partitioning}, PySpark {@code pyspark.sql.functions.partitioning}).
 * Each builds an unresolved transform expression; it is valid only as a partitioning expression of a V2 write
 * (anywhere else the server emits {@code AnalysisException}). The server's default session catalog accepts plain
 * columns and {@link #bucket}; it refuses {@link #years}, {@link #months}, {@link #days} and {@link #hours} with
 * {@code SparkUnsupportedOperationException} ({@code UNSUPPORTED_PARTITION_TRANSFORM}), which V2 catalogs such as
 * Iceberg accept. Lowercase so it reads like Spark with {@code import static}.
 *
 * @since 0.1.0
 */
@SuppressWarnings("checkstyle:TypeName")
public final class partitioning {

  private partitioning() {
  }

  /** Partition by the year of a date or timestamp column. */
  public static Column years(Column e) {
    return Column.fn("years", Objects.requireNonNull(e, "e"));
  }

  /** Partition by the month of a date or timestamp column. */
  public static Column months(Column e) {
    return Column.fn("months", Objects.requireNonNull(e, "e"));
  }

  /** Partition by the day of a date or timestamp column. */
  public static Column days(Column e) {
    return Column.fn("days", Objects.requireNonNull(e, "e"));
  }

  /** Partition by the hour of a timestamp column. */
  public static Column hours(Column e) {
    return Column.fn("hours", Objects.requireNonNull(e, "e"));
  }

  /**
   * Partition into {@code numBuckets} buckets by a hash of the column.
   *
   * @throws IllegalArgumentException if {@code numBuckets} is not positive
   */
  public static Column bucket(int numBuckets, Column e) {
    if (numBuckets <= 0) {
      throw new IllegalArgumentException("numBuckets must be positive, was " + numBuckets);
    }
    return Column.fn("bucket", functions.lit(numBuckets), Objects.requireNonNull(e, "e"));
  }
}
