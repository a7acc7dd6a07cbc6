package io.github.reactivespark.connect;

import io.github.reactivespark.connect.internal.proto.AnalyzePlanRequest;
import io.github.reactivespark.connect.internal.proto.Command;
import io.github.reactivespark.connect.internal.proto.CreateDataFrameViewCommand;
import io.github.reactivespark.connect.internal.proto.Deduplicate;
import io.github.reactivespark.connect.internal.proto.Drop;
import io.github.reactivespark.connect.internal.proto.Expression;
import io.github.reactivespark.connect.internal.proto.Filter;
import io.github.reactivespark.connect.internal.proto.Join;
import io.github.reactivespark.connect.internal.proto.Limit;
import io.github.reactivespark.connect.internal.proto.Offset;
import io.github.reactivespark.connect.internal.proto.Plan;
import io.github.reactivespark.connect.internal.proto.Project;
import io.github.reactivespark.connect.internal.proto.Relation;
import io.github.reactivespark.connect.internal.proto.SetOperation;
import io.github.reactivespark.connect.internal.proto.ShowString;
import io.github.reactivespark.connect.internal.proto.Sort;
import io.github.reactivespark.connect.internal.proto.SubqueryAlias;
import io.github.reactivespark.connect.internal.proto.ToDF;
import io.github.reactivespark.connect.internal.proto.WithColumns;
import io.github.reactivespark.connect.internal.proto.WithColumnsRenamed;
import io.github.reactivespark.connect.internal.types.DataTypeProtos;
import io.github.reactivespark.connect.types.StructType;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * An immutable, lazy description of a distributed query: a Spark Connect logical plan ({@code Relation}) bound to
 * the {@link SparkSession} that created it.
 *
 * <p>Transformations ({@link #select}, {@link #filter}, {@link #join}, {@link #groupBy}, …) do no I/O and return a
 * new {@code DataFrame}; the server analyses the plan only when an action runs. Actions return <b>cold</b>
 * publishers: nothing is sent until subscription, and <em>each</em> subscription sends its own RPC (an
 * {@code ExecutePlan} with a fresh operation id, or an {@code AnalyzePlan}), so subscribing twice runs the query
 * twice. Cancelling the subscription of an {@code ExecutePlan}-based action sends
 * {@code ReleaseExecute(release_all)}, which stops the work on the server.
 *
 * <p>Errors: actions emit {@link io.github.reactivespark.connect.exceptions.AnalysisException} (unknown column or
 * table, type errors), {@link io.github.reactivespark.connect.exceptions.ParseException} (bad SQL),
 * other {@link io.github.reactivespark.connect.exceptions.SparkConnectException} subclasses for runtime failures,
 * and {@link io.github.reactivespark.connect.exceptions.RetriesExceededException} when the server stays
 * unreachable beyond the session's {@link RetryPolicy}.
 *
 * <p>Mirrors Spark's {@code Dataset} (Scala client, {@code sql/connect/common/.../Dataset.scala}) and PySpark's
 * {@code pyspark.sql.connect.dataframe.DataFrame}.
 *
 * @since 0.1.0
 */
public final class DataFrame {

  private final SparkSession session;
  final Relation relation;

  DataFrame(SparkSession session, Relation relation) {
    this.session = session;
    this.relation = relation;
  }

  /** The session this DataFrame belongs to. */
  public SparkSession sparkSession() {
    return session;
  }

  /** The plan id the session gave this DataFrame's root relation (used to resolve {@link #col(String)}). */
  public long planId() {
    return relation.getCommon().getPlanId();
  }

  private DataFrame derive(java.util.function.UnaryOperator<Relation.Builder> f) {
    return new DataFrame(session, session.newRelation(f));
  }

  // ---------------------------------------------------------------- columns

  /**
   * A column of <em>this</em> DataFrame by name, bound to its plan id so that it resolves unambiguously in joins
   * of DataFrames with the same column names (Spark's {@code df.col("x")} / {@code df["x"]}).
   */
  public Column col(String name) {
    if (name.equals("*")) {
      return new Column(Expression.newBuilder().setUnresolvedStar(
          Expression.UnresolvedStar.newBuilder().setPlanId(planId())).build());
    }
    return new Column(Expression.newBuilder().setUnresolvedAttribute(
        Expression.UnresolvedAttribute.newBuilder().setUnparsedIdentifier(name).setPlanId(planId())).build());
  }

  // ---------------------------------------------------------------- transformations

  /** Projects a set of expressions. */
  public DataFrame select(Column... cols) {
    return derive(b -> b.setProject(Project.newBuilder().setInput(relation).addAllExpressions(Column.exprs(cols))))
        .withSubqueryReferences(List.of(cols));
  }

  /** Projects columns by name ({@code "*"} for all). */
  public DataFrame select(String... columnNames) {
    return select(Arrays.stream(columnNames).map(functions::col).toArray(Column[]::new));
  }

  /** Projects SQL expressions, for example {@code selectExpr("origin", "delay * 60 AS delay_seconds")}. */
  public DataFrame selectExpr(String... sqlExpressions) {
    return select(Arrays.stream(sqlExpressions).map(functions::expr).toArray(Column[]::new));
  }

  /** Keeps the rows where {@code condition} is true. */
  public DataFrame filter(Column condition) {
    return derive(b -> b.setFilter(Filter.newBuilder().setInput(relation).setCondition(condition.expr)))
        .withSubqueryReferences(List.of(condition));
  }

  /** Keeps the rows where the SQL condition is true, for example {@code filter("delay > 60")}. */
  public DataFrame filter(String sqlCondition) {
    return filter(functions.expr(sqlCondition));
  }

  /** Same as {@link #filter(Column)}. */
  public DataFrame where(Column condition) {
    return filter(condition);
  }

  /** Same as {@link #filter(String)}. */
  public DataFrame where(String sqlCondition) {
    return filter(sqlCondition);
  }

  /** Adds a column, or replaces the one with the same name. */
  public DataFrame withColumn(String name, Column value) {
    return withColumns(Map.of(name, value));
  }

  /** Adds or replaces several columns at once; the map's iteration order is the order they are added in. */
  public DataFrame withColumns(Map<String, Column> columns) {
    WithColumns.Builder w = WithColumns.newBuilder().setInput(relation);
    columns.forEach((name, c) -> w.addAliases(Expression.Alias.newBuilder().setExpr(c.expr).addName(name)));
    return derive(b -> b.setWithColumns(w)).withSubqueryReferences(columns.values());
  }

  /** Renames a column; a no-op if it does not exist (as in Spark). */
  public DataFrame withColumnRenamed(String existing, String newName) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(existing, newName);
    return withColumnsRenamed(m);
  }

  /** Renames several columns. */
  public DataFrame withColumnsRenamed(Map<String, String> renames) {
    WithColumnsRenamed.Builder w = WithColumnsRenamed.newBuilder().setInput(relation);
    renames.forEach((from, to) -> w.addRenames(WithColumnsRenamed.Rename.newBuilder().setColName(from).setNewColName(to)));
    return derive(b -> b.setWithColumnsRenamed(w));
  }

  /** Drops columns by name; names that do not exist are ignored (as in Spark). */
  public DataFrame drop(String... columnNames) {
    return derive(b -> b.setDrop(Drop.newBuilder().setInput(relation).addAllColumnNames(Arrays.asList(columnNames))));
  }

  /** Drops columns. */
  public DataFrame drop(Column... cols) {
    return derive(b -> b.setDrop(Drop.newBuilder().setInput(relation).addAllColumns(Column.exprs(cols))));
  }

  /** Groups by expressions for aggregation with {@link GroupedData#agg}. */
  public GroupedData groupBy(Column... cols) {
    return new GroupedData(this, List.of(cols));
  }

  /** Groups by column names. */
  public GroupedData groupBy(String... columnNames) {
    return groupBy(Arrays.stream(columnNames).map(functions::col).toArray(Column[]::new));
  }

  /** Aggregates the whole DataFrame without grouping: {@code df.agg(max("delay"))}. */
  public DataFrame agg(Column first, Column... rest) {
    return groupBy(new Column[0]).agg(first, rest);
  }

  /** Inner equi-join on columns with the same name on both sides; each such column appears once in the output. */
  public DataFrame join(DataFrame right, String... usingColumns) {
    return join(right, List.of(usingColumns), "inner");
  }

  /**
   * Equi-join on columns with the same name on both sides.
   *
   * @param joinType one of {@code inner}, {@code cross}, {@code outer}/{@code full}/{@code fullouter}/
   *     {@code full_outer}, {@code left}/{@code leftouter}/{@code left_outer}, {@code right}/{@code rightouter}/
   *     {@code right_outer}, {@code semi}/{@code leftsemi}/{@code left_semi}, {@code anti}/{@code leftanti}/
   *     {@code left_anti} (case-insensitive, as in Spark)
   * @throws IllegalArgumentException for any other join type
   */
  public DataFrame join(DataFrame right, List<String> usingColumns, String joinType) {
    checkSameSession(right);
    Join.JoinType t = joinType(joinType);
    return derive(b -> b.setJoin(Join.newBuilder().setLeft(relation).setRight(right.relation).setJoinType(t)
        .addAllUsingColumns(usingColumns)));
  }

  /** Inner join on a condition, for example {@code a.join(b, a.col("id").equalTo(b.col("id")))}. */
  public DataFrame join(DataFrame right, Column condition) {
    return join(right, condition, "inner");
  }

  /** Join on a condition with a join type (see {@link #join(DataFrame, List, String)} for the names). */
  public DataFrame join(DataFrame right, Column condition, String joinType) {
    checkSameSession(right);
    Join.JoinType t = joinType(joinType);
    return derive(b -> b.setJoin(Join.newBuilder().setLeft(relation).setRight(right.relation).setJoinType(t)
        .setJoinCondition(condition.expr))).withSubqueryReferences(List.of(condition));
  }

  /** Cartesian product. */
  public DataFrame crossJoin(DataFrame right) {
    checkSameSession(right);
    return derive(b -> b.setJoin(Join.newBuilder().setLeft(relation).setRight(right.relation)
        .setJoinType(Join.JoinType.JOIN_TYPE_CROSS)));
  }

  static Join.JoinType joinType(String name) {
    String n = name.toLowerCase(Locale.ROOT).replace("_", "");
    return switch (n) {
      case "inner" -> Join.JoinType.JOIN_TYPE_INNER;
      case "cross" -> Join.JoinType.JOIN_TYPE_CROSS;
      case "outer", "full", "fullouter" -> Join.JoinType.JOIN_TYPE_FULL_OUTER;
      case "left", "leftouter" -> Join.JoinType.JOIN_TYPE_LEFT_OUTER;
      case "right", "rightouter" -> Join.JoinType.JOIN_TYPE_RIGHT_OUTER;
      case "semi", "leftsemi" -> Join.JoinType.JOIN_TYPE_LEFT_SEMI;
      case "anti", "leftanti" -> Join.JoinType.JOIN_TYPE_LEFT_ANTI;
      default -> throw new IllegalArgumentException("Unsupported join type '" + name + "'. Supported: inner, cross,"
          + " outer, full, fullouter, full_outer, left, leftouter, left_outer, right, rightouter, right_outer, semi,"
          + " leftsemi, left_semi, anti, leftanti, left_anti");
    };
  }

  /** Sorts globally by the given sort orders or columns (ascending unless a column is a sort order). */
  public DataFrame orderBy(Column... cols) {
    Sort.Builder s = Sort.newBuilder().setInput(relation).setIsGlobal(true);
    for (Column c : cols) {
      s.addOrder((c.expr.hasSortOrder() ? c : c.asc()).expr.getSortOrder());
    }
    return derive(b -> b.setSort(s)).withSubqueryReferences(List.of(cols));
  }

  /** Sorts globally by column names, ascending. */
  public DataFrame orderBy(String... columnNames) {
    return orderBy(Arrays.stream(columnNames).map(functions::col).toArray(Column[]::new));
  }

  /** Same as {@link #orderBy(Column...)}. */
  public DataFrame sort(Column... cols) {
    return orderBy(cols);
  }

  /** Same as {@link #orderBy(String...)}. */
  public DataFrame sort(String... columnNames) {
    return orderBy(columnNames);
  }

  /**
   * The first {@code n} rows.
   *
   * @throws IllegalArgumentException if {@code n} is negative
   */
  public DataFrame limit(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("limit must be >= 0, was " + n);
    }
    return derive(b -> b.setLimit(Limit.newBuilder().setInput(relation).setLimit(n)));
  }

  /**
   * Skips the first {@code n} rows.
   *
   * @throws IllegalArgumentException if {@code n} is negative
   */
  public DataFrame offset(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("offset must be >= 0, was " + n);
    }
    return derive(b -> b.setOffset(Offset.newBuilder().setInput(relation).setOffset(n)));
  }

  /** All rows of both, by column position (SQL {@code UNION ALL}; duplicates kept, as in Spark). */
  public DataFrame union(DataFrame other) {
    return setOp(other, SetOperation.SetOpType.SET_OP_TYPE_UNION, true, false, false);
  }

  /** Same as {@link #union(DataFrame)}. */
  public DataFrame unionAll(DataFrame other) {
    return union(other);
  }

  /** All rows of both, matching columns by name. */
  public DataFrame unionByName(DataFrame other) {
    return unionByName(other, false);
  }

  /** All rows of both, matching columns by name; with {@code allowMissingColumns}, missing columns become null. */
  public DataFrame unionByName(DataFrame other, boolean allowMissingColumns) {
    return setOp(other, SetOperation.SetOpType.SET_OP_TYPE_UNION, true, true, allowMissingColumns);
  }

  /** Rows in both, without duplicates (SQL {@code INTERSECT}). */
  public DataFrame intersect(DataFrame other) {
    return setOp(other, SetOperation.SetOpType.SET_OP_TYPE_INTERSECT, false, false, false);
  }

  /** Rows in this but not in {@code other}, without duplicates (SQL {@code EXCEPT DISTINCT}). */
  public DataFrame subtract(DataFrame other) {
    return setOp(other, SetOperation.SetOpType.SET_OP_TYPE_EXCEPT, false, false, false);
  }

  private DataFrame setOp(DataFrame other, SetOperation.SetOpType type, boolean all, boolean byName,
      boolean allowMissing) {
    checkSameSession(other);
    SetOperation.Builder s = SetOperation.newBuilder().setLeftInput(relation).setRightInput(other.relation)
        .setSetOpType(type).setIsAll(all);
    if (byName) {
      s.setByName(true).setAllowMissingColumns(allowMissing);
    }
    return derive(b -> b.setSetOp(s));
  }

  /** Distinct rows. */
  public DataFrame distinct() {
    return derive(b -> b.setDeduplicate(Deduplicate.newBuilder().setInput(relation).setAllColumnsAsKeys(true)));
  }

  /** Same as {@link #distinct()}. */
  public DataFrame dropDuplicates() {
    return distinct();
  }

  /** One row for each distinct combination of the named columns (which row is kept is not defined). */
  public DataFrame dropDuplicates(String... columnNames) {
    return derive(b -> b.setDeduplicate(Deduplicate.newBuilder().setInput(relation)
        .addAllColumnNames(Arrays.asList(columnNames))));
  }

  /** Names this DataFrame, so its columns can be referred to as {@code alias.column}. */
  public DataFrame alias(String alias) {
    return derive(b -> b.setSubqueryAlias(SubqueryAlias.newBuilder().setInput(relation).setAlias(alias)));
  }

  /** Same as {@link #alias(String)}. */
  public DataFrame as(String alias) {
    return alias(alias);
  }

  /** Renames all columns, by position; the server fails the plan if the count differs. */
  public DataFrame toDF(String... columnNames) {
    return derive(b -> b.setToDf(ToDF.newBuilder().setInput(relation).addAllColumnNames(Arrays.asList(columnNames))));
  }

  private void checkSameSession(DataFrame other) {
    if (other.session != session) {
      throw new IllegalArgumentException("Both DataFrames must belong to the same SparkSession");
    }
  }

  // ---------------------------------------------------------------- actions

  Plan plan() {
    return Plan.newBuilder().setRoot(relation).build();
  }

  /**
   * The result as Arrow record batches. Cold: each subscription sends one {@code ExecutePlan} (reattachable, with
   * result chunking) and emits one {@link ArrowBatch} per record batch, in order, as the subscriber requests them;
   * responses buffered ahead of demand are bounded by the session's in-flight byte budget. Completes after the
   * server's {@code ResultComplete}. Cancelling sends {@code ReleaseExecute(release_all)} and closes undelivered
   * batches. <b>The subscriber owns every emitted batch and must close it</b>; prefer {@link #mapBatches}, which
   * does that for you.
   *
   * @return a cold {@code Flux} of batches; errors as described in the class javadoc
   */
  public Flux<ArrowBatch> toArrow() {
    return session.executeArrow(plan());
  }

  /**
   * Applies {@code f} to each Arrow batch and closes the batch right after, whatever {@code f} does (the scoped
   * form of {@link #toArrow()}). {@code f} must not keep the batch or its vectors.
   *
   * @param f called once per batch, on the thread that delivers it; must not return null
   * @return a cold {@code Flux} of {@code f}'s results, one per batch
   */
  public <T> Flux<T> mapBatches(Function<ArrowBatch, T> f) {
    Objects.requireNonNull(f, "f");
    return toArrow().map(batch -> {
      try {
        return f.apply(batch);
      } finally {
        batch.close();
      }
    });
  }

  /**
   * The result as a stream of rows (see {@link Row} for the Java types). Cold: one {@code ExecutePlan} per
   * subscription. Rows are decoded one batch at a time as demand arrives, so a slow subscriber holds at most one
   * decoded batch plus the bounded network window. Cancelling stops the query on the server.
   */
  public Flux<Row> rows() {
    return mapBatches(ArrowBatch::rows).concatMapIterable(rows -> rows, 1);
  }

  /**
   * All rows in one list. Cold; one {@code ExecutePlan} per subscription. Holds the whole result in memory: use
   * {@link #rows()} or {@link #toArrow()} for large results.
   */
  public Mono<List<Row>> collectAsList() {
    return rows().collectList();
  }

  /** Same as {@link #collectAsList()}. */
  public Mono<List<Row>> collect() {
    return collectAsList();
  }

  /**
   * The first {@code n} rows, computed on the server with a limit. Cold; one {@code ExecutePlan} per subscription.
   *
   * @throws IllegalArgumentException if {@code n} is negative
   */
  public Mono<List<Row>> head(int n) {
    return limit(n).collectAsList();
  }

  /** Same as {@link #head(int)}. */
  public Mono<List<Row>> take(int n) {
    return head(n);
  }

  /** The first row; completes empty when there are no rows. Cold; one {@code ExecutePlan} per subscription. */
  public Mono<Row> first() {
    return limit(1).rows().next();
  }

  /**
   * The number of rows, counted on the server ({@code SELECT count(*)} over this plan). Cold; one
   * {@code ExecutePlan} per subscription.
   */
  public Mono<Long> count() {
    DataFrame counted = groupBy(new Column[0]).agg(functions.count(functions.lit(1)).alias("count"));
    return counted.rows().next().map(r -> (Long) r.get(0));
  }

  /**
   * The table {@link #show} prints, rendered on the server by Spark's {@code ShowString} (identical to
   * {@code Dataset.show}). Cold; one {@code ExecutePlan} per subscription.
   *
   * @param numRows how many rows to show
   * @param truncate truncate cells to this many characters (0 for no truncation)
   * @param vertical one line per column instead of a table
   */
  public Mono<String> showString(int numRows, int truncate, boolean vertical) {
    DataFrame show = derive(b -> b.setShowString(ShowString.newBuilder().setInput(relation)
        .setNumRows(numRows).setTruncate(truncate).setVertical(vertical)));
    return show.rows().next().map(r -> (String) r.get(0));
  }

  /**
   * Prints the first 20 rows, cells truncated to 20 characters, to {@code System.out} when subscribed. Cold; one
   * {@code ExecutePlan} ({@code ShowString}) per subscription; completes after printing; cancelling stops the query.
   */
  public Mono<Void> show() {
    return show(20, 20);
  }

  /** Prints the first {@code numRows} rows, cells truncated to 20 characters. */
  public Mono<Void> show(int numRows) {
    return show(numRows, 20);
  }

  /** Prints the first {@code numRows} rows, cells truncated to {@code truncate} characters (0: none). */
  public Mono<Void> show(int numRows, int truncate) {
    return showString(numRows, truncate, false).doOnNext(System.out::print).then();
  }

  /**
   * The schema of this DataFrame, from the server's analysis ({@code AnalyzePlan.schema}); no job runs. Cold; one
   * {@code AnalyzePlan} RPC per subscription. Emits {@code AnalysisException} if the plan does not resolve.
   */
  public Mono<StructType> schema() {
    return session.analyze(b -> b.setSchema(AnalyzePlanRequest.Schema.newBuilder().setPlan(plan())))
        .map(r -> (StructType) DataTypeProtos.fromProto(r.getSchema().getSchema()));
  }

  /**
   * The schema as Spark's tree string ({@code AnalyzePlan.tree_string}), exactly as {@code printSchema} prints it.
   * Cold; one {@code AnalyzePlan} RPC per subscription, no job runs; emits {@code AnalysisException} if the plan
   * does not resolve.
   */
  public Mono<String> treeString() {
    return session.analyze(b -> b.setTreeString(AnalyzePlanRequest.TreeString.newBuilder().setPlan(plan())))
        .map(r -> r.getTreeString().getTreeString());
  }

  /**
   * Prints {@link #treeString()} to {@code System.out} when subscribed (cold; one {@code AnalyzePlan} RPC per
   * subscription; completes after printing).
   */
  public Mono<Void> printSchema() {
    return treeString().doOnNext(System.out::print).then();
  }

  /**
   * The query plans as text ({@code AnalyzePlan.explain}). Cold; one RPC per subscription.
   *
   * @param mode {@code simple}, {@code extended}, {@code codegen}, {@code cost} or {@code formatted}
   * @throws IllegalArgumentException for any other mode
   */
  public Mono<String> explain(String mode) {
    AnalyzePlanRequest.Explain.ExplainMode m = switch (mode.toLowerCase(Locale.ROOT)) {
      case "simple" -> AnalyzePlanRequest.Explain.ExplainMode.EXPLAIN_MODE_SIMPLE;
      case "extended" -> AnalyzePlanRequest.Explain.ExplainMode.EXPLAIN_MODE_EXTENDED;
      case "codegen" -> AnalyzePlanRequest.Explain.ExplainMode.EXPLAIN_MODE_CODEGEN;
      case "cost" -> AnalyzePlanRequest.Explain.ExplainMode.EXPLAIN_MODE_COST;
      case "formatted" -> AnalyzePlanRequest.Explain.ExplainMode.EXPLAIN_MODE_FORMATTED;
      default -> throw new IllegalArgumentException("Unknown explain mode '" + mode
          + "'. Supported: simple, extended, codegen, cost, formatted");
    };
    return session.analyze(b -> b.setExplain(AnalyzePlanRequest.Explain.newBuilder().setPlan(plan()).setExplainMode(m)))
        .map(r -> r.getExplain().getExplainString());
  }

  /** Same as {@code explain("simple")}. */
  public Mono<String> explain() {
    return explain("simple");
  }

  /**
   * Creates or replaces a session-scoped temporary view of this DataFrame. Cold; one {@code ExecutePlan} (command
   * {@code CreateDataFrameViewCommand}) per subscription; completes when the server has registered the view.
   */
  public Mono<Void> createOrReplaceTempView(String viewName) {
    return createView(viewName, false, true);
  }

  /**
   * Creates a session-scoped temporary view. Cold; one {@code ExecutePlan} ({@code CreateDataFrameViewCommand}) per
   * subscription; emits {@code TempTableAlreadyExistsException} if the view exists.
   */
  public Mono<Void> createTempView(String viewName) {
    return createView(viewName, false, false);
  }

  /**
   * Creates or replaces a global temporary view ({@code global_temp.<name>}), shared across the server's sessions.
   * Cold; one {@code ExecutePlan} ({@code CreateDataFrameViewCommand}) per subscription; completes when registered.
   */
  public Mono<Void> createOrReplaceGlobalTempView(String viewName) {
    return createView(viewName, true, true);
  }

  private Mono<Void> createView(String name, boolean global, boolean replace) {
    return session.executeCommand(Command.newBuilder().setCreateDataframeView(CreateDataFrameViewCommand.newBuilder()
        .setInput(relation).setName(name).setIsGlobal(global).setReplace(replace)).build()).then();
  }

  /** The unresolved plan as protobuf text (for debugging; its format is not stable). */
  @Override
  public String toString() {
    return "DataFrame[planId=" + planId() + "]";
  }

  /** A writer that saves this DataFrame to files or a table ({@link DataFrameWriter}); building it does no I/O. */
  public DataFrameWriter write() {
    return new DataFrameWriter(this);
  }

  /** A DataSource V2 writer to table {@code table} ({@link DataFrameWriterV2}); building it does no I/O. */
  public DataFrameWriterV2 writeTo(String table) {
    return new DataFrameWriterV2(this, table);
  }

  /**
   * A {@code MERGE INTO table USING this ON condition} builder ({@link MergeIntoWriter}); building it does no I/O.
   */
  public MergeIntoWriter mergeInto(String table, Column condition) {
    return new MergeIntoWriter(this, table, condition);
  }

  // ---------------------------------------------------------------- grouping sets and subqueries (column parity)

  /**
   * {@code GROUP BY ROLLUP(cols)} ({@code Aggregate} with group type {@code ROLLUP}): aggregates over every prefix of
   * {@code cols} down to the grand total; rolled-up grouping columns are null in the coarser rows.
   */
  public GroupedData rollup(Column... cols) {
    return GroupedData.rollup(this, List.of(cols));
  }

  /** {@link #rollup(Column...)} by column names. */
  public GroupedData rollup(String... columnNames) {
    return rollup(Arrays.stream(columnNames).map(functions::col).toArray(Column[]::new));
  }

  /**
   * {@code GROUP BY CUBE(cols)} ({@code Aggregate} with group type {@code CUBE}): aggregates over every subset of
   * {@code cols}; grouping columns left out of a subset are null in its rows.
   */
  public GroupedData cube(Column... cols) {
    return GroupedData.cube(this, List.of(cols));
  }

  /** {@link #cube(Column...)} by column names. */
  public GroupedData cube(String... columnNames) {
    return cube(Arrays.stream(columnNames).map(functions::col).toArray(Column[]::new));
  }

  /**
   * {@code GROUP BY GROUPING SETS} ({@code Aggregate} with group type {@code GROUPING_SETS}, PySpark 4's
   * {@code groupingSets}): one aggregation per set in {@code sets}, unioned; {@code groupingColumns} are the output
   * grouping columns (each set uses a subset of them; the others are null in its rows).
   *
   * @param sets the grouping sets, each a list of expressions ({@code List.of()} for the grand total)
   * @param groupingColumns the grouping expressions that appear in the output
   */
  public GroupedData groupingSets(List<List<Column>> sets, Column... groupingColumns) {
    return GroupedData.groupingSets(this, sets, List.of(groupingColumns));
  }

  /**
   * This DataFrame as a scalar subquery ({@code SubqueryExpression} of type {@code SCALAR}; PySpark 4's
   * {@code df.scalar()}): the single value of its single column, for use in another DataFrame's expressions, for
   * example {@code flights.filter(col("delay").gt(flights.agg(avg("delay")).scalar()))}. Null if it returns no row.
   * It may refer to the outer query's columns (a correlated subquery) by name, qualified with an alias of the outer
   * DataFrame (see {@link Column#outer()}). This plan is sent as a {@code WithRelations} reference of the node that uses the column.
   * The action emits {@code SparkRuntimeException} ({@code SCALAR_SUBQUERY_TOO_MANY_ROWS}) if it returns more than
   * one row, and an {@code AnalysisException} if it has more than one column.
   */
  public Column scalar() {
    return subquery(io.github.reactivespark.connect.internal.proto.SubqueryExpression.SubqueryType.SUBQUERY_TYPE_SCALAR);
  }

  /**
   * {@code EXISTS (this)} ({@code SubqueryExpression} of type {@code EXISTS}; PySpark 4's {@code df.exists()}): true
   * where this DataFrame, usually correlated with the outer query by alias-qualified names (see
   * {@link Column#outer()}), returns at least one row; never null.
   */
  public Column exists() {
    return subquery(io.github.reactivespark.connect.internal.proto.SubqueryExpression.SubqueryType.SUBQUERY_TYPE_EXISTS);
  }

  private Column subquery(io.github.reactivespark.connect.internal.proto.SubqueryExpression.SubqueryType type) {
    Expression e = Expression.newBuilder().setSubqueryExpression(
        io.github.reactivespark.connect.internal.proto.SubqueryExpression.newBuilder()
            .setPlanId(planId()).setSubqueryType(type)).build();
    return new Column(e, List.of(relation));
  }

  /**
   * This DataFrame wrapped in a {@code WithRelations} node whose references are the subquery plans that
   * {@code cols} refer to, or this DataFrame unchanged if they refer to none (PySpark Connect's
   * {@code LogicalPlan._with_relations}). Transformations that take columns call it on their result.
   */
  DataFrame withSubqueryReferences(java.util.Collection<Column> cols) {
    List<Relation> refs = Column.subqueriesOf(cols);
    if (refs.isEmpty()) {
      return this;
    }
    return derive(b -> b.setWithRelations(io.github.reactivespark.connect.internal.proto.WithRelations.newBuilder()
        .setRoot(relation).addAllReferences(refs)));
  }
}
