package io.github.reactivespark.connect.types;

/**
 * The boolean type. Mirrors Spark's {@code org.apache.spark.sql.types.BooleanType}; a singleton, use {@link DataTypes#BooleanType}.
 *
 * <p>Type name {@code "boolean"}, simple string {@code "boolean"}. Values read into a
 * {@link io.github.reactivespark.connect.Row} are {@code java.lang.Boolean}.
 */
public final class BooleanType implements DataType {
  /** The only instance. */
  static final BooleanType INSTANCE = new BooleanType();

  private BooleanType() {}

  @Override
  public String typeName() {
    return "boolean";
  }

  @Override
  public String simpleString() {
    return "boolean";
  }

  @Override
  public String toString() {
    return "BooleanType";
  }
}
