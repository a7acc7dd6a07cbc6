package io.github.reactivespark.connect.internal.local;

import com.google.protobuf.ByteString;
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
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.DurationVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.IntervalMonthDayNanoVector;
import org.apache.arrow.vector.IntervalYearVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeNanoVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.ipc.WriteChannel;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.apache.arrow.vector.types.pojo.Schema;
import org.jspecify.annotations.Nullable;

/**
 * Writes rows of Java values into Arrow vectors of a Spark schema, checking each value against its field, and
 * serializes them as Arrow IPC record batch messages: the data of a {@code LocalRelation}. After Spark's
 * {@code ArrowSerializer} (sql/connect/common/.../client/arrow/ArrowSerializer.scala) with the value conversions
 * of Spark's row encoders ({@code IntervalUtils.durationToMicros}, {@code periodToMonths}, ...), in the Arrow
 * form of {@link ArrowSchemas}.
 *
 * <p>Accepted Java values, per Spark type (the types {@code Row} gives back, plus a few conveniences):
 * boolean {@link Boolean}; tinyint {@link Byte}; smallint {@link Short}; int {@link Integer}; bigint {@link Long};
 * float {@link Float}; double {@link Double}; decimal(p,s) {@link BigDecimal} or {@link BigInteger}, rescaled to s
 * without rounding and at most p digits; string, char(n), varchar(n) {@link String} (at most n characters for
 * char/varchar); binary {@code byte[]}; date {@link LocalDate} or {@code java.sql.Date}; timestamp {@link Instant}
 * or {@code java.sql.Timestamp}; timestamp_ntz {@link LocalDateTime}; time {@link LocalTime}; day-time intervals
 * {@link Duration} (truncated to the type's end field, as Spark does); year-month intervals {@link Period} without
 * days (truncated to whole years for {@code interval year}); calendar interval {@link CalendarInterval}; variant
 * {@link VariantVal}; geometry/geography {@link Geometry}/{@link Geography}; array a {@link List}, an
 * {@code Object[]} or a primitive array; map a {@link Map} (no null key); struct an {@code Object[]} of the
 * field values in order, or a value the {@link StructReader} reads (the public {@code Row}); void only null.
 * Timestamps, times and durations finer than a microsecond are truncated to microseconds (times keep
 * nanoseconds), as Spark's encoders truncate them.
 *
 * <p>A value that does not fit (another Java type, null in a non-nullable field or array element or map value, a
 * null map key, a struct of another arity, a decimal that does not fit, a string longer than its char/varchar
 * length) makes {@link #append} throw {@link IllegalArgumentException} naming the row index, the field path (for
 * example {@code route.stops.element.code}) and the value's type.
 *
 * <p>Not thread-safe: one producer. Owns Arrow memory from the allocator it was given until {@link #close()}.
 */
public final class ArrowEncoder implements AutoCloseable {

  /** Reads the field values of a struct value that is not an {@code Object[]} (the public {@code Row}). */
  public interface StructReader {
    /**
     * The number of fields of {@code value}.
     *
     * @param value a non-null value
     * @return its number of fields, or -1 if this reader does not read such values
     */
    int size(Object value);

    /**
     * One field value.
     *
     * @param value a value for which {@link #size} was not -1
     * @param index 0-based field position
     * @return the value, or null
     */
    @Nullable Object get(Object value, int index);
  }

  private final StructType schema;
  private final Schema arrowSchema;
  private final VectorSchemaRoot root;
  private final Writer[] writers;
  private final StructReader structs;
  private int rows;
  /** Bytes the rows written since the last {@link #takeBatch} take in Arrow buffers, approximately. */
  private long bytes;

  /**
   * An encoder with empty vectors.
   *
   * @param schema the Spark schema of every row
   * @param allocator where the vectors' memory comes from (a child of the session's allocator)
   * @param structs reads struct values that are not {@code Object[]}
   * @throws IllegalArgumentException if the schema holds a type with no Arrow form
   */
  public ArrowEncoder(StructType schema, BufferAllocator allocator, StructReader structs) {
    this.schema = schema;
    this.structs = structs;
    this.arrowSchema = ArrowSchemas.toArrow(schema);
    this.root = VectorSchemaRoot.create(arrowSchema, allocator);
    try {
      List<FieldVector> vectors = root.getFieldVectors();
      this.writers = new Writer[vectors.size()];
      for (int c = 0; c < writers.length; c++) {
        writers[c] = writer(vectors.get(c), schema.get(c).dataType(), schema.get(c).nullable(), schema.get(c).name());
      }
    } catch (RuntimeException e) {
      root.close();
      throw e;
    }
  }

  /**
   * The Spark schema rows are checked against.
   *
   * @return the schema
   */
  public StructType schema() {
    return schema;
  }

  /**
   * Appends one row.
   *
   * @param values one value per field, in order
   * @param rowIndex the row's 0-based index in the whole input, for error messages
   * @throws IllegalArgumentException naming the row index and field if a value does not fit (see the class javadoc);
   *     the encoder must then be closed, the row is half written
   */
  public void append(@Nullable Object[] values, long rowIndex) {
    if (values.length != writers.length) {
      throw new IllegalArgumentException("row " + rowIndex + " has " + values.length + " values but the schema has "
          + writers.length + " fields: " + schema.simpleString());
    }
    try {
      for (int c = 0; c < writers.length; c++) {
        writers[c].write(rows, values[c]);
      }
    } catch (Mismatch m) {
      throw new IllegalArgumentException("row " + rowIndex + ", field '" + m.path + "': " + m.getMessage());
    }
    rows++;
  }

  /**
   * Appends one row given as a struct value ({@code Object[]} or what the {@link StructReader} reads).
   *
   * @param row the row
   * @param rowIndex its 0-based index in the whole input
   * @throws IllegalArgumentException if it is not a row of the schema's arity or a value does not fit
   */
  public void appendRow(@Nullable Object row, long rowIndex) {
    if (row instanceof Object[] values) {
      append(values, rowIndex);
      return;
    }
    if (row == null) {
      throw new IllegalArgumentException("row " + rowIndex + " is null");
    }
    int n = structs.size(row);
    if (n < 0) {
      throw new IllegalArgumentException("row " + rowIndex + " is a " + row.getClass().getName() + ", not a row");
    }
    Object[] values = new Object[n];
    for (int i = 0; i < n; i++) {
      values[i] = structs.get(row, i);
    }
    append(values, rowIndex);
  }

  /**
   * The rows appended since the last {@link #takeBatch}.
   *
   * @return a row count
   */
  public int rows() {
    return rows;
  }

  /**
   * Approximately how many bytes of Arrow buffers the rows since the last {@link #takeBatch} take (value widths,
   * string and binary lengths, offsets); the IPC form is about that size.
   *
   * @return a byte count
   */
  public long bytes() {
    return bytes;
  }

  /**
   * The schema as one Arrow IPC message (the first message of a stream).
   *
   * @return the encapsulated schema message
   */
  public ByteString schemaMessage() {
    ByteSink out = new ByteSink(256);
    try {
      MessageSerializer.serialize(new WriteChannel(out), arrowSchema);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteString();
  }

  /**
   * The rows appended since the last call as one Arrow IPC record batch message, and empties the vectors (their
   * memory is kept for the next rows).
   *
   * @return the encapsulated record batch message (metadata and body)
   */
  public ByteString takeBatch() {
    root.setRowCount(rows);
    ByteSink out = new ByteSink((int) Math.min(Integer.MAX_VALUE - 64, bytes + bytes / 8 + 1024));
    try (ArrowRecordBatch batch = new VectorUnloader(root).getRecordBatch()) {
      MessageSerializer.serialize(new WriteChannel(out), batch);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (FieldVector v : root.getFieldVectors()) {
      v.reset();
    }
    rows = 0;
    bytes = 0;
    return out.toByteString();
  }

  @Override
  public void close() {
    root.close();
  }

  // ---------------------------------------------------------------- writers

  /** A value that does not fit its field; {@link #append} adds the row index. */
  private static final class Mismatch extends RuntimeException {
    final String path;

    Mismatch(String path, String message) {
      super(message, null, false, false);
      this.path = path;
    }
  }

  /** Writes one column (or nested child) at an index of its vector. */
  private abstract class Writer {
    final String path;
    final boolean nullable;
    final DataType type;

    Writer(String path, boolean nullable, DataType type) {
      this.path = path;
      this.nullable = nullable;
      this.type = type;
    }

    final void write(int index, @Nullable Object value) {
      if (value == null) {
        if (!nullable) {
          throw new Mismatch(path, "null in a non-nullable " + type.simpleString() + " field");
        }
        setNull(index);
        bytes += 1;
      } else {
        writeValue(index, value);
      }
    }

    abstract void setNull(int index);

    abstract void writeValue(int index, Object value);

    final Mismatch expected(String javaTypes, Object value) {
      return new Mismatch(path, "expected " + javaTypes + " for " + type.simpleString() + ", got "
          + value.getClass().getName() + " (" + abbreviate(value) + ")");
    }
  }

  private static String abbreviate(Object value) {
    String s;
    try {
      s = value instanceof Object[] a ? "array of " + a.length : String.valueOf(value);
    } catch (RuntimeException e) {
      s = "?";
    }
    return s.length() > 40 ? s.substring(0, 37) + "..." : s;
  }

  /** A writer over a vector whose {@code setNull} is inherited from the vector. */
  private abstract class VectorWriter<V extends ValueVector> extends Writer {
    final V v;

    VectorWriter(V v, String path, boolean nullable, DataType type) {
      super(path, nullable, type);
      this.v = v;
    }

    @Override
    void setNull(int index) {
      if (v instanceof org.apache.arrow.vector.BaseFixedWidthVector f) {
        f.setNull(index);
      } else if (v instanceof org.apache.arrow.vector.BaseVariableWidthVector w) {
        w.setNull(index);
      } else if (v instanceof ListVector l) {
        l.setNull(index);
      } else if (v instanceof StructVector s) {
        s.setNull(index);
      }
    }
  }

  @FunctionalInterface
  private interface Body<V> {
    void write(VectorWriter<?> self, V vector, int index, Object value);
  }

  private <V extends ValueVector> Writer simple(V vector, String path, boolean nullable, DataType type, int width,
      Body<V> body) {
    return new VectorWriter<V>(vector, path, nullable, type) {
      @Override
      void writeValue(int index, Object value) {
        body.write(this, v, index, value);
        bytes += width;
      }
    };
  }

  private Writer writer(ValueVector vector, DataType type, boolean nullable, String path) {
    if (type instanceof NullType) {
      return new Writer(path, true, type) {
        @Override
        void setNull(int index) {
          // a NullVector holds nothing but its value count, which setRowCount sets
        }

        @Override
        void writeValue(int index, Object value) {
          throw expected("null", value);
        }
      };
    }
    if (type instanceof BooleanType) {
      return simple((BitVector) vector, path, nullable, type, 1, (w, v, i, x) -> {
        if (!(x instanceof Boolean b)) {
          throw w.expected("Boolean", x);
        }
        v.setSafe(i, b ? 1 : 0);
      });
    }
    if (type instanceof ByteType) {
      return simple((TinyIntVector) vector, path, nullable, type, 1, (w, v, i, x) -> {
        if (!(x instanceof Byte b)) {
          throw w.expected("Byte", x);
        }
        v.setSafe(i, b);
      });
    }
    if (type instanceof ShortType) {
      return simple((SmallIntVector) vector, path, nullable, type, 2, (w, v, i, x) -> {
        if (!(x instanceof Short s)) {
          throw w.expected("Short", x);
        }
        v.setSafe(i, s);
      });
    }
    if (type instanceof IntegerType) {
      return simple((IntVector) vector, path, nullable, type, 4, (w, v, i, x) -> {
        if (!(x instanceof Integer n)) {
          throw w.expected("Integer", x);
        }
        v.setSafe(i, n);
      });
    }
    if (type instanceof LongType) {
      return simple((BigIntVector) vector, path, nullable, type, 8, (w, v, i, x) -> {
        if (!(x instanceof Long n)) {
          throw w.expected("Long", x);
        }
        v.setSafe(i, n);
      });
    }
    if (type instanceof FloatType) {
      return simple((Float4Vector) vector, path, nullable, type, 4, (w, v, i, x) -> {
        if (!(x instanceof Float f)) {
          throw w.expected("Float", x);
        }
        v.setSafe(i, f);
      });
    }
    if (type instanceof DoubleType) {
      return simple((Float8Vector) vector, path, nullable, type, 8, (w, v, i, x) -> {
        if (!(x instanceof Double d)) {
          throw w.expected("Double", x);
        }
        v.setSafe(i, d);
      });
    }
    if (type instanceof DecimalType d) {
      return simple((DecimalVector) vector, path, nullable, type, 16, (w, v, i, x) -> {
        BigDecimal value;
        if (x instanceof BigDecimal b) {
          value = b;
        } else if (x instanceof BigInteger b) {
          value = new BigDecimal(b);
        } else {
          throw w.expected("BigDecimal or BigInteger", x);
        }
        BigDecimal scaled;
        try {
          scaled = value.setScale(d.scale());
        } catch (ArithmeticException e) {
          throw new Mismatch(w.path, "decimal " + value.toPlainString() + " has more than " + d.scale()
              + " fraction digits: it does not fit " + type.simpleString() + " without rounding");
        }
        if (scaled.precision() > d.precision()) {
          throw new Mismatch(w.path, "decimal " + value.toPlainString() + " has more digits than "
              + type.simpleString() + " holds");
        }
        v.setSafe(i, scaled);
      });
    }
    if (type instanceof StringType || type instanceof CharType || type instanceof VarcharType) {
      int max = type instanceof CharType c ? c.length() : type instanceof VarcharType vc ? vc.length() : -1;
      VarCharVector s = (VarCharVector) vector;
      return new VectorWriter<>(s, path, nullable, type) {
        @Override
        void writeValue(int index, Object value) {
          if (!(value instanceof String str)) {
            throw expected("String", value);
          }
          if (max >= 0 && str.length() > max && str.codePointCount(0, str.length()) > max) {
            throw new Mismatch(path, "string of " + str.codePointCount(0, str.length())
                + " characters is longer than " + type.simpleString() + " allows");
          }
          byte[] utf8 = str.getBytes(StandardCharsets.UTF_8);
          v.setSafe(index, utf8);
          bytes += utf8.length + 4;
        }
      };
    }
    if (type instanceof BinaryType) {
      VarBinaryVector b = (VarBinaryVector) vector;
      return new VectorWriter<>(b, path, nullable, type) {
        @Override
        void writeValue(int index, Object value) {
          if (!(value instanceof byte[] bin)) {
            throw expected("byte[]", value);
          }
          v.setSafe(index, bin);
          bytes += bin.length + 4;
        }
      };
    }
    if (type instanceof DateType) {
      return simple((DateDayVector) vector, path, nullable, type, 4, (w, v, i, x) -> {
        LocalDate date;
        if (x instanceof LocalDate ld) {
          date = ld;
        } else if (x instanceof java.sql.Date sd) {
          date = sd.toLocalDate();
        } else {
          throw w.expected("LocalDate or java.sql.Date", x);
        }
        v.setSafe(i, Math.toIntExact(date.toEpochDay()));
      });
    }
    if (type instanceof TimestampType) {
      return simple((TimeStampMicroTZVector) vector, path, nullable, type, 8, (w, v, i, x) -> {
        Instant instant;
        if (x instanceof Instant in) {
          instant = in;
        } else if (x instanceof java.sql.Timestamp ts) {
          instant = ts.toInstant();
        } else {
          throw w.expected("Instant or java.sql.Timestamp (LocalDateTime is timestamp_ntz)", x);
        }
        v.setSafe(i, micros(w, instant.getEpochSecond(), instant.getNano()));
      });
    }
    if (type instanceof TimestampNTZType) {
      return simple((TimeStampMicroVector) vector, path, nullable, type, 8, (w, v, i, x) -> {
        if (!(x instanceof LocalDateTime ldt)) {
          throw w.expected("LocalDateTime (Instant is timestamp)", x);
        }
        v.setSafe(i, micros(w, ldt.toEpochSecond(ZoneOffset.UTC), ldt.getNano()));
      });
    }
    if (type instanceof TimeType) {
      return simple((TimeNanoVector) vector, path, nullable, type, 8, (w, v, i, x) -> {
        if (!(x instanceof LocalTime t)) {
          throw w.expected("LocalTime", x);
        }
        v.setSafe(i, t.toNanoOfDay());
      });
    }
    if (type instanceof DayTimeIntervalType dt) {
      long unit = switch (dt.endField()) {
        case DayTimeIntervalType.DAY -> 86_400_000_000L;
        case DayTimeIntervalType.HOUR -> 3_600_000_000L;
        case DayTimeIntervalType.MINUTE -> 60_000_000L;
        default -> 1L;
      };
      return simple((DurationVector) vector, path, nullable, type, 8, (w, v, i, x) -> {
        if (!(x instanceof Duration d)) {
          throw w.expected("Duration", x);
        }
        long m = micros(w, d.getSeconds(), d.getNano());
        v.setSafe(i, m - m % unit);
      });
    }
    if (type instanceof YearMonthIntervalType ym) {
      boolean years = ym.endField() == YearMonthIntervalType.YEAR;
      return simple((IntervalYearVector) vector, path, nullable, type, 4, (w, v, i, x) -> {
        if (!(x instanceof Period p)) {
          throw w.expected("Period", x);
        }
        if (p.getDays() != 0) {
          throw new Mismatch(w.path, "Period " + p + " has days, which " + type.simpleString() + " cannot hold");
        }
        int months;
        try {
          months = Math.toIntExact(p.toTotalMonths());
        } catch (ArithmeticException e) {
          throw new Mismatch(w.path, "Period " + p + " overflows " + type.simpleString());
        }
        v.setSafe(i, years ? months - months % 12 : months);
      });
    }
    if (type instanceof CalendarIntervalType) {
      return simple((IntervalMonthDayNanoVector) vector, path, nullable, type, 16, (w, v, i, x) -> {
        if (!(x instanceof CalendarInterval c)) {
          throw w.expected("CalendarInterval", x);
        }
        long nanos;
        try {
          nanos = Math.multiplyExact(c.microseconds(), 1_000L);
        } catch (ArithmeticException e) {
          throw new Mismatch(w.path, "interval " + c + " overflows Arrow's nanoseconds");
        }
        v.setSafe(i, c.months(), c.days(), nanos);
      });
    }
    if (type instanceof VariantType) {
      StructVector s = (StructVector) vector;
      VarBinaryVector value = (VarBinaryVector) s.getChild("value");
      VarBinaryVector metadata = (VarBinaryVector) s.getChild("metadata");
      return new VectorWriter<>(s, path, nullable, type) {
        @Override
        void writeValue(int index, Object x) {
          if (!(x instanceof VariantVal vv)) {
            throw expected("VariantVal", x);
          }
          s.setIndexDefined(index);
          value.setSafe(index, vv.value());
          metadata.setSafe(index, vv.metadata());
          bytes += vv.value().length + vv.metadata().length + 8;
        }
      };
    }
    if (type instanceof GeometryType || type instanceof GeographyType) {
      StructVector s = (StructVector) vector;
      IntVector srid = (IntVector) s.getChild("srid");
      VarBinaryVector wkb = (VarBinaryVector) s.getChild("wkb");
      boolean geometry = type instanceof GeometryType;
      return new VectorWriter<>(s, path, nullable, type) {
        @Override
        void writeValue(int index, Object x) {
          int id;
          byte[] bin;
          if (geometry && x instanceof Geometry g) {
            id = g.srid();
            bin = g.wkb();
          } else if (!geometry && x instanceof Geography g) {
            id = g.srid();
            bin = g.wkb();
          } else {
            throw expected(geometry ? "Geometry" : "Geography", x);
          }
          s.setIndexDefined(index);
          srid.setSafe(index, id);
          wkb.setSafe(index, bin);
          bytes += bin.length + 8;
        }
      };
    }
    if (type instanceof ArrayType a) {
      ListVector l = (ListVector) vector;
      Writer element = writer(l.getDataVector(), a.elementType(), a.containsNull(), path + ".element");
      return new VectorWriter<>(l, path, nullable, type) {
        @Override
        void writeValue(int index, Object x) {
          int start = l.startNewValue(index);
          int n;
          if (x instanceof List<?> list) {
            n = list.size();
            int k = 0;
            for (Object e : list) {
              element.write(start + k++, e);
            }
          } else if (x instanceof Object[] array) {
            n = array.length;
            for (int k = 0; k < n; k++) {
              element.write(start + k, array[k]);
            }
          } else if (x.getClass().isArray()) {
            n = Array.getLength(x);
            for (int k = 0; k < n; k++) {
              element.write(start + k, Array.get(x, k));
            }
          } else {
            throw expected("List or array", x);
          }
          l.endValue(index, n);
          bytes += 4;
        }
      };
    }
    if (type instanceof MapType m) {
      MapVector mv = (MapVector) vector;
      StructVector entries = (StructVector) mv.getDataVector();
      Writer key = writer(entries.getChildByOrdinal(0), m.keyType(), false, path + ".key");
      Writer value = writer(entries.getChildByOrdinal(1), m.valueType(), m.valueContainsNull(), path + ".value");
      return new VectorWriter<>(mv, path, nullable, type) {
        @Override
        void writeValue(int index, Object x) {
          if (!(x instanceof Map<?, ?> map)) {
            throw expected("Map", x);
          }
          int start = mv.startNewValue(index);
          int k = 0;
          for (Map.Entry<?, ?> e : map.entrySet()) {
            entries.setIndexDefined(start + k);
            key.write(start + k, e.getKey());
            value.write(start + k, e.getValue());
            k++;
          }
          mv.endValue(index, k);
          bytes += 4;
        }
      };
    }
    if (type instanceof StructType st) {
      StructVector s = (StructVector) vector;
      Writer[] children = new Writer[st.size()];
      for (int f = 0; f < children.length; f++) {
        children[f] = writer(s.getChildByOrdinal(f), st.get(f).dataType(), st.get(f).nullable(),
            path + "." + st.get(f).name());
      }
      return new VectorWriter<>(s, path, nullable, type) {
        @Override
        void writeValue(int index, Object x) {
          s.setIndexDefined(index);
          if (x instanceof Object[] values) {
            arity(values.length, x);
            for (int f = 0; f < children.length; f++) {
              children[f].write(index, values[f]);
            }
            return;
          }
          int n = structs.size(x);
          if (n < 0) {
            throw expected("a Row or Object[] of " + children.length + " values", x);
          }
          arity(n, x);
          for (int f = 0; f < children.length; f++) {
            children[f].write(index, structs.get(x, f));
          }
        }

        private void arity(int n, Object x) {
          if (n != children.length) {
            throw new Mismatch(path, "struct value has " + n + " fields but " + type.simpleString() + " has "
                + children.length);
          }
        }
      };
    }
    throw new IllegalArgumentException("field '" + path + "': Spark type " + type.simpleString()
        + " cannot be sent as local data");
  }

  /** Seconds and nanos as microseconds since the epoch, flooring sub-microsecond digits. */
  private static long micros(Writer w, long seconds, int nanos) {
    try {
      return Math.addExact(Math.multiplyExact(seconds, 1_000_000L), nanos / 1_000);
    } catch (ArithmeticException e) {
      throw new Mismatch(w.path, "value out of the range of microseconds since 1970 (" + seconds + " s)");
    }
  }

  /** A growable byte array that hands its bytes to protobuf without a copy. */
  static final class ByteSink implements java.nio.channels.WritableByteChannel {
    private byte[] buf;
    private int size;

    ByteSink(int initial) {
      buf = new byte[Math.max(64, initial)];
    }

    @Override
    public int write(java.nio.ByteBuffer src) {
      int n = src.remaining();
      if (size + n > buf.length) {
        long want = Math.max((long) buf.length * 2, (long) size + n);
        if (want > Integer.MAX_VALUE - 16) {
          throw new IllegalArgumentException("Arrow IPC data over 2 GiB in one piece: send it as a stream of rows");
        }
        buf = java.util.Arrays.copyOf(buf, (int) want);
      }
      src.get(buf, size, n);
      size += n;
      return n;
    }

    @Override
    public boolean isOpen() {
      return true;
    }

    @Override
    public void close() {}

    ByteString toByteString() {
      return com.google.protobuf.UnsafeByteOperations.unsafeWrap(buf, 0, size);
    }
  }
}
