package io.github.reactivespark.connect.types;

/**
 * The 8-byte IEEE 754 floating point type. Mirrors Spark's {@code org.apache.spark.sql.types.DoubleType}; a singleton, use {@link DataTypes#DoubleType}.
 *
 * <p>Type name {@code "double"}, simple string {@code "double"}. Values read into a
 * {@link io.github.reactivespark.connect.Row} are {@code java.lang.Double}.
 */
public final class DoubleType implements DataType {
  /** The only instance. */
  static final DoubleType INSTANCE = new DoubleType();

  private DoubleType() {}

  @Override
  public String typeName() {
    return "double";
  }

  @Override
  public String simpleString() {
    return "double";
  }

  @Override
  public String toString() {
    return "DoubleType";
  }
}
