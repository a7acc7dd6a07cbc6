package io.github.reactivespark.connect.types;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.UUID;

/**
 * A value of {@link VariantType}: the two byte arrays of the Spark/Parquet variant binary encoding. Mirrors
 * Spark's {@code org.apache.spark.unsafe.types.VariantVal}. Spark sends a variant over Arrow as
 * {@code struct<value: binary, metadata: binary>} whose {@code metadata} child carries the Arrow field metadata
 * {@code variant=true} (checked against Spark 4.1.2).
 *
 * <p>Encoding (Spark {@code common/variant/README.md}, Parquet {@code VariantEncoding.md}), all integers
 * little-endian and unsigned:
 * <ul>
 *   <li>{@code metadata}: a header byte (bits 0-3 version = 1, bit 4 sorted, bits 6-7 offset size − 1), the
 *       dictionary size, size + 1 offsets, then the UTF-8 bytes of the dictionary strings (object keys);</li>
 *   <li>{@code value}: a header byte (bits 0-1 basic type, bits 2-7 type info) then the data. Basic types:
 *       0 primitive (type info = primitive type id), 1 short string (type info = byte length), 2 object,
 *       3 array.</li>
 * </ul>
 *
 * <p>Instances are immutable: the arrays are copied in and out.
 *
 * @param value the value bytes
 * @param metadata the metadata (dictionary) bytes
 */
public record VariantVal(byte[] value, byte[] metadata) {
  private static final int PRIMITIVE = 0;
  private static final int SHORT_STR = 1;
  private static final int OBJECT = 2;
  private static final int ARRAY = 3;

  private static final DateTimeFormatter NTZ_FORMAT = new DateTimeFormatterBuilder()
      .append(DateTimeFormatter.ISO_LOCAL_DATE).appendLiteral(' ').append(DateTimeFormatter.ISO_LOCAL_TIME)
      .toFormatter(Locale.US);
  private static final DateTimeFormatter TZ_FORMAT = new DateTimeFormatterBuilder()
      .append(NTZ_FORMAT).appendOffset("+HH:MM", "+00:00").toFormatter(Locale.US);

  /**
   * Copies both arrays.
   *
   * @throws IllegalArgumentException if {@code metadata} is empty or its version is not 1
   */
  public VariantVal {
    value = value.clone();
    metadata = metadata.clone();
    if (metadata.length < 1 || (metadata[0] & 0x0F) != 1) {
      throw new IllegalArgumentException("malformed variant: unsupported metadata version");
    }
  }

  /**
   * Returns a copy of the value bytes.
   *
   * @return a fresh array
   */
  @Override
  public byte[] value() {
    return value.clone();
  }

  /**
   * Returns a copy of the metadata bytes.
   *
   * @return a fresh array
   */
  @Override
  public byte[] metadata() {
    return metadata.clone();
  }

  /**
   * Renders the variant as JSON, timestamps in UTC; see {@link #toJson(ZoneId)}.
   *
   * @return the JSON text
   * @throws IllegalArgumentException if the encoding is malformed
   */
  public String toJson() {
    return toJson(ZoneOffset.UTC);
  }

  /**
   * Renders the variant as JSON exactly as Spark's {@code Variant.toJson(zoneId)} / SQL {@code to_json(v)} do
   * (checked against Spark 4.1.2): object fields in stored order (sorted by key), decimals as plain strings
   * without trailing zeros, floats and doubles as Java prints them ({@code 1.0E10}), dates as
   * {@code "2024-01-02"}, timestamps as {@code "2024-01-02 03:04:05.123456+00:00"} in {@code zoneId},
   * timestamps without time zone without the offset, binary as quoted Base64. The types Spark 4.1 does not yet
   * render are rendered by this client as quoted strings: time as {@code "03:04:05.5"}, nanosecond timestamps
   * like the microsecond ones, UUID in its canonical form.
   *
   * @param zoneId the zone to render {@code timestamp} values in
   * @return the JSON text
   * @throws IllegalArgumentException if the encoding is malformed
   */
  public String toJson(ZoneId zoneId) {
    StringBuilder sb = new StringBuilder(Math.max(16, value.length * 2));
    try {
      appendJson(0, sb, zoneId);
    } catch (IndexOutOfBoundsException e) {
      throw new IllegalArgumentException("malformed variant: data ends too early", e);
    }
    return sb.toString();
  }

  private void appendJson(int pos, StringBuilder sb, ZoneId zoneId) {
    int header = value[pos] & 0xFF;
    int basicType = header & 0x3;
    int typeInfo = header >>> 2;
    switch (basicType) {
      case SHORT_STR -> appendQuotedEscaped(sb, new String(value, pos + 1, typeInfo, StandardCharsets.UTF_8));
      case OBJECT -> {
        int offsetSize = (typeInfo & 0x3) + 1;
        int idSize = ((typeInfo >>> 2) & 0x3) + 1;
        boolean large = ((typeInfo >>> 4) & 0x1) != 0;
        int sizeBytes = large ? 4 : 1;
        int n = readUnsigned(value, pos + 1, sizeBytes);
        int idStart = pos + 1 + sizeBytes;
        int offsetStart = idStart + n * idSize;
        int dataStart = offsetStart + (n + 1) * offsetSize;
        sb.append('{');
        for (int i = 0; i < n; i++) {
          if (i > 0) {
            sb.append(',');
          }
          int id = readUnsigned(value, idStart + i * idSize, idSize);
          appendQuotedEscaped(sb, metadataKey(id));
          sb.append(':');
          appendJson(dataStart + readUnsigned(value, offsetStart + i * offsetSize, offsetSize), sb, zoneId);
        }
        sb.append('}');
      }
      case ARRAY -> {
        int offsetSize = (typeInfo & 0x3) + 1;
        boolean large = ((typeInfo >>> 2) & 0x1) != 0;
        int sizeBytes = large ? 4 : 1;
        int n = readUnsigned(value, pos + 1, sizeBytes);
        int offsetStart = pos + 1 + sizeBytes;
        int dataStart = offsetStart + (n + 1) * offsetSize;
        sb.append('[');
        for (int i = 0; i < n; i++) {
          if (i > 0) {
            sb.append(',');
          }
          appendJson(dataStart + readUnsigned(value, offsetStart + i * offsetSize, offsetSize), sb, zoneId);
        }
        sb.append(']');
      }
      default -> appendPrimitive(pos, typeInfo, sb, zoneId);
    }
  }

  private void appendPrimitive(int pos, int typeId, StringBuilder sb, ZoneId zoneId) {
    int p = pos + 1;
    switch (typeId) {
      case 0 -> sb.append("null");
      case 1 -> sb.append("true");
      case 2 -> sb.append("false");
      case 3 -> sb.append(value[p]);
      case 4 -> sb.append((short) readSigned(p, 2));
      case 5 -> sb.append((int) readSigned(p, 4));
      case 6 -> sb.append(readSigned(p, 8));
      case 7 -> sb.append(Double.longBitsToDouble(readSigned(p, 8)));
      case 8, 9, 10 -> {
        int scale = value[p] & 0xFF;
        int width = typeId == 8 ? 4 : typeId == 9 ? 8 : 16;
        byte[] bigEndian = new byte[width];
        for (int i = 0; i < width; i++) {
          bigEndian[i] = value[p + width - i];
        }
        BigDecimal d = new BigDecimal(new BigInteger(bigEndian), scale).stripTrailingZeros();
        // stripTrailingZeros turns 100 into 1E+2; plain rendering keeps the digits
        sb.append(d.toPlainString());
      }
      case 11 -> quoted(sb, LocalDate.ofEpochDay((int) readSigned(p, 4)).toString());
      case 12 -> quoted(sb, TZ_FORMAT.format(micros(readSigned(p, 8)).atZone(zoneId)));
      case 13 -> quoted(sb, NTZ_FORMAT.format(micros(readSigned(p, 8)).atZone(ZoneOffset.UTC)));
      case 14 -> sb.append(Float.intBitsToFloat((int) readSigned(p, 4)));
      case 15 -> {
        int len = readUnsigned(value, p, 4);
        quoted(sb, Base64.getEncoder().encodeToString(Arrays.copyOfRange(value, p + 4, p + 4 + len)));
      }
      case 16 -> {
        int len = readUnsigned(value, p, 4);
        appendQuotedEscaped(sb, new String(value, p + 4, len, StandardCharsets.UTF_8));
      }
      case 17 -> quoted(sb, LocalTime.ofNanoOfDay(readSigned(p, 8) * 1000L).toString());
      case 18 -> quoted(sb, TZ_FORMAT.format(nanos(readSigned(p, 8)).atZone(zoneId)));
      case 19 -> quoted(sb, NTZ_FORMAT.format(nanos(readSigned(p, 8)).atZone(ZoneOffset.UTC)));
      case 20 -> {
        long hi = 0;
        long lo = 0;
        for (int i = 0; i < 8; i++) {
          hi = (hi << 8) | (value[p + i] & 0xFF);
          lo = (lo << 8) | (value[p + 8 + i] & 0xFF);
        }
        quoted(sb, new UUID(hi, lo).toString());
      }
      default -> throw new IllegalArgumentException("malformed variant: unknown primitive type id " + typeId);
    }
  }

  private String metadataKey(int id) {
    int offsetSize = ((metadata[0] >>> 6) & 0x3) + 1;
    int dictSize = readUnsigned(metadata, 1, offsetSize);
    if (id < 0 || id >= dictSize) {
      throw new IllegalArgumentException("malformed variant: dictionary id " + id + " of " + dictSize);
    }
    int offsets = 1 + offsetSize;
    int stringsStart = offsets + (dictSize + 1) * offsetSize;
    int start = readUnsigned(metadata, offsets + id * offsetSize, offsetSize);
    int end = readUnsigned(metadata, offsets + (id + 1) * offsetSize, offsetSize);
    return new String(metadata, stringsStart + start, end - start, StandardCharsets.UTF_8);
  }

  private static Instant micros(long micros) {
    return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
  }

  private static Instant nanos(long nanos) {
    return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
  }

  private static int readUnsigned(byte[] bytes, int pos, int size) {
    int result = 0;
    for (int i = 0; i < size; i++) {
      result |= (bytes[pos + i] & 0xFF) << (8 * i);
    }
    if (result < 0) {
      throw new IllegalArgumentException("malformed variant: size or offset exceeds 2^31");
    }
    return result;
  }

  private long readSigned(int pos, int size) {
    long result = 0;
    for (int i = 0; i < size; i++) {
      result |= (value[pos + i] & 0xFFL) << (8 * i);
    }
    int unused = 64 - 8 * size;
    return (result << unused) >> unused;
  }

  private static void quoted(StringBuilder sb, String s) {
    sb.append('"').append(s).append('"');
  }

  /** JSON string escaping as Jackson's {@code writeString} does it (quotes, backslash, control characters). */
  private static void appendQuotedEscaped(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04X", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof VariantVal other && Arrays.equals(value, other.value)
        && Arrays.equals(metadata, other.metadata);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(value) + Arrays.hashCode(metadata);
  }

  /** Returns {@link #toJson()}, or a hex dump if the encoding is malformed. */
  @Override
  public String toString() {
    try {
      return toJson();
    } catch (IllegalArgumentException e) {
      return "VariantVal(malformed, " + value.length + " value bytes)";
    }
  }
}
