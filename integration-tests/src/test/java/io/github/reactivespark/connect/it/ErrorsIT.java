package io.github.reactivespark.connect.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.reactivespark.connect.exceptions.AnalysisException;
import io.github.reactivespark.connect.exceptions.NamespaceAlreadyExistsException;
import io.github.reactivespark.connect.exceptions.NoSuchNamespaceException;
import io.github.reactivespark.connect.exceptions.ParseException;
import io.github.reactivespark.connect.exceptions.QueryContext;
import io.github.reactivespark.connect.exceptions.SparkArithmeticException;
import io.github.reactivespark.connect.exceptions.SparkArrayIndexOutOfBoundsException;
import io.github.reactivespark.connect.exceptions.SparkConnectException;
import io.github.reactivespark.connect.exceptions.SparkDateTimeException;
import io.github.reactivespark.connect.exceptions.SparkException;
import io.github.reactivespark.connect.exceptions.SparkNoSuchElementException;
import io.github.reactivespark.connect.exceptions.SparkNumberFormatException;
import io.github.reactivespark.connect.exceptions.SparkRuntimeException;
import io.github.reactivespark.connect.exceptions.TableAlreadyExistsException;
import io.github.reactivespark.connect.exceptions.TempTableAlreadyExistsException;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** Real bad queries on the real server, each surfacing as the typed exception Spark would throw. */
class ErrorsIT extends ServerTestBase {

  private <T extends SparkConnectException> T fails(Class<T> type, Supplier<Mono<?>> action) {
    Throwable e = assertThrows(Throwable.class, () -> action.get().block(TIMEOUT));
    return assertInstanceOf(type, e, () -> "got " + e);
  }

  private <T extends SparkConnectException> T failsSql(Class<T> type, String sql) {
    return fails(type, () -> spark.sql(sql).collectAsList());
  }

  @Test
  void parseException() {
    ParseException e = failsSql(ParseException.class, "SELEC 1");
    assertEquals("PARSE_SYNTAX_ERROR", e.errorClass());
    assertEquals("42601", e.sqlState());
    assertEquals("'SELEC'", e.messageParameters().get("error"));
    assertTrue(e.getMessage().contains("PARSE_SYNTAX_ERROR"), e.getMessage());
  }

  @Test
  void analysisExceptionWithQueryContext() {
    AnalysisException e = failsSql(AnalysisException.class, "SELECT no_such_col FROM range(3)");
    assertEquals("UNRESOLVED_COLUMN.WITH_SUGGESTION", e.errorClass());
    assertEquals("42703", e.sqlState());
    assertEquals("`no_such_col`", e.messageParameters().get("objectName"));
    List<QueryContext> ctx = e.queryContexts();
    assertEquals(1, ctx.size());
    assertEquals("no_such_col", ctx.get(0).fragment());
    assertEquals(7, ctx.get(0).startIndex());
    assertEquals(17, ctx.get(0).stopIndex());

    AnalysisException table = failsSql(AnalysisException.class, "SELECT * FROM no_such_table");
    assertEquals("TABLE_OR_VIEW_NOT_FOUND", table.errorClass());
    assertEquals("42P01", table.sqlState());

    AnalysisException df = fails(AnalysisException.class, () -> spark.range(3).select("nope").schema());
    assertEquals("UNRESOLVED_COLUMN.WITH_SUGGESTION", df.errorClass());
  }

  @Test
  void arithmeticErrorsWithTheirFragment() {
    SparkArithmeticException e = failsSql(SparkArithmeticException.class, "SELECT 1/0 AS x");
    assertEquals("DIVIDE_BY_ZERO", e.errorClass());
    assertEquals("22012", e.sqlState());
    assertEquals("1/0", e.queryContexts().get(0).fragment());
    assertFalse(e.serverStackTrace().isEmpty(), "FetchErrorDetails brings the server stack trace");
  }

  @Test
  void runtimeErrorClasses() {
    assertEquals("CAST_INVALID_INPUT",
        failsSql(SparkNumberFormatException.class, "SELECT cast('x' AS int)").errorClass());
    assertEquals("INVALID_ARRAY_INDEX",
        failsSql(SparkArrayIndexOutOfBoundsException.class, "SELECT array(1, 2)[5]").errorClass());
    assertTrue(failsSql(SparkDateTimeException.class, "SELECT to_date('2001-13-45', 'yyyy-MM-dd')")
        .errorClass().startsWith("CANNOT_PARSE_TIMESTAMP"));
    SparkRuntimeException raised = failsSql(SparkRuntimeException.class, "SELECT raise_error('boom at 42')");
    assertEquals("USER_RAISED_EXCEPTION", raised.errorClass());
    assertTrue(raised.getMessage().contains("boom at 42"), raised.getMessage());
    SparkNoSuchElementException conf = fails(SparkNoSuchElementException.class,
        () -> spark.conf().get("spark.it.surely.missing"));
    assertEquals("SQL_CONF_NOT_FOUND", conf.errorClass());
  }

  @Test
  void catalogErrors() {
    assertEquals("SCHEMA_NOT_FOUND", failsSql(NoSuchNamespaceException.class, "USE no_such_db_it").errorClass());

    spark.range(1).createTempView("dup_view_it").block(TIMEOUT);
    TempTableAlreadyExistsException view = fails(TempTableAlreadyExistsException.class,
        () -> spark.range(1).createTempView("dup_view_it"));
    assertEquals("TEMP_TABLE_OR_VIEW_ALREADY_EXISTS", view.errorClass());

    spark.sql("CREATE NAMESPACE IF NOT EXISTS ns_it").collectAsList().block(TIMEOUT);
    try {
      assertEquals("SCHEMA_ALREADY_EXISTS",
          failsSql(NamespaceAlreadyExistsException.class, "CREATE NAMESPACE ns_it").errorClass());
      spark.sql("CREATE TABLE ns_it.t_it (a INT) USING parquet").collectAsList().block(TIMEOUT);
      assertEquals("TABLE_OR_VIEW_ALREADY_EXISTS",
          failsSql(TableAlreadyExistsException.class, "CREATE TABLE ns_it.t_it (a INT) USING parquet").errorClass());
    } finally {
      spark.sql("DROP NAMESPACE IF EXISTS ns_it CASCADE").collectAsList().block(TIMEOUT);
    }
  }

  /**
   * A failing task: Spark 4.1.2 reports the stage failure with the task's top-level exception (its
   * FetchErrorDetails fails server-side for this case, so the deeper cause chain is not available).
   */
  @Test
  void aTaskFailureIsASparkExceptionNamingTheFailure() {
    SparkException e = failsSql(SparkException.class,
        "SELECT java_method('java.lang.Integer', 'parseInt', cast(id AS string) || 'x') FROM range(1)");
    assertTrue(e.getMessage().contains("Job aborted due to stage failure"), e.getMessage());
    assertTrue(e.getMessage().contains("InvocationTargetException"), e.getMessage());
  }

  @Test
  void theSessionWorksAfterErrors() {
    failsSql(ParseException.class, "SELEC 1");
    failsSql(SparkArithmeticException.class, "SELECT 1/0");
    assertEquals(10L, spark.range(10).count().block(TIMEOUT));
  }
}
