package io.github.reactivespark.connect.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.reactivespark.connect.Row;
import io.github.reactivespark.connect.SparkSession;
import io.github.reactivespark.connect.exceptions.AnalysisException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Delta Lake 4.3.1 on the embedded server ({@code LocalServerOptions.Builder#delta()}: the package resolved at
 * start, Delta's SQL extension and catalog set): a Delta table is created, written, updated and deleted from with
 * SQL; {@code DESCRIBE HISTORY} lists each version with its operation, and {@code VERSION AS OF} reads an old
 * version back. Runs on {@link TestServer#deltaRemote()}.
 */
class DeltaIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(180);

  private SparkSession spark;
  private String table;

  @BeforeEach
  void open() {
    spark = SparkSession.builder().remote(TestServer.deltaRemote()).create();
    table = "delta_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  @AfterEach
  void close() {
    try {
      sql("DROP TABLE IF EXISTS " + table);
      assertEquals(0, spark.arrowAllocatedBytes(), "Arrow memory still held after the test");
    } finally {
      spark.close();
    }
  }

  private List<Row> sql(String query) {
    return spark.sql(query).collectAsList().block(TIMEOUT);
  }

  @Test
  void writeUpdateDeleteHistoryAndTimeTravel() {
    sql("CREATE TABLE " + table + " (id BIGINT, name STRING, amount DOUBLE) USING delta");      // version 0
    sql("INSERT INTO " + table + " VALUES (1, 'a', 10.0), (2, 'b', 20.0), (3, 'c', 30.0)");      // version 1
    sql("UPDATE " + table + " SET amount = amount * 2 WHERE id = 2");                           // version 2
    sql("DELETE FROM " + table + " WHERE id = 3");                                              // version 3

    assertEquals("delta", sql("DESCRIBE DETAIL " + table).get(0).getAs("format"));
    assertEquals(Map.of(1L, 10.0, 2L, 40.0), amounts("SELECT id, amount FROM " + table));

    List<Row> history = sql("DESCRIBE HISTORY " + table);
    Map<Long, String> operations = history.stream()
        .collect(Collectors.toMap(r -> (Long) r.getAs("version"), r -> (String) r.getAs("operation")));
    assertEquals(Map.of(0L, "CREATE TABLE", 1L, "WRITE", 2L, "UPDATE", 3L, "DELETE"), operations);
    Row delete = history.stream().filter(r -> Long.valueOf(3).equals(r.getAs("version"))).findFirst().orElseThrow();
    Map<?, ?> metrics = delete.getAs("operationMetrics");
    assertEquals("1", metrics.get("numDeletedRows"), "DELETE removed one row: " + metrics);

    assertEquals(Map.of(1L, 10.0, 2L, 20.0, 3L, 30.0),
        amounts("SELECT id, amount FROM " + table + " VERSION AS OF 1"), "the table before UPDATE and DELETE");
    assertEquals(Map.of(1L, 10.0, 2L, 40.0, 3L, 30.0),
        amounts("SELECT id, amount FROM " + table + " VERSION AS OF 2"), "after UPDATE, before DELETE");
    assertEquals(0L, spark.sql("SELECT * FROM " + table + " VERSION AS OF 0").count().block(TIMEOUT));
    assertTrue(spark.conf().get("spark.sql.catalog.spark_catalog").block(TIMEOUT).endsWith("DeltaCatalog"));
  }

  /**
   * Found while running the whole default suite against a Delta-enabled server: with Delta's SQL extension
   * (4.3.1's {@code DeltaSqlParser}) on Spark 4.1.2, SQL with named parameter markers ({@code :name}) fails with
   * {@code UNBOUND_SQL_PARAMETER} although the arguments are sent, and so does SQL with positional markers
   * ({@code ?}). This test proves it; a server without Delta's
   * extension runs the same query ({@code DataFrameIT.sqlWithNamedAndPositionalParameters}).
   */
  @Test
  void namedSqlParametersAreUnboundUnderDeltasSqlExtension() {
    AnalysisException e = assertThrows(AnalysisException.class, () -> spark.sql(
        "SELECT id FROM range(10) WHERE id BETWEEN :lo AND :hi", Map.of("lo", 5, "hi", 6L)).collectAsList()
        .block(TIMEOUT));
    assertEquals("UNBOUND_SQL_PARAMETER", e.errorClass());
    AnalysisException positional = assertThrows(AnalysisException.class,
        () -> spark.sql("SELECT concat(?, '-', ?) AS s", "x", 7).collectAsList().block(TIMEOUT));
    assertEquals("UNBOUND_SQL_PARAMETER", positional.errorClass(), "positional markers too");
  }

  private Map<Long, Double> amounts(String query) {
    return sql(query).stream().collect(Collectors.toMap(r -> r.getLong(0), r -> r.getDouble(1)));
  }
}
