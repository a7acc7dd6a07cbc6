package io.github.reactivespark.connect.types;

import java.util.Objects;

/**
 * The UTF-8 string type with a collation. Mirrors Spark's {@code org.apache.spark.sql.types.StringType}; values
 * are {@link String}s. The default collation is {@value #DEFAULT_COLLATION}; any other collation shows in the
 * type name as {@code "string collate UTF8_LCASE"}.
 *
 * @param collation the collation name as Spark reports it (e.g. {@code "UTF8_BINARY"}, {@code "UTF8_LCASE"},
 *     {@code "UNICODE_CI"}); never empty
 */
public record StringType(String collation) implements DataType {
  /** The default collation name. */
  public static final String DEFAULT_COLLATION = "UTF8_BINARY";

  /**
   * Validates the collation name.
   *
   * @throws IllegalArgumentException if {@code collation} is blank
   */
  public StringType {
    Objects.requireNonNull(collation, "collation");
    if (collation.isBlank()) {
      throw new IllegalArgumentException("collation name must not be blank");
    }
  }

  /**
   * Whether this is the default, binary collation.
   *
   * @return true for {@value #DEFAULT_COLLATION}
   */
  public boolean isDefaultCollation() {
    return DEFAULT_COLLATION.equals(collation);
  }

  @Override
  public String typeName() {
    return isDefaultCollation() ? "string" : "string collate " + collation;
  }

  @Override
  public String sql() {
    return isDefaultCollation() ? "STRING" : "STRING COLLATE " + collation;
  }

  @Override
  public String toString() {
    return isDefaultCollation() ? "StringType" : "StringType(" + collation + ")";
  }
}
