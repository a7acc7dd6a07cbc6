package io.github.reactivespark.connect.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class QueryGuardTest {

  @ParameterizedTest
  @ValueSource(strings = {"SELECT 1", "  select * from flights;", "WITH a AS (SELECT 1) SELECT * FROM a",
      "VALUES (1), (2)", "TABLE flights", "FROM flights SELECT origin", "(SELECT 1) UNION (SELECT 2)",
      "SELECT ';' AS semi, 'it''s', \"a;b\", `we;ird` FROM t", "SELECT 1 -- ; DROP TABLE t",
      "/* DROP TABLE t; /* nested */ */ SELECT 1", "SELECT 1; -- trailing", "SELECT 'a\\'b;'"})
  void queriesPass(String sql) {
    String wrapped = QueryGuard.subquery(sql);
    assertThat(wrapped).startsWith("SELECT * FROM (\n").endsWith("\n) AS query").doesNotContain(";\n)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"DROP TABLE t", "delete from t", "INSERT INTO t VALUES (1)", "SET a=b", "", "   ",
      "SELECT 1; DROP TABLE t", "SELECT 1) AS q; DROP TABLE t; SELECT * FROM (SELECT 1", "SELECT (1",
      "SELECT 'unterminated", "/* never closed SELECT 1", "'x' SELECT", "; SELECT 1", "SELECT 1;;",
      "CREATE TABLE u AS SELECT 1", "MERGE INTO t USING s ON true WHEN MATCHED THEN DELETE", "CALL x()"})
  void everythingElseIsRefused(String sql) {
    assertThatThrownBy(() -> QueryGuard.subquery(sql)).isInstanceOf(QueryGuard.NotAQueryException.class);
  }
}
