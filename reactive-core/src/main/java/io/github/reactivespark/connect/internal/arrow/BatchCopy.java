package io.github.reactivespark.connect.internal.arrow;

import io.github.reactivespark.connect.types.BinaryType;
import io.github.reactivespark.connect.types.BooleanType;
import io.github.reactivespark.connect.types.ByteType;
import io.github.reactivespark.connect.types.CharType;
import io.github.reactivespark.connect.types.DataType;
import io.github.reactivespark.connect.types.DateType;
import io.github.reactivespark.connect.types.DecimalType;
import io.github.reactivespark.connect.types.DoubleType;
import io.github.reactivespark.connect.types.FloatType;
import io.github.reactivespark.connect.types.IntegerType;
import io.github.reactivespark.connect.types.LongType;
import io.github.reactivespark.connect.types.ShortType;
import io.github.reactivespark.connect.types.StringType;
import io.github.reactivespark.connect.types.StructType;
import io.github.reactivespark.connect.types.TimestampNTZType;
import io.github.reactivespark.connect.types.TimestampType;
import io.github.reactivespark.connect.types.VarcharType;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.jspecify.annotations.Nullable;

/**
 * An immutable copy of one Arrow record batch on the Java heap, read cell by cell: what the rows of
 * {@code ArrowBatch.rows()} read. It holds no Arrow memory, so it stays valid after the batch is closed.
 *
 * <p>The common flat columns are copied as they are in Arrow (one bulk copy of the data, validity and offset
 * buffers into {@code byte[]}s, with no per-cell work) and decoded only when a cell is read: boolean, tinyint,
 * smallint, int, bigint, float, double, decimal (128-bit), string/char/varchar, binary, date, timestamp and
 * timestamp_ntz. Primitive reads ({@link #getLong} ...) of such a column box nothing. Every other column (nested
 * types, intervals, time, variant, geometry, the large variants) is materialised eagerly by {@link ArrowRows}'s
 * readers, once per cell. Either way a read returns exactly the value {@link ArrowRows#toRows} gives.
 */
public final class BatchCopy {

  private static final VarHandle SHORTS = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle FLOATS = MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle DOUBLES =
      MethodHandles.byteArrayViewVarHandle(double[].class, ByteOrder.LITTLE_ENDIAN);

  private final Column[] columns;
  private final int rowCount;

  private BatchCopy(Column[] columns, int rowCount) {
    this.columns = columns;
    this.rowCount = rowCount;
  }

  /**
   * Copies a record batch.
   *
   * @param root the decoded record batch (read only; the caller may close it as soon as this returns)
   * @param schema the Spark schema of the result, one field per vector, in order
   * @param rowFactory makes the values of struct columns
   * @return the copy
   * @throws IllegalStateException if the number of columns differs or a vector does not carry the Arrow type Spark
   *     uses for the column's Spark type (the message names the column and both types)
   */
  public static BatchCopy of(VectorSchemaRoot root, StructType schema, ArrowRows.RowFactory<?> rowFactory) {
    List<FieldVector> vectors = root.getFieldVectors();
    if (vectors.size() != schema.size()) {
      throw new IllegalStateException("Arrow batch has " + vectors.size() + " columns but the schema has "
          + schema.size() + ": " + schema.simpleString());
    }
    int rows = root.getRowCount();
    Column[] columns = new Column[vectors.size()];
    for (int c = 0; c < columns.length; c++) {
      columns[c] = column(vectors.get(c), schema.get(c).dataType(), schema.get(c).name(), rows, rowFactory);
    }
    return new BatchCopy(columns, rows);
  }

  /**
   * The number of rows.
   *
   * @return the row count
   */
  public int rowCount() {
    return rowCount;
  }

  /**
   * Whether a cell is null.
   *
   * @param column the column index
   * @param row the row index
   * @return true if null
   */
  public boolean isNull(int column, int row) {
    return columns[column].isNull(row);
  }

  /**
   * A cell as its Java value (the type table of {@link ArrowRows}); a new object on every call.
   *
   * @param column the column index
   * @param row the row index
   * @return the value, or null
   */
  public @Nullable Object get(int column, int row) {
    Column col = columns[column];
    return col.isNull(row) ? null : col.value(row);
  }

  /**
   * A non-null bigint cell, without boxing when the column is a bigint column.
   *
   * @param column the column index
   * @param row the row index
   * @return the value
   * @throws ClassCastException if the column's values are not {@code Long}s
   */
  public long getLong(int column, int row) {
    return columns[column].getLong(row);
  }

  /**
   * A non-null int cell; see {@link #getLong}.
   *
   * @param column the column index
   * @param row the row index
   * @return the value
   * @throws ClassCastException if the column's values are not {@code Integer}s
   */
  public int getInt(int column, int row) {
    return columns[column].getInt(row);
  }

  /**
   * A non-null double cell; see {@link #getLong}.
   *
   * @param column the column index
   * @param row the row index
   * @return the value
   * @throws ClassCastException if the column's values are not {@code Double}s
   */
  public double getDouble(int column, int row) {
    return columns[column].getDouble(row);
  }

  /**
   * A non-null boolean cell; see {@link #getLong}.
   *
   * @param column the column index
   * @param row the row index
   * @return the value
   * @throws ClassCastException if the column's values are not {@code Boolean}s
   */
  public boolean getBoolean(int column, int row) {
    return columns[column].getBoolean(row);
  }

  private static Column column(FieldVector v, DataType type, String name, int rows,
      ArrowRows.RowFactory<?> rowFactory) {
    if (type instanceof BooleanType && v instanceof BitVector) {
      byte[] bits = copy(v.getDataBuffer(), (rows + 7) / 8);
      return new Column(validity(v, rows)) {
        @Override
        Object value(int r) {
          return getBoolean(r);
        }

        @Override
        boolean getBoolean(int r) {
          return bit(bits, r);
        }
      };
    }
    if (type instanceof ByteType && v instanceof TinyIntVector) {
      byte[] data = fixed(v, rows);
      return new Column(validity(v, rows)) {
        @Override
        Object value(int r) {
          return data[r];
        }
      };
    }
    if (type instanceof ShortType && v instanceof SmallIntVector) {
      byte[] data = fixed(v, rows);
      return new Column(validity(v, rows)) {
        @Override
        Object value(int r) {
          return (short) SHORTS.get(data, r * 2);
        }
      };
    }
    if (type instanceof IntegerType && v instanceof IntVector) {
      byte[] data = fixed(v, rows);
      return new Column(validity(v, rows)) {
        @Override
        Object value(int r) {
          return getInt(r);
        }

        @Override
        int getInt(int r) {
          return (int) INTS.get(data, r * 4);
        }
      };
    }
    if (type instanceof LongType && v instanceof BigIntVector) {
      byte[] data = fixed(v, rows);
      return new Column(validity(v, rows)) {
        @Override
        Object value(int r) {
          return getLong(r);
        }

        @Override
        long getLong(int r) {
          return (long) LONGS.get(data, r * 8);
        }
      };
    }
    if (type instanceof FloatType && v instanceof Float4Vector) {
      byte[] data = fixed(v, rows);
      return new Column(validity(v, rows)) {
        @Override
        Object value(int r) {
          return (float) FLOATS.get(data, r * 4);
        }
      };
    }
    if (type instanceof DoubleType && v instanceof Float8Vector) {
      byte[] data = fixed(v, rows);
      return new Column(validity(v, rows)) {
        @Override
        Object value(int r) {
          return getDouble(r);
        }

        @Override
        double getDouble(int r) {
          return (double) DOUBLES.get(data, r * 8);
        }
      };
    }
    if (type instanceof DecimalType && v instanceof DecimalVector d) {
      byte[] data = fixed(v, rows);
      int scale = d.getScale();
      return new Column(validity(v, rows)) {
        @Override
        Object value(int r) {
          long low = (long) LONGS.get(data, r * 16);
          long high = (long) LONGS.get(data, r * 16 + 8);
          if (high == (low >> 63)) {
            return BigDecimal.valueOf(low, scale); // the unscaled value fits a long: no BigInteger
          }
          byte[] bigEndian = new byte[16];
          for (int i = 0; i < 16; i++) {
            bigEndian[i] = data[r * 16 + 15 - i];
          }
          return new BigDecimal(new BigInteger(bigEndian), scale);
        }
      };
    }
    if ((type instanceof StringType || type instanceof CharType || type instanceof VarcharType)
        && v instanceof VarCharVector) {
      VarWidth w = new VarWidth((BaseVariableWidthVector) v, rows);
      return new Column(validity(v, rows)) {
        @Override
        Object value(int r) {
          int start = w.start(r);
          return new String(w.data, start, w.end(r) - start, StandardCharsets.UTF_8);
        }
      };
    }
    if (type instanceof BinaryType && v instanceof VarBinaryVector) {
      VarWidth w = new VarWidth((BaseVariableWidthVector) v, rows);
      return new Column(validity(v, rows)) {
        @Override
        Object value(int r) {
          return Arrays.copyOfRange(w.data, w.start(r), w.end(r));
        }
      };
    }
    if (type instanceof DateType && v instanceof DateDayVector) {
      byte[] data = fixed(v, rows);
      return new Column(validity(v, rows)) {
        @Override
        Object value(int r) {
          return LocalDate.ofEpochDay((int) INTS.get(data, r * 4));
        }
      };
    }
    if ((type instanceof TimestampType || type instanceof TimestampNTZType) && v instanceof TimeStampVector t) {
      byte[] data = fixed(v, rows);
      long perSecond = ArrowRows.unitsPerSecond(((ArrowType.Timestamp) t.getField().getType()).getUnit());
      long nanosPerUnit = 1_000_000_000L / perSecond;
      boolean instant = type instanceof TimestampType;
      return new Column(validity(v, rows)) {
        @Override
        Object value(int r) {
          long x = (long) LONGS.get(data, r * 8);
          long seconds = Math.floorDiv(x, perSecond);
          long nanos = Math.floorMod(x, perSecond) * nanosPerUnit;
          return instant ? Instant.ofEpochSecond(seconds, nanos)
              : LocalDateTime.ofEpochSecond(seconds, (int) nanos, ZoneOffset.UTC);
        }
      };
    }
    // everything else: materialised now by the readers of ArrowRows (which also check the Arrow type)
    ArrowRows.Reader reader = ArrowRows.reader(v, type, name, rowFactory);
    Object[] values = new Object[rows];
    for (int r = 0; r < rows; r++) {
      values[r] = reader.read(r);
    }
    return new Column(null) {
      @Override
      boolean isNull(int r) {
        return values[r] == null;
      }

      @Override
      Object value(int r) {
        return values[r];
      }
    };
  }

  /** The validity bits of a flat vector, or null when it has no nulls. */
  private static byte @Nullable [] validity(ValueVector v, int rows) {
    return v.getNullCount() == 0 ? null : copy(v.getValidityBuffer(), (rows + 7) / 8);
  }

  private static byte[] fixed(ValueVector v, int rows) {
    return copy(v.getDataBuffer(), (long) rows * ((BaseFixedWidthVector) v).getTypeWidth());
  }

  private static byte[] copy(ArrowBuf buf, long length) {
    byte[] out = new byte[Math.toIntExact(length)];
    buf.getBytes(0, out, 0, out.length);
    return out;
  }

  private static boolean bit(byte[] bits, int i) {
    return ((bits[i >> 3] >> (i & 7)) & 1) != 0;
  }

  /** The offsets and the bytes of a variable-width vector, copied. */
  private static final class VarWidth {
    final byte[] offsets;
    final byte[] data;

    VarWidth(BaseVariableWidthVector v, int rows) {
      this.offsets = rows == 0 ? new byte[4] : copy(v.getOffsetBuffer(), (rows + 1L) * 4);
      this.data = rows == 0 ? new byte[0] : copy(v.getDataBuffer(), end(rows - 1));
    }

    int start(int r) {
      return (int) INTS.get(offsets, r * 4);
    }

    int end(int r) {
      return (int) INTS.get(offsets, (r + 1) * 4);
    }
  }

  /** One column: its validity bits (null when it has no nulls) and how to read a non-null cell. */
  private abstract static class Column {
    private final byte @Nullable [] validity;

    Column(byte @Nullable [] validity) {
      this.validity = validity;
    }

    boolean isNull(int r) {
      return validity != null && !bit(validity, r);
    }

    /** The value of a cell known to be non-null. */
    abstract Object value(int r);

    long getLong(int r) {
      return (Long) value(r);
    }

    int getInt(int r) {
      return (Integer) value(r);
    }

    double getDouble(int r) {
      return (Double) value(r);
    }

    boolean getBoolean(int r) {
      return (Boolean) value(r);
    }
  }
}
