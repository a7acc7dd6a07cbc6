package io.github.reactivespark.connect.types;

/**
 * The timestamp-with-local-time-zone type (microsecond precision). Mirrors Spark's {@code org.apache.spark.sql.types.TimestampType}; a singleton, use {@link DataTypes#TimestampType}.
 *
 * <p>Type name {@code "timestamp"}, simple string {@code "timestamp"}. Values read into a
 * {@link io.github.reactivespark.connect.Row} are {@code java.time.Instant}.
 */
public final class TimestampType implements DataType {
  /** The only instance. */
  static final TimestampType INSTANCE = new TimestampType();

  private TimestampType() {}

  @Override
  public String typeName() {
    return "timestamp";
  }

  @Override
  public String simpleString() {
    return "timestamp";
  }

  @Override
  public String toString() {
    return "TimestampType";
  }
}
