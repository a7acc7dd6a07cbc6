package io.github.reactivespark.connect.delta;

import static io.github.reactivespark.connect.functions.col;
import static io.github.reactivespark.connect.functions.expr;
import static io.github.reactivespark.connect.functions.lit;
import static io.github.reactivespark.connect.functions.upper;
import static io.github.reactivespark.connect.functions.when;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.reactivespark.connect.Column;
import io.github.reactivespark.connect.functions;
import io.github.reactivespark.connect.types.DataTypes;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Period;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The SQL renderer without a server: identifiers, literals of every type, operators, and the lexical check of SQL
 * strings. {@code DeltaSqlSafetyIT} evaluates the same renderings on a real server and compares them with the
 * values sent as protocol literals.
 */
class SqlTextTest {

  @Test
  void identifiersAreAlwaysBackQuotedWithBackQuotesDoubled() {
    assertEquals("`a`", SqlText.identifier("a"));
    assertEquals("`we``ird; DROP TABLE t --`", SqlText.identifier("we`ird; DROP TABLE t --"));
    assertEquals("`db`.`my table`", SqlText.qualifiedName("db.`my table`"));
    assertEquals("`cat`.`db`.`t`", SqlText.qualifiedName("cat.db.t"));
    assertEquals(List.of("a.b", "c`d"), SqlText.parseMultipart("`a.b`.`c``d`"));
    assertEquals("delta.`/tmp/x``y`", SqlText.pathIdentifier("/tmp/x`y"));
  }

  @Test
  void malformedNamesAreRefused() {
    for (String bad : List.of("", "a.", ".a", "a..b", "`a", "a;b", "a b", "t; DROP TABLE x", "`a`b", "a-b")) {
      assertThrows(IllegalArgumentException.class, () -> SqlText.parseMultipart(bad), bad);
    }
  }

  @Test
  void stringsWithoutQuoteOrBackslashArePlainOthersAreHexOfTheirUtf8() {
    assertEquals("'O Hare'", SqlText.expression(lit("O Hare")));
    String hostile = "x'; DROP TABLE t; --\\";
    String hex = HexFormat.of().withUpperCase().formatHex(hostile.getBytes(StandardCharsets.UTF_8));
    assertEquals("CAST(X'" + hex + "' AS STRING)", SqlText.expression(lit(hostile)));
    assertEquals("'caf\u00e9 \u6771\u4eac'", SqlText.expression(lit("caf\u00e9 \u6771\u4eac")));
  }

  @Test
  void literalsKeepTheirTypes() {
    assertEquals("TRUE", SqlText.expression(lit(true)));
    assertEquals("7Y", SqlText.expression(lit((byte) 7)));
    assertEquals("(-7S)", SqlText.expression(lit((short) -7)));
    assertEquals("42", SqlText.expression(lit(42)));
    assertEquals("(-9223372036854775808L)", SqlText.expression(lit(Long.MIN_VALUE)));
    assertEquals("1.5F", SqlText.expression(lit(1.5f)));
    assertEquals("1.0E-10D", SqlText.expression(lit(1e-10)));
    assertEquals("CAST('NaN' AS DOUBLE)", SqlText.expression(lit(Double.NaN)));
    assertEquals("CAST('-Infinity' AS FLOAT)", SqlText.expression(lit(Float.NEGATIVE_INFINITY)));
    assertEquals("CAST(123.450BD AS DECIMAL(6,3))", SqlText.expression(lit(new BigDecimal("123.450"))));
    assertEquals("X'00FF27'", SqlText.expression(lit(new byte[] {0, -1, '\''})));
    assertEquals("DATE '2001-01-02'", SqlText.expression(lit(LocalDate.of(2001, 1, 2))));
    assertEquals("TIMESTAMP_LTZ '2001-01-01 00:00:00.000001Z'",
        SqlText.expression(lit(Instant.parse("2001-01-01T00:00:00.000001Z"))));
    assertEquals("TIMESTAMP_NTZ '2001-06-30 23:59:59.500000'",
        SqlText.expression(lit(LocalDateTime.of(2001, 6, 30, 23, 59, 59, 500_000_000))));
    assertEquals("INTERVAL '-1 02:03:04.500000' DAY TO SECOND",
        SqlText.expression(lit(Duration.ofDays(-1).minusHours(2).minusMinutes(3).minusSeconds(4).minusMillis(500))));
    assertEquals("INTERVAL '1-2' YEAR TO MONTH", SqlText.expression(lit(Period.ofMonths(14))));
    assertEquals("NULL", SqlText.expression(lit(null)));
    assertThrows(IllegalArgumentException.class, () -> SqlText.expression(lit(LocalDate.of(10000, 1, 1))));
  }

  @Test
  void negativeLiteralsCannotFormAComment() {
    String sql = SqlText.expression(col("a").minus(-1));
    assertEquals("(`a` - (-1))", sql);
    assertTrue(!sql.contains("--"));
  }

  @Test
  void operatorsFunctionsAndCasts() {
    assertEquals("((`t`.`id` = `s`.`id`) AND (`s`.`amount` > 0.5D))",
        SqlText.expression(col("t.id").equalTo(col("s.id")).and(col("s.amount").gt(0.5))));
    assertEquals("(NOT (`a` = 1))", SqlText.expression(col("a").notEqual(1)));
    assertEquals("(`a` IN (1, 2, 3))", SqlText.expression(col("a").isin(1, 2, 3)));
    assertEquals("upper(`name`)", SqlText.expression(upper(col("name"))));
    assertEquals("CASE WHEN (`a` > 1) THEN 'big' ELSE 'small' END",
        SqlText.expression(when(col("a").gt(1), "big").otherwise("small")));
    assertEquals("CAST(`a` AS BIGINT)", SqlText.expression(col("a").cast(DataTypes.LongType)));
    assertEquals("TRY_CAST(`a` AS int)", SqlText.expression(col("a").try_cast("int")));
    assertEquals("isnull(`a`)", SqlText.expression(col("a").isNull()));
    assertEquals("(`m`)['k']", SqlText.expression(col("m").getItem("k")));
    assertEquals("`db`.`f`(1)", SqlText.expression(functions.call_function("db.f", lit(1))));
    assertEquals("`t`.*", SqlText.expression(col("t.*")));
    assertThrows(IllegalArgumentException.class, () -> SqlText.expression(col("a").cast("int; DROP TABLE t")));
  }

  @Test
  void expressionsWithoutSqlFormAreRefused() {
    Column window = functions.row_number().over(io.github.reactivespark.connect.Window.orderBy("a"));
    assertThrows(IllegalArgumentException.class, () -> SqlText.expression(window));
    assertThrows(IllegalArgumentException.class, () -> SqlText.expression(col("s").withField("f", lit(1))));
  }

  @Test
  void sqlStringsMustStayOneExpression() {
    assertEquals("(amount > 5 AND name = 'a;b' AND `x)y` = \"q\\\"(\")",
        SqlText.expression(expr("amount > 5 AND name = 'a;b' AND `x)y` = \"q\\\"(\"")));
    assertEquals("(f(a[1]) = r'\\')", SqlText.expression(expr("f(a[1]) = r'\\'")));
    for (String bad : List.of("1=1) OR (1=1", "a = 1; DROP TABLE t", "a = 1 -- comment", "a /* x */ = 1",
        "a = 'unclosed", "`unclosed = 1", "(a = 1", "a]", "f(a]", "  ")) {
      assertThrows(IllegalArgumentException.class, () -> SqlText.checkedExpression(bad), bad);
    }
  }

  @Test
  void propertiesAndStringTokensEscapeQuoteAndBackslash() {
    assertEquals("'it\\'s \\\\ ok'", SqlText.stringLiteral("it's \\ ok"));
    assertEquals("('delta.enableTypeWidening' = 'true', 'k\\'' = 'v')",
        SqlText.properties(new java.util.LinkedHashMap<>(Map.of("delta.enableTypeWidening", "true")) {
          {
            put("k'", "v");
          }
        }));
    assertEquals("2001-01-01 00:00:00.000001Z", SqlText.timestamp(Instant.parse("2001-01-01T00:00:00.000001Z")));
  }
}
