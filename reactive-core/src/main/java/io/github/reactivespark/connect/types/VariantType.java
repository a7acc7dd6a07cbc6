package io.github.reactivespark.connect.types;

/**
 * The semi-structured variant type (Spark 4.0+). Mirrors Spark's {@code org.apache.spark.sql.types.VariantType}; a singleton, use {@link DataTypes#VariantType}.
 *
 * <p>Type name {@code "variant"}, simple string {@code "variant"}. Values read into a
 * {@link io.github.reactivespark.connect.Row} are {@code io.github.reactivespark.connect.types.VariantVal}.
 */
public final class VariantType implements DataType {
  /** The only instance. */
  static final VariantType INSTANCE = new VariantType();

  private VariantType() {}

  @Override
  public String typeName() {
    return "variant";
  }

  @Override
  public String simpleString() {
    return "variant";
  }

  @Override
  public String toString() {
    return "VariantType";
  }
}
