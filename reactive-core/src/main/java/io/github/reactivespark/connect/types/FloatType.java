package io.github.reactivespark.connect.types;

/**
 * The 4-byte IEEE 754 floating point type. Mirrors Spark's {@code org.apache.spark.sql.types.FloatType}; a singleton, use {@link DataTypes#FloatType}.
 *
 * <p>Type name {@code "float"}, simple string {@code "float"}. Values read into a
 * {@link io.github.reactivespark.connect.Row} are {@code java.lang.Float}.
 */
public final class FloatType implements DataType {
  /** The only instance. */
  static final FloatType INSTANCE = new FloatType();

  private FloatType() {}

  @Override
  public String typeName() {
    return "float";
  }

  @Override
  public String simpleString() {
    return "float";
  }

  @Override
  public String toString() {
    return "FloatType";
  }
}
