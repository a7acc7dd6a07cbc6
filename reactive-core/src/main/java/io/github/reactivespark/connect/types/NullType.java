package io.github.reactivespark.connect.types;

/**
 * The type of the untyped {@code NULL} literal (SQL {@code VOID}). Mirrors Spark's {@code org.apache.spark.sql.types.NullType}; a singleton, use {@link DataTypes#NullType}.
 *
 * <p>Type name {@code "void"}, simple string {@code "void"}. Values read into a
 * {@link io.github.reactivespark.connect.Row} are {@code null}.
 */
public final class NullType implements DataType {
  /** The only instance. */
  static final NullType INSTANCE = new NullType();

  private NullType() {}

  @Override
  public String typeName() {
    return "void";
  }

  @Override
  public String simpleString() {
    return "void";
  }

  @Override
  public String toString() {
    return "NullType";
  }
}
