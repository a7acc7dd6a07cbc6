package io.github.reactivespark.connect.types;

/**
 * The byte-array type. Mirrors Spark's {@code org.apache.spark.sql.types.BinaryType}; a singleton, use {@link DataTypes#BinaryType}.
 *
 * <p>Type name {@code "binary"}, simple string {@code "binary"}. Values read into a
 * {@link io.github.reactivespark.connect.Row} are {@code byte[]}.
 */
public final class BinaryType implements DataType {
  /** The only instance. */
  static final BinaryType INSTANCE = new BinaryType();

  private BinaryType() {}

  @Override
  public String typeName() {
    return "binary";
  }

  @Override
  public String simpleString() {
    return "binary";
  }

  @Override
  public String toString() {
    return "BinaryType";
  }
}
