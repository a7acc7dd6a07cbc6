package io.github.reactivespark.connect.types;

/**
 * The 4-byte signed integer type (SQL {@code INT}). Mirrors Spark's {@code org.apache.spark.sql.types.IntegerType}; a singleton, use {@link DataTypes#IntegerType}.
 *
 * <p>Type name {@code "integer"}, simple string {@code "int"}. Values read into a
 * {@link io.github.reactivespark.connect.Row} are {@code java.lang.Integer}.
 */
public final class IntegerType implements DataType {
  /** The only instance. */
  static final IntegerType INSTANCE = new IntegerType();

  private IntegerType() {}

  @Override
  public String typeName() {
    return "integer";
  }

  @Override
  public String simpleString() {
    return "int";
  }

  @Override
  public String toString() {
    return "IntegerType";
  }
}
