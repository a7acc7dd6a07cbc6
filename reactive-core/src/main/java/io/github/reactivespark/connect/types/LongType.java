package io.github.reactivespark.connect.types;

/**
 * The 8-byte signed integer type (SQL {@code BIGINT}). Mirrors Spark's {@code org.apache.spark.sql.types.LongType}; a singleton, use {@link DataTypes#LongType}.
 *
 * <p>Type name {@code "long"}, simple string {@code "bigint"}. Values read into a
 * {@link io.github.reactivespark.connect.Row} are {@code java.lang.Long}.
 */
public final class LongType implements DataType {
  /** The only instance. */
  static final LongType INSTANCE = new LongType();

  private LongType() {}

  @Override
  public String typeName() {
    return "long";
  }

  @Override
  public String simpleString() {
    return "bigint";
  }

  @Override
  public String toString() {
    return "LongType";
  }
}
