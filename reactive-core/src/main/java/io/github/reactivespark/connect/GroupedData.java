package io.github.reactivespark.connect;

import io.github.reactivespark.connect.internal.client.NumericAggregates;
import io.github.reactivespark.connect.internal.proto.Aggregate;
import io.github.reactivespark.connect.internal.proto.Expression;
import io.github.reactivespark.connect.internal.proto.Relation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A {@link DataFrame} grouped by expressions, waiting for aggregates ({@code RelationalGroupedDataset} in Spark's
 * Scala API, {@code GroupedData} in PySpark). Made by {@link DataFrame#groupBy}, {@link DataFrame#rollup},
 * {@link DataFrame#cube}, {@link DataFrame#groupingSets} and {@link #pivot}. Building does no I/O; {@link #agg}
 * returns a lazy DataFrame (one {@code Aggregate} relation) whose columns are the grouping columns (for a pivot:
 * the grouping columns, then one column per pivot value and aggregate) followed by the aggregates.
 *
 * <p>For {@code rollup}, {@code cube} and {@code groupingSets} the rows of the coarser groupings carry null in the
 * grouping columns that are rolled up; {@code functions.call_function("grouping", col)} or
 * {@code grouping_id()} tell such a null from a null in the data.
 *
 * <p>Mirrors PySpark Connect's {@code pyspark/sql/connect/group.py} and Scala's {@code RelationalGroupedDataset}.
 *
 * @since 0.1.0
 */
public final class GroupedData {

  private final DataFrame df;
  private final List<Column> grouping;
  private final Aggregate.GroupType type;
  private final List<List<Column>> groupingSets;
  private final @Nullable Column pivotCol;
  private final List<Expression.Literal> pivotValues;

  GroupedData(DataFrame df, List<Column> grouping) {
    this(df, grouping, Aggregate.GroupType.GROUP_TYPE_GROUPBY, List.of(), null, List.of());
  }

  private GroupedData(DataFrame df, List<Column> grouping, Aggregate.GroupType type, List<List<Column>> groupingSets,
      @Nullable Column pivotCol, List<Expression.Literal> pivotValues) {
    this.df = df;
    this.grouping = List.copyOf(grouping);
    this.type = type;
    this.groupingSets = groupingSets.stream().map(List::copyOf).toList();
    this.pivotCol = pivotCol;
    this.pivotValues = List.copyOf(pivotValues);
  }

  /** {@code GROUP BY ROLLUP(cols)}: the groups of every prefix of {@code cols}, down to the grand total. */
  static GroupedData rollup(DataFrame df, List<Column> cols) {
    return new GroupedData(df, cols, Aggregate.GroupType.GROUP_TYPE_ROLLUP, List.of(), null, List.of());
  }

  /** {@code GROUP BY CUBE(cols)}: the groups of every subset of {@code cols}. */
  static GroupedData cube(DataFrame df, List<Column> cols) {
    return new GroupedData(df, cols, Aggregate.GroupType.GROUP_TYPE_CUBE, List.of(), null, List.of());
  }

  /** {@code GROUP BY GROUPING SETS (...)} over the grouping expressions {@code cols}. */
  static GroupedData groupingSets(DataFrame df, List<List<Column>> sets, List<Column> cols) {
    return new GroupedData(df, cols, Aggregate.GroupType.GROUP_TYPE_GROUPING_SETS, sets, null, List.of());
  }

  /**
   * Aggregates each group, for example {@code agg(count("*").alias("flights"), avg("delay"))}. Output columns: the
   * grouping columns, then one column per aggregate (for a pivot, one per pivot value and aggregate, named
   * {@code value} for a single aggregate, {@code value_aggName} for several).
   */
  public DataFrame agg(Column first, Column... rest) {
    List<Column> aggs = new ArrayList<>();
    aggs.add(Objects.requireNonNull(first, "first"));
    aggs.addAll(Arrays.asList(rest));
    return agg(aggs);
  }

  /**
   * Aggregates with one function per column, given as {@code column name -> function name}, for example
   * {@code Map.of("delay", "max", "distance", "avg")} ({@code max(delay)}, {@code avg(distance)}); {@code "*"} with
   * {@code "count"} counts rows. Iteration order of the map is the output order. The server fails the plan for an
   * unknown function.
   *
   * @throws IllegalArgumentException if the map is empty
   */
  public DataFrame agg(Map<String, String> columnToFunction) {
    if (columnToFunction.isEmpty()) {
      throw new IllegalArgumentException("agg needs at least one column -> function entry");
    }
    List<Column> aggs = new ArrayList<>();
    columnToFunction.forEach((c, f) -> aggs.add(Column.fn(f, functions.col(c))));
    return agg(aggs);
  }

  private DataFrame agg(List<Column> aggs) {
    return aggregate(aggs, null);
  }

  /**
   * The {@code Aggregate} of {@code aggs}; with {@code numericFunction} instead a placeholder for that function over
   * every numeric column, resolved when the plan is sent ({@link NumericAggregates}).
   */
  private DataFrame aggregate(List<Column> aggs, @Nullable String numericFunction) {
    Aggregate.Builder a = Aggregate.newBuilder().setInput(df.relation).setGroupType(type);
    grouping.forEach(g -> a.addGroupingExpressions(g.expr));
    aggs.forEach(g -> a.addAggregateExpressions(g.expr));
    for (List<Column> set : groupingSets) {
      a.addGroupingSets(Aggregate.GroupingSets.newBuilder().addAllGroupingSet(Column.exprs(set.toArray(Column[]::new))));
    }
    List<Column> all = new ArrayList<>(grouping);
    all.addAll(aggs);
    groupingSets.forEach(all::addAll);
    if (pivotCol != null) {
      a.setPivot(Aggregate.Pivot.newBuilder().setCol(pivotCol.expr).addAllValues(pivotValues));
      all.add(pivotCol);
    }
    DataFrame out = df.sparkSession().newDataFrame(b -> numericFunction == null ? b.setAggregate(a)
        : NumericAggregates.placeholder(b, a.build(), numericFunction));
    return out.withSubqueryReferences(all);
  }

  /** Rows per group, in a column named {@code count} (a {@code bigint}). */
  public DataFrame count() {
    return agg(functions.count(functions.lit(1)).alias("count"));
  }

  /**
   * Sum of each named numeric column per group, in columns named {@code sum(name)}. With no names: the sum of
   * <em>every</em> numeric column (byte, short, int, bigint, float, double, decimal; grouping columns included when
   * numeric), in schema order, as PySpark Connect and classic Spark do. Still no I/O here: which columns are numeric
   * is asked of the server ({@code AnalyzePlan(schema)} of the grouped DataFrame) when a plan containing the result
   * is first sent, once per action, so each action on it costs one extra {@code AnalyzePlan} round trip; an analysis
   * error of the input is emitted by that action. (Spark's Scala Connect client sends no aggregate at all in that
   * case and returns the distinct groups.)
   */
  public DataFrame sum(String... columnNames) {
    return each("sum", columnNames);
  }

  /**
   * Average of each named numeric column per group ({@code avg(name)}); with no names, of every numeric column (see
   * {@link #sum}).
   */
  public DataFrame avg(String... columnNames) {
    return each("avg", columnNames);
  }

  /** Same as {@link #avg(String...)}. */
  public DataFrame mean(String... columnNames) {
    return avg(columnNames);
  }

  /**
   * Minimum of each named column per group ({@code min(name)}); with no names, of every numeric column (see
   * {@link #sum}).
   */
  public DataFrame min(String... columnNames) {
    return each("min", columnNames);
  }

  /**
   * Maximum of each named column per group ({@code max(name)}); with no names, of every numeric column (see
   * {@link #sum}).
   */
  public DataFrame max(String... columnNames) {
    return each("max", columnNames);
  }

  private DataFrame each(String fn, String... columnNames) {
    if (columnNames.length == 0) {
      return aggregate(List.of(), fn);
    }
    Column[] cols = Arrays.stream(columnNames).map(n -> Column.fn(fn, functions.col(n))).toArray(Column[]::new);
    return agg(Arrays.asList(cols));
  }

  /**
   * Pivots {@code pivotColumn}: one output column per distinct value of it (per aggregate). Without values the
   * server first runs a job to collect the distinct values (at most {@code spark.sql.pivotMaxValues}, 10,000), as
   * in Spark; give them with {@link #pivot(String, List)} to avoid it and to fix the column order.
   *
   * @throws IllegalStateException unless this comes from {@link DataFrame#groupBy} (Spark allows pivot only there)
   */
  public GroupedData pivot(String pivotColumn) {
    return pivot(functions.col(pivotColumn));
  }

  /** {@link #pivot(String)} on an expression. */
  public GroupedData pivot(Column pivotColumn) {
    return pivot(pivotColumn, List.of());
  }

  /**
   * Pivots on the given values only, in this order; rows with other values are left out. Values are Java literals
   * ({@link functions#lit} types).
   *
   * @throws IllegalStateException unless this comes from {@link DataFrame#groupBy}
   * @throws IllegalArgumentException if a value is a {@link Column} or of an unsupported type
   */
  public GroupedData pivot(String pivotColumn, List<?> values) {
    return pivot(functions.col(pivotColumn), values);
  }

  /** {@link #pivot(String, List)} on an expression. */
  public GroupedData pivot(Column pivotColumn, List<?> values) {
    if (type != Aggregate.GroupType.GROUP_TYPE_GROUPBY) {
      throw new IllegalStateException("pivot() is only supported after groupBy(), not after "
          + (type == Aggregate.GroupType.GROUP_TYPE_PIVOT ? "pivot()" : type.name().substring(11).toLowerCase(java.util.Locale.ROOT)
          + "()"));
    }
    List<Expression.Literal> lits = new ArrayList<>();
    for (Object v : values) {
      if (v instanceof Column) {
        throw new IllegalArgumentException("pivot values must be literals, not Columns");
      }
      lits.add(Literals.toLiteral(v));
    }
    return new GroupedData(df, grouping, Aggregate.GroupType.GROUP_TYPE_PIVOT, List.of(),
        Objects.requireNonNull(pivotColumn, "pivotColumn"), lits);
  }
}
