package io.github.reactivespark.connect.types;

/**
 * The 2-byte signed integer type (SQL {@code SMALLINT}). Mirrors Spark's {@code org.apache.spark.sql.types.ShortType}; a singleton, use {@link DataTypes#ShortType}.
 *
 * <p>Type name {@code "short"}, simple string {@code "smallint"}. Values read into a
 * {@link io.github.reactivespark.connect.Row} are {@code java.lang.Short}.
 */
public final class ShortType implements DataType {
  /** The only instance. */
  static final ShortType INSTANCE = new ShortType();

  private ShortType() {}

  @Override
  public String typeName() {
    return "short";
  }

  @Override
  public String simpleString() {
    return "smallint";
  }

  @Override
  public String toString() {
    return "ShortType";
  }
}
