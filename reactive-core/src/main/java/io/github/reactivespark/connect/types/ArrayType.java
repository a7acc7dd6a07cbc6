package io.github.reactivespark.connect.types;

import java.util.Objects;

/**
 * An array type. Mirrors Spark's {@code org.apache.spark.sql.types.ArrayType}; values are unmodifiable
 * {@link java.util.List}s that may hold {@code null} when {@code containsNull}.
 *
 * @param elementType the type of the elements
 * @param containsNull whether elements may be null
 */
public record ArrayType(DataType elementType, boolean containsNull) implements DataType {
  /** Checks for null. */
  public ArrayType {
    Objects.requireNonNull(elementType, "elementType");
  }

  /** Returns {@code "array"}. */
  @Override
  public String typeName() {
    return "array";
  }

  /** Returns e.g. {@code "array<int>"}. */
  @Override
  public String simpleString() {
    return "array<" + elementType.simpleString() + ">";
  }

  @Override
  public String catalogString() {
    return "array<" + elementType.catalogString() + ">";
  }

  @Override
  public String sql() {
    return "ARRAY<" + elementType.sql() + ">";
  }

  @Override
  public String toString() {
    return "ArrayType(" + elementType + "," + containsNull + ")";
  }
}
