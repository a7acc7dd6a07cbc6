package io.github.reactivespark.connect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.reactivespark.connect.types.DataTypes;
import io.github.reactivespark.connect.types.StructType;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RowTest {
  private static final StructType INNER = DataTypes.createStructType(
      DataTypes.createStructField("x", DataTypes.IntegerType, true));
  private static final StructType SCHEMA = DataTypes.createStructType(
      DataTypes.createStructField("b", DataTypes.BooleanType, true),
      DataTypes.createStructField("y", DataTypes.ByteType, true),
      DataTypes.createStructField("s", DataTypes.ShortType, true),
      DataTypes.createStructField("i", DataTypes.IntegerType, true),
      DataTypes.createStructField("l", DataTypes.LongType, true),
      DataTypes.createStructField("f", DataTypes.FloatType, true),
      DataTypes.createStructField("d", DataTypes.DoubleType, true),
      DataTypes.createStructField("str", DataTypes.StringType, true),
      DataTypes.createStructField("dec", DataTypes.createDecimalType(10, 2), true),
      DataTypes.createStructField("dt", DataTypes.DateType, true),
      DataTypes.createStructField("ts", DataTypes.TimestampType, true),
      DataTypes.createStructField("arr", DataTypes.createArrayType(DataTypes.IntegerType), true),
      DataTypes.createStructField("m", DataTypes.createMapType(DataTypes.StringType, DataTypes.IntegerType), true),
      DataTypes.createStructField("st", INNER, true),
      DataTypes.createStructField("bin", DataTypes.BinaryType, true),
      DataTypes.createStructField("n", DataTypes.IntegerType, true));

  private static Row sample(byte[] bin) {
    return Row.of(SCHEMA, Arrays.asList(true, (byte) 1, (short) 2, 3, 4L, 1.5f, 2.5d, "a", new BigDecimal("12.34"),
        LocalDate.of(2024, 2, 29), Instant.parse("2024-01-02T03:04:05.123456Z"), Arrays.asList(1, null),
        Map.of("k", 1), Row.of(INNER, List.of(7)), bin, null));
  }

  @Test
  void typedGetters() {
    Row r = sample(new byte[] {1, 2});
    assertEquals(16, r.size());
    assertTrue(r.getBoolean(0));
    assertEquals((byte) 1, r.getByte(1));
    assertEquals((short) 2, r.getShort(2));
    assertEquals(3, r.getInt(3));
    assertEquals(4L, r.getLong(4));
    assertEquals(1.5f, r.getFloat(5));
    assertEquals(2.5d, r.getDouble(6));
    assertEquals("a", r.getString(7));
    assertEquals(new BigDecimal("12.34"), r.getDecimal(8));
    assertEquals(LocalDate.of(2024, 2, 29), r.getDate(9));
    assertEquals(Instant.parse("2024-01-02T03:04:05.123456Z"), r.getTimestamp(10));
    assertEquals(Arrays.asList(1, null), r.getList(11));
    assertEquals(Map.of("k", 1), r.getMap(12));
    assertEquals(7, r.getStruct(13).getInt(0));
    assertArrayEquals(new byte[] {1, 2}, r.<byte[]>getAs("bin"));
    assertEquals("a", r.get("str"));
    assertNull(r.getAs(15));
    assertTrue(r.isNullAt(15));
    assertFalse(r.isNullAt(0));
    assertTrue(r.anyNull());
    assertThrows(ClassCastException.class, () -> r.getLong(3));
    assertThrows(IndexOutOfBoundsException.class, () -> r.get(16));
  }

  @Test
  void primitiveGetterOnNullNamesTheField() {
    NullPointerException e = assertThrows(NullPointerException.class, () -> sample(new byte[0]).getInt(15));
    assertEquals("Value of field \"n\" at index 15 is null", e.getMessage());
  }

  @Test
  void toStringLikeSpark() {
    assertEquals("[true,1,2,3,4,1.5,2.5,a,12.34,2024-02-29,2024-01-02T03:04:05.123456Z,[1, null],{k=1},[7],[1, 2],null]",
        sample(new byte[] {1, 2}).toString());
  }

  @Test
  void deepEqualityComparesBytesByContent() {
    assertEquals(sample(new byte[] {1, 2}), sample(new byte[] {1, 2}));
    assertEquals(sample(new byte[] {1, 2}).hashCode(), sample(new byte[] {1, 2}).hashCode());
    assertNotEquals(sample(new byte[] {1, 2}), sample(new byte[] {1, 3}));
    StructType s = DataTypes.createStructType(DataTypes.createStructField("a",
        DataTypes.createArrayType(DataTypes.BinaryType), true));
    assertEquals(Row.of(s, List.of(List.of(new byte[] {9}))), Row.of(s, List.of(List.of(new byte[] {9}))));
    assertEquals(Row.of(s, List.of(List.of(new byte[] {9}))).hashCode(),
        Row.of(s, List.of(List.of(new byte[] {9}))).hashCode());
  }

  @Test
  void isImmutableAndValidated() {
    Row r = sample(new byte[0]);
    assertThrows(UnsupportedOperationException.class, () -> r.toList().set(0, false));
    assertThrows(IllegalArgumentException.class, () -> Row.of(INNER, List.of(1, 2)));
  }

  @Test
  void rowsOfABatchReadItsHeapCopyAfterTheBatchIsClosed() {
    StructType schema = DataTypes.createStructType(
        DataTypes.createStructField("id", DataTypes.LongType, true),
        DataTypes.createStructField("d", DataTypes.DoubleType, true),
        DataTypes.createStructField("s", DataTypes.StringType, true),
        DataTypes.createStructField("dec", DataTypes.createDecimalType(38, 1), true));
    List<Row> rows;
    try (org.apache.arrow.memory.RootAllocator allocator = new org.apache.arrow.memory.RootAllocator()) {
      org.apache.arrow.memory.BufferAllocator child = allocator.newChildAllocator("batch", 0, Long.MAX_VALUE);
      org.apache.arrow.vector.BigIntVector id = new org.apache.arrow.vector.BigIntVector("id", child);
      org.apache.arrow.vector.Float8Vector d = new org.apache.arrow.vector.Float8Vector("d", child);
      org.apache.arrow.vector.VarCharVector str = new org.apache.arrow.vector.VarCharVector("s", child);
      org.apache.arrow.vector.DecimalVector dec = new org.apache.arrow.vector.DecimalVector("dec", child, 38, 1);
      id.setSafe(0, 7L);
      id.setNull(1);
      d.setSafe(0, 2.5);
      d.setSafe(1, -1.0);
      str.setSafe(0, "héllo".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      str.setNull(1);
      dec.setSafe(0, new BigDecimal("12.5"));
      dec.setSafe(1, new BigDecimal("123456789012345678901234567890.1")); // beyond a long: the BigInteger path
      for (org.apache.arrow.vector.ValueVector v : List.of(id, d, str, dec)) {
        v.setValueCount(2); // as in a decoded batch: fills the offsets of the trailing null string
      }
      org.apache.arrow.vector.VectorSchemaRoot root = new org.apache.arrow.vector.VectorSchemaRoot(
          List.of(id.getField(), d.getField(), str.getField(), dec.getField()), List.of(id, d, str, dec), 2);
      ArrowBatch batch = new ArrowBatch(schema, root, child, 0);
      rows = batch.rows();
      batch.close();
      assertEquals(0, allocator.getAllocatedMemory(), "the rows hold no Arrow memory");
    }
    Row first = rows.get(0);
    Row second = rows.get(1);
    assertEquals(7L, first.getLong(0));
    assertEquals(2.5, first.getDouble(1));
    assertEquals("héllo", first.getString(2));
    assertEquals(new BigDecimal("12.5"), first.getDecimal(3));
    assertEquals(new BigDecimal("123456789012345678901234567890.1"), second.getDecimal(3));
    assertTrue(second.isNullAt(0));
    assertTrue(second.anyNull());
    assertNull(second.get("s"));
    NullPointerException npe = assertThrows(NullPointerException.class, () -> second.getLong(0));
    assertTrue(npe.getMessage().contains("\"id\""), npe.getMessage());
    assertThrows(ClassCastException.class, () -> first.getInt(0), "a bigint is not an int, as for Row.of");
    assertThrows(ClassCastException.class, () -> first.getLong(2));
    Row same = Row.of(schema, Arrays.asList(7L, 2.5, "héllo", new BigDecimal("12.5")));
    assertEquals(same, first);
    assertEquals(first, same);
    assertEquals(same.hashCode(), first.hashCode());
    assertEquals("[7,2.5,héllo,12.5]", first.toString());
    assertEquals(first, first.copy());
    assertEquals(List.of(7L, 2.5, "héllo", new BigDecimal("12.5")), first.copy().toList());
  }
}
