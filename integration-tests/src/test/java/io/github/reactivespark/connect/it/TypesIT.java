package io.github.reactivespark.connect.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.github.reactivespark.connect.Row;
import io.github.reactivespark.connect.types.CalendarInterval;
import io.github.reactivespark.connect.types.StructType;
import io.github.reactivespark.connect.types.VariantVal;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.Period;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every Spark SQL type, produced by the real server, decoded to its documented Java type and value. */
class TypesIT extends ServerTestBase {

  @BeforeEach
  void utc() {
    spark.conf().set("spark.sql.session.timeZone", "UTC").block(TIMEOUT);
  }

  private Row one(String... selectList) {
    List<Row> rows = spark.sql("SELECT " + String.join(", ", selectList)).collectAsList().block(TIMEOUT);
    assertEquals(1, rows.size());
    return rows.get(0);
  }

  @Test
  void primitivesDecimalsAndStrings() {
    Row r = one("true", "cast(-7 AS tinyint)", "cast(-300 AS smallint)", "2147483647", "9223372036854775807L",
        "cast(1.5 AS float)", "cast(2.25 AS double)",
        "cast('12345678901234567890.123456789' AS decimal(38,9))", "cast(-0.5 AS decimal(3,2))",
        "'héllo ✓ 🚀'", "X'CAFE00'", "cast('x' AS char(3))", "cast('abc' AS varchar(5))");
    assertEquals(Boolean.TRUE, r.get(0));
    assertEquals((byte) -7, r.get(1));
    assertEquals((short) -300, r.get(2));
    assertEquals(Integer.MAX_VALUE, r.get(3));
    assertEquals(Long.MAX_VALUE, r.get(4));
    assertEquals(1.5f, r.get(5));
    assertEquals(2.25d, r.get(6));
    assertEquals(new BigDecimal("12345678901234567890.123456789"), r.get(7));
    assertEquals(9, r.getDecimal(7).scale());
    assertEquals(new BigDecimal("-0.50"), r.get(8));
    assertEquals("héllo ✓ 🚀", r.get(9));
    assertArrayEquals(new byte[] {(byte) 0xCA, (byte) 0xFE, 0}, (byte[]) r.get(10));
    assertEquals("x", r.get(11), "Spark 4 does not pad CHAR in a projection");
    assertEquals("abc", r.get(12));
    StructType s = r.schema();
    assertEquals(List.of("boolean", "tinyint", "smallint", "int", "bigint", "float", "double", "decimal(38,9)",
            "decimal(3,2)", "string", "binary", "string", "string"),
        s.fields().stream().map(f -> f.dataType().simpleString()).toList());
  }

  @Test
  void datesAndTimestamps() {
    Row r = one("DATE'2001-06-30'", "TIMESTAMP'2001-01-01 12:34:56.789012'",
        "TIMESTAMP_NTZ'2001-01-01 12:34:56.789012'", "DATE'1582-10-04'", "TIMESTAMP'1969-12-31 23:59:59.999999'");
    assertEquals(LocalDate.of(2001, 6, 30), r.get(0));
    assertEquals(Instant.parse("2001-01-01T12:34:56.789012Z"), r.get(1));
    assertEquals(LocalDateTime.of(2001, 1, 1, 12, 34, 56, 789_012_000), r.get(2));
    assertEquals(LocalDate.of(1582, 10, 4), r.get(3));
    assertEquals(Instant.parse("1969-12-31T23:59:59.999999Z"), r.get(4));
    assertEquals(List.of("date", "timestamp", "timestamp_ntz", "date", "timestamp"),
        r.schema().fields().stream().map(f -> f.dataType().simpleString()).toList());
  }

  @Test
  void intervalsTimeAndVariant() {
    spark.conf().set("spark.sql.timeType.enabled", "true").block(TIMEOUT);
    Row r = one("INTERVAL '1 02:03:04.5' DAY TO SECOND", "INTERVAL '1-2' YEAR TO MONTH",
        "make_interval(1, 2, 3, 4, 5, 6, 7.25)", "TIME'12:34:56.123456'",
        "parse_json('{\"a\":[1,2.5,{\"b\":null}],\"c\":\"x\"}')");
    assertEquals(Duration.ofDays(1).plusHours(2).plusMinutes(3).plusSeconds(4).plusMillis(500), r.get(0));
    assertEquals(Period.of(1, 2, 0), r.get(1));
    assertEquals(new CalendarInterval(14, 25, (5L * 3600 + 6 * 60) * 1_000_000 + 7_250_000), r.get(2));
    assertEquals(LocalTime.of(12, 34, 56, 123_456_000), r.get(3));
    VariantVal v = assertInstanceOf(VariantVal.class, r.get(4));
    assertEquals("{\"a\":[1,2.5,{\"b\":null}],\"c\":\"x\"}", v.toJson());
    assertEquals(List.of("interval day to second", "interval year to month", "interval", "time(6)", "variant"),
        r.schema().fields().stream().map(f -> f.dataType().simpleString()).toList());
  }

  @Test
  void nestedArraysMapsStructsAndNulls() {
    Row r = one("array(1, null, 3) AS a", "map('k1', 1, 'k2', null) AS m",
        "named_struct('x', 1, 'y', named_struct('z', array(named_struct('w', map('k', array('v', null)))))) AS st",
        "null AS n", "cast(null AS int) AS ni", "array() AS empty", "array(array(1), null, array()) AS aa",
        "cast(null AS struct<p: int>) AS ns");
    assertEquals(Arrays.asList(1, null, 3), r.get(0));
    Map<String, Integer> m = new LinkedHashMap<>();
    m.put("k1", 1);
    m.put("k2", null);
    assertEquals(m, r.get(1));
    Row st = r.getStruct(2);
    assertEquals(1, st.get("x"));
    Row y = st.getStruct(1);
    List<Row> z = y.getList(0);
    assertEquals(1, z.size());
    assertEquals(Map.of("k", Arrays.asList("v", null)), z.get(0).get("w"));
    assertNull(r.get(3));
    assertNull(r.get(4));
    assertEquals(List.of(), r.get(5));
    assertEquals(Arrays.asList(List.of(1), null, List.of()), r.get(6));
    assertNull(r.get(7));
    assertEquals("struct<x:int,y:struct<z:array<struct<w:map<string,array<string>>>>>>",
        r.schema().fields().get(2).dataType().simpleString());
    assertEquals("void", r.schema().fields().get(3).dataType().simpleString());
  }

  @Test
  void typesSurviveManyBatchesAndNullsInEveryColumn() {
    spark.conf().set("spark.sql.execution.arrow.maxRecordsPerBatch", "100").block(TIMEOUT);
    List<Row> rows = spark.sql("SELECT id, IF(id % 3 = 0, NULL, cast(id AS decimal(20,2))) AS d,"
        + " IF(id % 5 = 0, NULL, array(id, id + 1)) AS a, IF(id % 7 = 0, NULL, date_add(DATE'2001-01-01', cast(id AS int))) AS dt"
        + " FROM range(1000)").collectAsList().block(TIMEOUT);
    assertEquals(1000, rows.size());
    for (Row r : rows) {
      long id = r.getLong(0);
      assertEquals(id % 3 == 0 ? null : BigDecimal.valueOf(id).setScale(2), r.get(1));
      assertEquals(id % 5 == 0 ? null : List.of(id, id + 1), r.get(2));
      assertEquals(id % 7 == 0 ? null : LocalDate.of(2001, 1, 1).plusDays(id), r.get(3));
    }
  }
}
