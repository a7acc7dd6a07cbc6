package io.github.reactivespark.connect.pipelines;

import io.github.reactivespark.connect.DataFrame;
import io.github.reactivespark.connect.types.StructType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link MaterializedView} and a {@link StreamingTable} have in common: the table details of
 * {@code DefineOutput.TableDetails} and the optional query of the output's own flow.
 */
abstract class TableOutput {

  private final String name;
  private final @Nullable String comment;
  private final @Nullable String format;
  private final List<String> partitionColumns;
  private final List<String> clusteringColumns;
  private final Map<String, String> tableProperties;
  private final @Nullable String schema;
  private final @Nullable DataFrame query;
  private final Map<String, String> sqlConf;
  private final @Nullable SourceCodeLocation location;

  TableOutput(Builder<?, ?> b) {
    this.name = b.name;
    this.comment = b.comment;
    this.format = b.format;
    this.partitionColumns = Definitions.copy(b.partitionColumns);
    this.clusteringColumns = Definitions.copy(b.clusteringColumns);
    this.tableProperties = Definitions.copy(b.tableProperties);
    this.schema = b.schema;
    this.query = b.query;
    this.sqlConf = Definitions.copy(b.sqlConf);
    this.location = b.location != null ? b.location : SourceCodeLocation.ofCaller().orElse(null);
  }

  /**
   * The table's name as given; a one-part name is qualified by the server with the graph's default catalog and
   * database.
   *
   * @return the name, never blank
   */
  public String name() {
    return name;
  }

  /**
   * The table comment.
   *
   * @return the comment, or empty
   */
  public Optional<String> comment() {
    return Optional.ofNullable(comment);
  }

  /**
   * The table format ({@code TableDetails.format}), for example {@code parquet} or {@code delta}; empty leaves it
   * to the server's default ({@code spark.sql.sources.default}).
   *
   * @return the format, or empty
   */
  public Optional<String> format() {
    return Optional.ofNullable(format);
  }

  /**
   * The partition columns ({@code TableDetails.partition_cols}), in order.
   *
   * @return an unmodifiable list, possibly empty
   */
  public List<String> partitionColumns() {
    return partitionColumns;
  }

  /**
   * The clustering columns ({@code TableDetails.clustering_columns}), in order.
   *
   * @return an unmodifiable list, possibly empty
   */
  public List<String> clusteringColumns() {
    return clusteringColumns;
  }

  /**
   * The table properties ({@code TableDetails.table_properties}).
   *
   * @return an unmodifiable map in insertion order, possibly empty
   */
  public Map<String, String> tableProperties() {
    return tableProperties;
  }

  /**
   * The declared schema as a DDL string ({@code TableDetails.schema_string}), for example
   * {@code "origin STRING, delay INT"}; empty lets the server infer it from the flows.
   *
   * @return the DDL schema, or empty
   */
  public Optional<String> schema() {
    return Optional.ofNullable(schema);
  }

  /**
   * The query of the table's own flow (the flow named like the table), if one was given.
   *
   * @return the query, or empty
   */
  public Optional<DataFrame> query() {
    return Optional.ofNullable(query);
  }

  /**
   * SQL confs of the table's own flow ({@code DefineFlow.sql_conf}), as PySpark's {@code spark_conf} argument.
   *
   * @return an unmodifiable map, possibly empty
   */
  public Map<String, String> sqlConf() {
    return sqlConf;
  }

  /**
   * Where the table was defined.
   *
   * @return the location, or empty
   */
  public Optional<SourceCodeLocation> sourceCodeLocation() {
    return Optional.ofNullable(location);
  }

  /**
   * The builder shared by both table kinds. Not thread-safe; {@code build()} takes a snapshot.
   *
   * @param <B> the concrete builder
   * @param <T> the table it builds
   */
  abstract static class Builder<B extends Builder<B, T>, T> {
    private final String name;
    private @Nullable String comment;
    private @Nullable String format;
    private final List<String> partitionColumns = new ArrayList<>();
    private final List<String> clusteringColumns = new ArrayList<>();
    private final Map<String, String> tableProperties = new LinkedHashMap<>();
    private @Nullable String schema;
    private @Nullable DataFrame query;
    private final Map<String, String> sqlConf = new LinkedHashMap<>();
    private @Nullable SourceCodeLocation location;

    Builder(String name) {
      this.name = Definitions.name(name, "name");
    }

    abstract B self();

    /**
     * The table comment.
     *
     * @param comment the comment
     * @return this builder
     */
    public B comment(String comment) {
      this.comment = Objects.requireNonNull(comment, "comment");
      return self();
    }

    /**
     * The table format, for example {@code parquet} or {@code delta} (the server must have it).
     *
     * @param format the format name, not blank
     * @return this builder
     */
    public B format(String format) {
      this.format = Definitions.name(format, "format");
      return self();
    }

    /**
     * Adds partition columns.
     *
     * @param columns column names, in order
     * @return this builder
     */
    public B partitionColumns(String... columns) {
      Definitions.addNames(partitionColumns, Arrays.asList(columns), "partition column");
      return self();
    }

    /**
     * Adds clustering columns ({@code CLUSTER BY}).
     *
     * @param columns column names, in order
     * @return this builder
     */
    public B clusteringColumns(String... columns) {
      Definitions.addNames(clusteringColumns, Arrays.asList(columns), "clustering column");
      return self();
    }

    /**
     * Sets a table property.
     *
     * @param key the property key, not blank
     * @param value the value
     * @return this builder
     */
    public B tableProperty(String key, String value) {
      Definitions.put(tableProperties, key, value, "table property");
      return self();
    }

    /**
     * Declares the schema as DDL, for example {@code "origin STRING, delay INT"}; the server parses it
     * ({@code StructType.fromDDL}) and fails the run if the flows do not match it.
     *
     * @param ddl the DDL schema, not blank
     * @return this builder
     */
    public B schema(String ddl) {
      this.schema = Definitions.name(ddl, "schema");
      return self();
    }

    /**
     * Declares the schema.
     *
     * @param schema the schema; sent as its DDL ({@link StructType#toDDL()})
     * @return this builder
     */
    public B schema(StructType schema) {
      return schema(Objects.requireNonNull(schema, "schema").toDDL());
    }

    /**
     * The query of the table's own flow, named like the table.
     *
     * @param query the DataFrame whose plan the flow writes; nothing runs when it is given
     * @return this builder
     */
    public B query(DataFrame query) {
      this.query = Objects.requireNonNull(query, "query");
      return self();
    }

    /**
     * A SQL conf of the table's own flow.
     *
     * @param key the conf key, not blank
     * @param value the value
     * @return this builder
     */
    public B sqlConf(String key, String value) {
      Definitions.put(sqlConf, key, value, "sqlConf");
      return self();
    }

    /**
     * Where the table is defined; by default the caller of {@code build()}.
     *
     * @param location the location
     * @return this builder
     */
    public B sourceCodeLocation(SourceCodeLocation location) {
      this.location = Objects.requireNonNull(location, "location");
      return self();
    }

    boolean hasQuery() {
      return query != null;
    }

    String name() {
      return name;
    }

    /**
     * The immutable definition.
     *
     * @return the definition
     */
    public abstract T build();
  }
}
