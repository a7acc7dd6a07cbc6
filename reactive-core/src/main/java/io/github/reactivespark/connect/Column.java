package io.github.reactivespark.connect;

import io.github.reactivespark.connect.internal.proto.Expression;
import io.github.reactivespark.connect.types.DataType;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A column expression of a {@link DataFrame}: an immutable, unresolved expression tree, resolved by the server
 * when a plan that uses it runs. Building columns does no I/O.
 *
 * <p>Operators are Spark's ({@code sql/api/.../Column.scala}): arithmetic ({@link #plus}, {@link #minus},
 * {@link #multiply}, {@link #divide}, {@link #mod}), comparison ({@link #equalTo}, {@link #notEqual},
 * {@link #gt}, {@link #geq}, {@link #lt}, {@link #leq}, {@link #eqNullSafe}), boolean logic ({@link #and},
 * {@link #or}, {@link #not()}), {@link #alias}, {@link #cast}, null tests, {@link #isin}, {@link #like} and sort
 * orders ({@link #asc()}, {@link #desc()}). Arguments that are not {@code Column}s become literals
 * ({@link functions#lit}).
 *
 * @since 0.1.0
 */
public final class Column {

  final Expression expr;

  Column(Expression expr) {
    this.expr = Objects.requireNonNull(expr);
  }

  static Column fn(String name, Column... args) {
    return fn(name, false, args);
  }

  static Column fn(String name, boolean distinct, Column... args) {
    Expression.UnresolvedFunction.Builder f = Expression.UnresolvedFunction.newBuilder()
        .setFunctionName(name).setIsDistinct(distinct);
    for (Column a : args) {
      f.addArguments(a.expr);
    }
    return new Column(Expression.newBuilder().setUnresolvedFunction(f).build());
  }

  private Column op(String name, Object other) {
    return fn(name, this, functions.lit(other));
  }

  /** {@code this + other}. */
  public Column plus(Object other) {
    return op("+", other);
  }

  /** {@code this - other}. */
  public Column minus(Object other) {
    return op("-", other);
  }

  /** {@code this * other}. */
  public Column multiply(Object other) {
    return op("*", other);
  }

  /** {@code this / other} (always fractional, as in Spark). */
  public Column divide(Object other) {
    return op("/", other);
  }

  /** {@code this % other}. */
  public Column mod(Object other) {
    return op("%", other);
  }

  /** {@code -this}. */
  public Column negate() {
    return fn("negative", this);
  }

  /** {@code this = other} (null if either side is null). */
  public Column equalTo(Object other) {
    return op("==", other);
  }

  /** {@code this <=> other}: equality that treats two nulls as equal. */
  public Column eqNullSafe(Object other) {
    return op("<=>", other);
  }

  /** {@code this != other}. */
  public Column notEqual(Object other) {
    return fn("not", op("==", other));
  }

  /** {@code this > other}. */
  public Column gt(Object other) {
    return op(">", other);
  }

  /** {@code this >= other}. */
  public Column geq(Object other) {
    return op(">=", other);
  }

  /** {@code this < other}. */
  public Column lt(Object other) {
    return op("<", other);
  }

  /** {@code this <= other}. */
  public Column leq(Object other) {
    return op("<=", other);
  }

  /** {@code this AND other}. */
  public Column and(Column other) {
    return fn("and", this, other);
  }

  /** {@code this OR other}. */
  public Column or(Column other) {
    return fn("or", this, other);
  }

  /** {@code NOT this}. */
  public Column not() {
    return fn("not", this);
  }

  /** True where this column is null. */
  public Column isNull() {
    return fn("isnull", this);
  }

  /** True where this column is not null. */
  public Column isNotNull() {
    return fn("isnotnull", this);
  }

  /** True where this column equals one of {@code values} (literals or columns). */
  public Column isin(Object... values) {
    Column[] args = new Column[values.length + 1];
    args[0] = this;
    for (int i = 0; i < values.length; i++) {
      args[i + 1] = functions.lit(values[i]);
    }
    return fn("in", args);
  }

  /** SQL {@code LIKE} with {@code _} and {@code %} wildcards. */
  public Column like(String pattern) {
    return op("like", pattern);
  }

  /** Java regular-expression match ({@code RLIKE}). */
  public Column rlike(String regex) {
    return op("rlike", regex);
  }

  /** {@code lower <= this <= upper}. */
  public Column between(Object lower, Object upper) {
    return geq(lower).and(leq(upper));
  }

  /**
   * Names the column.
   *
   * @param alias the output column name
   */
  public Column alias(String alias) {
    return new Column(Expression.newBuilder().setAlias(
        Expression.Alias.newBuilder().setExpr(expr).addName(alias)).build());
  }

  /** Same as {@link #alias(String)}. */
  public Column as(String alias) {
    return alias(alias);
  }

  /** Same as {@link #alias(String)}. */
  public Column name(String alias) {
    return alias(alias);
  }

  /**
   * Casts to a type given as a Spark SQL type string, for example {@code "bigint"}, {@code "decimal(10,2)"},
   * {@code "array<string>"}. An unknown type fails on the server with a {@code ParseException} when the plan runs.
   */
  public Column cast(String typeName) {
    return new Column(Expression.newBuilder().setCast(
        Expression.Cast.newBuilder().setExpr(expr).setTypeStr(typeName)).build());
  }

  /** Casts to {@code type}. */
  public Column cast(DataType type) {
    return cast(type.simpleString());
  }

  /** Ascending sort order, nulls first (Spark's default). */
  public Column asc() {
    return sort(Expression.SortOrder.SortDirection.SORT_DIRECTION_ASCENDING,
        Expression.SortOrder.NullOrdering.SORT_NULLS_FIRST);
  }

  /** Ascending sort order, nulls last. */
  public Column asc_nulls_last() {
    return sort(Expression.SortOrder.SortDirection.SORT_DIRECTION_ASCENDING,
        Expression.SortOrder.NullOrdering.SORT_NULLS_LAST);
  }

  /** Descending sort order, nulls last (Spark's default). */
  public Column desc() {
    return sort(Expression.SortOrder.SortDirection.SORT_DIRECTION_DESCENDING,
        Expression.SortOrder.NullOrdering.SORT_NULLS_LAST);
  }

  /** Descending sort order, nulls first. */
  public Column desc_nulls_first() {
    return sort(Expression.SortOrder.SortDirection.SORT_DIRECTION_DESCENDING,
        Expression.SortOrder.NullOrdering.SORT_NULLS_FIRST);
  }

  private Column sort(Expression.SortOrder.SortDirection dir, Expression.SortOrder.NullOrdering nulls) {
    Expression child = expr.hasSortOrder() ? expr.getSortOrder().getChild() : expr;
    return new Column(Expression.newBuilder().setSortOrder(Expression.SortOrder.newBuilder()
        .setChild(child).setDirection(dir).setNullOrdering(nulls)).build());
  }

  static List<Expression> exprs(Column... cols) {
    return Arrays.stream(cols).map(c -> c.expr).toList();
  }

  /** A readable rendering of the expression tree (not SQL; for debugging). */
  @Override
  public String toString() {
    return "Column[" + expr.toString().replaceAll("\\s+", " ").trim() + "]";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Column c && c.expr.equals(expr);
  }

  @Override
  public int hashCode() {
    return expr.hashCode();
  }
}
