package io.github.reactivespark.connect.internal.arrow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.reactivespark.connect.Row;
import io.github.reactivespark.connect.types.CalendarInterval;
import io.github.reactivespark.connect.types.DataTypes;
import io.github.reactivespark.connect.types.StructType;
import io.github.reactivespark.connect.types.VariantVal;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.Period;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.Decimal256Vector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.DurationVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.IntervalMonthDayNanoVector;
import org.apache.arrow.vector.IntervalYearVector;
import org.apache.arrow.vector.LargeVarBinaryVector;
import org.apache.arrow.vector.LargeVarCharVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeNanoVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.IntervalUnit;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Builds record batches with the Arrow types a Spark 4.1.2 server sends (see {@link ArrowRows}) and checks the exact
 * Java values; the allocator must be empty after each test.
 */
class ArrowRowsTest {
  private BufferAllocator allocator;

  @BeforeEach
  void open() {
    allocator = new RootAllocator();
  }

  @AfterEach
  void close() {
    assertEquals(0, allocator.getAllocatedMemory(), "Arrow memory outstanding");
    allocator.close();
  }

  private static Field field(String name, ArrowType type, Field... children) {
    return new Field(name, FieldType.nullable(type), children.length == 0 ? null : List.of(children));
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void everyAtomicType() {
    Schema arrow = new Schema(List.of(
        field("b", ArrowType.Bool.INSTANCE),
        field("y", new ArrowType.Int(8, true)),
        field("s", new ArrowType.Int(16, true)),
        field("i", new ArrowType.Int(32, true)),
        field("l", new ArrowType.Int(64, true)),
        field("f", new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE)),
        field("d", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
        field("dec", new ArrowType.Decimal(10, 2, 128)),
        field("dec256", new ArrowType.Decimal(38, 3, 256)),
        field("str", ArrowType.Utf8.INSTANCE),
        field("lstr", ArrowType.LargeUtf8.INSTANCE),
        field("ch", ArrowType.Utf8.INSTANCE),
        field("bin", ArrowType.Binary.INSTANCE),
        field("lbin", ArrowType.LargeBinary.INSTANCE),
        field("dt", new ArrowType.Date(DateUnit.DAY)),
        field("ts", new ArrowType.Timestamp(TimeUnit.MICROSECOND, "Etc/UTC")),
        field("ntz", new ArrowType.Timestamp(TimeUnit.MICROSECOND, null)),
        field("t", new ArrowType.Time(TimeUnit.NANOSECOND, 64)),
        field("dti", new ArrowType.Duration(TimeUnit.MICROSECOND)),
        field("ym", new ArrowType.Interval(IntervalUnit.YEAR_MONTH)),
        field("ci", new ArrowType.Interval(IntervalUnit.MONTH_DAY_NANO)),
        field("n", ArrowType.Null.INSTANCE)));
    StructType schema = DataTypes.createStructType(
        DataTypes.createStructField("b", DataTypes.BooleanType, true),
        DataTypes.createStructField("y", DataTypes.ByteType, true),
        DataTypes.createStructField("s", DataTypes.ShortType, true),
        DataTypes.createStructField("i", DataTypes.IntegerType, true),
        DataTypes.createStructField("l", DataTypes.LongType, true),
        DataTypes.createStructField("f", DataTypes.FloatType, true),
        DataTypes.createStructField("d", DataTypes.DoubleType, true),
        DataTypes.createStructField("dec", DataTypes.createDecimalType(10, 2), true),
        DataTypes.createStructField("dec256", DataTypes.createDecimalType(38, 3), true),
        DataTypes.createStructField("str", DataTypes.StringType, true),
        DataTypes.createStructField("lstr", DataTypes.createStringType("UTF8_LCASE"), true),
        DataTypes.createStructField("ch", DataTypes.createCharType(3), true),
        DataTypes.createStructField("bin", DataTypes.BinaryType, true),
        DataTypes.createStructField("lbin", DataTypes.BinaryType, true),
        DataTypes.createStructField("dt", DataTypes.DateType, true),
        DataTypes.createStructField("ts", DataTypes.TimestampType, true),
        DataTypes.createStructField("ntz", DataTypes.TimestampNTZType, true),
        DataTypes.createStructField("t", DataTypes.createTimeType(6), true),
        DataTypes.createStructField("dti", DataTypes.createDayTimeIntervalType(), true),
        DataTypes.createStructField("ym", DataTypes.createYearMonthIntervalType(), true),
        DataTypes.createStructField("ci", DataTypes.CalendarIntervalType, true),
        DataTypes.createStructField("n", DataTypes.NullType, true));

    List<Row> rows;
    try (VectorSchemaRoot root = VectorSchemaRoot.create(arrow, allocator)) {
      root.allocateNew();
      // row 0: values; row 1: all null; row 2: negative / pre-epoch values
      ((BitVector) root.getVector("b")).setSafe(0, 1);
      ((BitVector) root.getVector("b")).setSafe(2, 0);
      ((TinyIntVector) root.getVector("y")).setSafe(0, 1);
      ((TinyIntVector) root.getVector("y")).setSafe(2, -128);
      ((SmallIntVector) root.getVector("s")).setSafe(0, 2);
      ((SmallIntVector) root.getVector("s")).setSafe(2, -32768);
      ((IntVector) root.getVector("i")).setSafe(0, 3);
      ((IntVector) root.getVector("i")).setSafe(2, Integer.MIN_VALUE);
      ((BigIntVector) root.getVector("l")).setSafe(0, 4L);
      ((BigIntVector) root.getVector("l")).setSafe(2, Long.MIN_VALUE);
      ((Float4Vector) root.getVector("f")).setSafe(0, 1.5f);
      ((Float4Vector) root.getVector("f")).setSafe(2, Float.NaN);
      ((Float8Vector) root.getVector("d")).setSafe(0, 2.5d);
      ((Float8Vector) root.getVector("d")).setSafe(2, Double.NEGATIVE_INFINITY);
      ((DecimalVector) root.getVector("dec")).setSafe(0, new BigDecimal("12.34"));
      ((DecimalVector) root.getVector("dec")).setSafe(2, new BigDecimal("-1.05"));
      ((Decimal256Vector) root.getVector("dec256")).setSafe(0, new BigDecimal("12345678901234567890123456789012345.678"));
      ((Decimal256Vector) root.getVector("dec256")).setSafe(2, new BigDecimal("0.000"));
      ((VarCharVector) root.getVector("str")).setSafe(0, utf8("abc"));
      ((VarCharVector) root.getVector("str")).setSafe(2, utf8(""));
      ((LargeVarCharVector) root.getVector("lstr")).setSafe(0, utf8("été"));
      ((LargeVarCharVector) root.getVector("lstr")).setSafe(2, utf8("𝄞"));
      ((VarCharVector) root.getVector("ch")).setSafe(0, utf8("x  "));
      ((VarBinaryVector) root.getVector("bin")).setSafe(0, new byte[] {1, 2});
      ((VarBinaryVector) root.getVector("bin")).setSafe(2, new byte[0]);
      ((LargeVarBinaryVector) root.getVector("lbin")).setSafe(0, new byte[] {(byte) 0xff});
      ((DateDayVector) root.getVector("dt")).setSafe(0, 19782);
      ((DateDayVector) root.getVector("dt")).setSafe(2, -1);
      ((TimeStampMicroTZVector) root.getVector("ts")).setSafe(0, 1704164645123456L);
      ((TimeStampMicroTZVector) root.getVector("ts")).setSafe(2, -1L);
      ((TimeStampMicroVector) root.getVector("ntz")).setSafe(0, 1704164645123456L);
      ((TimeStampMicroVector) root.getVector("ntz")).setSafe(2, -1_500_000L);
      ((TimeNanoVector) root.getVector("t")).setSafe(0, 45296123456000L);
      ((TimeNanoVector) root.getVector("t")).setSafe(2, 0L);
      ((DurationVector) root.getVector("dti")).setSafe(0, 93_784_500_000L);
      ((DurationVector) root.getVector("dti")).setSafe(2, -1L);
      ((IntervalYearVector) root.getVector("ym")).setSafe(0, 14);
      ((IntervalYearVector) root.getVector("ym")).setSafe(2, -3);
      ((IntervalMonthDayNanoVector) root.getVector("ci")).setSafe(0, 14, 3, 14_706_700_000_000L);
      ((IntervalMonthDayNanoVector) root.getVector("ci")).setSafe(2, -1, -2, -3_000L);
      for (FieldVector v : root.getFieldVectors()) {
        v.setValueCount(3);
      }
      root.setRowCount(3);
      rows = ArrowRows.toRows(root, schema, ArrowRowsTest::row);
    }

    assertEquals(3, rows.size());
    Row r0 = rows.get(0);
    assertEquals(Arrays.asList(true, (byte) 1, (short) 2, 3, 4L, 1.5f, 2.5d, new BigDecimal("12.34"),
        new BigDecimal("12345678901234567890123456789012345.678"), "abc", "été", "x  "), r0.toList().subList(0, 12));
    assertArrayEquals(new byte[] {1, 2}, r0.getAs(12));
    assertArrayEquals(new byte[] {(byte) 0xff}, r0.getAs(13));
    assertEquals(Arrays.asList(LocalDate.of(2024, 2, 29), Instant.parse("2024-01-02T03:04:05.123456Z"),
        LocalDateTime.of(2024, 1, 2, 3, 4, 5, 123_456_000), LocalTime.of(12, 34, 56, 123_456_000),
        Duration.parse("PT26H3M4.5S"), Period.of(1, 2, 0), new CalendarInterval(14, 3, 14_706_700_000L), null),
        r0.toList().subList(14, 22));
    assertEquals(2, r0.getDecimal(7).scale());
    assertEquals(schema, r0.schema());

    Row r1 = rows.get(1);
    for (int c = 0; c < r1.size(); c++) {
      assertTrue(r1.isNullAt(c), "column " + c);
    }

    Row r2 = rows.get(2);
    assertEquals(Arrays.asList(false, (byte) -128, (short) -32768, Integer.MIN_VALUE, Long.MIN_VALUE, Float.NaN,
        Double.NEGATIVE_INFINITY, new BigDecimal("-1.05"), new BigDecimal("0.000"), "", "𝄞", null),
        r2.toList().subList(0, 12));
    assertArrayEquals(new byte[0], r2.getAs(12));
    assertNull(r2.get(13));
    assertEquals(Arrays.asList(LocalDate.of(1969, 12, 31), Instant.parse("1969-12-31T23:59:59.999999Z"),
        LocalDateTime.of(1969, 12, 31, 23, 59, 58, 500_000_000), LocalTime.MIDNIGHT, Duration.ofNanos(-1_000),
        Period.ofMonths(-3), new CalendarInterval(-1, -2, -3L), null), r2.toList().subList(14, 22));
  }

  @Test
  void nestedArraysOfStructsOfMapsWithNullsAtEveryLevel() {
    // array<struct<m: map<int,string>, v: variant>>, as Spark 4.1.2 lays it out
    Field value = new Field("value", FieldType.notNullable(ArrowType.Binary.INSTANCE), null);
    Field metadata = new Field("metadata", new FieldType(false, ArrowType.Binary.INSTANCE, null,
        Map.of("variant", "true")), null);
    Field entries = new Field("entries", FieldType.notNullable(ArrowType.Struct.INSTANCE), List.of(
        new Field("key", FieldType.notNullable(new ArrowType.Int(32, true)), null),
        field("value", ArrowType.Utf8.INSTANCE)));
    Field element = field("element", ArrowType.Struct.INSTANCE,
        new Field("m", FieldType.nullable(new ArrowType.Map(false)), List.of(entries)),
        field("v", ArrowType.Struct.INSTANCE, value, metadata));
    Schema arrow = new Schema(List.of(field("nested", ArrowType.List.INSTANCE, element)));
    StructType elementType = DataTypes.createStructType(
        DataTypes.createStructField("m", DataTypes.createMapType(DataTypes.IntegerType, DataTypes.StringType), true),
        DataTypes.createStructField("v", DataTypes.VariantType, true));
    StructType schema = DataTypes.createStructType(
        DataTypes.createStructField("nested", DataTypes.createArrayType(elementType, true), true));

    List<Row> rows;
    try (VectorSchemaRoot root = VectorSchemaRoot.create(arrow, allocator)) {
      root.allocateNew();
      ListVector list = (ListVector) root.getVector("nested");
      StructVector structs = (StructVector) list.getDataVector();
      MapVector maps = (MapVector) structs.getChild("m");
      StructVector mapEntries = (StructVector) maps.getDataVector();
      IntVector keys = (IntVector) mapEntries.getChildByOrdinal(0);
      VarCharVector values = (VarCharVector) mapEntries.getChildByOrdinal(1);
      StructVector variants = (StructVector) structs.getChild("v");
      VarBinaryVector vValue = (VarBinaryVector) variants.getChild("value");
      VarBinaryVector vMeta = (VarBinaryVector) variants.getChild("metadata");

      // row 0: [{m: {2: "b", 1: null}, v: "short"}, null, {m: null, v: null}, {m: {}, v: null}]
      list.startNewValue(0);
      structs.setIndexDefined(0);
      maps.startNewValue(0);
      mapEntries.setIndexDefined(0);
      keys.setSafe(0, 2);
      values.setSafe(0, utf8("b"));
      mapEntries.setIndexDefined(1);
      keys.setSafe(1, 1);
      values.setNull(1);
      maps.endValue(0, 2);
      variants.setIndexDefined(0);
      vValue.setSafe(0, new byte[] {0x15, 's', 'h', 'o', 'r', 't'});
      vMeta.setSafe(0, new byte[] {1, 0, 0});
      structs.setNull(1);
      maps.setNull(1);
      variants.setNull(1);
      structs.setIndexDefined(2);
      maps.setNull(2);
      variants.setNull(2);
      structs.setIndexDefined(3);
      maps.startNewValue(3);
      maps.endValue(3, 0);
      variants.setNull(3);
      list.endValue(0, 4);
      // row 1: null
      list.setNull(1);
      // row 2: []
      list.startNewValue(2);
      list.endValue(2, 0);

      mapEntries.setValueCount(2);
      maps.setValueCount(4);
      vValue.setValueCount(4);
      vMeta.setValueCount(4);
      variants.setValueCount(4);
      structs.setValueCount(4);
      list.setValueCount(3);
      root.setRowCount(3);
      rows = ArrowRows.toRows(root, schema, ArrowRowsTest::row);
    }

    Map<Integer, String> firstMap = new LinkedHashMap<>();
    firstMap.put(2, "b");
    firstMap.put(1, null);
    List<Object> first = new ArrayList<>();
    first.add(Row.of(elementType, List.of(firstMap,
        new VariantVal(new byte[] {0x15, 's', 'h', 'o', 'r', 't'}, new byte[] {1, 0, 0}))));
    first.add(null);
    first.add(Row.of(elementType, Arrays.asList(null, null)));
    first.add(Row.of(elementType, Arrays.asList(Map.of(), null)));
    assertEquals(List.of(Row.of(schema, List.of(first)), Row.of(schema, Arrays.asList((Object) null)),
        Row.of(schema, List.of(List.of()))), rows);

    List<Row> elements = rows.get(0).getList(0);
    Map<Integer, String> m = elements.get(0).getMap(0);
    assertEquals(List.of(2, 1), new ArrayList<>(m.keySet()), "map keeps Spark's entry order");
    assertEquals("\"short\"", ((VariantVal) elements.get(0).get("v")).toJson());
    assertThrows(UnsupportedOperationException.class, () -> m.put(3, "c"));
    assertThrows(UnsupportedOperationException.class, () -> elements.set(0, null));
    assertEquals("[[[{2=b, 1=null},\"short\"], null, [null,null], [{},null]]]", rows.get(0).toString());
  }

  @Test
  void mismatchedArrowTypeNamesTheColumn() {
    Schema arrow = new Schema(List.of(field("a", new ArrowType.Int(32, true))));
    StructType schema = DataTypes.createStructType(DataTypes.createStructField("a", DataTypes.LongType, true));
    try (VectorSchemaRoot root = VectorSchemaRoot.create(arrow, allocator)) {
      root.setRowCount(0);
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> ArrowRows.toRows(root, schema, ArrowRowsTest::row));
      assertEquals("column a: Spark type bigint cannot be read from Arrow Int(32, true) (IntVector)", e.getMessage());
      StructType two = schema.add("b", DataTypes.LongType);
      assertThrows(IllegalStateException.class, () -> ArrowRows.toRows(root, two, ArrowRowsTest::row));
    }
  }

  /** Rows as the public {@code Row} makes them (its package-private factory copies nothing; this one does). */
  private static Row row(StructType schema, @org.jspecify.annotations.Nullable Object[] values) {
    return Row.of(schema, java.util.Arrays.asList(values));
  }
}
