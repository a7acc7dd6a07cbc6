package io.github.reactivespark.connect.web;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The request bodies of {@link SparkController}, validated by Bean Validation (a violation is a 400 problem detail
 * whose {@code errors} name the field). Names of files and tables are plain names ({@value #NAME}), never paths.
 */
public final class Requests {

  /** A registered file's, an output's or a table's name. */
  public static final String NAME = "[A-Za-z0-9_-]{1,64}";

  private Requests() {}

  /**
   * {@code POST /parquet/query}.
   *
   * @param sql one SQL query over the registered files' views (SELECT, WITH, VALUES, FROM, TABLE); nothing else
   *     runs
   * @param limit at most this many rows (1 to 10,000,000); null for all
   */
  public record Query(@NotBlank @Size(max = 100_000) String sql, @Nullable @Min(1) @Max(10_000_000) Integer limit) {}

  /**
   * {@code POST /parquet/modify}: a registered file filtered and transformed, written as a new Parquet file that is
   * registered under its output name.
   *
   * @param source the registered file
   * @param filter a SQL condition the kept rows satisfy; null keeps all
   * @param columns SQL expressions of the output's columns ({@code selectExpr}); null or empty keeps all
   * @param output the new file's name
   */
  public record Modify(@NotBlank @Pattern(regexp = NAME) String source, @Nullable String filter,
      @Nullable List<@NotBlank String> columns, @NotBlank @Pattern(regexp = NAME) String output) {}

  /**
   * {@code POST /parquet/merge}: several registered files into one (union by column name, missing columns null).
   *
   * @param sources two or more registered files
   * @param output the new file's name
   */
  public record MergeFiles(@NotEmpty @Size(min = 2, max = 32) List<@Pattern(regexp = NAME) String> sources,
      @NotBlank @Pattern(regexp = NAME) String output) {}

  /**
   * {@code POST /delta/read}, with time travel.
   *
   * @param table the Delta table
   * @param version read this version; exclusive with timestamp
   * @param timestamp read the version current at this timestamp (Spark's timestamp syntax); exclusive with version
   * @param filter a SQL condition; null keeps all rows
   * @param limit at most this many rows; null for all
   */
  public record DeltaRead(@NotBlank @Pattern(regexp = NAME) String table, @Nullable @PositiveOrZero Long version,
      @Nullable String timestamp, @Nullable String filter, @Nullable @Min(1) @Max(10_000_000) Integer limit) {}

  /**
   * {@code POST /delta/update}.
   *
   * @param table the Delta table
   * @param condition a SQL condition of the rows to update
   * @param set column name to SQL expression of its new value
   */
  public record DeltaUpdate(@NotBlank @Pattern(regexp = NAME) String table, @NotBlank String condition,
      @NotEmpty Map<String, String> set) {}

  /**
   * {@code POST /delta/delete}.
   *
   * @param table the Delta table
   * @param condition a SQL condition of the rows to delete
   */
  public record DeltaDelete(@NotBlank @Pattern(regexp = NAME) String table, @NotBlank String condition) {}

  /**
   * {@code POST /delta/merge}: rows posted as JSON, made a DataFrame ({@code createDataFrame}, in the table's
   * schema) and merged on the key columns: matched rows updated, the others inserted.
   *
   * @param table the Delta table
   * @param keys the columns that identify a row
   * @param rows the rows, each a JSON object of column name to value (missing columns are null)
   */
  public record DeltaMerge(@NotBlank @Pattern(regexp = NAME) String table, @NotEmpty List<@NotBlank String> keys,
      @NotEmpty @Size(max = 100_000) List<Map<String, @Nullable Object>> rows) {}

  /**
   * {@code POST /delta/history}.
   *
   * @param table the Delta table
   * @param limit the newest this many commits; null for all
   */
  public record DeltaHistory(@NotBlank @Pattern(regexp = NAME) String table,
      @Nullable @Min(1) @Max(10_000) Integer limit) {}
}
