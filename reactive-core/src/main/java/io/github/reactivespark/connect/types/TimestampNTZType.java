package io.github.reactivespark.connect.types;

/**
 * The timestamp-without-time-zone type (microsecond precision). Mirrors Spark's {@code org.apache.spark.sql.types.TimestampNTZType}; a singleton, use {@link DataTypes#TimestampNTZType}.
 *
 * <p>Type name {@code "timestamp_ntz"}, simple string {@code "timestamp_ntz"}. Values read into a
 * {@link io.github.reactivespark.connect.Row} are {@code java.time.LocalDateTime}.
 */
public final class TimestampNTZType implements DataType {
  /** The only instance. */
  static final TimestampNTZType INSTANCE = new TimestampNTZType();

  private TimestampNTZType() {}

  @Override
  public String typeName() {
    return "timestamp_ntz";
  }

  @Override
  public String simpleString() {
    return "timestamp_ntz";
  }

  @Override
  public String toString() {
    return "TimestampNTZType";
  }
}
