package io.github.reactivespark.connect.it;

import static io.github.reactivespark.connect.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.reactivespark.connect.DataFrame;
import io.github.reactivespark.connect.SaveMode;
import io.github.reactivespark.connect.StorageLevel;
import io.github.reactivespark.connect.Catalog;
import io.github.reactivespark.connect.catalog.CatalogMetadata;
import io.github.reactivespark.connect.catalog.Column;
import io.github.reactivespark.connect.catalog.Database;
import io.github.reactivespark.connect.catalog.Function;
import io.github.reactivespark.connect.catalog.Table;
import io.github.reactivespark.connect.exceptions.AnalysisException;
import io.github.reactivespark.connect.exceptions.NoSuchNamespaceException;
import io.github.reactivespark.connect.exceptions.SparkException;
import io.github.reactivespark.connect.exceptions.TableAlreadyExistsException;
import io.github.reactivespark.connect.types.DataTypes;
import io.github.reactivespark.connect.types.StructType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every operation of {@code catalog.proto} against the real server, decoded into the typed records (mirrors
 * PySpark's test_catalog / test_parity_catalog).
 */
class CatalogIT extends IoTestBase {

  private Catalog catalog() {
    return spark.catalog();
  }

  @Test
  void catalogsAndDatabases() {
    Catalog c = catalog();
    assertEquals("spark_catalog", c.currentCatalog().block(TIMEOUT));
    assertEquals(List.of(new CatalogMetadata("spark_catalog", null)), c.listCatalogs().collectList().block(TIMEOUT));
    assertEquals(List.of(), c.listCatalogs("io_no_such*").collectList().block(TIMEOUT));
    c.setCurrentCatalog("spark_catalog").block(TIMEOUT);
    SparkException noCatalog = fails(SparkException.class, () -> c.setCurrentCatalog("io_no_such_catalog"));
    assertEquals("CATALOG_NOT_FOUND", noCatalog.errorClass());

    assertEquals("default", c.currentDatabase().block(TIMEOUT));
    String db = database("catdb");
    assertFalse(c.databaseExists(db).block(TIMEOUT));
    sql("CREATE DATABASE " + db + " COMMENT 'made by CatalogIT'");
    assertTrue(c.databaseExists(db).block(TIMEOUT));

    Database got = c.getDatabase(db).block(TIMEOUT);
    assertEquals(db, got.name());
    assertEquals("spark_catalog", got.catalog());
    assertEquals("made by CatalogIT", got.description());
    assertTrue(got.locationUri().endsWith(db + ".db"), got.locationUri());
    assertEquals(List.of(got), c.listDatabases(db).collectList().block(TIMEOUT));
    assertTrue(c.listDatabases().map(Database::name).collectList().block(TIMEOUT).containsAll(List.of("default", db)));
    assertEquals(List.of(db), c.listDatabases("io_catdb*|nothing_like_it").map(Database::name)
        .filter(db::equals).collectList().block(TIMEOUT));

    c.setCurrentDatabase(db).block(TIMEOUT);
    assertEquals(db, c.currentDatabase().block(TIMEOUT));
    c.setCurrentDatabase("default").block(TIMEOUT);

    NoSuchNamespaceException missing = fails(NoSuchNamespaceException.class, () -> c.getDatabase("io_no_such_db"));
    assertEquals("SCHEMA_NOT_FOUND", missing.errorClass());
    assertEquals("SCHEMA_NOT_FOUND",
        fails(NoSuchNamespaceException.class, () -> c.setCurrentDatabase("io_no_such_db")).errorClass());
  }

  @Test
  void tablesViewsAndColumns() {
    Catalog c = catalog();
    String db = database("tabdb");
    sql("CREATE DATABASE " + db);
    String t = "people";
    String qualified = db + "." + t;
    spark.sql("SELECT id, concat('name-', id) AS name, cast(id % 3 AS int) AS grp FROM range(30)")
        .write().partitionBy("grp").bucketBy(2, "id").sortBy("id").format("parquet").saveAsTable(qualified)
        .block(TIMEOUT);
    String view = "io_view_" + db;
    spark.range(3).createOrReplaceTempView(view).block(TIMEOUT);

    Table table = c.getTable(qualified).block(TIMEOUT);
    assertEquals(new Table(t, "spark_catalog", List.of(db), null, "MANAGED", false), table);
    assertEquals(db, table.database());
    assertEquals(table, c.getTable(db, t).block(TIMEOUT));

    Map<String, Table> listed = c.listTables(db).collectMap(Table::name).block(TIMEOUT);
    assertEquals(table, listed.get(t));
    Table v = listed.get(view);
    assertNotNull(v, "temporary views are listed with every database: " + listed);
    assertTrue(v.isTemporary());
    assertEquals("TEMPORARY", v.tableType());
    assertEquals(List.of(), v.namespace());
    assertEquals(List.of(t), c.listTables(db, "peo*").map(Table::name).collectList().block(TIMEOUT));

    assertTrue(c.tableExists(qualified).block(TIMEOUT));
    assertTrue(c.tableExists(db, t).block(TIMEOUT));
    assertTrue(c.tableExists(view).block(TIMEOUT));
    assertFalse(c.tableExists(db, "io_no_such_table").block(TIMEOUT));

    List<Column> cols = c.listColumns(qualified).collectList().block(TIMEOUT);
    assertEquals(List.of(
        new Column("id", null, "bigint", true, false, true, false),
        new Column("name", null, "string", true, false, false, false),
        new Column("grp", null, "int", true, true, false, false)), cols);
    assertEquals(cols, c.listColumns(db, t).collectList().block(TIMEOUT));

    AnalysisException noTable = fails(AnalysisException.class, () -> c.getTable(db, "io_no_such_table"));
    assertEquals("TABLE_OR_VIEW_NOT_FOUND", noTable.errorClass());
    assertEquals("TABLE_OR_VIEW_NOT_FOUND",
        fails(AnalysisException.class, () -> c.listColumns("io_no_such_table").collectList()).errorClass());

    assertTrue(c.dropTempView(view).block(TIMEOUT));
    assertFalse(c.dropTempView(view).block(TIMEOUT));
    spark.range(2).createOrReplaceGlobalTempView(view).block(TIMEOUT);
    assertEquals(2L, spark.table("global_temp." + view).count().block(TIMEOUT));
    assertTrue(c.dropGlobalTempView(view).block(TIMEOUT));
    assertFalse(c.dropGlobalTempView(view).block(TIMEOUT));
  }

  @Test
  void createManagedAndExternalTables() {
    Catalog c = catalog();
    String managed = table("cat_managed");
    StructType schema = new StructType(List.of()).add("k", DataTypes.LongType, false).add("label", DataTypes.StringType);
    DataFrame created = c.createTable(managed, null, "orc", schema, "created by CatalogIT", Map.of()).block(TIMEOUT);
    assertEquals(0L, created.count().block(TIMEOUT));
    Table m = c.getTable(managed).block(TIMEOUT);
    assertEquals("MANAGED", m.tableType());
    assertEquals("created by CatalogIT", m.description());
    assertEquals(List.of("k:bigint", "label:string"), c.listColumns(managed).map(col -> col.name() + ":" + col.dataType())
        .collectList().block(TIMEOUT));
    spark.sql("SELECT id AS k, cast(id AS string) AS label FROM range(7)").write().insertInto(managed).block(TIMEOUT);
    assertEquals(7L, spark.table(managed).count().block(TIMEOUT));
    TableAlreadyExistsException exists = fails(TableAlreadyExistsException.class,
        () -> c.createTable(managed, "orc", schema, Map.of()));
    assertEquals("TABLE_OR_VIEW_ALREADY_EXISTS", exists.errorClass());

    String dir = path("external");
    spark.range(40).selectExpr("id", "id * 2 AS twice").write().json(dir).block(TIMEOUT);
    String external = table("cat_external");
    DataFrame ext = c.createTable(external, dir, "json", null, null, Map.of()).block(TIMEOUT);
    assertEquals(40L, ext.count().block(TIMEOUT));
    assertEquals("EXTERNAL", c.getTable(external).block(TIMEOUT).tableType());
    assertEquals(1560L, ext.selectExpr("sum(twice)").first().block(TIMEOUT).getLong(0));

    String external2 = table("cat_external2");
    DataFrame ext2 = c.createExternalTable(external2, dir, "json",
        new StructType(List.of()).add("id", DataTypes.LongType), Map.of("primitivesAsString", "false")).block(TIMEOUT);
    assertEquals(List.of("id"), List.of(ext2.schema().block(TIMEOUT).fieldNames()));
    assertEquals(780L, ext2.selectExpr("sum(id)").first().block(TIMEOUT).getLong(0));
  }

  @Test
  void functions() {
    Catalog c = catalog();
    assertTrue(c.functionExists("abs").block(TIMEOUT));
    assertFalse(c.functionExists("io_no_such_function").block(TIMEOUT));
    Function abs = c.getFunction("abs").block(TIMEOUT);
    assertEquals("abs", abs.name());
    assertEquals("org.apache.spark.sql.catalyst.expressions.Abs", abs.className());
    assertTrue(abs.isTemporary());
    assertTrue(abs.description().contains("absolute value"), abs.description());
    List<String> ab = c.listFunctions("default", "ab*").map(Function::name).collectList().block(TIMEOUT);
    assertTrue(ab.contains("abs"), ab.toString());
    assertTrue(ab.stream().allMatch(n -> n.startsWith("ab")), ab.toString());
    assertTrue(c.listFunctions().count().block(TIMEOUT) > 300, "Spark has hundreds of built-in functions");
    assertTrue(c.listFunctions("default").count().block(TIMEOUT) > 300);

    String db = database("fndb");
    sql("CREATE DATABASE " + db);
    sql("CREATE FUNCTION " + db + ".plus_one(x BIGINT) RETURNS BIGINT RETURN x + 1");
    assertTrue(c.functionExists(db, "plus_one").block(TIMEOUT));
    Function plusOne = c.getFunction(db, "plus_one").block(TIMEOUT);
    assertEquals("plus_one", plusOne.name());
    assertEquals(List.of(db), plusOne.namespace());
    assertFalse(plusOne.isTemporary());
    assertEquals(List.of("plus_one"), c.listFunctions(db, "plus*").map(Function::name).collectList().block(TIMEOUT));

    AnalysisException missing = fails(AnalysisException.class, () -> c.getFunction("io_no_such_function"));
    assertEquals("UNRESOLVED_ROUTINE", missing.errorClass());
  }

  @Test
  void cacheRefreshAndRecoverPartitions() throws IOException {
    Catalog c = catalog();
    String dir = path("parts");
    DataFrame rows = spark.sql("SELECT id, cast(id % 4 AS int) AS part FROM range(100)");
    rows.write().partitionBy("part").parquet(dir).block(TIMEOUT);
    String t = table("cat_parts");
    c.createTable(t, dir, "parquet", null, null, Map.of()).block(TIMEOUT);
    c.recoverPartitions(t).block(TIMEOUT);
    assertEquals(100L, spark.table(t).count().block(TIMEOUT));

    // a partition written next to the table's files is invisible until recoverPartitions registers it
    spark.sql("SELECT id, 9 AS part FROM range(10)").write().mode(SaveMode.Append).partitionBy("part").parquet(dir)
        .block(TIMEOUT);
    c.refreshTable(t).block(TIMEOUT);
    assertEquals(0L, spark.table(t).filter(col("part").equalTo(9)).count().block(TIMEOUT));
    c.recoverPartitions(t).block(TIMEOUT);
    assertEquals(10L, spark.table(t).filter(col("part").equalTo(9)).count().block(TIMEOUT));

    assertFalse(c.isCached(t).block(TIMEOUT));
    c.cacheTable(t, StorageLevel.DISK_ONLY).block(TIMEOUT);
    assertTrue(c.isCached(t).block(TIMEOUT));
    assertEquals(110L, spark.table(t).count().block(TIMEOUT));
    c.uncacheTable(t).block(TIMEOUT);
    assertFalse(c.isCached(t).block(TIMEOUT));
    c.cacheTable(t).block(TIMEOUT);
    assertTrue(c.isCached(t).block(TIMEOUT));
    c.clearCache().block(TIMEOUT);
    assertFalse(c.isCached(t).block(TIMEOUT));

    // refreshByPath: a cached DataFrame over a path is recomputed after the files changed
    String flat = path("flat");
    spark.range(5).write().parquet(flat).block(TIMEOUT);
    String view = "io_flat_" + t;
    spark.read().parquet(flat).createOrReplaceTempView(view).block(TIMEOUT);
    c.cacheTable(view).block(TIMEOUT);
    assertEquals(5L, spark.table(view).count().block(TIMEOUT));
    // a file added behind Spark's back (Spark's own writes re-cache by path by themselves)
    String more = path("more");
    spark.range(5, 8).write().parquet(more).block(TIMEOUT);
    try (Stream<Path> files = Files.list(Path.of(more))) {
      for (Path part : files.filter(p -> p.getFileName().toString().startsWith("part-")).collect(Collectors.toList())) {
        Files.copy(part, Path.of(flat, "part-io-" + part.getFileName().toString().substring(5)));
      }
    }
    assertEquals(5L, spark.table(view).count().block(TIMEOUT), "served from the cache");
    c.refreshByPath(flat).block(TIMEOUT);
    assertEquals(8L, spark.table(view).count().block(TIMEOUT));
    c.uncacheTable(view).block(TIMEOUT);
    c.dropTempView(view).block(TIMEOUT);

    assertEquals("TABLE_OR_VIEW_NOT_FOUND",
        fails(AnalysisException.class, () -> c.isCached("io_no_such_table")).errorClass());
  }

  @Test
  void listTablesOfTheCurrentDatabaseHasTheTablesOfThisTest() {
    String t = table("cat_list");
    spark.range(3).write().saveAsTable(t).block(TIMEOUT);
    List<Table> tables = catalog().listTables().filter(x -> x.name().equals(t)).collectList().block(TIMEOUT);
    assertEquals(List.of(new Table(t, "spark_catalog", List.of("default"), null, "MANAGED", false)), tables);
    assertEquals(List.of(t), catalog().listTables("default", t).map(Table::name).collectList().block(TIMEOUT)
        .stream().collect(Collectors.toList()));
  }
}
