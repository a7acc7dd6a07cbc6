package io.github.reactivespark.connect;

// the typed records of the catalog package; catalog.Column shadows this package's Column in this file
import io.github.reactivespark.connect.catalog.CatalogMetadata;
import io.github.reactivespark.connect.catalog.Column;
import io.github.reactivespark.connect.catalog.Database;
import io.github.reactivespark.connect.catalog.Function;
import io.github.reactivespark.connect.catalog.Table;
import io.github.reactivespark.connect.internal.proto.CacheTable;
import io.github.reactivespark.connect.internal.proto.ClearCache;
import io.github.reactivespark.connect.internal.proto.CreateExternalTable;
import io.github.reactivespark.connect.internal.proto.CreateTable;
import io.github.reactivespark.connect.internal.proto.CurrentCatalog;
import io.github.reactivespark.connect.internal.proto.CurrentDatabase;
import io.github.reactivespark.connect.internal.proto.DatabaseExists;
import io.github.reactivespark.connect.internal.proto.DropGlobalTempView;
import io.github.reactivespark.connect.internal.proto.DropTempView;
import io.github.reactivespark.connect.internal.proto.FunctionExists;
import io.github.reactivespark.connect.internal.proto.GetDatabase;
import io.github.reactivespark.connect.internal.proto.GetFunction;
import io.github.reactivespark.connect.internal.proto.GetTable;
import io.github.reactivespark.connect.internal.proto.IsCached;
import io.github.reactivespark.connect.internal.proto.ListCatalogs;
import io.github.reactivespark.connect.internal.proto.ListColumns;
import io.github.reactivespark.connect.internal.proto.ListDatabases;
import io.github.reactivespark.connect.internal.proto.ListFunctions;
import io.github.reactivespark.connect.internal.proto.ListTables;
import io.github.reactivespark.connect.internal.proto.RecoverPartitions;
import io.github.reactivespark.connect.internal.proto.RefreshByPath;
import io.github.reactivespark.connect.internal.proto.RefreshTable;
import io.github.reactivespark.connect.internal.proto.SetCurrentCatalog;
import io.github.reactivespark.connect.internal.proto.SetCurrentDatabase;
import io.github.reactivespark.connect.internal.proto.TableExists;
import io.github.reactivespark.connect.internal.proto.UncacheTable;
import io.github.reactivespark.connect.internal.types.DataTypeProtos;
import io.github.reactivespark.connect.types.StructType;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The session's catalog ({@code spark.catalog()}): databases, tables, views, functions, columns and the cache, as
 * Spark's {@code org.apache.spark.sql.catalog.Catalog} (Scala {@code sql/connect/common/.../Catalog.scala},
 * PySpark {@code pyspark.sql.connect.catalog.Catalog}).
 *
 * <p>Every method returns a cold publisher: each subscription sends one {@code ExecutePlan} whose plan is a
 * {@code Catalog} relation ({@code catalog.proto}); the server answers with Arrow rows, which are decoded into the
 * typed records of package {@link io.github.reactivespark.connect.catalog} (no Arrow memory stays with the caller).
 * Cancelling releases the operation.
 * Lists are {@link Flux}es completing after the last element; single answers are {@link Mono}s. Names may be
 * qualified ({@code db.table}, {@code catalog.db.table}) unless a method takes the database separately.
 *
 * <p>Errors are emitted, typed by the server's error class (as observed on Spark 4.1.2): {@code AnalysisException}
 * ({@code TABLE_OR_VIEW_NOT_FOUND}) for a missing table or view, {@code NoSuchNamespaceException}
 * ({@code SCHEMA_NOT_FOUND}) for a missing database, {@code AnalysisException} ({@code UNRESOLVED_ROUTINE}) for a
 * missing function, {@code SparkException} ({@code CATALOG_NOT_FOUND}) for an unknown catalog,
 * {@code TableAlreadyExistsException} ({@code TABLE_OR_VIEW_ALREADY_EXISTS}) when creating an existing table. Only
 * null arguments throw synchronously ({@link NullPointerException}).
 *
 * <p>Stateless and thread-safe; it holds only its session. (Until 0.1.0 this class was
 * {@code io.github.reactivespark.connect.catalog.Catalog}; it moved beside {@link DataFrame}, which its methods
 * return, so that the public packages have no dependency cycle. Its records stayed in the {@code catalog}
 * package.)
 *
 * @since 0.1.0
 */
public final class Catalog {

  private final SparkSession session;

  Catalog(SparkSession session) {
    this.session = session;
  }

  /** The catalog of {@code session}; the same as {@code session.catalog()}. */
  public static Catalog of(SparkSession session) {
    return new Catalog(Objects.requireNonNull(session, "session"));
  }

  // ---------------------------------------------------------------- catalogs and databases

  /** The current catalog's name ({@code spark_catalog} by default). Cold; one {@code ExecutePlan}. */
  public Mono<String> currentCatalog() {
    return string(c -> c.setCurrentCatalog(CurrentCatalog.getDefaultInstance()));
  }

  /** Makes {@code catalogName} current. Cold; emits {@code SparkException} ({@code CATALOG_NOT_FOUND}) if unknown. */
  public Mono<Void> setCurrentCatalog(String catalogName) {
    Objects.requireNonNull(catalogName, "catalogName");
    return run(c -> c.setSetCurrentCatalog(SetCurrentCatalog.newBuilder().setCatalogName(catalogName)));
  }

  /** Every catalog of the session. Cold; one {@code ExecutePlan}. */
  public Flux<CatalogMetadata> listCatalogs() {
    return rows(c -> c.setListCatalogs(ListCatalogs.getDefaultInstance())).map(Catalog::catalogMetadata);
  }

  /** The catalogs whose names match the SQL {@code LIKE}-style pattern ({@code *} and {@code |} wildcards). */
  public Flux<CatalogMetadata> listCatalogs(String pattern) {
    Objects.requireNonNull(pattern, "pattern");
    return rows(c -> c.setListCatalogs(ListCatalogs.newBuilder().setPattern(pattern))).map(Catalog::catalogMetadata);
  }

  /** The current database's name ({@code default} by default). Cold; one {@code ExecutePlan}. */
  public Mono<String> currentDatabase() {
    return string(c -> c.setCurrentDatabase(CurrentDatabase.getDefaultInstance()));
  }

  /** Makes {@code dbName} the current database. Emits {@code NoSuchNamespaceException} ({@code SCHEMA_NOT_FOUND}). */
  public Mono<Void> setCurrentDatabase(String dbName) {
    Objects.requireNonNull(dbName, "dbName");
    return run(c -> c.setSetCurrentDatabase(SetCurrentDatabase.newBuilder().setDbName(dbName)));
  }

  /** Every database of the current catalog. */
  public Flux<Database> listDatabases() {
    return rows(c -> c.setListDatabases(ListDatabases.getDefaultInstance())).map(Catalog::database);
  }

  /** The databases whose names match {@code pattern} ({@code *} any characters, {@code |} alternatives). */
  public Flux<Database> listDatabases(String pattern) {
    Objects.requireNonNull(pattern, "pattern");
    return rows(c -> c.setListDatabases(ListDatabases.newBuilder().setPattern(pattern))).map(Catalog::database);
  }

  /** The database {@code dbName} (may be qualified by a catalog). Emits a not-found error if absent. */
  public Mono<Database> getDatabase(String dbName) {
    Objects.requireNonNull(dbName, "dbName");
    return rows(c -> c.setGetDatabase(GetDatabase.newBuilder().setDbName(dbName))).map(Catalog::database).single();
  }

  /** Whether the database exists. */
  public Mono<Boolean> databaseExists(String dbName) {
    Objects.requireNonNull(dbName, "dbName");
    return bool(c -> c.setDatabaseExists(DatabaseExists.newBuilder().setDbName(dbName)));
  }

  // ---------------------------------------------------------------- tables and views

  /** The tables and views of the current database, temporary views included. */
  public Flux<Table> listTables() {
    return rows(c -> c.setListTables(ListTables.getDefaultInstance())).map(Catalog::table);
  }

  /** The tables and views of {@code dbName}, temporary views included. */
  public Flux<Table> listTables(String dbName) {
    Objects.requireNonNull(dbName, "dbName");
    return rows(c -> c.setListTables(ListTables.newBuilder().setDbName(dbName))).map(Catalog::table);
  }

  /** The tables and views of {@code dbName} whose names match {@code pattern}. */
  public Flux<Table> listTables(String dbName, String pattern) {
    Objects.requireNonNull(dbName, "dbName");
    Objects.requireNonNull(pattern, "pattern");
    return rows(c -> c.setListTables(ListTables.newBuilder().setDbName(dbName).setPattern(pattern)))
        .map(Catalog::table);
  }

  /** The table or view {@code tableName} (may be qualified). Emits a not-found error if absent. */
  public Mono<Table> getTable(String tableName) {
    Objects.requireNonNull(tableName, "tableName");
    return rows(c -> c.setGetTable(GetTable.newBuilder().setTableName(tableName))).map(Catalog::table).single();
  }

  /** The table {@code tableName} of database {@code dbName}. */
  public Mono<Table> getTable(String dbName, String tableName) {
    Objects.requireNonNull(dbName, "dbName");
    Objects.requireNonNull(tableName, "tableName");
    return rows(c -> c.setGetTable(GetTable.newBuilder().setTableName(tableName).setDbName(dbName)))
        .map(Catalog::table).single();
  }

  /** Whether the table or view exists (temporary views included). */
  public Mono<Boolean> tableExists(String tableName) {
    Objects.requireNonNull(tableName, "tableName");
    return bool(c -> c.setTableExists(TableExists.newBuilder().setTableName(tableName)));
  }

  /** Whether table {@code tableName} exists in database {@code dbName}. */
  public Mono<Boolean> tableExists(String dbName, String tableName) {
    Objects.requireNonNull(dbName, "dbName");
    Objects.requireNonNull(tableName, "tableName");
    return bool(c -> c.setTableExists(TableExists.newBuilder().setTableName(tableName).setDbName(dbName)));
  }

  /** The columns of a table or view, in schema order. Emits a not-found error if absent. */
  public Flux<Column> listColumns(String tableName) {
    Objects.requireNonNull(tableName, "tableName");
    return rows(c -> c.setListColumns(ListColumns.newBuilder().setTableName(tableName))).map(Catalog::column);
  }

  /** The columns of table {@code tableName} in database {@code dbName}. */
  public Flux<Column> listColumns(String dbName, String tableName) {
    Objects.requireNonNull(dbName, "dbName");
    Objects.requireNonNull(tableName, "tableName");
    return rows(c -> c.setListColumns(ListColumns.newBuilder().setTableName(tableName).setDbName(dbName)))
        .map(Catalog::column);
  }

  /**
   * Creates a table from files at {@code path} on the server (an unmanaged, {@code EXTERNAL} table) and emits a
   * DataFrame over it. Same as {@code createTable(tableName, path, source, null, null, options)}.
   */
  public Mono<DataFrame> createExternalTable(String tableName, String path, @Nullable String source,
      @Nullable StructType schema, Map<String, String> options) {
    Objects.requireNonNull(tableName, "tableName");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(options, "options");
    return create(tableName, c -> {
      CreateExternalTable.Builder b = CreateExternalTable.newBuilder().setTableName(tableName).setPath(path)
          .putAllOptions(options);
      if (source != null) {
        b.setSource(source);
      }
      if (schema != null) {
        b.setSchema(DataTypeProtos.toProto(schema));
      }
      return c.setCreateExternalTable(b);
    });
  }

  /** A managed table of the default source with no columns given: see the full overload. */
  public Mono<DataFrame> createTable(String tableName, String path) {
    return createTable(tableName, path, null, null, null, Map.of());
  }

  /**
   * Creates a table and emits a DataFrame over it ({@code spark.table(tableName)}). With a {@code path} the table is
   * {@code EXTERNAL} over the files there (schema inferred unless given); without, it is a {@code MANAGED} empty
   * table with {@code schema}. Cold; one {@code ExecutePlan} per subscription. Emits
   * {@code TableAlreadyExistsException} / {@code AnalysisException} ({@code TABLE_OR_VIEW_ALREADY_EXISTS}) if it
   * exists.
   *
   * @param tableName the table's name, may be qualified
   * @param path files on the server for an external table, or null for a managed one
   * @param source the data source ({@code parquet}, {@code csv}, …), or null for {@code spark.sql.sources.default}
   * @param schema the columns, or null to infer them from {@code path}
   * @param description the table's comment, or null
   * @param options data source options
   */
  public Mono<DataFrame> createTable(String tableName, @Nullable String path, @Nullable String source,
      @Nullable StructType schema, @Nullable String description, Map<String, String> options) {
    Objects.requireNonNull(tableName, "tableName");
    Objects.requireNonNull(options, "options");
    return create(tableName, c -> {
      CreateTable.Builder b = CreateTable.newBuilder().setTableName(tableName).putAllOptions(options);
      if (path != null) {
        b.setPath(path);
      }
      if (source != null) {
        b.setSource(source);
      }
      if (schema != null) {
        b.setSchema(DataTypeProtos.toProto(schema));
      }
      if (description != null) {
        b.setDescription(description);
      }
      return c.setCreateTable(b);
    });
  }

  /** A managed table with {@code schema}, of {@code source}: see the full overload. */
  public Mono<DataFrame> createTable(String tableName, String source, StructType schema, Map<String, String> options) {
    return createTable(tableName, null, source, schema, null, options);
  }

  /** Drops a session temporary view; emits whether it existed. */
  public Mono<Boolean> dropTempView(String viewName) {
    Objects.requireNonNull(viewName, "viewName");
    return bool(c -> c.setDropTempView(DropTempView.newBuilder().setViewName(viewName)));
  }

  /** Drops a global temporary view ({@code global_temp.<viewName>}); emits whether it existed. */
  public Mono<Boolean> dropGlobalTempView(String viewName) {
    Objects.requireNonNull(viewName, "viewName");
    return bool(c -> c.setDropGlobalTempView(DropGlobalTempView.newBuilder().setViewName(viewName)));
  }

  /**
   * Adds the partitions found in the table's directory to the catalog ({@code MSCK REPAIR TABLE}). Emits
   * {@code AnalysisException} for a table that is not partitioned.
   */
  public Mono<Void> recoverPartitions(String tableName) {
    Objects.requireNonNull(tableName, "tableName");
    return run(c -> c.setRecoverPartitions(RecoverPartitions.newBuilder().setTableName(tableName)));
  }

  // ---------------------------------------------------------------- functions

  /** The functions of the current database, built-in and temporary ones included. */
  public Flux<Function> listFunctions() {
    return rows(c -> c.setListFunctions(ListFunctions.getDefaultInstance())).map(Catalog::function);
  }

  /** The functions of {@code dbName}, built-in and temporary ones included. */
  public Flux<Function> listFunctions(String dbName) {
    Objects.requireNonNull(dbName, "dbName");
    return rows(c -> c.setListFunctions(ListFunctions.newBuilder().setDbName(dbName))).map(Catalog::function);
  }

  /** The functions of {@code dbName} whose names match {@code pattern}. */
  public Flux<Function> listFunctions(String dbName, String pattern) {
    Objects.requireNonNull(dbName, "dbName");
    Objects.requireNonNull(pattern, "pattern");
    return rows(c -> c.setListFunctions(ListFunctions.newBuilder().setDbName(dbName).setPattern(pattern)))
        .map(Catalog::function);
  }

  /** The function {@code functionName} (may be qualified). Emits a not-found error if absent. */
  public Mono<Function> getFunction(String functionName) {
    Objects.requireNonNull(functionName, "functionName");
    return rows(c -> c.setGetFunction(GetFunction.newBuilder().setFunctionName(functionName)))
        .map(Catalog::function).single();
  }

  /** The function {@code functionName} of database {@code dbName}. */
  public Mono<Function> getFunction(String dbName, String functionName) {
    Objects.requireNonNull(dbName, "dbName");
    Objects.requireNonNull(functionName, "functionName");
    return rows(c -> c.setGetFunction(GetFunction.newBuilder().setFunctionName(functionName).setDbName(dbName)))
        .map(Catalog::function).single();
  }

  /** Whether the function exists (built-in functions included). */
  public Mono<Boolean> functionExists(String functionName) {
    Objects.requireNonNull(functionName, "functionName");
    return bool(c -> c.setFunctionExists(FunctionExists.newBuilder().setFunctionName(functionName)));
  }

  /** Whether function {@code functionName} exists in database {@code dbName}. */
  public Mono<Boolean> functionExists(String dbName, String functionName) {
    Objects.requireNonNull(dbName, "dbName");
    Objects.requireNonNull(functionName, "functionName");
    return bool(c -> c.setFunctionExists(FunctionExists.newBuilder().setFunctionName(functionName)
        .setDbName(dbName)));
  }

  // ---------------------------------------------------------------- cache

  /** Whether the table or view is cached. Emits a not-found error if absent. */
  public Mono<Boolean> isCached(String tableName) {
    Objects.requireNonNull(tableName, "tableName");
    return bool(c -> c.setIsCached(IsCached.newBuilder().setTableName(tableName)));
  }

  /** Caches the table or view ({@code MEMORY_AND_DISK}); lazily filled by the next query over it. */
  public Mono<Void> cacheTable(String tableName) {
    Objects.requireNonNull(tableName, "tableName");
    return run(c -> c.setCacheTable(CacheTable.newBuilder().setTableName(tableName)));
  }

  /** Caches the table or view with the given storage level. */
  public Mono<Void> cacheTable(String tableName, StorageLevel storageLevel) {
    Objects.requireNonNull(tableName, "tableName");
    Objects.requireNonNull(storageLevel, "storageLevel");
    io.github.reactivespark.connect.internal.proto.StorageLevel level =
        io.github.reactivespark.connect.internal.proto.StorageLevel.newBuilder()
            .setUseDisk(storageLevel.useDisk()).setUseMemory(storageLevel.useMemory())
            .setUseOffHeap(storageLevel.useOffHeap()).setDeserialized(storageLevel.deserialized())
            .setReplication(storageLevel.replication()).build();
    return run(c -> c.setCacheTable(CacheTable.newBuilder().setTableName(tableName).setStorageLevel(level)));
  }

  /** Removes the table or view from the cache. */
  public Mono<Void> uncacheTable(String tableName) {
    Objects.requireNonNull(tableName, "tableName");
    return run(c -> c.setUncacheTable(UncacheTable.newBuilder().setTableName(tableName)));
  }

  /** Removes every cached table and view of the session from the cache. */
  public Mono<Void> clearCache() {
    return run(c -> c.setClearCache(ClearCache.getDefaultInstance()));
  }

  /** Invalidates and refreshes cached data and metadata of the table (after its files changed outside Spark). */
  public Mono<Void> refreshTable(String tableName) {
    Objects.requireNonNull(tableName, "tableName");
    return run(c -> c.setRefreshTable(RefreshTable.newBuilder().setTableName(tableName)));
  }

  /** Invalidates and refreshes cached data of every DataFrame that reads files under {@code path}. */
  public Mono<Void> refreshByPath(String path) {
    Objects.requireNonNull(path, "path");
    return run(c -> c.setRefreshByPath(RefreshByPath.newBuilder().setPath(path)));
  }

  // ---------------------------------------------------------------- plumbing

  private DataFrame plan(UnaryOperator<io.github.reactivespark.connect.internal.proto.Catalog.Builder> f) {
    io.github.reactivespark.connect.internal.proto.Catalog cat =
        f.apply(io.github.reactivespark.connect.internal.proto.Catalog.newBuilder()).build();
    return session.newDataFrame(b -> b.setCatalog(cat));
  }

  private Flux<Row> rows(UnaryOperator<io.github.reactivespark.connect.internal.proto.Catalog.Builder> f) {
    return Flux.defer(() -> plan(f).rows());
  }

  private Mono<Void> run(UnaryOperator<io.github.reactivespark.connect.internal.proto.Catalog.Builder> f) {
    return rows(f).then();
  }

  private Mono<Boolean> bool(UnaryOperator<io.github.reactivespark.connect.internal.proto.Catalog.Builder> f) {
    return rows(f).single().map(r -> r.getBoolean(0));
  }

  private Mono<String> string(UnaryOperator<io.github.reactivespark.connect.internal.proto.Catalog.Builder> f) {
    return rows(f).single().map(r -> Objects.requireNonNull(r.getString(0), "the server answered null"));
  }

  private Mono<DataFrame> create(String tableName,
      UnaryOperator<io.github.reactivespark.connect.internal.proto.Catalog.Builder> f) {
    return run(f).then(Mono.fromSupplier(() -> session.table(tableName)));
  }

  private static @Nullable String str(Row r, String field) {
    return r.schema().getFieldIndex(field).map(r::getString).orElse(null);
  }

  private static boolean flag(Row r, String field) {
    return r.schema().getFieldIndex(field).map(i -> !r.isNullAt(i) && r.getBoolean(i)).orElse(false);
  }

  private static List<String> strings(Row r, String field) {
    List<String> l = r.schema().getFieldIndex(field).map(r::<String>getList).orElse(null);
    return l == null ? List.of() : List.copyOf(l);
  }

  private static String required(Row r, String field) {
    return Objects.requireNonNull(str(r, field), () -> "catalog row without " + field + ": " + r);
  }

  static CatalogMetadata catalogMetadata(Row r) {
    return new CatalogMetadata(required(r, "name"), str(r, "description"));
  }

  static Database database(Row r) {
    return new Database(required(r, "name"), str(r, "catalog"), str(r, "description"), str(r, "locationUri"));
  }

  static Table table(Row r) {
    return new Table(required(r, "name"), str(r, "catalog"), strings(r, "namespace"), str(r, "description"),
        required(r, "tableType"), flag(r, "isTemporary"));
  }

  static Function function(Row r) {
    return new Function(required(r, "name"), str(r, "catalog"), strings(r, "namespace"), str(r, "description"),
        str(r, "className"), flag(r, "isTemporary"));
  }

  static Column column(Row r) {
    return new Column(required(r, "name"), str(r, "description"), required(r, "dataType"), flag(r, "nullable"),
        flag(r, "isPartition"), flag(r, "isBucket"), flag(r, "isCluster"));
  }

  @Override
  public String toString() {
    return "Catalog[" + session.sessionId() + "]";
  }
}
