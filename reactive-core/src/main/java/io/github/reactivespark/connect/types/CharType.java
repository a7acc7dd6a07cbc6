package io.github.reactivespark.connect.types;

/**
 * The char(n) string type. Mirrors Spark's {@code org.apache.spark.sql.types.CharType}; values are {@link String}s.
 *
 * <p>Spark normally reports query results of this type as plain {@code string} (checked against Spark 4.1.2:
 * {@code cast('x' as char(3))} arrives with a {@code string} schema); table schemas keep it.
 *
 * @param length the maximum length in characters, at least 0
 */
public record CharType(int length) implements DataType {
  /**
   * Validates the length.
   *
   * @throws IllegalArgumentException if {@code length} is negative
   */
  public CharType {
    if (length < 0) {
      throw new IllegalArgumentException("char length must not be negative: " + length);
    }
  }

  /** Returns {@code "char(n)"}. */
  @Override
  public String typeName() {
    return "char(" + length + ")";
  }

  @Override
  public String toString() {
    return "CharType(" + length + ")";
  }
}
