package io.github.reactivespark.connect.delta;

import io.github.reactivespark.connect.SparkSession;
import io.github.reactivespark.connect.types.DataType;
import io.github.reactivespark.connect.types.StructField;
import io.github.reactivespark.connect.types.StructType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * A Delta table definition being built, as Delta's {@code DeltaTableBuilder}
 * ({@code spark/src/main/scala/io/delta/tables/DeltaTableBuilder.scala}), from {@link DeltaTable#create},
 * {@link DeltaTable#createIfNotExists}, {@link DeltaTable#replace} or {@link DeltaTable#createOrReplace}: a name
 * and/or a location, columns, partitioning or clustering, a comment and table properties; {@link #execute()} runs
 * {@code CREATE TABLE ... USING delta} (or the replace form). Immutable: every method returns a new builder.
 *
 * @since 0.1.0
 */
public final class DeltaTableBuilder {

  enum Mode {
    CREATE("CREATE TABLE "), CREATE_IF_NOT_EXISTS("CREATE TABLE IF NOT EXISTS "), REPLACE("REPLACE TABLE "),
    CREATE_OR_REPLACE("CREATE OR REPLACE TABLE ");

    final String sql;

    Mode(String sql) {
      this.sql = sql;
    }
  }

  private final SparkSession spark;
  private final Mode mode;
  private final @Nullable String tableName;
  private final @Nullable String location;
  private final @Nullable String comment;
  private final List<StructField> columns;
  private final List<String> partitionColumns;
  private final List<String> clusteringColumns;
  private final Map<String, String> properties;

  DeltaTableBuilder(SparkSession spark, Mode mode) {
    this(spark, mode, null, null, null, List.of(), List.of(), List.of(), Map.of());
  }

  private DeltaTableBuilder(SparkSession spark, Mode mode, @Nullable String tableName, @Nullable String location,
      @Nullable String comment, List<StructField> columns, List<String> partitionColumns,
      List<String> clusteringColumns, Map<String, String> properties) {
    this.spark = Objects.requireNonNull(spark, "spark");
    this.mode = mode;
    this.tableName = tableName;
    this.location = location;
    this.comment = comment;
    this.columns = List.copyOf(columns);
    this.partitionColumns = List.copyOf(partitionColumns);
    this.clusteringColumns = List.copyOf(clusteringColumns);
    this.properties = properties;
  }

  /**
   * The table's name in the catalog ({@code t}, {@code db.t}).
   *
   * @param name the name
   * @return a new builder
   * @throws IllegalArgumentException if the name is malformed
   */
  public DeltaTableBuilder tableName(String name) {
    SqlText.parseMultipart(Objects.requireNonNull(name, "name"));
    return new DeltaTableBuilder(spark, mode, name, location, comment, columns, partitionColumns,
        clusteringColumns, properties);
  }

  /**
   * Where the table's files go (a path on the server). With a {@link #tableName} the table is external; without
   * one it is a table by path ({@code delta.`<location>`}).
   *
   * @param path the directory
   * @return a new builder
   */
  public DeltaTableBuilder location(String path) {
    return new DeltaTableBuilder(spark, mode, tableName, Objects.requireNonNull(path, "path"), comment, columns,
        partitionColumns, clusteringColumns, properties);
  }

  /**
   * The table's comment.
   *
   * @param comment the comment
   * @return a new builder
   */
  public DeltaTableBuilder comment(String comment) {
    return new DeltaTableBuilder(spark, mode, tableName, location, Objects.requireNonNull(comment, "comment"),
        columns, partitionColumns, clusteringColumns, properties);
  }

  /**
   * A nullable column.
   *
   * @param name the column name (any characters; it is quoted)
   * @param type its type
   * @return a new builder
   */
  public DeltaTableBuilder addColumn(String name, DataType type) {
    return addColumn(new StructField(name, type, true));
  }

  /**
   * A column.
   *
   * @param name the column name
   * @param type its type
   * @param nullable whether it takes nulls ({@code NOT NULL} otherwise)
   * @return a new builder
   */
  public DeltaTableBuilder addColumn(String name, DataType type, boolean nullable) {
    return addColumn(new StructField(name, type, nullable));
  }

  /**
   * A column from a field: its name, type, nullability and comment.
   *
   * @param field the field
   * @return a new builder
   */
  public DeltaTableBuilder addColumn(StructField field) {
    List<StructField> c = new ArrayList<>(columns);
    c.add(Objects.requireNonNull(field, "field"));
    return new DeltaTableBuilder(spark, mode, tableName, location, comment, c, partitionColumns, clusteringColumns,
        properties);
  }

  /**
   * Every field of {@code schema} as a column.
   *
   * @param schema the columns
   * @return a new builder
   */
  public DeltaTableBuilder addColumns(StructType schema) {
    DeltaTableBuilder b = this;
    for (StructField f : schema) {
      b = b.addColumn(f);
    }
    return b;
  }

  /**
   * Partitions the table by these columns ({@code PARTITIONED BY}).
   *
   * @param columns column names of the table
   * @return a new builder
   */
  public DeltaTableBuilder partitionedBy(String... columns) {
    return new DeltaTableBuilder(spark, mode, tableName, location, comment, this.columns, Arrays.asList(columns),
        clusteringColumns, properties);
  }

  /**
   * Clusters the table by these columns (liquid clustering, {@code CLUSTER BY}); not together with partitioning.
   *
   * @param columns column names of the table
   * @return a new builder
   */
  public DeltaTableBuilder clusterBy(String... columns) {
    return new DeltaTableBuilder(spark, mode, tableName, location, comment, this.columns, partitionColumns,
        Arrays.asList(columns), properties);
  }

  /**
   * A table property ({@code TBLPROPERTIES}), for example {@code delta.enableTypeWidening = true}.
   *
   * @param key the property
   * @param value its value
   * @return a new builder
   */
  public DeltaTableBuilder property(String key, String value) {
    Map<String, String> p = new LinkedHashMap<>(properties);
    p.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
    return new DeltaTableBuilder(spark, mode, tableName, location, comment, columns, partitionColumns,
        clusteringColumns, p);
  }

  /**
   * Creates (or replaces) the table. Cold: one {@code CREATE TABLE} per subscription; emits the table when the
   * server has committed it. Emits {@code TableAlreadyExistsException} ({@link DeltaTable#create}),
   * {@code AnalysisException} for a replace of a missing table or for a bad column, partitioning or property.
   *
   * @return a Mono of the table
   * @throws IllegalStateException if neither a name nor a location was given, or no column
   */
  public Mono<DeltaTable> execute() {
    String sql = sql();
    DeltaTable table = tableName != null ? DeltaTable.ofName(spark, tableName)
        : DeltaTable.ofPath(spark, Objects.requireNonNull(location));
    return table.statement(sql).thenReturn(table);
  }

  /** The statement {@link #execute()} runs. */
  String sql() {
    if (tableName == null && location == null) {
      throw new IllegalStateException("A Delta table needs a tableName(...) or a location(...)");
    }
    if (columns.isEmpty()) {
      throw new IllegalStateException("A Delta table needs at least one column (addColumn / addColumns)");
    }
    StringBuilder b = new StringBuilder(mode.sql)
        .append(tableName != null ? SqlText.qualifiedName(tableName) : SqlText.pathIdentifier(location))
        .append(columns.stream().map(DeltaTableBuilder::column).collect(Collectors.joining(", ", " (", ")")))
        .append(" USING delta");
    if (!partitionColumns.isEmpty()) {
      b.append(" PARTITIONED BY ").append(names(partitionColumns));
    }
    if (!clusteringColumns.isEmpty()) {
      b.append(" CLUSTER BY ").append(names(clusteringColumns));
    }
    if (tableName != null && location != null) {
      b.append(" LOCATION ").append(SqlText.stringLiteral(location));
    }
    if (comment != null) {
      b.append(" COMMENT ").append(SqlText.stringLiteral(comment));
    }
    if (!properties.isEmpty()) {
      b.append(" TBLPROPERTIES ").append(SqlText.properties(properties));
    }
    return b.toString();
  }

  private static String names(List<String> columns) {
    return columns.stream().map(SqlText::qualifiedName).collect(Collectors.joining(", ", "(", ")"));
  }

  private static String column(StructField f) {
    return SqlText.identifier(f.name()) + " " + f.dataType().sql() + (f.nullable() ? "" : " NOT NULL")
        + f.comment().map(c -> " COMMENT " + SqlText.stringLiteral(c)).orElse("");
  }

  @Override
  public String toString() {
    return "DeltaTableBuilder[" + mode + " " + (tableName != null ? tableName : location) + ", " + columns.size()
        + " columns]";
  }
}
