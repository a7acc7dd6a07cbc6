package io.github.reactivespark.connect;

import io.github.reactivespark.connect.internal.proto.Expression;
import org.jspecify.annotations.Nullable;

/**
 * Built-in column functions, named as in Spark's {@code org.apache.spark.sql.functions} and PySpark's
 * {@code pyspark.sql.functions}, for use with {@code import static io.github.reactivespark.connect.functions.*}.
 *
 * <p>Every function builds an unresolved expression; nothing is sent to the server until an action runs. Any
 * server function not listed here can be called with {@link #call_function(String, Column...)}. Overloads that
 * take a {@code String} treat it as a column name.
 *
 * @since 0.1.0
 */
@SuppressWarnings("checkstyle:TypeName")
public final class functions {

  private functions() {}

  /**
   * A column by name. {@code "*"} selects all columns; a dotted name {@code "a.b"} reaches into structs; back-ticks
   * quote names with special characters, as in Spark.
   */
  public static Column col(String name) {
    if (name.equals("*")) {
      return new Column(Expression.newBuilder().setUnresolvedStar(Expression.UnresolvedStar.getDefaultInstance()).build());
    }
    if (name.endsWith(".*")) {
      return new Column(Expression.newBuilder().setUnresolvedStar(
          Expression.UnresolvedStar.newBuilder().setUnparsedTarget(name)).build());
    }
    return new Column(Expression.newBuilder().setUnresolvedAttribute(
        Expression.UnresolvedAttribute.newBuilder().setUnparsedIdentifier(name)).build());
  }

  /** Same as {@link #col(String)}. */
  public static Column column(String name) {
    return col(name);
  }

  /**
   * A literal. Java types map to Spark types as: Boolean→boolean, Byte→tinyint, Short→smallint, Integer→int,
   * Long→bigint, Float→float, Double→double, BigDecimal→decimal, String→string, byte[]→binary, LocalDate→date,
   * Instant→timestamp, LocalDateTime→timestamp_ntz, Duration→interval day to second, Period→interval year to month,
   * null→void. A {@link Column} is returned unchanged.
   *
   * @throws IllegalArgumentException for any other Java type
   */
  public static Column lit(@Nullable Object value) {
    if (value instanceof Column c) {
      return c;
    }
    return new Column(Literals.toExpression(value));
  }

  /** Parses a SQL expression string on the server, for example {@code expr("delay > 0 AND origin = 'SEA'")}. */
  public static Column expr(String sqlExpression) {
    return new Column(Expression.newBuilder().setExpressionString(
        Expression.ExpressionString.newBuilder().setExpression(sqlExpression)).build());
  }

  /** Calls any SQL function of the server by name with the given arguments. */
  public static Column call_function(String functionName, Column... args) {
    return Column.fn(functionName, args);
  }

  // ---- aggregates ----

  /** Number of rows where {@code e} is not null; {@code count(col("*"))} counts all rows. */
  public static Column count(Column e) {
    return Column.fn("count", e);
  }

  /** Number of rows where the named column is not null; {@code count("*")} counts all rows. */
  public static Column count(String columnName) {
    return count(col(columnName));
  }

  /** Number of distinct non-null combinations of the given columns. */
  public static Column countDistinct(Column first, Column... rest) {
    Column[] all = new Column[rest.length + 1];
    all[0] = first;
    System.arraycopy(rest, 0, all, 1, rest.length);
    return Column.fn("count", true, all);
  }

  /** Same as {@link #countDistinct(Column, Column...)}. */
  public static Column count_distinct(Column first, Column... rest) {
    return countDistinct(first, rest);
  }

  /** Approximate number of distinct values (HyperLogLog++). */
  public static Column approx_count_distinct(Column e) {
    return Column.fn("approx_count_distinct", e);
  }

  /** Sum of the values. */
  public static Column sum(Column e) {
    return Column.fn("sum", e);
  }

  /** Sum of the values of the named column. */
  public static Column sum(String columnName) {
    return sum(col(columnName));
  }

  /** Average of the values. */
  public static Column avg(Column e) {
    return Column.fn("avg", e);
  }

  /** Average of the values of the named column. */
  public static Column avg(String columnName) {
    return avg(col(columnName));
  }

  /** Same as {@link #avg(Column)}. */
  public static Column mean(Column e) {
    return avg(e);
  }

  /** Smallest value. */
  public static Column min(Column e) {
    return Column.fn("min", e);
  }

  /** Smallest value of the named column. */
  public static Column min(String columnName) {
    return min(col(columnName));
  }

  /** Largest value. */
  public static Column max(Column e) {
    return Column.fn("max", e);
  }

  /** Largest value of the named column. */
  public static Column max(String columnName) {
    return max(col(columnName));
  }

  /** Sample standard deviation. */
  public static Column stddev(Column e) {
    return Column.fn("stddev", e);
  }

  /** First value in a group (non-deterministic without ordering). */
  public static Column first(Column e) {
    return Column.fn("first", e);
  }

  // ---- sort orders ----

  /** Ascending sort order on the named column. */
  public static Column asc(String columnName) {
    return col(columnName).asc();
  }

  /** Descending sort order on the named column. */
  public static Column desc(String columnName) {
    return col(columnName).desc();
  }

  // ---- scalar functions used throughout samples ----

  /** Rounds to {@code scale} decimal places, HALF_UP. */
  public static Column round(Column e, int scale) {
    return Column.fn("round", e, lit(scale));
  }

  /** Absolute value. */
  public static Column abs(Column e) {
    return Column.fn("abs", e);
  }

  /** Square root. */
  public static Column sqrt(Column e) {
    return Column.fn("sqrt", e);
  }

  /** First non-null argument. */
  public static Column coalesce(Column... e) {
    return Column.fn("coalesce", e);
  }

  /** Hour of day (0-23) of a timestamp. */
  public static Column hour(Column e) {
    return Column.fn("hour", e);
  }

  /** Day of month of a date or timestamp. */
  public static Column dayofmonth(Column e) {
    return Column.fn("dayofmonth", e);
  }

  /** Day of week of a date or timestamp, 1 = Sunday … 7 = Saturday. */
  public static Column dayofweek(Column e) {
    return Column.fn("dayofweek", e);
  }

  /** Month (1-12) of a date or timestamp. */
  public static Column month(Column e) {
    return Column.fn("month", e);
  }

  /** Year of a date or timestamp. */
  public static Column year(Column e) {
    return Column.fn("year", e);
  }

  /** Date part of a timestamp, or a string parsed as a date. */
  public static Column to_date(Column e) {
    return Column.fn("to_date", e);
  }

  /** Formats a date or timestamp with a Spark datetime pattern. */
  public static Column date_format(Column e, String pattern) {
    return Column.fn("date_format", e, lit(pattern));
  }

  /** Upper-cases a string. */
  public static Column upper(Column e) {
    return Column.fn("upper", e);
  }

  /** Lower-cases a string. */
  public static Column lower(Column e) {
    return Column.fn("lower", e);
  }

  /** Concatenates strings (null if any is null). */
  public static Column concat(Column... e) {
    return Column.fn("concat", e);
  }

  /** Concatenates strings with a separator, skipping nulls. */
  public static Column concat_ws(String sep, Column... e) {
    Column[] all = new Column[e.length + 1];
    all[0] = lit(sep);
    System.arraycopy(e, 0, all, 1, e.length);
    return Column.fn("concat_ws", all);
  }

  /** Length of a string in characters (or of binary in bytes). */
  public static Column length(Column e) {
    return Column.fn("length", e);
  }

  /** Repeats a string {@code n} times. */
  public static Column repeat(Column e, int n) {
    return Column.fn("repeat", e, lit(n));
  }

  /** {@code CASE WHEN condition THEN value END}; chain with {@link When#when} and {@link When#otherwise}. */
  public static When when(Column condition, Object value) {
    return new When(java.util.List.of(condition.expr, lit(value).expr));
  }

  /**
   * A {@code CASE WHEN} expression under construction. It is itself a column (null where no branch matches)
   * through {@link #otherwise(Object)} or {@link #end()}.
   */
  public static final class When {
    private final java.util.List<Expression> branches;

    private When(java.util.List<Expression> branches) {
      this.branches = branches;
    }

    /** Adds a branch. */
    public When when(Column condition, Object value) {
      java.util.List<Expression> b = new java.util.ArrayList<>(branches);
      b.add(condition.expr);
      b.add(lit(value).expr);
      return new When(java.util.List.copyOf(b));
    }

    /** The value where no branch matches. */
    public Column otherwise(Object value) {
      java.util.List<Expression> b = new java.util.ArrayList<>(branches);
      b.add(lit(value).expr);
      return build(b);
    }

    /** The expression, null where no branch matches. */
    public Column end() {
      return build(branches);
    }

    private static Column build(java.util.List<Expression> args) {
      return new Column(Expression.newBuilder().setUnresolvedFunction(Expression.UnresolvedFunction.newBuilder()
          .setFunctionName("when").addAllArguments(args)).build());
    }
  }
}
