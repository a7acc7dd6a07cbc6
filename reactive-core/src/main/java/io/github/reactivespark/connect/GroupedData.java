package io.github.reactivespark.connect;

import io.github.reactivespark.connect.internal.proto.Aggregate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A {@link DataFrame} grouped by expressions, waiting for aggregates ({@code RelationalGroupedDataset} in Spark's
 * Scala API, {@code GroupedData} in PySpark). Building does no I/O; {@link #agg} returns a lazy DataFrame whose
 * columns are the grouping columns followed by the aggregates.
 *
 * @since 0.1.0
 */
public final class GroupedData {

  private final DataFrame df;
  private final List<Column> grouping;

  GroupedData(DataFrame df, List<Column> grouping) {
    this.df = df;
    this.grouping = List.copyOf(grouping);
  }

  /** Aggregates each group, for example {@code agg(count("*").alias("flights"), avg("delay"))}. */
  public DataFrame agg(Column first, Column... rest) {
    List<Column> aggs = new ArrayList<>();
    aggs.add(first);
    aggs.addAll(Arrays.asList(rest));
    Aggregate.Builder a = Aggregate.newBuilder()
        .setInput(df.relation)
        .setGroupType(Aggregate.GroupType.GROUP_TYPE_GROUPBY);
    grouping.forEach(g -> a.addGroupingExpressions(g.expr));
    aggs.forEach(g -> a.addAggregateExpressions(g.expr));
    return new DataFrame(df.sparkSession(), df.sparkSession().newRelation(b -> b.setAggregate(a)));
  }

  /** Rows per group, in a column named {@code count}. */
  public DataFrame count() {
    return agg(functions.count(functions.lit(1)).alias("count"));
  }

  /** Sum of each named column per group. */
  public DataFrame sum(String... columnNames) {
    return each("sum", columnNames);
  }

  /** Average of each named column per group. */
  public DataFrame avg(String... columnNames) {
    return each("avg", columnNames);
  }

  /** Same as {@link #avg(String...)}. */
  public DataFrame mean(String... columnNames) {
    return avg(columnNames);
  }

  /** Minimum of each named column per group. */
  public DataFrame min(String... columnNames) {
    return each("min", columnNames);
  }

  /** Maximum of each named column per group. */
  public DataFrame max(String... columnNames) {
    return each("max", columnNames);
  }

  private DataFrame each(String fn, String... columnNames) {
    if (columnNames.length == 0) {
      throw new IllegalArgumentException(fn + " needs at least one column name");
    }
    Column[] cols = Arrays.stream(columnNames).map(n -> Column.fn(fn, functions.col(n))).toArray(Column[]::new);
    return agg(cols[0], Arrays.copyOfRange(cols, 1, cols.length));
  }
}
