package io.github.reactivespark.connect.types;

/**
 * The 1-byte signed integer type (SQL {@code TINYINT}). Mirrors Spark's {@code org.apache.spark.sql.types.ByteType}; a singleton, use {@link DataTypes#ByteType}.
 *
 * <p>Type name {@code "byte"}, simple string {@code "tinyint"}. Values read into a
 * {@link io.github.reactivespark.connect.Row} are {@code java.lang.Byte}.
 */
public final class ByteType implements DataType {
  /** The only instance. */
  static final ByteType INSTANCE = new ByteType();

  private ByteType() {}

  @Override
  public String typeName() {
    return "byte";
  }

  @Override
  public String simpleString() {
    return "tinyint";
  }

  @Override
  public String toString() {
    return "ByteType";
  }
}
