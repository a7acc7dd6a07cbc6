package io.github.reactivespark.connect.types;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A struct type: an ordered list of named, typed fields. Mirrors Spark's
 * {@code org.apache.spark.sql.types.StructType}; it is also the schema of a DataFrame. Values of a struct column
 * are {@link io.github.reactivespark.connect.Row}s.
 *
 * <p>Immutable; {@link #add} returns a new instance. Field names may repeat (Spark allows it in query results);
 * name look-ups return the first match.
 */
public final class StructType implements DataType, Iterable<StructField> {
  private final List<StructField> fields;
  private final Map<String, Integer> indexByName;

  /**
   * Creates a struct type.
   *
   * @param fields the fields in order; copied
   */
  public StructType(List<StructField> fields) {
    this.fields = List.copyOf(fields);
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < this.fields.size(); i++) {
      index.putIfAbsent(this.fields.get(i).name(), i);
    }
    this.indexByName = index;
  }

  /**
   * The fields in order.
   *
   * @return an unmodifiable list
   */
  public List<StructField> fields() {
    return fields;
  }

  /**
   * Number of fields.
   *
   * @return the field count
   */
  public int size() {
    return fields.size();
  }

  /**
   * The field at a position.
   *
   * @param index 0-based position
   * @return the field
   * @throws IndexOutOfBoundsException if there is no such position
   */
  public StructField get(int index) {
    return fields.get(index);
  }

  /**
   * The field names in order (Spark's {@code fieldNames}).
   *
   * @return a new array
   */
  public String[] fieldNames() {
    return fields.stream().map(StructField::name).toArray(String[]::new);
  }

  /**
   * The position of the first field with this exact (case-sensitive) name (Spark's {@code fieldIndex}).
   *
   * @param name the field name
   * @return the 0-based position
   * @throws IllegalArgumentException naming the field and the available ones, if there is no such field
   */
  public int fieldIndex(String name) {
    Integer i = indexByName.get(name);
    if (i == null) {
      throw new IllegalArgumentException("Field \"" + name + "\" does not exist. Available fields: "
          + String.join(", ", fieldNames()));
    }
    return i;
  }

  /**
   * The position of a field, if present.
   *
   * @param name the field name
   * @return the 0-based position, or empty
   */
  public Optional<Integer> getFieldIndex(String name) {
    return Optional.ofNullable(indexByName.get(name));
  }

  /**
   * The first field with this name (Spark's {@code apply(name)}).
   *
   * @param name the field name
   * @return the field
   * @throws IllegalArgumentException if there is no such field
   */
  public StructField field(String name) {
    return fields.get(fieldIndex(name));
  }

  /**
   * A new struct type with one more (nullable, metadata-free) field at the end.
   *
   * @param name the field name
   * @param dataType the field type
   * @return the new struct type
   */
  public StructType add(String name, DataType dataType) {
    return add(new StructField(name, dataType, true));
  }

  /**
   * A new struct type with one more field at the end.
   *
   * @param name the field name
   * @param dataType the field type
   * @param nullable whether the field may be null
   * @return the new struct type
   */
  public StructType add(String name, DataType dataType, boolean nullable) {
    return add(new StructField(name, dataType, nullable));
  }

  /**
   * A new struct type with one more field at the end.
   *
   * @param field the field
   * @return the new struct type
   */
  public StructType add(StructField field) {
    List<StructField> copy = new ArrayList<>(fields.size() + 1);
    copy.addAll(fields);
    copy.add(field);
    return new StructType(copy);
  }

  @Override
  public Iterator<StructField> iterator() {
    return fields.iterator();
  }

  /** Returns {@code "struct"}. */
  @Override
  public String typeName() {
    return "struct";
  }

  /**
   * Returns e.g. {@code "struct<a:int,b:string>"}; like Spark, more than 25 fields are truncated to
   * {@code "... N more fields"} (use {@link #catalogString()} for the full form).
   */
  @Override
  public String simpleString() {
    List<String> parts = fields.stream().map(f -> f.name() + ":" + f.dataType().simpleString()).toList();
    return DataTypeStrings.truncated(parts, "struct<", ",", ">", DataTypeStrings.MAX_TO_STRING_FIELDS);
  }

  @Override
  public String catalogString() {
    return fields.stream().map(f -> f.name() + ":" + f.dataType().catalogString())
        .collect(Collectors.joining(",", "struct<", ">"));
  }

  /** Returns e.g. {@code "STRUCT<a: INT NOT NULL, `b c`: STRING>"}. */
  @Override
  public String sql() {
    return fields.stream().map(StructField::sql).collect(Collectors.joining(", ", "STRUCT<", ">"));
  }

  /**
   * The schema in DDL form, as Spark's {@code StructType.toDDL}: {@code "id BIGINT NOT NULL,name STRING"}.
   *
   * @return the comma-separated field definitions
   */
  public String toDDL() {
    return fields.stream().map(StructField::toDDL).collect(Collectors.joining(","));
  }

  /**
   * The schema as a tree, exactly as Spark's {@code printSchema()} / {@code StructType.treeString} prints it,
   * each line ending in {@code '\n'}:
   * <pre>
   * root
   *  |-- id: long (nullable = false)
   *  |-- arr: array (nullable = true)
   *  |    |-- element: integer (containsNull = true)
   * </pre>
   *
   * @return the tree text
   */
  public String treeString() {
    return treeString(Integer.MAX_VALUE);
  }

  /**
   * The schema as a tree down to a nesting depth, as Spark's {@code treeString(maxDepth)}.
   *
   * @param maxDepth how many levels to print; a value of 0 or less prints everything
   * @return the tree text
   */
  public String treeString(int maxDepth) {
    StringBuilder sb = new StringBuilder("root\n");
    int depth = maxDepth > 0 ? maxDepth : Integer.MAX_VALUE;
    for (StructField f : fields) {
      appendField(sb, " |", f, depth);
    }
    return sb.toString();
  }

  private static void appendField(StringBuilder sb, String prefix, StructField f, int maxDepth) {
    if (maxDepth > 0) {
      sb.append(prefix).append("-- ").append(DataTypeStrings.escapeMetaCharacters(f.name())).append(": ")
          .append(f.dataType().typeName()).append(" (nullable = ").append(f.nullable()).append(")\n");
      appendNested(sb, prefix + "    |", f.dataType(), maxDepth);
    }
  }

  private static void appendNested(StringBuilder sb, String prefix, DataType type, int maxDepth) {
    if (type instanceof StructType st) {
      for (StructField f : st.fields) {
        appendField(sb, prefix, f, maxDepth - 1);
      }
    } else if (type instanceof ArrayType at) {
      if (maxDepth > 1) {
        sb.append(prefix).append("-- element: ").append(at.elementType().typeName()).append(" (containsNull = ")
            .append(at.containsNull()).append(")\n");
        appendNested(sb, prefix + "    |", at.elementType(), maxDepth - 1);
      }
    } else if (type instanceof MapType mt) {
      if (maxDepth > 1) {
        sb.append(prefix).append("-- key: ").append(mt.keyType().typeName()).append('\n');
        appendNested(sb, prefix + "    |", mt.keyType(), maxDepth - 1);
        sb.append(prefix).append("-- value: ").append(mt.valueType().typeName()).append(" (valueContainsNull = ")
            .append(mt.valueContainsNull()).append(")\n");
        appendNested(sb, prefix + "    |", mt.valueType(), maxDepth - 1);
      }
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StructType other && fields.equals(other.fields);
  }

  @Override
  public int hashCode() {
    return fields.hashCode();
  }

  @Override
  public String toString() {
    return fields.stream().map(StructField::toString).collect(Collectors.joining(",", "StructType(", ")"));
  }
}
