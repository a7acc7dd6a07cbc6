package io.github.reactivespark.connect.types;

/**
 * The varchar(n) string type. Mirrors Spark's {@code org.apache.spark.sql.types.VarcharType}; values are {@link String}s.
 *
 * <p>Spark normally reports query results of this type as plain {@code string} (checked against Spark 4.1.2:
 * {@code cast('x' as varchar(3))} arrives with a {@code string} schema); table schemas keep it.
 *
 * @param length the maximum length in characters, at least 0
 */
public record VarcharType(int length) implements DataType {
  /**
   * Validates the length.
   *
   * @throws IllegalArgumentException if {@code length} is negative
   */
  public VarcharType {
    if (length < 0) {
      throw new IllegalArgumentException("varchar length must not be negative: " + length);
    }
  }

  /** Returns {@code "varchar(n)"}. */
  @Override
  public String typeName() {
    return "varchar(" + length + ")";
  }

  @Override
  public String toString() {
    return "VarcharType(" + length + ")";
  }
}
