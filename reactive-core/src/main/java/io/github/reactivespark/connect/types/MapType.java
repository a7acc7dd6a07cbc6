package io.github.reactivespark.connect.types;

import java.util.Objects;

/**
 * A map type. Mirrors Spark's {@code org.apache.spark.sql.types.MapType}; values are unmodifiable
 * {@link java.util.Map}s keeping Spark's entry order. Keys are never null.
 *
 * @param keyType the type of the keys
 * @param valueType the type of the values
 * @param valueContainsNull whether values may be null
 */
public record MapType(DataType keyType, DataType valueType, boolean valueContainsNull) implements DataType {
  /** Checks for null. */
  public MapType {
    Objects.requireNonNull(keyType, "keyType");
    Objects.requireNonNull(valueType, "valueType");
  }

  /** Returns {@code "map"}. */
  @Override
  public String typeName() {
    return "map";
  }

  /** Returns e.g. {@code "map<string,int>"}. */
  @Override
  public String simpleString() {
    return "map<" + keyType.simpleString() + "," + valueType.simpleString() + ">";
  }

  @Override
  public String catalogString() {
    return "map<" + keyType.catalogString() + "," + valueType.catalogString() + ">";
  }

  @Override
  public String sql() {
    return "MAP<" + keyType.sql() + ", " + valueType.sql() + ">";
  }

  @Override
  public String toString() {
    return "MapType(" + keyType + "," + valueType + "," + valueContainsNull + ")";
  }
}
