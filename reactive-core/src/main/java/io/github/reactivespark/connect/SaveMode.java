package io.github.reactivespark.connect;

import java.util.Locale;
import java.util.Objects;

/**
 * What {@link DataFrameWriter} does when the target (path or table) already exists, as Spark's
 * {@code org.apache.spark.sql.SaveMode}.
 *
 * @since 0.1.0
 */
public enum SaveMode {
  /** Append the DataFrame's rows to the existing data. */
  Append,
  /** Replace the existing data (and, for a table, its definition) with the DataFrame's rows. */
  Overwrite,
  /** Fail with {@code AnalysisException} if the target exists (Spark's default). */
  ErrorIfExists,
  /** Do nothing, silently, if the target exists. */
  Ignore;

  /**
   * The mode named as PySpark and Scala's {@code mode(String)} accept it, case-insensitively: {@code append},
   * {@code overwrite}, {@code ignore}, {@code error}, {@code errorifexists} or {@code default}
   * (the last three mean {@link #ErrorIfExists}).
   *
   * @throws IllegalArgumentException naming the accepted values if {@code name} is none of them
   */
  public static SaveMode fromString(String name) {
    switch (Objects.requireNonNull(name, "name").toLowerCase(Locale.ROOT)) {
      case "append":
        return Append;
      case "overwrite":
        return Overwrite;
      case "ignore":
        return Ignore;
      case "error":
      case "errorifexists":
      case "default":
        return ErrorIfExists;
      default:
        throw new IllegalArgumentException("Unknown save mode: '" + name
            + "'. Accepted save modes are 'overwrite', 'append', 'ignore', 'error', 'errorifexists', 'default'.");
    }
  }
}
