package io.github.reactivespark.connect.web;

import io.github.reactivespark.connect.ArrowBatch;
import io.github.reactivespark.connect.Row;
import io.github.reactivespark.connect.types.BooleanType;
import io.github.reactivespark.connect.types.ByteType;
import io.github.reactivespark.connect.types.CharType;
import io.github.reactivespark.connect.types.DataType;
import io.github.reactivespark.connect.types.DoubleType;
import io.github.reactivespark.connect.types.FloatType;
import io.github.reactivespark.connect.types.IntegerType;
import io.github.reactivespark.connect.types.LongType;
import io.github.reactivespark.connect.types.ShortType;
import io.github.reactivespark.connect.types.StringType;
import io.github.reactivespark.connect.types.StructField;
import io.github.reactivespark.connect.types.TimestampNTZType;
import io.github.reactivespark.connect.types.TimestampType;
import io.github.reactivespark.connect.types.VarcharType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.VarCharVector;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.DataBufferUtils;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.ObjectWriter;

/**
 * Writes an Arrow batch as NDJSON straight from its vectors: one JSON object per row, each on a line of its own, all
 * rows of a batch through one Jackson {@link JsonGenerator} into one buffer of the response's factory (pooled
 * Netty memory on the server). The bytes are exactly those of the application's mapper writing
 * {@link ResultStreams#toMap} of each row followed by {@code '\n'}:
 *
 * <ul>
 *   <li>boolean, tinyint, smallint, int, bigint, float, double and string columns (the Arrow vectors Spark sends
 *       for them) are read from the vector and written with the generator call Jackson's serializer of the
 *       {@code Row}'s Java value makes ({@code writeBoolean}, {@code writeNumber(int|long|float|double)},
 *       {@code writeString}); an ASCII string goes from the vector's bytes to the generator without a
 *       {@code String};
 *   <li>every other column (decimal, date, intervals, binary, variant, arrays, maps, structs...) is read
 *       from the batch's {@link ArrowBatch#rows()} (made once per batch, only if such a column exists) and written
 *       by the mapper ({@code writePOJO}) as {@link ResultStreams#toMap} has it;
 *   <li>timestamp and timestamp_ntz columns of the years 0 to 9999 are formatted here ({@link Timestamps}) as
 *       ISO-8601, when a probe at construction finds the mapper writes {@code Instant} and {@code LocalDateTime} that
 *       way (Jackson's default); otherwise, and for other years, as every other column above;
 *   <li>columns of one name: the map keeps the first one's position with the last one's value, and so does this.
 * </ul>
 *
 * <p>Thread-safe: no state between calls but the mapper's.
 */
final class NdjsonEncoder {

  /** Timestamps the probe writes: whole seconds, each fraction length, both ends of the 4-digit years. */
  private static final long[][] PROBES = {{0, 0}, {978_329_100L, 0}, {978_329_100L, 500_000_000},
      {978_329_100L, 120_000}, {978_329_100L, 123_456_000}, {978_329_100L, 1_000}, {-1L, 999_999_000},
      {-62_135_596_800L, 0}, {-62_167_219_200L, 1_000}, {253_402_300_799L, 999_999_000}, {951_782_400L, 0}};

  private final ObjectWriter writer;
  /** Whether the mapper writes LocalDateTime as ISO_LOCAL_DATE_TIME (Jackson's default), checked by a probe. */
  private final boolean isoLocalDateTime;
  /** Whether the mapper writes Instant as ISO_INSTANT (Jackson's default), checked by a probe. */
  private final boolean isoInstant;

  /**
   * An encoder writing with {@code mapper}'s configuration.
   *
   * @param mapper the application's JSON mapper
   */
  NdjsonEncoder(ObjectMapper mapper) {
    // no separator between root values: each row ends with its own '\n'
    this.writer = mapper.writer().withRootValueSeparator("");
    boolean local = true;
    boolean instant = true;
    char[] chars = new char[40];
    for (long[] p : PROBES) {
      local &= mapper.writeValueAsString(LocalDateTime.ofEpochSecond(p[0], (int) p[1], ZoneOffset.UTC))
          .equals(quoted(chars, Timestamps.isoLocalDateTime(chars, p[0], (int) p[1])));
      instant &= mapper.writeValueAsString(Instant.ofEpochSecond(p[0], p[1]))
          .equals(quoted(chars, Timestamps.isoInstant(chars, p[0], (int) p[1])));
    }
    this.isoLocalDateTime = local;
    this.isoInstant = instant;
  }

  /** Whether timestamps of both kinds are formatted here (the probe found the mapper writes them as ISO-8601). */
  boolean formatsTimestamps() {
    return isoLocalDateTime && isoInstant;
  }

  private static String quoted(char[] chars, int length) {
    return '"' + new String(chars, 0, length) + '"';
  }

  /** Writes one column's value of one row. */
  @FunctionalInterface
  private interface ColumnWriter {
    void write(JsonGenerator g, int row);
  }

  /**
   * One batch as NDJSON.
   *
   * @param batch an open batch (not closed here)
   * @param buffers where the buffer comes from
   * @return {@link ArrowBatch#rowCount()} lines in one buffer; the caller owns (and releases) it
   */
  DataBuffer encode(ArrowBatch batch, DataBufferFactory buffers) {
    List<StructField> fields = batch.schema().fields();
    List<FieldVector> vectors = batch.root().getFieldVectors();
    int rows = batch.rowCount();
    Supplier<List<Row>> rowList = new Supplier<>() {
      private @Nullable List<Row> materialised;

      @Override
      public List<Row> get() {
        List<Row> r = materialised;
        if (r == null) {
          r = batch.rows();
          materialised = r;
        }
        return r;
      }
    };
    // first position of each name, the last column of that name
    Map<String, Integer> lastOfName = new LinkedHashMap<>();
    for (int c = 0; c < fields.size(); c++) {
      lastOfName.put(fields.get(c).name(), c);
    }
    List<String> names = new ArrayList<>(lastOfName.keySet());
    ColumnWriter[] columns = new ColumnWriter[names.size()];
    for (int k = 0; k < columns.length; k++) {
      int c = lastOfName.get(names.get(k));
      columns[k] = columnWriter(vectors.get(c), fields.get(c).dataType(), c, rowList);
      if (vectors.get(c) instanceof TimeStampVector t && (fields.get(c).dataType() instanceof TimestampNTZType
          ? isoLocalDateTime : fields.get(c).dataType() instanceof TimestampType && isoInstant)) {
        columns[k] = new TimestampWriter(t, fields.get(c).dataType() instanceof TimestampType, columns[k]);
      }
    }
    DataBuffer out = buffers.allocateBuffer(Math.toIntExact(Math.min(batch.sizeInBytes() * 2 + 256, 1 << 24)));
    try (JsonGenerator g = writer.createGenerator(out.asOutputStream())) {
      for (int r = 0; r < rows; r++) {
        g.writeStartObject();
        for (int k = 0; k < columns.length; k++) {
          g.writeName(names.get(k));
          columns[k].write(g, r);
        }
        g.writeEndObject();
        g.writeRaw('\n');
      }
    } catch (RuntimeException | Error e) {
      DataBufferUtils.release(out);
      throw e;
    }
    return out;
  }

  private static ColumnWriter columnWriter(FieldVector v, DataType type, int column, Supplier<List<Row>> rows) {
    if (type instanceof BooleanType && v instanceof BitVector b) {
      return (g, i) -> {
        if (b.isNull(i)) {
          g.writeNull();
        } else {
          g.writeBoolean(b.get(i) != 0);
        }
      };
    }
    if (type instanceof ByteType && v instanceof TinyIntVector n) {
      return (g, i) -> {
        if (n.isNull(i)) {
          g.writeNull();
        } else {
          g.writeNumber(n.get(i));
        }
      };
    }
    if (type instanceof ShortType && v instanceof SmallIntVector n) {
      return (g, i) -> {
        if (n.isNull(i)) {
          g.writeNull();
        } else {
          g.writeNumber(n.get(i));
        }
      };
    }
    if (type instanceof IntegerType && v instanceof IntVector n) {
      return (g, i) -> {
        if (n.isNull(i)) {
          g.writeNull();
        } else {
          g.writeNumber(n.get(i));
        }
      };
    }
    if (type instanceof LongType && v instanceof BigIntVector n) {
      return (g, i) -> {
        if (n.isNull(i)) {
          g.writeNull();
        } else {
          g.writeNumber(n.get(i));
        }
      };
    }
    if (type instanceof FloatType && v instanceof Float4Vector f) {
      return (g, i) -> {
        if (f.isNull(i)) {
          g.writeNull();
        } else {
          g.writeNumber(f.get(i));
        }
      };
    }
    if (type instanceof DoubleType && v instanceof Float8Vector f) {
      return (g, i) -> {
        if (f.isNull(i)) {
          g.writeNull();
        } else {
          g.writeNumber(f.get(i));
        }
      };
    }
    if ((type instanceof StringType || type instanceof CharType || type instanceof VarcharType)
        && v instanceof VarCharVector s) {
      return new StringWriter(s);
    }
    return (g, i) -> {
      Object value = ResultStreams.jsonValue(rows.get().get(i).get(column));
      if (value == null) {
        g.writeNull();
      } else {
        g.writePOJO(value);
      }
    };
  }

  /**
   * A timestamp column (Spark's {@code timestamp}, an {@code Instant} in the row, or {@code timestamp_ntz}, a
   * {@code LocalDateTime}) written as the mapper's ISO-8601 form of that value, without making it, for the years 0 to
   * 9999; other years through {@code fallback} (the mapper).
   */
  private static final class TimestampWriter implements ColumnWriter {
    private final TimeStampVector vector;
    private final boolean instant;
    private final ColumnWriter fallback;
    private final long perSecond;
    private final long nanosPerUnit;
    private final char[] chars = new char[40];

    TimestampWriter(TimeStampVector vector, boolean instant, ColumnWriter fallback) {
      this.vector = vector;
      this.instant = instant;
      this.fallback = fallback;
      this.perSecond = switch (((ArrowType.Timestamp) vector.getField().getType()).getUnit()) {
        case SECOND -> 1L;
        case MILLISECOND -> 1_000L;
        case MICROSECOND -> 1_000_000L;
        case NANOSECOND -> 1_000_000_000L;
      };
      this.nanosPerUnit = 1_000_000_000L / perSecond;
    }

    @Override
    public void write(JsonGenerator g, int i) {
      if (vector.isNull(i)) {
        g.writeNull();
        return;
      }
      long x = vector.get(i);
      long seconds = Math.floorDiv(x, perSecond);
      if (seconds < Timestamps.MIN_SECOND || seconds > Timestamps.MAX_SECOND) {
        fallback.write(g, i);
        return;
      }
      int nanos = (int) (Math.floorMod(x, perSecond) * nanosPerUnit);
      g.writeString(chars, 0, instant ? Timestamps.isoInstant(chars, seconds, nanos)
          : Timestamps.isoLocalDateTime(chars, seconds, nanos));
    }
  }

  /**
   * A string column: an ASCII value is widened byte by byte into a reused {@code char[]} (the generator's
   * {@code writeString(char[], int, int)} is the path {@code writeString(String)} takes); any other value is
   * decoded as the row would ({@code new String(bytes, UTF_8)}, malformed input replaced).
   */
  private static final class StringWriter implements ColumnWriter {
    private final BaseVariableWidthVector vector;
    private byte[] bytes = new byte[64];
    private char[] chars = new char[64];

    StringWriter(BaseVariableWidthVector vector) {
      this.vector = vector;
    }

    @Override
    public void write(JsonGenerator g, int i) {
      if (vector.isNull(i)) {
        g.writeNull();
        return;
      }
      ArrowBuf offsets = vector.getOffsetBuffer();
      int start = offsets.getInt((long) i * BaseVariableWidthVector.OFFSET_WIDTH);
      int length = offsets.getInt((long) (i + 1) * BaseVariableWidthVector.OFFSET_WIDTH) - start;
      if (bytes.length < length) {
        bytes = new byte[Math.max(length, bytes.length * 2)];
        chars = new char[bytes.length];
      }
      vector.getDataBuffer().getBytes(start, bytes, 0, length);
      boolean ascii = true;
      for (int b = 0; b < length; b++) {
        byte x = bytes[b];
        if (x < 0) {
          ascii = false;
          break;
        }
        chars[b] = (char) x;
      }
      if (ascii) {
        g.writeString(chars, 0, length);
      } else {
        g.writeString(new String(bytes, 0, length, StandardCharsets.UTF_8));
      }
    }
  }
}
