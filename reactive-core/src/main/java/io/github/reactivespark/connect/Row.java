package io.github.reactivespark.connect;

import io.github.reactivespark.connect.internal.arrow.BatchCopy;
import io.github.reactivespark.connect.types.StructType;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One immutable result row with its schema, the client-side counterpart of Spark's {@code org.apache.spark.sql.Row}
 * (sql/api/src/main/scala/org/apache/spark/sql/Row.scala). A row holds no reference to Arrow memory: it stays valid
 * after its batch is closed. A row of a result ({@link DataFrame#rows()}, {@link ArrowBatch#rows()}) reads a heap
 * copy of its batch that all rows of the batch share, and makes each value when it is read (a new object each time;
 * {@link #getLong} and the other primitive getters box nothing); {@link #copy()} detaches a row from that copy.
 *
 * <p>Java type of each Spark SQL type (as produced from Spark 4.1 results):
 * <table>
 *   <caption>Spark SQL type to Java type</caption>
 *   <tr><th>Spark SQL type</th><th>Java type</th></tr>
 *   <tr><td>boolean</td><td>{@link Boolean}</td></tr>
 *   <tr><td>tinyint (byte)</td><td>{@link Byte}</td></tr>
 *   <tr><td>smallint (short)</td><td>{@link Short}</td></tr>
 *   <tr><td>int (integer)</td><td>{@link Integer}</td></tr>
 *   <tr><td>bigint (long)</td><td>{@link Long}</td></tr>
 *   <tr><td>float</td><td>{@link Float}</td></tr>
 *   <tr><td>double</td><td>{@link Double}</td></tr>
 *   <tr><td>decimal(p,s)</td><td>{@link BigDecimal} with scale s</td></tr>
 *   <tr><td>string, char(n), varchar(n)</td><td>{@link String}</td></tr>
 *   <tr><td>binary</td><td>{@code byte[]}</td></tr>
 *   <tr><td>date</td><td>{@link LocalDate}</td></tr>
 *   <tr><td>timestamp</td><td>{@link Instant}</td></tr>
 *   <tr><td>timestamp_ntz</td><td>{@link java.time.LocalDateTime}</td></tr>
 *   <tr><td>time(p)</td><td>{@link java.time.LocalTime}</td></tr>
 *   <tr><td>interval day to second (and sub-ranges)</td><td>{@link java.time.Duration}</td></tr>
 *   <tr><td>interval year to month (and sub-ranges)</td><td>{@link java.time.Period} (normalised: years and
 *       months)</td></tr>
 *   <tr><td>interval (calendar)</td><td>{@link io.github.reactivespark.connect.types.CalendarInterval}</td></tr>
 *   <tr><td>variant</td><td>{@link io.github.reactivespark.connect.types.VariantVal}</td></tr>
 *   <tr><td>geometry / geography</td><td>{@link io.github.reactivespark.connect.types.Geometry} /
 *       {@link io.github.reactivespark.connect.types.Geography}</td></tr>
 *   <tr><td>array&lt;T&gt;</td><td>unmodifiable {@link List}, may hold nulls</td></tr>
 *   <tr><td>map&lt;K,V&gt;</td><td>unmodifiable {@link Map} in Spark's entry order, values may be null</td></tr>
 *   <tr><td>struct&lt;...&gt;</td><td>{@link Row}</td></tr>
 *   <tr><td>void (null type)</td><td>always {@code null}</td></tr>
 * </table>
 *
 * <p>Typed getters throw {@link ClassCastException} when the value has another Java type; primitive getters
 * ({@link #getInt} ...) throw {@link NullPointerException} naming the field when the value is null, as Spark does.
 * {@code equals}/{@code hashCode} compare schema and values deeply, {@code byte[]} by content.
 */
public final class Row implements Iterable<@Nullable Object> {
  private final StructType schema;
  /** The values of a row made from values; null for a row of a result batch, which reads {@link #batch}. */
  private final @Nullable Object @Nullable [] values;
  /** The heap copy of the result batch this row is row {@link #index} of, or null. */
  private final @Nullable BatchCopy batch;
  private final int index;

  private Row(StructType schema, @Nullable Object[] values) {
    this.schema = schema;
    this.values = values;
    this.batch = null;
    this.index = 0;
  }

  private Row(StructType schema, BatchCopy batch, int index) {
    this.schema = schema;
    this.values = null;
    this.batch = batch;
    this.index = index;
  }

  /**
   * Creates a row.
   *
   * @param schema the row's schema
   * @param values one value per field, in field order; nulls allowed; copied (not deeply)
   * @return the row
   * @throws IllegalArgumentException if the number of values differs from the number of fields
   */
  public static Row of(StructType schema, List<?> values) {
    return wrap(schema, values.toArray());
  }

  /** A row over {@code values} itself (not copied): the row factory of decoding. */
  static Row wrap(StructType schema, @Nullable Object[] values) {
    Objects.requireNonNull(schema, "schema");
    if (values.length != schema.size()) {
      throw new IllegalArgumentException("row has " + values.length + " values but the schema has "
          + schema.size() + " fields: " + schema.simpleString());
    }
    return new Row(schema, values);
  }

  /**
   * The rows of one result batch, reading the batch's heap copy (decoding each value when it is read). The rows
   * share the copy: it stays reachable as long as one of them is.
   */
  static List<Row> rowsOf(StructType schema, BatchCopy batch) {
    Row[] rows = new Row[batch.rowCount()];
    for (int r = 0; r < rows.length; r++) {
      rows[r] = new Row(schema, batch, r);
    }
    return Collections.unmodifiableList(Arrays.asList(rows));
  }

  /**
   * This row as a row of its own values, holding nothing else (Spark's {@code Row.copy()}). A row of
   * {@link DataFrame#rows()} reads the copy of its whole batch, which it keeps reachable; keep a copy instead when
   * you keep a few rows of many batches.
   *
   * @return a row equal to this one that shares nothing with its batch
   */
  public Row copy() {
    return values != null ? this : new Row(schema, toList().toArray());
  }

  /**
   * The schema of this row.
   *
   * @return the schema
   */
  public StructType schema() {
    return schema;
  }

  /**
   * The number of values.
   *
   * @return the size
   */
  public int size() {
    return schema.size();
  }

  /**
   * The value at a position.
   *
   * @param i 0-based position
   * @return the value, or null
   * @throws IndexOutOfBoundsException if there is no such position
   */
  public @Nullable Object get(int i) {
    Objects.checkIndex(i, schema.size());
    return values != null ? values[i] : batch().get(i, index);
  }

  private BatchCopy batch() {
    return Objects.requireNonNull(batch, "batch");
  }

  /**
   * The value of the first field with this name.
   *
   * @param fieldName the field name
   * @return the value, or null
   * @throws IllegalArgumentException if the schema has no such field
   */
  public @Nullable Object get(String fieldName) {
    return get(schema.fieldIndex(fieldName));
  }

  /**
   * The value at a position, cast to the caller's type (unchecked, like Spark's {@code getAs}).
   *
   * @param i 0-based position
   * @param <T> the expected type
   * @return the value, or null
   */
  @SuppressWarnings("unchecked")
  public <T> @Nullable T getAs(int i) {
    return (T) get(i);
  }

  /**
   * The value of a named field, cast to the caller's type (unchecked).
   *
   * @param fieldName the field name
   * @param <T> the expected type
   * @return the value, or null
   */
  @SuppressWarnings("unchecked")
  public <T> @Nullable T getAs(String fieldName) {
    return (T) get(fieldName);
  }

  /**
   * Whether the value at a position is null.
   *
   * @param i 0-based position
   * @return true if null
   */
  public boolean isNullAt(int i) {
    if (values != null) {
      return get(i) == null;
    }
    Objects.checkIndex(i, schema.size());
    return batch().isNull(i, index);
  }

  /**
   * Whether any value is null.
   *
   * @return true if at least one value is null
   */
  public boolean anyNull() {
    for (int i = 0; i < schema.size(); i++) {
      if (isNullAt(i)) {
        return true;
      }
    }
    return false;
  }

  private Object nonNull(int i) {
    Object v = get(i);
    if (v == null) {
      throw nullAt(i);
    }
    return v;
  }

  private NullPointerException nullAt(int i) {
    return new NullPointerException("Value of field \"" + schema.get(i).name() + "\" at index " + i + " is null");
  }

  /** For a row of a batch: the batch after checking that the cell is not null (primitive getters box nothing). */
  private @Nullable BatchCopy nonNullBatch(int i) {
    if (values != null) {
      return null;
    }
    Objects.checkIndex(i, schema.size());
    BatchCopy b = batch();
    if (b.isNull(i, index)) {
      throw nullAt(i);
    }
    return b;
  }

  /**
   * A boolean value.
   *
   * @param i position
   * @return the value
   * @throws NullPointerException naming the field if null
   */
  public boolean getBoolean(int i) {
    BatchCopy b = nonNullBatch(i);
    return b != null ? b.getBoolean(i, index) : (Boolean) nonNull(i);
  }

  /**
   * A tinyint value.
   *
   * @param i position
   * @return the value
   * @throws NullPointerException naming the field if null
   */
  public byte getByte(int i) {
    return (Byte) nonNull(i);
  }

  /**
   * A smallint value.
   *
   * @param i position
   * @return the value
   * @throws NullPointerException naming the field if null
   */
  public short getShort(int i) {
    return (Short) nonNull(i);
  }

  /**
   * An int value.
   *
   * @param i position
   * @return the value
   * @throws NullPointerException naming the field if null
   */
  public int getInt(int i) {
    BatchCopy b = nonNullBatch(i);
    return b != null ? b.getInt(i, index) : (Integer) nonNull(i);
  }

  /**
   * A bigint value.
   *
   * @param i position
   * @return the value
   * @throws NullPointerException naming the field if null
   */
  public long getLong(int i) {
    BatchCopy b = nonNullBatch(i);
    return b != null ? b.getLong(i, index) : (Long) nonNull(i);
  }

  /**
   * A float value.
   *
   * @param i position
   * @return the value
   * @throws NullPointerException naming the field if null
   */
  public float getFloat(int i) {
    return (Float) nonNull(i);
  }

  /**
   * A double value.
   *
   * @param i position
   * @return the value
   * @throws NullPointerException naming the field if null
   */
  public double getDouble(int i) {
    BatchCopy b = nonNullBatch(i);
    return b != null ? b.getDouble(i, index) : (Double) nonNull(i);
  }

  /**
   * A string (or char/varchar) value.
   *
   * @param i position
   * @return the value, or null
   */
  public @Nullable String getString(int i) {
    return (String) get(i);
  }

  /**
   * A decimal value.
   *
   * @param i position
   * @return the value (scale as in the column type), or null
   */
  public @Nullable BigDecimal getDecimal(int i) {
    return (BigDecimal) get(i);
  }

  /**
   * A date value.
   *
   * @param i position
   * @return the value, or null
   */
  public @Nullable LocalDate getDate(int i) {
    return (LocalDate) get(i);
  }

  /**
   * A timestamp (with local time zone) value.
   *
   * @param i position
   * @return the instant, or null
   */
  public @Nullable Instant getTimestamp(int i) {
    return (Instant) get(i);
  }

  /**
   * An array value.
   *
   * @param i position
   * @param <T> the element type
   * @return an unmodifiable list, or null
   */
  @SuppressWarnings("unchecked")
  public <T> @Nullable List<T> getList(int i) {
    return (List<T>) get(i);
  }

  /**
   * A map value.
   *
   * @param i position
   * @param <K> the key type
   * @param <V> the value type
   * @return an unmodifiable map in Spark's entry order, or null
   */
  @SuppressWarnings("unchecked")
  public <K, V> @Nullable Map<K, V> getMap(int i) {
    return (Map<K, V>) get(i);
  }

  /**
   * A struct value.
   *
   * @param i position
   * @return the nested row, or null
   */
  public @Nullable Row getStruct(int i) {
    return (Row) get(i);
  }

  /**
   * The values in field order.
   *
   * @return an unmodifiable list that may hold nulls
   */
  public List<@Nullable Object> toList() {
    if (values != null) {
      return Collections.unmodifiableList(Arrays.asList(values));
    }
    Object[] all = new Object[schema.size()];
    for (int i = 0; i < all.length; i++) {
      all[i] = get(i);
    }
    return Collections.unmodifiableList(Arrays.asList(all));
  }

  @Override
  public Iterator<@Nullable Object> iterator() {
    return toList().iterator();
  }

  /**
   * Renders like Spark's {@code Row.toString}: {@code [1,a,null]}, nested rows as {@code [..]}; {@code byte[]}
   * values are rendered by content ({@code [1, 2]}) rather than Spark's identity string.
   */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < schema.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      Object v = get(i);
      sb.append(v instanceof byte[] b ? Arrays.toString(b) : String.valueOf(v));
    }
    return sb.append(']').toString();
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Row other) || !schema.equals(other.schema)) {
      return false;
    }
    for (int i = 0; i < schema.size(); i++) {
      if (!deepEquals(get(i), other.get(i))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    int h = schema.hashCode();
    for (int i = 0; i < schema.size(); i++) {
      h = 31 * h + deepHash(get(i));
    }
    return h;
  }

  private static boolean deepEquals(@Nullable Object a, @Nullable Object b) {
    if (a == b) {
      return true;
    }
    if (a == null || b == null) {
      return false;
    }
    if (a instanceof byte[] x && b instanceof byte[] y) {
      return Arrays.equals(x, y);
    }
    if (a instanceof List<?> x && b instanceof List<?> y) {
      if (x.size() != y.size()) {
        return false;
      }
      Iterator<?> ix = x.iterator();
      Iterator<?> iy = y.iterator();
      while (ix.hasNext()) {
        if (!deepEquals(ix.next(), iy.next())) {
          return false;
        }
      }
      return true;
    }
    if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
      if (x.size() != y.size()) {
        return false;
      }
      for (Map.Entry<?, ?> e : x.entrySet()) {
        if (!y.containsKey(e.getKey()) || !deepEquals(e.getValue(), y.get(e.getKey()))) {
          return false;
        }
      }
      return true;
    }
    return a.equals(b);
  }

  private static int deepHash(@Nullable Object v) {
    if (v == null) {
      return 0;
    }
    if (v instanceof byte[] b) {
      return Arrays.hashCode(b);
    }
    if (v instanceof List<?> l) {
      int h = 1;
      for (Object e : l) {
        h = 31 * h + deepHash(e);
      }
      return h;
    }
    if (v instanceof Map<?, ?> m) {
      int h = 0;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        h += deepHash(e.getKey()) ^ deepHash(e.getValue());
      }
      return h;
    }
    return v.hashCode();
  }
}
