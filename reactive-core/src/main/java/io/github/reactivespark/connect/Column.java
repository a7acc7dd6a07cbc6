package io.github.reactivespark.connect;

import io.github.reactivespark.connect.internal.proto.Expression;
import io.github.reactivespark.connect.internal.proto.Relation;
import io.github.reactivespark.connect.internal.proto.SubqueryExpression;
import io.github.reactivespark.connect.internal.types.DataTypeProtos;
import io.github.reactivespark.connect.types.DataType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A column expression of a {@link DataFrame}: an immutable, unresolved expression tree, resolved by the server
 * when a plan that uses it runs. Building columns does no I/O and never fails for a reason the server would judge
 * (unknown columns, type mismatches): those errors arrive as an
 * {@link io.github.reactivespark.connect.exceptions.AnalysisException} from the action that runs the plan.
 *
 * <p>Operators are Spark's ({@code sql/api/.../Column.scala}, PySpark {@code pyspark/sql/connect/column.py}) and
 * are encoded exactly as PySpark Connect encodes them: arithmetic ({@link #plus}, {@link #minus},
 * {@link #multiply}, {@link #divide}, {@link #mod}, {@link #pow}, {@link #negate}), comparison ({@link #equalTo},
 * {@link #notEqual}, {@link #gt}, {@link #geq}, {@link #lt}, {@link #leq}, {@link #eqNullSafe}), boolean logic
 * ({@link #and}, {@link #or}, {@link #not()}), bitwise operators, string predicates, null and NaN tests,
 * {@link #isin}, {@link #between}, nested-data access ({@link #getItem}, {@link #getField}, {@link #withField},
 * {@link #dropFields}), casts, {@code CASE WHEN} chains ({@link #when}, {@link #otherwise}), sort orders, window
 * expressions ({@link #over(WindowSpec)}) and subqueries ({@link DataFrame#scalar()}, {@link DataFrame#exists()},
 * {@link #isin(DataFrame)}).
 *
 * <p>Arguments typed {@code Object} are either a {@code Column} (used as is) or a Java value that becomes a literal
 * through {@link functions#lit} (which names the accepted Java types and throws {@link IllegalArgumentException}
 * for others).
 *
 * <p>Null semantics are SQL's unless a method says otherwise: an operator with a null input yields null, and a
 * filter keeps only rows whose condition is {@code true} (not null).
 *
 * <p>{@link #equals(Object)} compares expression trees (two columns are equal if they would send the same
 * expression); it is <em>not</em> the SQL comparison, which is {@link #equalTo(Object)}.
 *
 * @since 0.1.0
 */
public final class Column {

  final Expression expr;

  /**
   * Plans that {@link SubqueryExpression}s in this tree refer to by plan id. They travel with the column so that
   * the DataFrame node that takes it can send them as {@code WithRelations} references, as PySpark Connect does.
   */
  final List<Relation> subqueries;

  Column(Expression expr) {
    this(expr, List.of());
  }

  Column(Expression expr, List<Relation> subqueries) {
    this.expr = Objects.requireNonNull(expr);
    this.subqueries = List.copyOf(subqueries);
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
    return new Column(Expression.newBuilder().setUnresolvedFunction(f).build(), subqueriesOf(Arrays.asList(args)));
  }

  /** The subquery plans referenced by any of {@code cols}, without duplicates (by plan id), in order. */
  static List<Relation> subqueriesOf(Collection<Column> cols) {
    if (cols.stream().allMatch(c -> c.subqueries.isEmpty())) {
      return List.of();
    }
    Map<Long, Relation> byId = new LinkedHashMap<>();
    for (Column c : cols) {
      for (Relation r : c.subqueries) {
        byId.putIfAbsent(r.getCommon().getPlanId(), r);
      }
    }
    return List.copyOf(byId.values());
  }

  /** {@code refs} plus the plan of {@code subquery}, without duplicates. */
  static List<Relation> withSubquery(List<Relation> refs, DataFrame subquery) {
    Map<Long, Relation> byId = new LinkedHashMap<>();
    refs.forEach(r -> byId.putIfAbsent(r.getCommon().getPlanId(), r));
    byId.putIfAbsent(subquery.planId(), subquery.relation);
    return List.copyOf(byId.values());
  }

  /** A column over {@code e} that keeps the subquery references of this column and of {@code inputs}. */
  private Column derive(Expression e, Column... inputs) {
    if (subqueries.isEmpty() && Arrays.stream(inputs).allMatch(c -> c.subqueries.isEmpty())) {
      return new Column(e);
    }
    List<Column> all = new ArrayList<>();
    all.add(this);
    all.addAll(Arrays.asList(inputs));
    return new Column(e, subqueriesOf(all));
  }

  private Column op(String name, @Nullable Object other) {
    return fn(name, this, functions.lit(other));
  }

  // ---------------------------------------------------------------- arithmetic

  /** {@code this + other} (function {@code +}); null if either side is null. */
  public Column plus(@Nullable Object other) {
    return op("+", other);
  }

  /** {@code this - other} (function {@code -}); null if either side is null. */
  public Column minus(@Nullable Object other) {
    return op("-", other);
  }

  /** {@code this * other} (function {@code *}); null if either side is null. */
  public Column multiply(@Nullable Object other) {
    return op("*", other);
  }

  /**
   * {@code this / other} (function {@code /}): always fractional, as in Spark; null if either side is null. Division
   * by zero yields null, or fails with {@code DIVIDE_BY_ZERO} when {@code spark.sql.ansi.enabled} is true (the
   * Spark 4 default).
   */
  public Column divide(@Nullable Object other) {
    return op("/", other);
  }

  /** {@code this % other} (function {@code %}), the remainder with the sign of the dividend; null-propagating. */
  public Column mod(@Nullable Object other) {
    return op("%", other);
  }

  /** {@code power(this, other)} as a double (PySpark's {@code **}); null-propagating. */
  public Column pow(@Nullable Object other) {
    return op("power", other);
  }

  /** {@code -this} (function {@code negative}; Scala's {@code unary_-}, PySpark's unary {@code -}). */
  public Column negate() {
    return fn("negative", this);
  }

  // ---------------------------------------------------------------- comparison

  /** {@code this = other} (function {@code ==}; Scala's {@code ===}); null if either side is null. */
  public Column equalTo(@Nullable Object other) {
    return op("==", other);
  }

  /**
   * {@code this <=> other} (function {@code <=>}): equality that is never null; two nulls are equal, a null and a
   * non-null are not.
   */
  public Column eqNullSafe(@Nullable Object other) {
    return op("<=>", other);
  }

  /** {@code NOT (this = other)} (Scala's {@code =!=}, PySpark's {@code !=}); null if either side is null. */
  public Column notEqual(@Nullable Object other) {
    return fn("not", op("==", other));
  }

  /** {@code this > other}; null if either side is null. */
  public Column gt(@Nullable Object other) {
    return op(">", other);
  }

  /** {@code this >= other}; null if either side is null. */
  public Column geq(@Nullable Object other) {
    return op(">=", other);
  }

  /** {@code this < other}; null if either side is null. */
  public Column lt(@Nullable Object other) {
    return op("<", other);
  }

  /** {@code this <= other}; null if either side is null. */
  public Column leq(@Nullable Object other) {
    return op("<=", other);
  }

  /**
   * {@code lower <= this AND this <= upper}, built as PySpark builds it ({@code (this >= lower) & (this <= upper)});
   * both bounds inclusive.
   */
  public Column between(@Nullable Object lower, @Nullable Object upper) {
    return geq(lower).and(leq(upper));
  }

  // ---------------------------------------------------------------- boolean logic

  /** {@code this AND other}: three-valued ({@code false AND null} is false, {@code true AND null} is null). */
  public Column and(Column other) {
    return fn("and", this, other);
  }

  /** {@code this OR other}: three-valued ({@code true OR null} is true, {@code false OR null} is null). */
  public Column or(Column other) {
    return fn("or", this, other);
  }

  /** {@code NOT this} (Scala's {@code unary_!}, PySpark's {@code ~}); null stays null. */
  public Column not() {
    return fn("not", this);
  }

  // ---------------------------------------------------------------- bitwise

  /** Bitwise AND of two integral values (function {@code &}). */
  public Column bitwiseAND(@Nullable Object other) {
    return op("&", other);
  }

  /** Bitwise OR of two integral values (function {@code |}). */
  public Column bitwiseOR(@Nullable Object other) {
    return op("|", other);
  }

  /** Bitwise XOR of two integral values (function {@code ^}). */
  public Column bitwiseXOR(@Nullable Object other) {
    return op("^", other);
  }

  // ---------------------------------------------------------------- null / NaN tests

  /** True where this column is null, false otherwise (never null). */
  public Column isNull() {
    return fn("isnull", this);
  }

  /** True where this column is not null, false otherwise (never null). */
  public Column isNotNull() {
    return fn("isnotnull", this);
  }

  /** True where this floating-point value is NaN (function {@code isNaN}); false for null. */
  public Column isNaN() {
    return fn("isNaN", this);
  }

  // ---------------------------------------------------------------- membership

  /**
   * True where this column equals one of {@code values} (function {@code in}, SQL {@code IN}). Values are literals
   * or columns. SQL semantics: null if this is null, or if no value matches and a value is null.
   */
  public Column isin(@Nullable Object... values) {
    Column[] args = new Column[values.length + 1];
    args[0] = this;
    for (int i = 0; i < values.length; i++) {
      args[i + 1] = functions.lit(values[i]);
    }
    return fn("in", args);
  }

  /** {@link #isin(Object...)} over the elements of a collection (Scala's {@code isInCollection}). */
  public Column isin(Collection<?> values) {
    return isin(values.toArray());
  }

  /** Same as {@link #isin(Collection)} over any iterable (Scala's {@code isInCollection(java.lang.Iterable)}). */
  public Column isInCollection(Iterable<?> values) {
    List<Object> all = new ArrayList<>();
    values.forEach(all::add);
    return isin(all.toArray());
  }

  /**
   * {@code this IN (subquery)}: true where this value is among the values of {@code subquery}'s single column (an
   * {@code IN} subquery expression, PySpark 4.1's {@code col.isin(df)}). If this column is a {@code struct(...)}
   * call, its fields are compared with the subquery's columns, as in PySpark. The subquery plan is sent along as a
   * {@code WithRelations} reference of the DataFrame node that uses the result.
   *
   * @param subquery a DataFrame of the same session as the DataFrame this column is used in
   */
  public Column isin(DataFrame subquery) {
    SubqueryExpression.Builder s = SubqueryExpression.newBuilder()
        .setPlanId(subquery.planId())
        .setSubqueryType(SubqueryExpression.SubqueryType.SUBQUERY_TYPE_IN);
    if (expr.hasUnresolvedFunction() && expr.getUnresolvedFunction().getFunctionName().equalsIgnoreCase("struct")) {
      s.addAllInSubqueryValues(expr.getUnresolvedFunction().getArgumentsList());
    } else {
      s.addInSubqueryValues(expr);
    }
    return new Column(Expression.newBuilder().setSubqueryExpression(s).build(), withSubquery(subqueries, subquery));
  }

  // ---------------------------------------------------------------- strings

  /** SQL {@code LIKE} with {@code _} and {@code %} wildcards, case-sensitive; null if either side is null. */
  public Column like(String pattern) {
    return op("like", pattern);
  }

  /** Case-insensitive {@code LIKE} ({@code ILIKE}); null if either side is null. */
  public Column ilike(String pattern) {
    return op("ilike", pattern);
  }

  /** Java regular-expression search ({@code RLIKE}: true if the regex matches anywhere in the string). */
  public Column rlike(String regex) {
    return op("rlike", regex);
  }

  /** True where this string (or binary) contains {@code other} (function {@code contains}). */
  public Column contains(@Nullable Object other) {
    return op("contains", other);
  }

  /** True where this string starts with {@code other} (function {@code startsWith}). */
  public Column startsWith(@Nullable Object other) {
    return op("startsWith", other);
  }

  /** Same as {@link #startsWith(Object)} (PySpark's spelling). */
  public Column startswith(@Nullable Object other) {
    return startsWith(other);
  }

  /** True where this string ends with {@code other} (function {@code endsWith}). */
  public Column endsWith(@Nullable Object other) {
    return op("endsWith", other);
  }

  /** Same as {@link #endsWith(Object)} (PySpark's spelling). */
  public Column endswith(@Nullable Object other) {
    return endsWith(other);
  }

  /**
   * The substring that starts at 1-based {@code startPos} and has at most {@code length} characters (bytes for
   * binary), function {@code substr}. A negative {@code startPos} counts from the end.
   */
  public Column substr(int startPos, int length) {
    return fn("substr", this, functions.lit(startPos), functions.lit(length));
  }

  /** {@link #substr(int, int)} with the position and length computed per row. */
  public Column substr(Column startPos, Column length) {
    return fn("substr", this, startPos, length);
  }

  // ---------------------------------------------------------------- nested data

  /**
   * An element by key or index ({@code UnresolvedExtractValue}): the value for a map key, the element at a
   * 0-based array index, or a struct field by name. Null for a missing key or an out-of-range index (unless ANSI
   * mode makes the index an error: {@code INVALID_ARRAY_INDEX}).
   */
  public Column getItem(@Nullable Object key) {
    Column k = functions.lit(key);
    return derive(Expression.newBuilder().setUnresolvedExtractValue(Expression.UnresolvedExtractValue.newBuilder()
        .setChild(expr).setExtraction(k.expr)).build(), k);
  }

  /** Same as {@link #getItem(Object)} (Scala's {@code col(key)}, PySpark's {@code col[key]}). */
  public Column apply(@Nullable Object extraction) {
    return getItem(extraction);
  }

  /** A struct field by name; null if the struct is null. */
  public Column getField(String fieldName) {
    return getItem(fieldName);
  }

  /**
   * This struct with field {@code fieldName} added or replaced by {@code value} ({@code UpdateFields}). A dotted
   * name reaches into nested structs. Null if the struct is null.
   */
  public Column withField(String fieldName, Column value) {
    Objects.requireNonNull(fieldName, "fieldName");
    return derive(Expression.newBuilder().setUpdateFields(Expression.UpdateFields.newBuilder()
        .setStructExpression(expr).setFieldName(fieldName).setValueExpression(value.expr)).build(), value);
  }

  /**
   * This struct without the named fields ({@code UpdateFields} without a value, one per name, chained). The server
   * fails the plan if it would drop every field.
   *
   * @throws IllegalArgumentException if no name is given
   */
  public Column dropFields(String... fieldNames) {
    if (fieldNames.length == 0) {
      throw new IllegalArgumentException("dropFields needs at least one field name");
    }
    Expression e = expr;
    for (String f : fieldNames) {
      e = Expression.newBuilder().setUpdateFields(Expression.UpdateFields.newBuilder()
          .setStructExpression(e).setFieldName(Objects.requireNonNull(f, "fieldName"))).build();
    }
    return derive(e);
  }

  // ---------------------------------------------------------------- CASE WHEN

  /**
   * Adds a branch to a {@code CASE WHEN} chain started by {@code functions.when(condition, value)}. The chain is
   * the function {@code when} with arguments {@code cond1, value1, cond2, value2, …[, else]}, exactly as PySpark
   * Connect's {@code CaseWhen} encodes it; this method appends {@code condition, value}. Rows where no condition is
   * true get the {@link #otherwise} value, or null.
   *
   * @throws IllegalStateException if this column is not such a chain, or {@link #otherwise} was already applied
   */
  public Column when(Column condition, @Nullable Object value) {
    List<Expression> args = caseWhenArgs("when");
    if (args.size() % 2 != 0) {
      throw new IllegalStateException("when() cannot be applied once otherwise() has been applied");
    }
    Column v = functions.lit(value);
    Expression.UnresolvedFunction.Builder f = expr.getUnresolvedFunction().toBuilder()
        .addArguments(condition.expr).addArguments(v.expr);
    return derive(Expression.newBuilder().setUnresolvedFunction(f).build(), condition, v);
  }

  /**
   * The value of a {@code CASE WHEN} chain (see {@link #when}) for rows where no branch matches (SQL
   * {@code ELSE}).
   *
   * @throws IllegalStateException if this column is not a chain started by {@code functions.when}, or otherwise()
   *     was already applied
   */
  public Column otherwise(@Nullable Object value) {
    List<Expression> args = caseWhenArgs("otherwise");
    if (args.size() % 2 != 0) {
      throw new IllegalStateException("otherwise() can only be applied once on a Column previously generated by when()");
    }
    Column v = functions.lit(value);
    Expression.UnresolvedFunction.Builder f = expr.getUnresolvedFunction().toBuilder().addArguments(v.expr);
    return derive(Expression.newBuilder().setUnresolvedFunction(f).build(), v);
  }

  private List<Expression> caseWhenArgs(String method) {
    if (!expr.hasUnresolvedFunction()
        || !expr.getUnresolvedFunction().getFunctionName().toLowerCase(Locale.ROOT).equals("when")
        || expr.getUnresolvedFunction().getArgumentsCount() < 2) {
      throw new IllegalStateException(method + "() can only be applied on a Column previously generated by when()");
    }
    return expr.getUnresolvedFunction().getArgumentsList();
  }

  // ---------------------------------------------------------------- naming

  /**
   * Names the column ({@code Alias}).
   *
   * @param alias the output column name
   */
  public Column alias(String alias) {
    return derive(Expression.newBuilder().setAlias(
        Expression.Alias.newBuilder().setExpr(expr).addName(Objects.requireNonNull(alias, "alias"))).build());
  }

  /**
   * Names the column and attaches field metadata, as Scala's {@code as(alias, metadata)} and PySpark's
   * {@code alias(name, metadata=...)}; the metadata appears in {@code StructField.metadata()} of the result schema.
   *
   * @param metadataJson a JSON object, for example {@code {"comment":"minutes"}}; the server fails the plan if it is
   *     not valid JSON
   * @throws IllegalArgumentException if {@code metadataJson} does not look like a JSON object
   */
  public Column alias(String alias, String metadataJson) {
    String m = Objects.requireNonNull(metadataJson, "metadataJson").strip();
    if (!m.startsWith("{") || !m.endsWith("}")) {
      throw new IllegalArgumentException("metadata must be a JSON object, was: " + metadataJson);
    }
    return derive(Expression.newBuilder().setAlias(Expression.Alias.newBuilder().setExpr(expr)
        .addName(Objects.requireNonNull(alias, "alias")).setMetadata(m)).build());
  }

  /**
   * Names the several columns an expression produces, such as {@code posexplode} ({@code Alias} with several
   * names; Scala's {@code as(Seq[String])}).
   *
   * @throws IllegalArgumentException if {@code aliases} is empty
   */
  public Column alias(List<String> aliases) {
    if (aliases.isEmpty()) {
      throw new IllegalArgumentException("alias needs at least one name");
    }
    return derive(Expression.newBuilder().setAlias(Expression.Alias.newBuilder().setExpr(expr)
        .addAllName(aliases)).build());
  }

  /** Same as {@link #alias(String)}. */
  public Column as(String alias) {
    return alias(alias);
  }

  /** Same as {@link #alias(List)}. */
  public Column as(List<String> aliases) {
    return alias(aliases);
  }

  /** Same as {@link #alias(List)}, with the names as an array (Spark's {@code as(String[])}). */
  public Column as(String[] aliases) {
    return alias(Arrays.asList(aliases));
  }

  /** Same as {@link #alias(String, String)}. */
  public Column as(String alias, String metadataJson) {
    return alias(alias, metadataJson);
  }

  /** Same as {@link #alias(String)}. */
  public Column name(String alias) {
    return alias(alias);
  }

  // ---------------------------------------------------------------- casts

  /**
   * Casts to a type given as a Spark SQL type string, for example {@code "bigint"}, {@code "decimal(10,2)"},
   * {@code "array<string>"} ({@code Cast.type_str}, parsed by the server). An unknown type fails on the server with a
   * {@code ParseException} when the plan runs. A value that cannot be converted yields null, or fails with
   * {@code CAST_INVALID_INPUT} under ANSI mode (the Spark 4 default); use {@link #try_cast(String)} for null.
   */
  public Column cast(String typeName) {
    return derive(Expression.newBuilder().setCast(
        Expression.Cast.newBuilder().setExpr(expr).setTypeStr(typeName)).build());
  }

  /** Casts to {@code type} (sent as a proto {@code DataType}); errors as for {@link #cast(String)}. */
  public Column cast(DataType type) {
    return derive(Expression.newBuilder().setCast(
        Expression.Cast.newBuilder().setExpr(expr).setType(DataTypeProtos.toProto(type))).build());
  }

  /** Same as {@link #cast(String)} (PySpark's name). */
  public Column astype(String typeName) {
    return cast(typeName);
  }

  /** Same as {@link #cast(DataType)} (PySpark's name). */
  public Column astype(DataType type) {
    return cast(type);
  }

  /**
   * Casts to a type string, yielding null instead of an error where a value cannot be converted
   * ({@code Cast.eval_mode = TRY}; Spark's {@code try_cast}).
   */
  public Column try_cast(String typeName) {
    return derive(Expression.newBuilder().setCast(Expression.Cast.newBuilder().setExpr(expr).setTypeStr(typeName)
        .setEvalMode(Expression.Cast.EvalMode.EVAL_MODE_TRY)).build());
  }

  /** Same as {@link #try_cast(String)} with a {@link DataType}. */
  public Column try_cast(DataType type) {
    return derive(Expression.newBuilder().setCast(Expression.Cast.newBuilder().setExpr(expr)
        .setType(DataTypeProtos.toProto(type)).setEvalMode(Expression.Cast.EvalMode.EVAL_MODE_TRY)).build());
  }

  // ---------------------------------------------------------------- sort orders

  /** Ascending sort order, nulls first (Spark's default for ascending). */
  public Column asc() {
    return asc_nulls_first();
  }

  /** Ascending sort order, nulls first. */
  public Column asc_nulls_first() {
    return sort(Expression.SortOrder.SortDirection.SORT_DIRECTION_ASCENDING,
        Expression.SortOrder.NullOrdering.SORT_NULLS_FIRST);
  }

  /** Ascending sort order, nulls last. */
  public Column asc_nulls_last() {
    return sort(Expression.SortOrder.SortDirection.SORT_DIRECTION_ASCENDING,
        Expression.SortOrder.NullOrdering.SORT_NULLS_LAST);
  }

  /** Descending sort order, nulls last (Spark's default for descending). */
  public Column desc() {
    return desc_nulls_last();
  }

  /** Descending sort order, nulls first. */
  public Column desc_nulls_first() {
    return sort(Expression.SortOrder.SortDirection.SORT_DIRECTION_DESCENDING,
        Expression.SortOrder.NullOrdering.SORT_NULLS_FIRST);
  }

  /** Descending sort order, nulls last. */
  public Column desc_nulls_last() {
    return sort(Expression.SortOrder.SortDirection.SORT_DIRECTION_DESCENDING,
        Expression.SortOrder.NullOrdering.SORT_NULLS_LAST);
  }

  private Column sort(Expression.SortOrder.SortDirection dir, Expression.SortOrder.NullOrdering nulls) {
    Expression child = expr.hasSortOrder() ? expr.getSortOrder().getChild() : expr;
    return derive(Expression.newBuilder().setSortOrder(Expression.SortOrder.newBuilder()
        .setChild(child).setDirection(dir).setNullOrdering(nulls)).build());
  }

  /** This column as a sort order: itself if it already is one, else ascending with nulls first. */
  Expression.SortOrder sortOrder() {
    return (expr.hasSortOrder() ? this : asc()).expr.getSortOrder();
  }

  // ---------------------------------------------------------------- windows and subqueries

  /**
   * This aggregate or window function evaluated over a window ({@code Expression.Window}), for example
   * {@code rank().over(Window.partitionBy("origin").orderBy(col("delay").desc()))}. The server fails the plan with
   * an {@code AnalysisException} if this is not a window or aggregate function, or if the function needs an
   * ordering (rank, lag, …) the window lacks.
   */
  public Column over(WindowSpec window) {
    Objects.requireNonNull(window, "window");
    List<Column> inputs = new ArrayList<>(window.partitionSpec());
    inputs.addAll(window.orderSpec());
    return derive(Expression.newBuilder().setWindow(window.toProto(expr)).build(), inputs.toArray(Column[]::new));
  }

  /** This aggregate over the whole result as one window (an empty {@link WindowSpec}; Scala's {@code over()}). */
  public Column over() {
    return over(new WindowSpec(List.of(), List.of(), null));
  }

  /**
   * Marks this column as a reference to the outer query of a correlated subquery (PySpark 4's
   * {@code Column.outer()}). With Spark Connect the server resolves outer references by name, so this returns the
   * column unchanged, as PySpark Connect does; it documents intent. Name outer columns through an alias of the outer
   * DataFrame, for example
   * {@code airports.alias("a").filter(flights.filter(col("origin").equalTo(col("a.iata").outer())).exists())}.
   * A plan-id column of the outer DataFrame ({@code outerDf.col("x")}) does <em>not</em> resolve inside the
   * subquery: the server fails with {@code CANNOT_RESOLVE_DATAFRAME_COLUMN}.
   */
  public Column outer() {
    return this;
  }

  // ---------------------------------------------------------------- plumbing

  static List<Expression> exprs(Column... cols) {
    return Arrays.stream(cols).map(c -> c.expr).toList();
  }

  /** A readable rendering of the expression tree (not SQL; for debugging). */
  @Override
  public String toString() {
    return "Column[" + expr.toString().replaceAll("\\s+", " ").trim() + "]";
  }

  /** True if {@code o} is a column with the same expression tree (structural equality, not SQL {@code =}). */
  @Override
  public boolean equals(Object o) {
    return o instanceof Column c && c.expr.equals(expr);
  }

  @Override
  public int hashCode() {
    return expr.hashCode();
  }
}
