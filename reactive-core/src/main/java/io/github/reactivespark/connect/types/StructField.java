package io.github.reactivespark.connect.types;

import java.util.Objects;
import java.util.Optional;

/**
 * One field of a {@link StructType}. Mirrors Spark's {@code org.apache.spark.sql.types.StructField}.
 *
 * @param name the field name (any string; DDL output quotes it with backticks when needed)
 * @param dataType the field's type
 * @param nullable whether the field may be null
 * @param metadata the field metadata as the JSON object Spark sends (e.g. {@code {"comment":"id"}}), or the empty
 *     string for none; not validated beyond what {@link #comment()} needs
 */
public record StructField(String name, DataType dataType, boolean nullable, String metadata) {
  /** Checks for null. */
  public StructField {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(dataType, "dataType");
    Objects.requireNonNull(metadata, "metadata");
  }

  /**
   * A field with no metadata.
   *
   * @param name the field name
   * @param dataType the field's type
   * @param nullable whether the field may be null
   */
  public StructField(String name, DataType dataType, boolean nullable) {
    this(name, dataType, nullable, "");
  }

  /**
   * The column comment, read from the {@code "comment"} key of the metadata JSON (Spark's
   * {@code StructField.getComment}).
   *
   * @return the comment, if the metadata has a string under {@code "comment"}
   * @throws IllegalArgumentException if the metadata is not a JSON object
   */
  public Optional<String> comment() {
    return MetadataJson.topLevelString(metadata, "comment");
  }

  /**
   * The current default value expression ({@code "CURRENT_DEFAULT"} metadata key), as SQL text.
   *
   * @return the default expression, if any
   * @throws IllegalArgumentException if the metadata is not a JSON object
   */
  public Optional<String> currentDefaultValue() {
    return MetadataJson.topLevelString(metadata, "CURRENT_DEFAULT");
  }

  /**
   * This field in DDL form, as Spark's {@code StructField.toDDL}: {@code `a b` INT NOT NULL DEFAULT 1 COMMENT 'x'}.
   *
   * @return the DDL text
   */
  public String toDDL() {
    return DataTypeStrings.quoteIfNeeded(name) + " " + dataType.sql() + (nullable ? "" : " NOT NULL")
        + currentDefaultValue().map(d -> " DEFAULT " + d).orElse("") + commentDDL();
  }

  /**
   * This field as it appears inside {@code STRUCT<...>} in {@link DataType#sql()} (Spark's
   * {@code StructField.sql}): {@code a: INT NOT NULL COMMENT 'x'}.
   *
   * @return the SQL text
   */
  public String sql() {
    return DataTypeStrings.quoteIfNeeded(name) + ": " + dataType.sql() + (nullable ? "" : " NOT NULL") + commentDDL();
  }

  private String commentDDL() {
    return comment().map(c -> " COMMENT '" + DataTypeStrings.escapeSingleQuoted(c) + "'").orElse("");
  }

  @Override
  public String toString() {
    return "StructField(" + name + "," + dataType + "," + nullable + ")";
  }
}
