package io.github.reactivespark.connect;

import io.github.reactivespark.connect.internal.proto.Expression;
import io.github.reactivespark.connect.internal.proto.NADrop;
import io.github.reactivespark.connect.internal.proto.NAFill;
import io.github.reactivespark.connect.internal.proto.NAReplace;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Missing-data functions of a {@link DataFrame} ({@code df.na()}): {@code fill}, {@code drop} and
 * {@code replace}, sent as the {@code NAFill}, {@code NADrop} and {@code NAReplace} relations. Every method is a
 * lazy transformation (no I/O). Column names that do not exist fail the action that runs the plan with an
 * {@code AnalysisException}; a fill value whose type does not fit a column leaves that column unchanged, as in
 * Spark.
 *
 * <p>Mirrors PySpark's {@code DataFrameNaFunctions} ({@code pyspark.sql.connect.dataframe}) and Scala's
 * {@code DataFrameNaFunctions}.
 *
 * @since 0.2.0
 */
public final class DataFrameNaFunctions {

  private final DataFrame df;

  DataFrameNaFunctions(DataFrame df) {
    this.df = df;
  }

  // ---------------------------------------------------------------- fill

  /**
   * Replaces nulls in numeric columns with {@code value} ({@code NAFill}); with {@code subset}, only in those
   * columns (non-numeric columns among them are left alone).
   */
  public DataFrame fill(long value, String... subset) {
    return fillOne(value, subset);
  }

  /** Replaces nulls in numeric columns (all, or {@code subset}) with {@code value} ({@code NAFill}). */
  public DataFrame fill(double value, String... subset) {
    return fillOne(value, subset);
  }

  /** Replaces nulls in string columns (all, or {@code subset}) with {@code value} ({@code NAFill}). */
  public DataFrame fill(String value, String... subset) {
    return fillOne(Objects.requireNonNull(value, "value"), subset);
  }

  /** Replaces nulls in boolean columns (all, or {@code subset}) with {@code value} ({@code NAFill}). */
  public DataFrame fill(boolean value, String... subset) {
    return fillOne(value, subset);
  }

  /**
   * Replaces nulls column by column: key is the column name, value its replacement ({@code Long}/{@code Integer},
   * {@code Double}/{@code Float}, {@code String} or {@code Boolean}); PySpark's {@code fill(dict)}.
   *
   * @throws IllegalArgumentException if the map is empty or a value has another type
   */
  public DataFrame fill(Map<String, ?> valuesByColumn) {
    if (valuesByColumn.isEmpty()) {
      throw new IllegalArgumentException("fill needs at least one column -> value entry");
    }
    NAFill.Builder f = NAFill.newBuilder().setInput(df.relation);
    valuesByColumn.forEach((c, v) -> {
      f.addCols(c);
      f.addValues(fillLiteral(v));
    });
    return df.derive(b -> b.setFillNa(f));
  }

  private DataFrame fillOne(Object value, String[] subset) {
    NAFill.Builder f = NAFill.newBuilder().setInput(df.relation).addAllCols(Arrays.asList(subset))
        .addValues(fillLiteral(value));
    return df.derive(b -> b.setFillNa(f));
  }

  private static Expression.Literal fillLiteral(@Nullable Object v) {
    if (v instanceof Integer i) {
      v = i.longValue();
    } else if (v instanceof Short s) {
      v = s.longValue();
    } else if (v instanceof Byte s) {
      v = s.longValue();
    } else if (v instanceof Float f) {
      v = f.doubleValue();
    }
    if (!(v instanceof Long || v instanceof Double || v instanceof String || v instanceof Boolean)) {
      throw new IllegalArgumentException("A fill value must be a Long, Integer, Double, Float, String or Boolean, was "
          + (v == null ? "null" : v.getClass().getName()));
    }
    return Literals.toLiteral(v);
  }

  // ---------------------------------------------------------------- drop

  /** Drops rows that have a null (or NaN) in any column ({@code NADrop}; PySpark's {@code drop()}). */
  public DataFrame drop() {
    return drop("any");
  }

  /**
   * Drops rows with nulls: {@code "any"} drops a row with at least one null or NaN, {@code "all"} one whose values
   * are all null or NaN ({@code NADrop}); with {@code subset}, only those columns count.
   *
   * @throws IllegalArgumentException if {@code how} is neither {@code any} nor {@code all}
   */
  public DataFrame drop(String how, String... subset) {
    return switch (how.toLowerCase(Locale.ROOT)) {
      case "any" -> dropNa(null, subset);
      case "all" -> dropNa(1, subset);
      default -> throw new IllegalArgumentException("how must be 'any' or 'all', was '" + how + "'");
    };
  }

  /**
   * Drops rows with fewer than {@code minNonNulls} non-null, non-NaN values (PySpark's {@code thresh}) in all
   * columns or in {@code subset} ({@code NADrop.min_non_nulls}).
   *
   * @throws IllegalArgumentException if {@code minNonNulls} is negative
   */
  public DataFrame drop(int minNonNulls, String... subset) {
    if (minNonNulls < 0) {
      throw new IllegalArgumentException("minNonNulls must be >= 0, was " + minNonNulls);
    }
    return dropNa(minNonNulls, subset);
  }

  private DataFrame dropNa(@Nullable Integer minNonNulls, String[] subset) {
    NADrop.Builder d = NADrop.newBuilder().setInput(df.relation).addAllCols(Arrays.asList(subset));
    if (minNonNulls != null) {
      d.setMinNonNulls(minNonNulls);
    }
    return df.derive(b -> b.setDropNa(d));
  }

  // ---------------------------------------------------------------- replace

  /**
   * Replaces every value equal to {@code toReplace} by {@code value} ({@code NAReplace}) in all columns of a
   * compatible type, or in {@code subset}. Values: {@code null}, numbers, strings or booleans (PySpark's
   * {@code replace(to_replace, value, subset)} with scalars).
   *
   * @throws IllegalArgumentException for a value of another type
   */
  public DataFrame replace(@Nullable Object toReplace, @Nullable Object value, String... subset) {
    return replaceAll(Collections.singletonList(toReplace), Collections.singletonList(value), subset);
  }

  /**
   * Replaces {@code toReplace.get(i)} by {@code values.get(i)} for each {@code i} (PySpark's
   * {@code replace(list, list, subset)}).
   *
   * @throws IllegalArgumentException if the lists differ in length or hold unsupported types
   */
  public DataFrame replace(List<?> toReplace, List<?> values, String... subset) {
    if (toReplace.size() != values.size()) {
      throw new IllegalArgumentException("toReplace and values must have the same length: " + toReplace.size()
          + " vs " + values.size());
    }
    return replaceAll(toReplace, values, subset);
  }

  /**
   * Replaces each key of {@code replacement} by its value (PySpark's {@code replace(dict, subset=…)}; Scala's
   * {@code replace(cols, map)} is {@code replace(map, cols)} here, and its {@code "*"} is an empty subset).
   */
  public DataFrame replace(Map<?, ?> replacement, String... subset) {
    List<Object> from = new ArrayList<>();
    List<Object> to = new ArrayList<>();
    replacement.forEach((k, v) -> {
      from.add(k);
      to.add(v);
    });
    return replaceAll(from, to, subset);
  }

  private DataFrame replaceAll(List<?> from, List<?> to, String[] subset) {
    NAReplace.Builder r = NAReplace.newBuilder().setInput(df.relation).addAllCols(Arrays.asList(subset));
    for (int i = 0; i < from.size(); i++) {
      r.addReplacements(NAReplace.Replacement.newBuilder().setOldValue(replaceLiteral(from.get(i)))
          .setNewValue(replaceLiteral(to.get(i))));
    }
    return df.derive(b -> b.setReplace(r));
  }

  private static Expression.Literal replaceLiteral(@Nullable Object v) {
    if (v == null || v instanceof Number || v instanceof String || v instanceof Boolean) {
      if (v instanceof java.math.BigDecimal || v instanceof java.math.BigInteger) {
        v = ((Number) v).doubleValue();
      }
      return Literals.toLiteral(v);
    }
    throw new IllegalArgumentException("A replace value must be null, a number, a String or a Boolean, was "
        + v.getClass().getName());
  }
}
