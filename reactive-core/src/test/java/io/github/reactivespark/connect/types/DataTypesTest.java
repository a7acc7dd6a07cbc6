package io.github.reactivespark.connect.types;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DataTypesTest {

  @Test
  void atomicNamesMatchSpark() {
    // typeName (printSchema), simpleString (typeof() on a 4.1.2 server), sql
    Object[][] cases = {
        {DataTypes.BooleanType, "boolean", "boolean", "BOOLEAN"},
        {DataTypes.ByteType, "byte", "tinyint", "TINYINT"},
        {DataTypes.ShortType, "short", "smallint", "SMALLINT"},
        {DataTypes.IntegerType, "integer", "int", "INT"},
        {DataTypes.LongType, "long", "bigint", "BIGINT"},
        {DataTypes.FloatType, "float", "float", "FLOAT"},
        {DataTypes.DoubleType, "double", "double", "DOUBLE"},
        {DataTypes.createDecimalType(10, 2), "decimal(10,2)", "decimal(10,2)", "DECIMAL(10,2)"},
        {DataTypes.StringType, "string", "string", "STRING"},
        {DataTypes.createStringType("UTF8_LCASE"), "string collate UTF8_LCASE", "string collate UTF8_LCASE",
            "STRING COLLATE UTF8_LCASE"},
        {DataTypes.createCharType(3), "char(3)", "char(3)", "CHAR(3)"},
        {DataTypes.createVarcharType(5), "varchar(5)", "varchar(5)", "VARCHAR(5)"},
        {DataTypes.BinaryType, "binary", "binary", "BINARY"},
        {DataTypes.DateType, "date", "date", "DATE"},
        {DataTypes.TimestampType, "timestamp", "timestamp", "TIMESTAMP"},
        {DataTypes.TimestampNTZType, "timestamp_ntz", "timestamp_ntz", "TIMESTAMP_NTZ"},
        {DataTypes.createTimeType(6), "time(6)", "time(6)", "TIME(6)"},
        {DataTypes.createDayTimeIntervalType(), "interval day to second", "interval day to second",
            "INTERVAL DAY TO SECOND"},
        {DataTypes.createDayTimeIntervalType(1, 1), "interval hour", "interval hour", "INTERVAL HOUR"},
        {DataTypes.createDayTimeIntervalType(2, 3), "interval minute to second", "interval minute to second",
            "INTERVAL MINUTE TO SECOND"},
        {DataTypes.createYearMonthIntervalType(), "interval year to month", "interval year to month",
            "INTERVAL YEAR TO MONTH"},
        {DataTypes.createYearMonthIntervalType(1, 1), "interval month", "interval month", "INTERVAL MONTH"},
        {DataTypes.CalendarIntervalType, "calendarinterval", "interval", "INTERVAL"},
        {DataTypes.NullType, "void", "void", "VOID"},
        {DataTypes.VariantType, "variant", "variant", "VARIANT"},
        {new GeometryType(0), "geometry(0)", "geometry(0)", "GEOMETRY(0)"},
        {new GeographyType(4326), "geography(4326)", "geography(4326)", "GEOGRAPHY(4326)"},
    };
    for (Object[] c : cases) {
      DataType t = (DataType) c[0];
      assertEquals(c[1], t.typeName(), "typeName of " + t);
      assertEquals(c[2], t.simpleString(), "simpleString of " + t);
      assertEquals(c[3], t.sql(), "sql of " + t);
    }
  }

  @Test
  void nestedSimpleStringMatchesTypeof() {
    // typeof(map('a', array(named_struct('x', 1)))) on Spark 4.1.2
    DataType t = DataTypes.createMapType(DataTypes.StringType, DataTypes.createArrayType(
        DataTypes.createStructType(DataTypes.createStructField("x", DataTypes.IntegerType, false))));
    assertEquals("map<string,array<struct<x:int>>>", t.simpleString());
    assertEquals("MAP<STRING, ARRAY<STRUCT<x: INT NOT NULL>>>", t.sql());
    // typeof(named_struct('a b', 1, '`q', 2))
    StructType weird = new StructType(List.of()).add("a b", DataTypes.IntegerType).add("`q", DataTypes.IntegerType);
    assertEquals("struct<a b:int,`q:int>", weird.simpleString());
    assertEquals("STRUCT<`a b`: INT, ```q`: INT>", weird.sql());
  }

  @Test
  void wideStructIsTruncatedInSimpleStringOnly() {
    StructType t = new StructType(List.of());
    for (int i = 0; i < 30; i++) {
      t = t.add("c" + i, DataTypes.IntegerType);
    }
    assertTrue(t.simpleString().endsWith(",c23:int,... 6 more fields>"), t.simpleString());
    assertTrue(t.catalogString().endsWith(",c29:int>"));
  }

  @Test
  void treeStringMatchesPrintSchema() {
    StructType schema = DataTypes.createStructType(
        DataTypes.createStructField("id", DataTypes.LongType, false),
        DataTypes.createStructField("arr", DataTypes.createArrayType(DataTypes.IntegerType), true),
        DataTypes.createStructField("m", DataTypes.createMapType(DataTypes.StringType,
            DataTypes.createArrayType(DataTypes.createStructType(
                DataTypes.createStructField("x", DataTypes.createDecimalType(10, 2), true)), false), false), true),
        DataTypes.createStructField("a\nb", DataTypes.TimestampNTZType, true));
    String expected = "root\n"
        + " |-- id: long (nullable = false)\n"
        + " |-- arr: array (nullable = true)\n"
        + " |    |-- element: integer (containsNull = true)\n"
        + " |-- m: map (nullable = true)\n"
        + " |    |-- key: string\n"
        + " |    |-- value: array (valueContainsNull = false)\n"
        + " |    |    |-- element: struct (containsNull = false)\n"
        + " |    |    |    |-- x: decimal(10,2) (nullable = true)\n"
        + " |-- a\\nb: timestamp_ntz (nullable = true)\n";
    assertEquals(expected, schema.treeString());
    String depth2 = "root\n"
        + " |-- id: long (nullable = false)\n"
        + " |-- arr: array (nullable = true)\n"
        + " |    |-- element: integer (containsNull = true)\n"
        + " |-- m: map (nullable = true)\n"
        + " |    |-- key: string\n"
        + " |    |-- value: array (valueContainsNull = false)\n"
        + " |-- a\\nb: timestamp_ntz (nullable = true)\n";
    assertEquals(depth2, schema.treeString(2));
  }

  @Test
  void toDdlQuotesNamesAndAddsNotNullDefaultAndComment() {
    StructType schema = DataTypes.createStructType(
        DataTypes.createStructField("id", DataTypes.LongType, false),
        DataTypes.createStructField("full name", DataTypes.StringType, true,
            "{\"comment\":\"it's \\\"x\\\"\",\"other\":{\"k\":[1,2]},\"CURRENT_DEFAULT\":\"'n/a'\"}"),
        DataTypes.createStructField("123", DataTypes.createArrayType(DataTypes.DateType), true));
    assertEquals("id BIGINT NOT NULL,`full name` STRING DEFAULT 'n/a' COMMENT 'it\\'s \"x\"',`123` ARRAY<DATE>",
        schema.toDDL());
    assertEquals(Optional.of("it's \"x\""), schema.field("full name").comment());
    assertEquals(Optional.empty(), schema.field("id").comment());
    assertThrows(IllegalArgumentException.class,
        () -> DataTypes.createStructField("x", DataTypes.IntegerType, true, "{\"comment\":").comment());
  }

  @Test
  void fieldLookups() {
    StructType schema = new StructType(new ArrayList<>()).add("a", DataTypes.IntegerType)
        .add("b", DataTypes.StringType, false).add("a", DataTypes.LongType);
    assertEquals(0, schema.fieldIndex("a"));
    assertEquals(1, schema.fieldIndex("b"));
    assertEquals(List.of("a", "b", "a"), List.of(schema.fieldNames()));
    assertEquals(Optional.empty(), schema.getFieldIndex("z"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> schema.fieldIndex("z"));
    assertEquals("Field \"z\" does not exist. Available fields: a, b, a", e.getMessage());
  }

  @Test
  void equalityIsStructural() {
    assertEquals(DataTypes.createArrayType(DataTypes.createDecimalType(5, 1), false),
        new ArrayType(new DecimalType(5, 1), false));
    assertNotEquals(DataTypes.createArrayType(DataTypes.IntegerType, false),
        DataTypes.createArrayType(DataTypes.IntegerType, true));
    assertEquals(DataTypes.createStructType(DataTypes.createStructField("a", DataTypes.IntegerType, true)).hashCode(),
        new StructType(List.of(new StructField("a", DataTypes.IntegerType, true, ""))).hashCode());
    assertNotEquals(DataTypes.StringType, DataTypes.createStringType("UTF8_LCASE"));
    assertEquals(DataTypes.StringType, DataTypes.createStringType("UTF8_BINARY"));
  }

  @Test
  void rejectsInvalidParameters() {
    assertThrows(IllegalArgumentException.class, () -> new DecimalType(39, 0));
    assertThrows(IllegalArgumentException.class, () -> new DecimalType(5, 6));
    assertThrows(IllegalArgumentException.class, () -> new TimeType(7));
    assertThrows(IllegalArgumentException.class, () -> new DayTimeIntervalType(3, 1));
    assertThrows(IllegalArgumentException.class, () -> new YearMonthIntervalType(0, 2));
    assertThrows(IllegalArgumentException.class, () -> new StringType(" "));
  }
}
