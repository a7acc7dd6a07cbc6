package io.github.reactivespark.connect.internal.arrow;

import io.github.reactivespark.connect.types.ArrayType;
import io.github.reactivespark.connect.types.BinaryType;
import io.github.reactivespark.connect.types.BooleanType;
import io.github.reactivespark.connect.types.ByteType;
import io.github.reactivespark.connect.types.CalendarInterval;
import io.github.reactivespark.connect.types.CalendarIntervalType;
import io.github.reactivespark.connect.types.CharType;
import io.github.reactivespark.connect.types.DataType;
import io.github.reactivespark.connect.types.DateType;
import io.github.reactivespark.connect.types.DayTimeIntervalType;
import io.github.reactivespark.connect.types.DecimalType;
import io.github.reactivespark.connect.types.DoubleType;
import io.github.reactivespark.connect.types.FloatType;
import io.github.reactivespark.connect.types.Geography;
import io.github.reactivespark.connect.types.GeographyType;
import io.github.reactivespark.connect.types.Geometry;
import io.github.reactivespark.connect.types.GeometryType;
import io.github.reactivespark.connect.types.IntegerType;
import io.github.reactivespark.connect.types.LongType;
import io.github.reactivespark.connect.types.MapType;
import io.github.reactivespark.connect.types.NullType;
import io.github.reactivespark.connect.types.ShortType;
import io.github.reactivespark.connect.types.StringType;
import io.github.reactivespark.connect.types.StructType;
import io.github.reactivespark.connect.types.TimeType;
import io.github.reactivespark.connect.types.TimestampNTZType;
import io.github.reactivespark.connect.types.TimestampType;
import io.github.reactivespark.connect.types.VarcharType;
import io.github.reactivespark.connect.types.VariantType;
import io.github.reactivespark.connect.types.VariantVal;
import io.github.reactivespark.connect.types.YearMonthIntervalType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DateMilliVector;
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
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeMilliVector;
import org.apache.arrow.vector.TimeNanoVector;
import org.apache.arrow.vector.TimeSecVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.LargeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.jspecify.annotations.Nullable;

/**
 * Decodes an Arrow record batch from {@code ExecutePlanResponse.arrow_batch} into rows, after Spark's
 * {@code ArrowDeserializers} (sql/connect/common/.../client/arrow/ArrowDeserializer.scala) and the Arrow mapping of
 * {@code ArrowUtils.toArrowType} (sql/api/.../util/ArrowUtils.scala).
 *
 * <p>The Spark type (from the proto schema) decides the Java type; the Arrow vector only has to be one of those
 * Spark 4.1.2 sends for it. Checked against a 4.1.2 server:
 * <table>
 *   <caption>Spark type, Arrow type sent, Java value</caption>
 *   <tr><th>Spark</th><th>Arrow (vector)</th><th>Java</th></tr>
 *   <tr><td>boolean/tinyint/smallint/int/bigint</td><td>Bool, Int(8/16/32/64, signed)</td>
 *       <td>Boolean, Byte, Short, Integer, Long</td></tr>
 *   <tr><td>float/double</td><td>FloatingPoint(SINGLE/DOUBLE)</td><td>Float, Double</td></tr>
 *   <tr><td>decimal(p,s)</td><td>Decimal(p, s, 128) (Decimal256 also accepted)</td><td>BigDecimal, scale s</td></tr>
 *   <tr><td>string, char, varchar (sent as string)</td><td>Utf8, or LargeUtf8 with
 *       {@code spark.sql.execution.arrow.useLargeVarTypes}</td><td>String</td></tr>
 *   <tr><td>binary</td><td>Binary, or LargeBinary</td><td>byte[]</td></tr>
 *   <tr><td>date</td><td>Date(DAY)</td><td>LocalDate</td></tr>
 *   <tr><td>timestamp</td><td>Timestamp(MICROSECOND, session time zone e.g. "Etc/UTC")</td><td>Instant</td></tr>
 *   <tr><td>timestamp_ntz</td><td>Timestamp(MICROSECOND, no zone)</td><td>LocalDateTime</td></tr>
 *   <tr><td>time(p)</td><td>Time(NANOSECOND, 64) whatever p</td><td>LocalTime</td></tr>
 *   <tr><td>interval day to second (all sub-ranges)</td><td>Duration(MICROSECOND)</td><td>Duration</td></tr>
 *   <tr><td>interval year to month (all sub-ranges)</td><td>Interval(YEAR_MONTH), total months</td>
 *       <td>Period, normalised</td></tr>
 *   <tr><td>interval (calendar)</td><td>Interval(MONTH_DAY_NANO), nanos = micros × 1000</td>
 *       <td>CalendarInterval</td></tr>
 *   <tr><td>variant</td><td>Struct&lt;value: Binary, metadata: Binary (field metadata variant=true)&gt;</td>
 *       <td>VariantVal</td></tr>
 *   <tr><td>geometry(srid) / geography(srid)</td><td>Struct&lt;srid: Int(32), wkb: Binary&gt;</td>
 *       <td>Geometry / Geography</td></tr>
 *   <tr><td>array</td><td>List (also with large var types)</td><td>unmodifiable List</td></tr>
 *   <tr><td>map</td><td>Map(entries: Struct&lt;key, value&gt;)</td><td>unmodifiable LinkedHashMap view</td></tr>
 *   <tr><td>struct</td><td>Struct</td><td>Row</td></tr>
 *   <tr><td>void</td><td>Null</td><td>null</td></tr>
 * </table>
 *
 * <p>One reader per column (and per nested child) is chosen once per batch, so the per-cell work is a direct
 * vector access with no type dispatch. {@link BatchCopy} copies the flat columns without reading them and uses these
 * readers for the others; {@link #toRows} materialises every cell of a copy.
 */
public final class ArrowRows {
  private ArrowRows() {}

  /** Reads the value at one index of one vector. */
  @FunctionalInterface
  interface Reader {
    @Nullable Object read(int index);
  }

  /**
   * Makes one row (of the result, or the value of a struct column) from its values. The public {@code Row}
   * passes its factory, so this package never names it.
   *
   * @param <R> the row type
   */
  @FunctionalInterface
  public interface RowFactory<R> {
    /**
     * Makes a row.
     *
     * @param schema the row's fields
     * @param values one value per field, in order (the array is the row's own: not reused)
     * @return the row
     */
    R create(StructType schema, @Nullable Object[] values);
  }

  /**
   * Converts every row of a record batch into materialised Java values. Nothing returned refers to Arrow memory:
   * the caller may close {@code root} as soon as this returns.
   *
   * @param root the decoded record batch
   * @param schema the Spark schema of the result (from {@code ExecutePlanResponse.schema}), one field per vector,
   *     in order
   * @param rowFactory makes each row, and each value of a struct column
   * @param <R> the row type
   * @return the rows, in batch order; an unmodifiable list
   * @throws IllegalStateException if the number of columns differs or a vector does not carry the Arrow type
   *     Spark uses for the column's Spark type (the message names the column path and both types)
   */
  public static <R> List<R> toRows(VectorSchemaRoot root, StructType schema, RowFactory<R> rowFactory) {
    BatchCopy copy = BatchCopy.of(root, schema, rowFactory);
    int columns = schema.size();
    int rowCount = copy.rowCount();
    List<R> rows = new ArrayList<>(rowCount);
    for (int r = 0; r < rowCount; r++) {
      Object[] values = new Object[columns];
      for (int c = 0; c < columns; c++) {
        values[c] = copy.get(c, r);
      }
      rows.add(rowFactory.create(schema, values));
    }
    return Collections.unmodifiableList(rows);
  }

  private static IllegalStateException mismatch(String path, DataType type, ValueVector vector) {
    return new IllegalStateException("column " + path + ": Spark type " + type.simpleString()
        + " cannot be read from Arrow " + vector.getField().getType() + " (" + vector.getClass().getSimpleName()
        + ")");
  }

  /**
   * The reader of one vector of Spark type {@code type}, chosen once.
   *
   * @throws IllegalStateException if the vector does not carry an Arrow type Spark sends for {@code type}
   */
  static Reader reader(ValueVector v, DataType type, String path, RowFactory<?> rowFactory) {
    if (type instanceof NullType) {
      return i -> null;
    }
    if (type instanceof BooleanType && v instanceof BitVector b) {
      return i -> b.isNull(i) ? null : b.get(i) != 0;
    }
    if (type instanceof ByteType && v instanceof TinyIntVector b) {
      return i -> b.isNull(i) ? null : b.get(i);
    }
    if (type instanceof ShortType && v instanceof SmallIntVector s) {
      return i -> s.isNull(i) ? null : s.get(i);
    }
    if (type instanceof IntegerType && v instanceof IntVector n) {
      return i -> n.isNull(i) ? null : n.get(i);
    }
    if (type instanceof LongType && v instanceof BigIntVector n) {
      return i -> n.isNull(i) ? null : n.get(i);
    }
    if (type instanceof FloatType && v instanceof Float4Vector f) {
      return i -> f.isNull(i) ? null : f.get(i);
    }
    if (type instanceof DoubleType && v instanceof Float8Vector f) {
      return i -> f.isNull(i) ? null : f.get(i);
    }
    if (type instanceof DecimalType) {
      if (v instanceof DecimalVector d) {
        return i -> d.isNull(i) ? null : d.getObjectNotNull(i);
      }
      if (v instanceof Decimal256Vector d) {
        return i -> d.isNull(i) ? null : d.getObjectNotNull(i);
      }
    }
    if (type instanceof StringType || type instanceof CharType || type instanceof VarcharType) {
      if (v instanceof VarCharVector s) {
        return i -> s.isNull(i) ? null : new String(s.get(i), StandardCharsets.UTF_8);
      }
      if (v instanceof LargeVarCharVector s) {
        return i -> s.isNull(i) ? null : new String(s.get(i), StandardCharsets.UTF_8);
      }
    }
    if (type instanceof BinaryType) {
      Reader r = binaryReader(v);
      if (r != null) {
        return r;
      }
    }
    if (type instanceof DateType) {
      if (v instanceof DateDayVector d) {
        return i -> d.isNull(i) ? null : LocalDate.ofEpochDay(d.get(i));
      }
      if (v instanceof DateMilliVector d) {
        return i -> d.isNull(i) ? null : LocalDate.ofEpochDay(Math.floorDiv(d.get(i), 86_400_000L));
      }
    }
    if (type instanceof TimestampType && v instanceof TimeStampVector t) {
      long perSecond = unitsPerSecond(((ArrowType.Timestamp) t.getField().getType()).getUnit());
      long nanosPerUnit = 1_000_000_000L / perSecond;
      return i -> {
        if (t.isNull(i)) {
          return null;
        }
        long x = t.get(i);
        return Instant.ofEpochSecond(Math.floorDiv(x, perSecond), Math.floorMod(x, perSecond) * nanosPerUnit);
      };
    }
    if (type instanceof TimestampNTZType && v instanceof TimeStampVector t) {
      long perSecond = unitsPerSecond(((ArrowType.Timestamp) t.getField().getType()).getUnit());
      long nanosPerUnit = 1_000_000_000L / perSecond;
      return i -> {
        if (t.isNull(i)) {
          return null;
        }
        long x = t.get(i);
        return LocalDateTime.ofEpochSecond(Math.floorDiv(x, perSecond),
            (int) (Math.floorMod(x, perSecond) * nanosPerUnit), ZoneOffset.UTC);
      };
    }
    if (type instanceof TimeType) {
      if (v instanceof TimeNanoVector t) {
        return i -> t.isNull(i) ? null : LocalTime.ofNanoOfDay(t.get(i));
      }
      if (v instanceof TimeMicroVector t) {
        return i -> t.isNull(i) ? null : LocalTime.ofNanoOfDay(t.get(i) * 1_000L);
      }
      if (v instanceof TimeMilliVector t) {
        return i -> t.isNull(i) ? null : LocalTime.ofNanoOfDay(t.get(i) * 1_000_000L);
      }
      if (v instanceof TimeSecVector t) {
        return i -> t.isNull(i) ? null : LocalTime.ofSecondOfDay(t.get(i));
      }
    }
    if (type instanceof DayTimeIntervalType && v instanceof DurationVector d) {
      long perSecond = unitsPerSecond(((ArrowType.Duration) d.getField().getType()).getUnit());
      long nanosPerUnit = 1_000_000_000L / perSecond;
      return i -> {
        if (d.isNull(i)) {
          return null;
        }
        long x = DurationVector.get(d.getDataBuffer(), i);
        return Duration.ofSeconds(Math.floorDiv(x, perSecond), Math.floorMod(x, perSecond) * nanosPerUnit);
      };
    }
    if (type instanceof YearMonthIntervalType && v instanceof IntervalYearVector y) {
      return i -> y.isNull(i) ? null : Period.ofMonths(y.get(i)).normalized();
    }
    if (type instanceof CalendarIntervalType && v instanceof IntervalMonthDayNanoVector c) {
      return i -> {
        if (c.isNull(i)) {
          return null;
        }
        ArrowBuf buf = c.getDataBuffer();
        return new CalendarInterval(IntervalMonthDayNanoVector.getMonths(buf, i),
            IntervalMonthDayNanoVector.getDays(buf, i), IntervalMonthDayNanoVector.getNanoseconds(buf, i) / 1_000L);
      };
    }
    if (type instanceof VariantType && v instanceof StructVector s) {
      Reader value = binaryReader(child(s, "value", 0, type, path));
      Reader metadata = binaryReader(child(s, "metadata", 1, type, path));
      if (value != null && metadata != null) {
        return i -> s.isNull(i) ? null
            : new VariantVal((byte[]) nonNull(value.read(i), path), (byte[]) nonNull(metadata.read(i), path));
      }
    }
    if ((type instanceof GeometryType || type instanceof GeographyType) && v instanceof StructVector s
        && child(s, "srid", 0, type, path) instanceof IntVector srid) {
      Reader wkb = binaryReader(child(s, "wkb", 1, type, path));
      if (wkb != null) {
        boolean geometry = type instanceof GeometryType;
        return i -> {
          if (s.isNull(i)) {
            return null;
          }
          byte[] bytes = (byte[]) nonNull(wkb.read(i), path);
          return geometry ? new Geometry(srid.get(i), bytes) : new Geography(srid.get(i), bytes);
        };
      }
    }
    if (type instanceof ArrayType a && !(v instanceof MapVector)) {
      if (v instanceof ListVector l) {
        Reader element = reader(l.getDataVector(), a.elementType(), path + ".element", rowFactory);
        return i -> l.isNull(i) ? null : list(element, l.getElementStartIndex(i), l.getElementEndIndex(i));
      }
      if (v instanceof LargeListVector l) {
        Reader element = reader(l.getDataVector(), a.elementType(), path + ".element", rowFactory);
        return i -> l.isNull(i) ? null
            : list(element, Math.toIntExact(l.getElementStartIndex(i)), Math.toIntExact(l.getElementEndIndex(i)));
      }
    }
    if (type instanceof MapType m && v instanceof MapVector mv && mv.getDataVector() instanceof StructVector entries
        && entries.size() == 2) {
      Reader key = reader(entries.getChildByOrdinal(0), m.keyType(), path + ".key", rowFactory);
      Reader value = reader(entries.getChildByOrdinal(1), m.valueType(), path + ".value", rowFactory);
      return i -> {
        if (mv.isNull(i)) {
          return null;
        }
        int start = mv.getElementStartIndex(i);
        int end = mv.getElementEndIndex(i);
        Map<Object, Object> map = new LinkedHashMap<>(Math.max(4, (int) ((end - start) / 0.75f) + 1));
        for (int e = start; e < end; e++) {
          map.put(nonNull(key.read(e), path + ".key"), value.read(e));
        }
        return Collections.unmodifiableMap(map);
      };
    }
    if (type instanceof StructType st && v instanceof StructVector s) {
      if (s.size() != st.size()) {
        throw new IllegalStateException("column " + path + ": Arrow struct has " + s.size()
            + " children but Spark type " + st.simpleString() + " has " + st.size() + " fields");
      }
      Reader[] children = new Reader[st.size()];
      for (int f = 0; f < children.length; f++) {
        children[f] = reader(s.getChildByOrdinal(f), st.get(f).dataType(), path + "." + st.get(f).name(), rowFactory);
      }
      return i -> {
        if (s.isNull(i)) {
          return null;
        }
        Object[] values = new Object[children.length];
        for (int f = 0; f < values.length; f++) {
          values[f] = children[f].read(i);
        }
        return rowFactory.create(st, values);
      };
    }
    throw mismatch(path, type, v);
  }

  private static @Nullable Reader binaryReader(ValueVector v) {
    if (v instanceof VarBinaryVector b) {
      return i -> b.isNull(i) ? null : b.get(i);
    }
    if (v instanceof LargeVarBinaryVector b) {
      return i -> b.isNull(i) ? null : b.get(i);
    }
    return null;
  }

  private static ValueVector child(StructVector s, String name, int ordinal, DataType type, String path) {
    ValueVector byName = s.getChild(name);
    if (byName != null) {
      return byName;
    }
    if (ordinal < s.size()) {
      return s.getChildByOrdinal(ordinal);
    }
    throw mismatch(path, type, s);
  }

  private static Object nonNull(@Nullable Object value, String path) {
    if (value == null) {
      throw new IllegalStateException("column " + path + ": unexpected null inside a non-null value");
    }
    return value;
  }

  private static List<@Nullable Object> list(Reader element, int start, int end) {
    Object[] out = new Object[end - start];
    for (int e = start; e < end; e++) {
      out[e - start] = element.read(e);
    }
    return Collections.unmodifiableList(Arrays.asList(out));
  }

  static long unitsPerSecond(TimeUnit unit) {
    return switch (unit) {
      case SECOND -> 1L;
      case MILLISECOND -> 1_000L;
      case MICROSECOND -> 1_000_000L;
      case NANOSECOND -> 1_000_000_000L;
    };
  }
}
