package io.github.reactivespark.connect;

import io.github.reactivespark.connect.internal.arrow.ArrowBatchAssembler;
import io.github.reactivespark.connect.internal.client.ConnectClient;
import io.github.reactivespark.connect.internal.client.ExecutionObserver;
import io.github.reactivespark.connect.internal.proto.AnalyzePlanRequest;
import io.github.reactivespark.connect.internal.proto.AsOfJoin;
import io.github.reactivespark.connect.internal.proto.CheckpointCommand;
import io.github.reactivespark.connect.internal.proto.CollectMetrics;
import io.github.reactivespark.connect.internal.proto.Command;
import io.github.reactivespark.connect.internal.proto.CreateDataFrameViewCommand;
import io.github.reactivespark.connect.internal.proto.Deduplicate;
import io.github.reactivespark.connect.internal.proto.Drop;
import io.github.reactivespark.connect.internal.proto.ExecutePlanResponse;
import io.github.reactivespark.connect.internal.proto.Expression;
import io.github.reactivespark.connect.internal.proto.Filter;
import io.github.reactivespark.connect.internal.proto.Hint;
import io.github.reactivespark.connect.internal.proto.HtmlString;
import io.github.reactivespark.connect.internal.proto.Join;
import io.github.reactivespark.connect.internal.proto.LateralJoin;
import io.github.reactivespark.connect.internal.proto.Limit;
import io.github.reactivespark.connect.internal.proto.Offset;
import io.github.reactivespark.connect.internal.proto.Plan;
import io.github.reactivespark.connect.internal.proto.Project;
import io.github.reactivespark.connect.internal.proto.Relation;
import io.github.reactivespark.connect.internal.proto.Repartition;
import io.github.reactivespark.connect.internal.proto.RepartitionByExpression;
import io.github.reactivespark.connect.internal.proto.Sample;
import io.github.reactivespark.connect.internal.proto.SetOperation;
import io.github.reactivespark.connect.internal.proto.ShowString;
import io.github.reactivespark.connect.internal.proto.Sort;
import io.github.reactivespark.connect.internal.proto.StatDescribe;
import io.github.reactivespark.connect.internal.proto.StatSummary;
import io.github.reactivespark.connect.internal.proto.SubqueryAlias;
import io.github.reactivespark.connect.internal.proto.SubqueryExpression;
import io.github.reactivespark.connect.internal.proto.Tail;
import io.github.reactivespark.connect.internal.proto.ToDF;
import io.github.reactivespark.connect.internal.proto.ToSchema;
import io.github.reactivespark.connect.internal.proto.Transpose;
import io.github.reactivespark.connect.internal.proto.Unpivot;
import io.github.reactivespark.connect.internal.proto.WithColumns;
import io.github.reactivespark.connect.internal.proto.WithColumnsRenamed;
import io.github.reactivespark.connect.internal.proto.WithRelations;
import io.github.reactivespark.connect.internal.proto.WithWatermark;
import io.github.reactivespark.connect.internal.types.DataTypeProtos;
import io.github.reactivespark.connect.types.StructType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
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
  /** The execution info of the last action run from this object (shared with the frames its actions derive). */
  private final AtomicReference<@Nullable ExecutionInfo> lastExecution;
  /** The schema, once the server analysed this plan (the plan is immutable, so it never changes). */
  private volatile @Nullable StructType schema;

  DataFrame(SparkSession session, Relation relation) {
    this(session, relation, new AtomicReference<>());
  }

  private DataFrame(SparkSession session, Relation relation, AtomicReference<@Nullable ExecutionInfo> lastExecution) {
    this.session = session;
    this.relation = relation;
    this.lastExecution = lastExecution;
  }

  /** {@code derived}, reporting its execution info to this DataFrame: for actions that run a derived plan. */
  private DataFrame reportingTo(DataFrame derived) {
    return new DataFrame(session, derived.relation, lastExecution);
  }

  // ---------------------------------------------------------------- accessors and columns

  /** The session this DataFrame belongs to. */
  public SparkSession sparkSession() {
    return session;
  }

  /** The plan id the session gave this DataFrame's root relation (used to resolve {@link #col(String)}). */
  public long planId() {
    return relation.getCommon().getPlanId();
  }

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

  /**
   * A hidden metadata column of this DataFrame's source by name, for example {@code metadataColumn("_metadata")}
   * of a file source (an {@code UnresolvedAttribute} with {@code is_metadata_column=true}, bound to this plan).
   */
  public Column metadataColumn(String name) {
    return new Column(Expression.newBuilder().setUnresolvedAttribute(Expression.UnresolvedAttribute.newBuilder()
        .setUnparsedIdentifier(name).setPlanId(planId()).setIsMetadataColumn(true)).build());
  }

  /**
   * The columns whose names match a Java regular expression in back-ticks, for example
   * {@code colRegex("`de.*`")} ({@code UnresolvedRegex}, bound to this plan).
   */
  public Column colRegex(String regex) {
    return new Column(Expression.newBuilder().setUnresolvedRegex(Expression.UnresolvedRegex.newBuilder()
        .setColName(regex).setPlanId(planId())).build());
  }

  // ---------------------------------------------------------------- transformations: projection and columns

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
    renames.forEach((from, to) -> w.addRenames(
        WithColumnsRenamed.Rename.newBuilder().setColName(from).setNewColName(to)));
    return derive(b -> b.setWithColumnsRenamed(w));
  }

  /**
   * Replaces the metadata of a column ({@code WithColumns} with an aliased column carrying {@code metadata}),
   * PySpark's and Scala's {@code withMetadata}; the metadata shows in {@link StructType} field metadata.
   *
   * @param metadataJson a JSON object, for example {@code {"comment": "minutes"}}
   */
  public DataFrame withMetadata(String columnName, String metadataJson) {
    WithColumns.Builder w = WithColumns.newBuilder().setInput(relation).addAliases(Expression.Alias.newBuilder()
        .setExpr(functions.col(columnName).expr).addName(columnName).setMetadata(metadataJson));
    return derive(b -> b.setWithColumns(w));
  }

  /** Drops columns by name; names that do not exist are ignored (as in Spark). */
  public DataFrame drop(String... columnNames) {
    return derive(b -> b.setDrop(Drop.newBuilder().setInput(relation).addAllColumnNames(Arrays.asList(columnNames))));
  }

  /** Drops columns. */
  public DataFrame drop(Column... cols) {
    return derive(b -> b.setDrop(Drop.newBuilder().setInput(relation).addAllColumns(Column.exprs(cols))));
  }

  /** Renames all columns, by position; the server fails the plan if the count differs. */
  public DataFrame toDF(String... columnNames) {
    return derive(b -> b.setToDf(ToDF.newBuilder().setInput(relation).addAllColumnNames(Arrays.asList(columnNames))));
  }

  /**
   * Reconciles this DataFrame with {@code schema} ({@code ToSchema} relation, Spark's {@code to(StructType)}):
   * columns are matched by name and reordered, missing nullable columns fail, types are up-cast where safe. Fails
   * the action with an {@code AnalysisException} when the data cannot be made to fit.
   */
  public DataFrame to(StructType schema) {
    return derive(b -> b.setToSchema(ToSchema.newBuilder()
        .setInput(relation).setSchema(DataTypeProtos.toProto(schema))));
  }

  /** Names this DataFrame, so its columns can be referred to as {@code alias.column}. */
  public DataFrame alias(String alias) {
    return derive(b -> b.setSubqueryAlias(SubqueryAlias.newBuilder().setInput(relation).setAlias(alias)));
  }

  /** Same as {@link #alias(String)}. */
  public DataFrame as(String alias) {
    return alias(alias);
  }

  /**
   * Applies {@code f} to this DataFrame, for chaining custom transformations: {@code df.transform(this::clean)}
   * (PySpark's and Scala's {@code transform}). Runs {@code f} at once; no I/O unless {@code f} does some.
   */
  public DataFrame transform(Function<DataFrame, DataFrame> f) {
    return Objects.requireNonNull(f.apply(this), "transform function returned null");
  }

  /** Each row as a JSON object string, in a single {@code string} column {@code value} ({@code to_json(struct(*))}). */
  public DataFrame toJSON() {
    return select(Column.fn("to_json", Column.fn("struct", functions.col("*"))).alias("value"));
  }

  // ---------------------------------------------------------------- transformations: filtering

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

  // ---------------------------------------------------------------- transformations: joins

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

  /**
   * As-of join ({@code AsOfJoin} relation; PySpark's {@code _joinAsOf}, used by pandas-on-Spark's
   * {@code merge_asof}): for each left row, the right row whose {@code rightAsOf} is the closest to
   * {@code leftAsOf} in {@code direction}, among rows equal on {@code usingColumns}; inner join, exact matches
   * allowed, no tolerance, direction {@code backward}.
   */
  public DataFrame joinAsOf(DataFrame right, Column leftAsOf, Column rightAsOf, List<String> usingColumns) {
    return joinAsOf(right, leftAsOf, rightAsOf, null, usingColumns, "inner", null, true, "backward");
  }

  /**
   * As-of join with every option ({@code AsOfJoin} relation).
   *
   * @param joinExpr an extra equality condition, or null (then {@code usingColumns} apply)
   * @param usingColumns columns equal on both sides (may be empty)
   * @param how {@code inner} or {@code left}
   * @param tolerance the largest allowed distance between the as-of values, or null for none
   * @param allowExactMatches whether equal as-of values match
   * @param direction {@code backward} (right value &lt;= left), {@code forward} (&gt;=) or {@code nearest}
   * @throws IllegalArgumentException for another direction
   */
  public DataFrame joinAsOf(DataFrame right, Column leftAsOf, Column rightAsOf, @Nullable Column joinExpr,
      List<String> usingColumns, String how, @Nullable Column tolerance, boolean allowExactMatches,
      String direction) {
    checkSameSession(right);
    String dir = direction.toLowerCase(Locale.ROOT);
    if (!List.of("backward", "forward", "nearest").contains(dir)) {
      throw new IllegalArgumentException("direction must be backward, forward or nearest, was '" + direction + "'");
    }
    AsOfJoin.Builder j =
        AsOfJoin.newBuilder().setLeft(relation)
            .setRight(right.relation).setLeftAsOf(leftAsOf.expr).setRightAsOf(rightAsOf.expr)
            .addAllUsingColumns(usingColumns).setJoinType(how).setAllowExactMatches(allowExactMatches)
            .setDirection(dir);
    if (joinExpr != null) {
      j.setJoinExpr(joinExpr.expr);
    }
    if (tolerance != null) {
      j.setTolerance(tolerance.expr);
    }
    return derive(b -> b.setAsOfJoin(j));
  }

  /**
   * Lateral join ({@code LateralJoin} relation): {@code right} is evaluated once per row of this DataFrame and may
   * refer to its columns through outer references; inner join without condition.
   */
  public DataFrame lateralJoin(DataFrame right) {
    return lateralJoin(right, null, "inner");
  }

  /** Inner lateral join on a condition ({@code LateralJoin}). */
  public DataFrame lateralJoin(DataFrame right, Column on) {
    return lateralJoin(right, on, "inner");
  }

  /**
   * Lateral join ({@code LateralJoin}) of type {@code how}.
   *
   * @param on the join condition, or null
   * @param how {@code inner}, {@code cross} or {@code left} (names as in {@link #join(DataFrame, List, String)})
   * @throws IllegalArgumentException for another join type
   */
  public DataFrame lateralJoin(DataFrame right, @Nullable Column on, String how) {
    checkSameSession(right);
    Join.JoinType t = joinType(how);
    if (t != Join.JoinType.JOIN_TYPE_INNER && t != Join.JoinType.JOIN_TYPE_CROSS
        && t != Join.JoinType.JOIN_TYPE_LEFT_OUTER) {
      throw new IllegalArgumentException("lateralJoin supports inner, cross and left joins, not '" + how + "'");
    }
    LateralJoin.Builder j =
        LateralJoin.newBuilder().setLeft(relation)
            .setRight(right.relation).setJoinType(t);
    if (on != null) {
      j.setJoinCondition(on.expr);
    }
    return derive(b -> b.setLateralJoin(j));
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

  // ---------------------------------------------------------------- transformations: set operations

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

  /** Rows in both, keeping duplicates (SQL {@code INTERSECT ALL}). */
  public DataFrame intersectAll(DataFrame other) {
    return setOp(other, SetOperation.SetOpType.SET_OP_TYPE_INTERSECT, true, false, false);
  }

  /** Rows in this but not in {@code other}, without duplicates (SQL {@code EXCEPT DISTINCT}). */
  public DataFrame subtract(DataFrame other) {
    return setOp(other, SetOperation.SetOpType.SET_OP_TYPE_EXCEPT, false, false, false);
  }

  /** Rows in this but not in {@code other}, without duplicates (same as {@link #subtract}; Scala's {@code except}). */
  public DataFrame except(DataFrame other) {
    return subtract(other);
  }

  /** Rows in this but not in {@code other}, keeping duplicates (SQL {@code EXCEPT ALL}). */
  public DataFrame exceptAll(DataFrame other) {
    return setOp(other, SetOperation.SetOpType.SET_OP_TYPE_EXCEPT, true, false, false);
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

  // ---------------------------------------------------------------- transformations: distinct rows

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

  /**
   * Drops duplicate rows of a streaming DataFrame within the watermark ({@code Deduplicate} with
   * {@code within_watermark=true}), all columns as keys.
   */
  public DataFrame dropDuplicatesWithinWatermark() {
    return derive(b -> b.setDeduplicate(Deduplicate.newBuilder().setInput(relation).setAllColumnsAsKeys(true)
        .setWithinWatermark(true)));
  }

  /** As {@link #dropDuplicatesWithinWatermark()}, keyed by the named columns. */
  public DataFrame dropDuplicatesWithinWatermark(String... columnNames) {
    return derive(b -> b.setDeduplicate(Deduplicate.newBuilder().setInput(relation)
        .addAllColumnNames(Arrays.asList(columnNames)).setWithinWatermark(true)));
  }

  // ---------------------------------------------------------------- transformations: ordering and limits

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
   * Sorts each partition by the given orders or columns, without a global sort ({@code Sort} with
   * {@code is_global=false}).
   */
  public DataFrame sortWithinPartitions(Column... cols) {
    Sort.Builder s = Sort.newBuilder().setInput(relation).setIsGlobal(false);
    for (Column c : cols) {
      s.addOrder((c.expr.hasSortOrder() ? c : c.asc()).expr.getSortOrder());
    }
    return derive(b -> b.setSort(s));
  }

  /** Sorts each partition by the named columns, ascending. */
  public DataFrame sortWithinPartitions(String... columnNames) {
    return sortWithinPartitions(Arrays.stream(columnNames).map(functions::col).toArray(Column[]::new));
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

  // ---------------------------------------------------------------- transformations: grouping, aggregation, metrics

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
   * Computes named aggregate metrics while the query runs ({@code CollectMetrics} relation); rows pass through
   * unchanged. The metrics of a batch query arrive in {@code ExecutePlanResponse.observed_metrics} and are given to
   * {@code observation} (see {@link Observation#get()}); those of a streaming query go to its progress events.
   *
   * @param metric aggregate expressions with aliases, for example {@code count(lit(1)).alias("rows")}
   * @throws IllegalArgumentException if {@code observation} is already attached to a DataFrame
   */
  public DataFrame observe(Observation observation, Column metric, Column... metrics) {
    observation.attach();
    DataFrame observed = observe(observation.name(), metric, metrics);
    session.client().onObservedMetrics(observed.planId(), observation::complete);
    return observed;
  }

  /**
   * Computes named aggregate metrics while the query runs ({@code CollectMetrics} relation), reported under
   * {@code name}; for batch queries pass an {@link Observation} instead to receive them.
   */
  public DataFrame observe(String name, Column metric, Column... metrics) {
    CollectMetrics.Builder m =
        CollectMetrics.newBuilder().setInput(relation).setName(name)
            .addMetrics(metric.expr);
    for (Column c : metrics) {
      m.addMetrics(c.expr);
    }
    return derive(b -> b.setCollectMetrics(m));
  }

  // ---------------------------------------------------------------- transformations: reshaping

  /**
   * Unpivots from wide to long ({@code Unpivot} relation): for each row and each of {@code values}, one row with
   * the {@code ids}, the value column's name in {@code variableColumnName} and its value in
   * {@code valueColumnName}. The value columns must share a type (after widening).
   *
   * @param values the columns to unpivot, or null for every column not in {@code ids}
   */
  public DataFrame unpivot(Column[] ids, Column @Nullable [] values, String variableColumnName,
      String valueColumnName) {
    Unpivot.Builder u =
        Unpivot.newBuilder().setInput(relation)
            .addAllIds(Column.exprs(ids)).setVariableColumnName(variableColumnName)
            .setValueColumnName(valueColumnName);
    if (values != null) {
      u.setValues(Unpivot.Values.newBuilder()
          .addAllValues(Column.exprs(values)));
    }
    return derive(b -> b.setUnpivot(u));
  }

  /** {@link #unpivot(Column[], Column[], String, String)} of every non-id column. */
  public DataFrame unpivot(Column[] ids, String variableColumnName, String valueColumnName) {
    return unpivot(ids, null, variableColumnName, valueColumnName);
  }

  /** Same as {@link #unpivot(Column[], Column[], String, String)}. */
  public DataFrame melt(Column[] ids, Column @Nullable [] values, String variableColumnName, String valueColumnName) {
    return unpivot(ids, values, variableColumnName, valueColumnName);
  }

  /** Same as {@link #unpivot(Column[], String, String)}. */
  public DataFrame melt(Column[] ids, String variableColumnName, String valueColumnName) {
    return unpivot(ids, variableColumnName, valueColumnName);
  }

  /**
   * Transposes rows into columns ({@code Transpose} relation): the values of the first column become the column
   * names, the other column names become the values of a first column {@code key}.
   */
  public DataFrame transpose() {
    return derive(b -> b.setTranspose(Transpose.newBuilder()
        .setInput(relation)));
  }

  /** Transposes with {@code indexColumn} as the column whose values become the new column names. */
  public DataFrame transpose(Column indexColumn) {
    return derive(b -> b.setTranspose(Transpose.newBuilder()
        .setInput(relation).addIndexColumns(indexColumn.expr)));
  }

  // ---------------------------------------------------------------- transformations: sampling

  /**
   * A random sample of about {@code fraction} of the rows, without replacement, random seed ({@code Sample}).
   *
   * @throws IllegalArgumentException if {@code fraction} is negative
   */
  public DataFrame sample(double fraction) {
    return sample(false, fraction, ThreadLocalRandom.current().nextLong());
  }

  /** A random sample without replacement with a seed ({@code Sample}); same seed, same rows for the same data. */
  public DataFrame sample(double fraction, long seed) {
    return sample(false, fraction, seed);
  }

  /** A random sample, with or without replacement, random seed ({@code Sample}). */
  public DataFrame sample(boolean withReplacement, double fraction) {
    return sample(withReplacement, fraction, ThreadLocalRandom.current().nextLong());
  }

  /**
   * A random sample ({@code Sample}): each row kept with probability {@code fraction} (without replacement), or
   * drawn a Poisson({@code fraction}) number of times (with replacement).
   *
   * @throws IllegalArgumentException if {@code fraction} is negative, or above 1 without replacement
   */
  public DataFrame sample(boolean withReplacement, double fraction, long seed) {
    if (!(fraction >= 0) || (!withReplacement && fraction > 1)) {
      throw new IllegalArgumentException("fraction must be >= 0 (and <= 1 without replacement), was " + fraction);
    }
    return derive(b -> b.setSample(Sample.newBuilder()
        .setInput(relation).setLowerBound(0).setUpperBound(fraction).setWithReplacement(withReplacement)
        .setSeed(seed)));
  }

  /** {@link #randomSplit(double[], long)} with a random seed. */
  public List<DataFrame> randomSplit(double... weights) {
    return randomSplit(weights, ThreadLocalRandom.current().nextLong());
  }

  /**
   * Splits the rows randomly by {@code weights} (normalised to sum 1): one DataFrame per weight, each a
   * {@code Sample} with consecutive bounds and {@code deterministic_order=true}, so that the splits are disjoint
   * and together hold every row (as PySpark does).
   *
   * @throws IllegalArgumentException if fewer than one weight is given, a weight is negative or all are 0
   */
  public List<DataFrame> randomSplit(double[] weights, long seed) {
    double sum = 0;
    for (double w : weights) {
      if (!(w >= 0)) {
        throw new IllegalArgumentException("weights must be >= 0, got " + w);
      }
      sum += w;
    }
    if (weights.length == 0 || !(sum > 0)) {
      throw new IllegalArgumentException("randomSplit needs at least one weight and a positive sum of weights");
    }
    List<DataFrame> out = new ArrayList<>();
    double lower = 0;
    for (int i = 0; i < weights.length; i++) {
      double upper = i == weights.length - 1 ? 1.0 : lower + weights[i] / sum;
      double lo = lower;
      out.add(derive(b -> b.setSample(Sample.newBuilder()
          .setInput(relation).setLowerBound(lo).setUpperBound(upper).setWithReplacement(false).setSeed(seed)
          .setDeterministicOrder(true))));
      lower = upper;
    }
    return List.copyOf(out);
  }

  // ---------------------------------------------------------------- transformations: partitioning and hints

  /**
   * Exactly {@code numPartitions} partitions, by a round-robin shuffle ({@code Repartition} with
   * {@code shuffle=true}).
   *
   * @throws IllegalArgumentException if {@code numPartitions} is not positive
   */
  public DataFrame repartition(int numPartitions) {
    checkPartitions(numPartitions);
    return derive(b -> b.setRepartition(Repartition.newBuilder()
        .setInput(relation).setNumPartitions(numPartitions).setShuffle(true)));
  }

  /**
   * {@code numPartitions} partitions, hash-partitioned by {@code cols} ({@code RepartitionByExpression}).
   *
   * @throws IllegalArgumentException if {@code numPartitions} is not positive
   */
  public DataFrame repartition(int numPartitions, Column... cols) {
    checkPartitions(numPartitions);
    return repartitionBy(numPartitions, List.of(cols));
  }

  /**
   * Hash-partitioned by {@code cols} into {@code spark.sql.shuffle.partitions} partitions
   * ({@code RepartitionByExpression}).
   */
  public DataFrame repartition(Column... cols) {
    return repartitionBy(null, List.of(cols));
  }

  /** Hash-partitioned by the named columns ({@code RepartitionByExpression}). */
  public DataFrame repartition(int numPartitions, String... columnNames) {
    return repartition(numPartitions, Arrays.stream(columnNames).map(functions::col).toArray(Column[]::new));
  }

  /**
   * {@code numPartitions} partitions by ranges of {@code cols} ({@code RepartitionByExpression} over sort orders;
   * a column that is not a sort order sorts ascending), sampled to find the range bounds.
   *
   * @throws IllegalArgumentException if {@code numPartitions} is not positive or no column is given
   */
  public DataFrame repartitionByRange(int numPartitions, Column... cols) {
    checkPartitions(numPartitions);
    return repartitionByRange0(numPartitions, cols);
  }

  /** Range-partitioned by {@code cols} into {@code spark.sql.shuffle.partitions} partitions. */
  public DataFrame repartitionByRange(Column... cols) {
    return repartitionByRange0(null, cols);
  }

  /** Range-partitioned by the named columns (ascending). */
  public DataFrame repartitionByRange(int numPartitions, String... columnNames) {
    return repartitionByRange(numPartitions, Arrays.stream(columnNames).map(functions::col).toArray(Column[]::new));
  }

  private DataFrame repartitionByRange0(@Nullable Integer numPartitions, Column[] cols) {
    if (cols.length == 0) {
      throw new IllegalArgumentException("repartitionByRange needs at least one column");
    }
    return repartitionBy(numPartitions, Arrays.stream(cols).map(c -> c.expr.hasSortOrder() ? c : c.asc()).toList());
  }

  private DataFrame repartitionBy(@Nullable Integer numPartitions, List<Column> cols) {
    RepartitionByExpression.Builder r =
        RepartitionByExpression.newBuilder().setInput(relation);
    cols.forEach(c -> r.addPartitionExprs(c.expr));
    if (numPartitions != null) {
      r.setNumPartitions(numPartitions);
    }
    return derive(b -> b.setRepartitionByExpression(r));
  }

  /**
   * At most {@code numPartitions} partitions, merging partitions without a shuffle ({@code Repartition} with
   * {@code shuffle=false}).
   *
   * @throws IllegalArgumentException if {@code numPartitions} is not positive
   */
  public DataFrame coalesce(int numPartitions) {
    checkPartitions(numPartitions);
    return derive(b -> b.setRepartition(Repartition.newBuilder()
        .setInput(relation).setNumPartitions(numPartitions).setShuffle(false)));
  }

  private static void checkPartitions(int n) {
    if (n <= 0) {
      throw new IllegalArgumentException("numPartitions must be > 0, was " + n);
    }
  }

  /**
   * A query hint ({@code Hint} relation), for example {@code hint("broadcast")}, {@code hint("repartition", 4)},
   * {@code hint("rebalance", col("origin"))}. Parameters are literals or {@link Column}s; an unknown hint name is
   * ignored by the server (with a warning in its log), as in Spark.
   */
  public DataFrame hint(String name, Object... parameters) {
    Hint.Builder h =
        Hint.newBuilder().setInput(relation).setName(name);
    for (Object p : parameters) {
      if (p instanceof Object[] || p instanceof List<?>) {
        List<?> l = p instanceof Object[] a ? Arrays.asList(a) : (List<?>) p;
        h.addParameters(Column.fn("array", l.stream().map(functions::lit).toArray(Column[]::new)).expr);
      } else {
        h.addParameters(Literals.toExpression(p));
      }
    }
    return derive(b -> b.setHint(h));
  }

  // ---------------------------------------------------------------- transformations: streaming

  /**
   * Declares the event-time watermark of a streaming DataFrame ({@code WithWatermark} relation): state older than
   * the latest event time minus {@code delayThreshold} (an interval string such as {@code "10 minutes"}) may be
   * dropped. On a batch DataFrame it has no effect.
   */
  public DataFrame withWatermark(String eventTime, String delayThreshold) {
    return derive(b -> b.setWithWatermark(WithWatermark.newBuilder()
        .setInput(relation).setEventTime(eventTime).setDelayThreshold(delayThreshold)));
  }

  // ---------------------------------------------------------------- missing data and statistics (na(), stat())

  /** Missing-data functions: {@code df.na().fill(…)}, {@code drop(…)}, {@code replace(…)}. */
  public DataFrameNaFunctions na() {
    return new DataFrameNaFunctions(this);
  }

  /** Statistic functions: {@code df.stat().corr(…)}, {@code approxQuantile(…)}, {@code crosstab(…)}, … */
  public DataFrameStatFunctions stat() {
    return new DataFrameStatFunctions(this);
  }

  /** Same as {@code na().fill(value, subset)} (PySpark's {@code fillna}). */
  public DataFrame fillna(long value, String... subset) {
    return na().fill(value, subset);
  }

  /** Same as {@code na().fill(value, subset)}. */
  public DataFrame fillna(double value, String... subset) {
    return na().fill(value, subset);
  }

  /** Same as {@code na().fill(value, subset)}. */
  public DataFrame fillna(String value, String... subset) {
    return na().fill(value, subset);
  }

  /** Same as {@code na().fill(value, subset)}. */
  public DataFrame fillna(boolean value, String... subset) {
    return na().fill(value, subset);
  }

  /** Same as {@code na().fill(valuesByColumn)}. */
  public DataFrame fillna(Map<String, ?> valuesByColumn) {
    return na().fill(valuesByColumn);
  }

  /** Same as {@code na().drop()} (PySpark's {@code dropna}). */
  public DataFrame dropna() {
    return na().drop();
  }

  /** Same as {@code na().drop(how, subset)}. */
  public DataFrame dropna(String how, String... subset) {
    return na().drop(how, subset);
  }

  /** Same as {@code na().drop(minNonNulls, subset)} (PySpark's {@code dropna(thresh=…)}). */
  public DataFrame dropna(int minNonNulls, String... subset) {
    return na().drop(minNonNulls, subset);
  }

  /** Same as {@code na().replace(toReplace, value, subset)}. */
  public DataFrame replace(@Nullable Object toReplace, @Nullable Object value, String... subset) {
    return na().replace(toReplace, value, subset);
  }

  /** Same as {@code na().replace(toReplace, values, subset)}. */
  public DataFrame replace(List<?> toReplace, List<?> values, String... subset) {
    return na().replace(toReplace, values, subset);
  }

  /** Same as {@code na().replace(replacement, subset)}. */
  public DataFrame replace(Map<?, ?> replacement, String... subset) {
    return na().replace(replacement, subset);
  }

  /**
   * Basic statistics ({@code StatDescribe}): rows {@code count}, {@code mean}, {@code stddev}, {@code min},
   * {@code max} in a first string column {@code summary}, then one string column per described column (all
   * numeric and string columns when none are named).
   */
  public DataFrame describe(String... cols) {
    return derive(b -> b.setDescribe(StatDescribe.newBuilder()
        .setInput(relation).addAllCols(Arrays.asList(cols))));
  }

  /**
   * The given statistics ({@code StatSummary}): any of {@code count}, {@code mean}, {@code stddev}, {@code min},
   * {@code max}, {@code count_distinct}, {@code approx_count_distinct} and percentiles such as {@code 75%}; by
   * default count, mean, stddev, min, 25%, 50%, 75%, max. Shape as {@link #describe}.
   */
  public DataFrame summary(String... statistics) {
    return derive(b -> b.setSummary(StatSummary.newBuilder()
        .setInput(relation).addAllStatistics(Arrays.asList(statistics))));
  }

  /** Same as {@code stat().crosstab(col1, col2)}. */
  public DataFrame crosstab(String col1, String col2) {
    return stat().crosstab(col1, col2);
  }

  /** Same as {@code stat().freqItems(cols)}. */
  public DataFrame freqItems(String... cols) {
    return stat().freqItems(cols);
  }

  /** Same as {@code stat().freqItems(cols, support)}. */
  public DataFrame freqItems(List<String> cols, double support) {
    return stat().freqItems(cols, support);
  }

  /** Same as {@code stat().sampleBy(col, fractions, seed)}. */
  public <T> DataFrame sampleBy(String col, Map<T, Double> fractions, long seed) {
    return stat().sampleBy(col, fractions, seed);
  }

  /** Same as {@code stat().sampleBy(col, fractions, seed)}. */
  public <T> DataFrame sampleBy(Column col, Map<T, Double> fractions, long seed) {
    return stat().sampleBy(col, fractions, seed);
  }

  /** Same as {@code stat().cov(col1, col2)}. */
  public Mono<Double> cov(String col1, String col2) {
    return stat().cov(col1, col2);
  }

  /** Same as {@code stat().corr(col1, col2)}. */
  public Mono<Double> corr(String col1, String col2) {
    return stat().corr(col1, col2);
  }

  /** Same as {@code stat().corr(col1, col2, method)}. */
  public Mono<Double> corr(String col1, String col2, String method) {
    return stat().corr(col1, col2, method);
  }

  /** Same as {@code stat().approxQuantile(col, probabilities, relativeError)}. */
  public Mono<double[]> approxQuantile(String col, double[] probabilities, double relativeError) {
    return stat().approxQuantile(col, probabilities, relativeError);
  }

  /** Same as {@code stat().approxQuantile(cols, probabilities, relativeError)}. */
  public Mono<double[][]> approxQuantile(String[] cols, double[] probabilities, double relativeError) {
    return stat().approxQuantile(cols, probabilities, relativeError);
  }

  // ---------------------------------------------------------------- subqueries

  /**
   * This DataFrame as a scalar subquery ({@code SubqueryExpression} of type {@code SCALAR}; PySpark 4's
   * {@code df.scalar()}): the single value of its single column, for use in another DataFrame's expressions, for
   * example {@code flights.filter(col("delay").gt(flights.agg(avg("delay")).scalar()))}. Null if it returns no row.
   * It may refer to the outer query's columns (a correlated subquery) by name, qualified with an alias of the outer
   * DataFrame (see {@link Column#outer()}). This plan is sent as a {@code WithRelations} reference of the node that
   * uses the column.
   * The action emits {@code SparkRuntimeException} ({@code SCALAR_SUBQUERY_TOO_MANY_ROWS}) if it returns more than
   * one row, and an {@code AnalysisException} if it has more than one column.
   */
  public Column scalar() {
    return subquery(SubqueryExpression.SubqueryType.SUBQUERY_TYPE_SCALAR);
  }

  /**
   * {@code EXISTS (this)} ({@code SubqueryExpression} of type {@code EXISTS}; PySpark 4's {@code df.exists()}): true
   * where this DataFrame, usually correlated with the outer query by alias-qualified names (see
   * {@link Column#outer()}), returns at least one row; never null.
   */
  public Column exists() {
    return subquery(SubqueryExpression.SubqueryType.SUBQUERY_TYPE_EXISTS);
  }

  private Column subquery(SubqueryExpression.SubqueryType type) {
    Expression e = Expression.newBuilder().setSubqueryExpression(
        SubqueryExpression.newBuilder()
            .setPlanId(planId()).setSubqueryType(type)).build();
    return new Column(e, List.of(relation));
  }

  /**
   * This DataFrame wrapped in a {@code WithRelations} node whose references are the subquery plans that
   * {@code cols} refer to, or this DataFrame unchanged if they refer to none (PySpark Connect's
   * {@code LogicalPlan._with_relations}). Transformations that take columns call it on their result.
   */
  DataFrame withSubqueryReferences(Collection<Column> cols) {
    List<Relation> refs = Column.subqueriesOf(cols);
    if (refs.isEmpty()) {
      return this;
    }
    return derive(b -> b.setWithRelations(WithRelations.newBuilder()
        .setRoot(relation).addAllReferences(refs)));
  }

  // ---------------------------------------------------------------- actions: results (ExecutePlan)

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
    return toArrow(null);
  }

  /**
   * {@link #toArrow()} with one more observer of the execution's progress and metrics; on completion the plan
   * metrics become this DataFrame's {@link #executionInfo()}.
   */
  Flux<ArrowBatch> toArrow(@Nullable ExecutionObserver observer) {
    ConnectClient client = session.client();
    return Flux.defer(() -> {
      MetricsCapture capture = new MetricsCapture();
      Flux<ArrowBatch> batches = ArrowBatchAssembler.decode(client.execute(plan()), client.allocator(),
              ArrowBatch::new, ArrowBatch.class)
          .doOnComplete(() -> {
            ExecutionInfo info = capture.info;
            if (info != null) {
              lastExecution.set(info);
            }
          })
          .contextWrite(ConnectClient.withObserver(capture));
      return observer == null ? batches : batches.contextWrite(ConnectClient.withObserver(observer));
    });
  }

  /** Keeps the plan metrics of one execution. */
  private static final class MetricsCapture implements ExecutionObserver {
    volatile @Nullable ExecutionInfo info;

    @Override
    public void onMetrics(String operationId, ExecutePlanResponse.Metrics metrics) {
      info = ExecutionInfo.of(operationId, metrics);
    }
  }

  /**
   * The execution info of the last action of this DataFrame object that completed: the metrics of every node of
   * the physical plan it ran (PySpark's {@code DataFrame.executionInfo}). Actions that run a derived plan
   * ({@link #count()}, {@link #first()}, {@link #show()}, ...) report here too; a DataFrame derived by a
   * transformation has its own. Synchronous, no I/O.
   *
   * @return the info, or empty before any action of this object completed
   */
  public Optional<ExecutionInfo> executionInfo() {
    return Optional.ofNullable(lastExecution.get());
  }

  /**
   * A handle of one run of this query whose progress can be followed beside its results: nothing is sent until
   * its results are subscribed ({@link Execution#rows()}, {@link Execution#toArrow()}, ...), and
   * {@link Execution#progress()} follows that run. Made for a server that streams progress events and then rows
   * to its client (a WebFlux server-sent-events endpoint):
   * <pre>{@code
   * Execution run = df.execute();
   * Flux<ServerSentEvent<?>> events = Flux.merge(
   *     run.progress().map(p -> ServerSentEvent.builder(p).event("progress").build()),
   *     run.rows().map(r -> ServerSentEvent.builder(r.toString()).event("row").build()));
   * }</pre>
   * No I/O here.
   *
   * @return a new handle (each handle runs the query once)
   */
  public Execution execute() {
    return new Execution(this);
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

  /** The first row; completes empty when there are no rows. Cold; one {@code ExecutePlan} per subscription. */
  public Mono<Row> first() {
    // singleOrEmpty reads to ResultComplete (at most one row): next() would cancel before observed metrics arrive.
    return reportingTo(limit(1)).rows().singleOrEmpty();
  }

  /** The first row, as PySpark's {@code head()}; completes empty when there are no rows. Same as {@link #first()}. */
  public Mono<Row> head() {
    return first();
  }

  /**
   * The first {@code n} rows, computed on the server with a limit. Cold; one {@code ExecutePlan} per subscription.
   *
   * @throws IllegalArgumentException if {@code n} is negative
   */
  public Mono<List<Row>> head(int n) {
    return reportingTo(limit(n)).collectAsList();
  }

  /** Same as {@link #head(int)}. */
  public Mono<List<Row>> take(int n) {
    return head(n);
  }

  /**
   * The last {@code n} rows ({@code Tail} relation; the whole result is scanned on the server). Cold; one
   * {@code ExecutePlan} per subscription.
   *
   * @throws IllegalArgumentException if {@code n} is negative
   */
  public Mono<List<Row>> tail(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("tail must be >= 0, was " + n);
    }
    return reportingTo(derive(b -> b.setTail(Tail.newBuilder().setInput(relation)
        .setLimit(n)))).collectAsList();
  }

  /**
   * Whether there are no rows (PySpark: {@code select().take(1)} is empty). Cold; one {@code ExecutePlan} per
   * subscription, which stops after the first row.
   */
  public Mono<Boolean> isEmpty() {
    return reportingTo(select(new Column[0]).limit(1)).rows().collectList().map(List::isEmpty);
  }

  /**
   * The number of rows, counted on the server ({@code SELECT count(*)} over this plan). Cold; one
   * {@code ExecutePlan} per subscription.
   */
  public Mono<Long> count() {
    DataFrame counted = groupBy(new Column[0]).agg(functions.count(functions.lit(1)).alias("count"));
    return reportingTo(counted).rows().single().map(r -> (Long) r.get(0));
  }

  // ---------------------------------------------------------------- actions: show

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
    return reportingTo(show).rows().single().map(r -> (String) r.get(0));
  }

  /**
   * The first {@code numRows} rows as an HTML table rendered by the server ({@code HtmlString} relation, what
   * PySpark's {@code _repr_html_} shows in notebooks), cells truncated to {@code truncate} characters. Cold; one
   * {@code ExecutePlan} per subscription.
   */
  public Mono<String> htmlString(int numRows, int truncate) {
    DataFrame html = derive(b -> b.setHtmlString(HtmlString
        .newBuilder().setInput(relation).setNumRows(numRows).setTruncate(truncate)));
    return reportingTo(html).rows().single().map(r -> (String) r.get(0));
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
   * Prints the first {@code numRows} rows, cells truncated to {@code truncate} characters (0: none), one line per
   * column when {@code vertical} (PySpark's {@code show(n, truncate, vertical)}). Cold; one {@code ExecutePlan}
   * ({@code ShowString}) per subscription.
   */
  public Mono<Void> show(int numRows, int truncate, boolean vertical) {
    return showString(numRows, truncate, vertical).doOnNext(System.out::print).then();
  }

  // ---------------------------------------------------------------- analysis (AnalyzePlan, no job runs)

  /**
   * The schema of this DataFrame, from the server's analysis ({@code AnalyzePlan.schema}); no job runs. Asked once
   * per DataFrame object: the plan is immutable, so the first schema that arrives is kept and later subscriptions
   * emit it without an RPC (as PySpark Connect caches it). Cold until then: one {@code AnalyzePlan} per
   * subscription while none has completed (concurrent first subscriptions each ask). Emits
   * {@code AnalysisException} if the plan does not resolve (nothing is kept then).
   */
  public Mono<StructType> schema() {
    return Mono.defer(() -> {
      StructType known = schema;
      if (known != null) {
        return Mono.just(known);
      }
      return session.client().analyze(b -> b.setSchema(AnalyzePlanRequest.Schema.newBuilder().setPlan(plan())))
          .map(r -> {
            StructType s = (StructType) DataTypeProtos.fromProto(r.getSchema().getSchema());
            schema = s;
            return s;
          });
    });
  }

  /** The column names, from {@link #schema()} (asked of the server once per DataFrame object). */
  public Mono<List<String>> columns() {
    return schema().map(s -> List.of(s.fieldNames()));
  }

  /**
   * Each column's name and type as Spark's simple string (for example {@code ("delay", "int")}), from
   * {@link #schema()} (asked of the server once per DataFrame object). This is PySpark's convention ({@code simpleString}:
   * {@code "string"}, {@code "double"}, {@code "array<int>"}); Spark's Scala/Java {@code Dataset.dtypes} gives the
   * type's {@code toString} instead ({@code "StringType"}, {@code "DoubleType"}, {@code "ArrayType(IntegerType,true)"}),
   * which this client's types print the same way: {@code schema().map(s -> s.fields().stream().map(f ->
   * Map.entry(f.name(), f.dataType().toString())).toList())}.
   */
  public Mono<List<Map.Entry<String, String>>> dtypes() {
    return schema().map(s -> s.fields().stream()
        .map(f -> Map.entry(f.name(), f.dataType().simpleString())).toList());
  }

  /**
   * The schema as Spark's tree string ({@code AnalyzePlan.tree_string}), exactly as {@code printSchema} prints it.
   * Cold; one {@code AnalyzePlan} RPC per subscription, no job runs; emits {@code AnalysisException} if the plan
   * does not resolve.
   */
  public Mono<String> treeString() {
    return session.client().analyze(b -> b.setTreeString(AnalyzePlanRequest.TreeString.newBuilder().setPlan(plan())))
        .map(r -> r.getTreeString().getTreeString());
  }

  /**
   * The schema tree string down to {@code level} nesting levels ({@code AnalyzePlan.tree_string} with
   * {@code level}). Cold; one {@code AnalyzePlan} RPC per subscription.
   *
   * @throws IllegalArgumentException if {@code level} is not positive
   */
  public Mono<String> treeString(int level) {
    if (level <= 0) {
      throw new IllegalArgumentException("level must be > 0, was " + level);
    }
    return session.client().analyze(b -> b.setTreeString(AnalyzePlanRequest.TreeString.newBuilder().setPlan(plan())
        .setLevel(level))).map(r -> r.getTreeString().getTreeString());
  }

  /**
   * Prints {@link #treeString()} to {@code System.out} when subscribed (cold; one {@code AnalyzePlan} RPC per
   * subscription; completes after printing).
   */
  public Mono<Void> printSchema() {
    return treeString().doOnNext(System.out::print).then();
  }

  /** Prints {@link #treeString(int)} to {@code System.out} when subscribed. */
  public Mono<Void> printSchema(int level) {
    return treeString(level).doOnNext(System.out::print).then();
  }

  /** Same as {@code explain("simple")}. */
  public Mono<String> explain() {
    return explain("simple");
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
    return session.client().analyze(b -> b.setExplain(
            AnalyzePlanRequest.Explain.newBuilder().setPlan(plan()).setExplainMode(m)))
        .map(r -> r.getExplain().getExplainString());
  }

  /** PySpark's {@code explain(extended)}: {@code extended} mode when true, {@code simple} otherwise. */
  public Mono<String> explain(boolean extended) {
    return explain(extended ? "extended" : "simple");
  }

  /**
   * Whether {@code collect()} can run locally without executors ({@code AnalyzePlan.is_local}). Cold; one
   * {@code AnalyzePlan} RPC per subscription.
   */
  public Mono<Boolean> isLocal() {
    return session.client().analyze(b -> b.setIsLocal(AnalyzePlanRequest.IsLocal.newBuilder().setPlan(plan())))
        .map(r -> r.getIsLocal().getIsLocal());
  }

  /**
   * Whether this DataFrame reads from a streaming source ({@code AnalyzePlan.is_streaming}). Cold; one
   * {@code AnalyzePlan} RPC per subscription.
   */
  public Mono<Boolean> isStreaming() {
    return session.client().analyze(b -> b.setIsStreaming(AnalyzePlanRequest.IsStreaming.newBuilder().setPlan(plan())))
        .map(r -> r.getIsStreaming().getIsStreaming());
  }

  /**
   * A best-effort list of the files this DataFrame reads ({@code AnalyzePlan.input_files}), as URIs on the server.
   * Cold; one {@code AnalyzePlan} RPC per subscription.
   */
  public Mono<List<String>> inputFiles() {
    return session.client().analyze(b -> b.setInputFiles(AnalyzePlanRequest.InputFiles.newBuilder().setPlan(plan())))
        .map(r -> List.copyOf(r.getInputFiles().getFilesList()));
  }

  /**
   * Whether the two logical plans compute the same result, as judged by Spark on the canonicalised analysed plans
   * ({@code AnalyzePlan.same_semantics}). Cold; one {@code AnalyzePlan} RPC per subscription.
   */
  public Mono<Boolean> sameSemantics(DataFrame other) {
    checkSameSession(other);
    return session.client().analyze(b -> b.setSameSemantics(AnalyzePlanRequest.SameSemantics.newBuilder()
        .setTargetPlan(plan()).setOtherPlan(other.plan()))).map(r -> r.getSameSemantics().getResult());
  }

  /**
   * A hash of the canonicalised analysed plan ({@code AnalyzePlan.semantic_hash}); equal for plans that
   * {@link #sameSemantics} accepts. Cold; one {@code AnalyzePlan} RPC per subscription.
   */
  public Mono<Integer> semanticHash() {
    return session.client().analyze(b -> b.setSemanticHash(
            AnalyzePlanRequest.SemanticHash.newBuilder().setPlan(plan())))
        .map(r -> r.getSemanticHash().getResult());
  }

  // ---------------------------------------------------------------- caching and checkpoints

  /** Same as {@code persist(StorageLevel.MEMORY_AND_DISK)}. */
  public Mono<DataFrame> cache() {
    return persist(StorageLevel.MEMORY_AND_DISK);
  }

  /** Same as {@code persist(StorageLevel.MEMORY_AND_DISK)}. */
  public Mono<DataFrame> persist() {
    return persist(StorageLevel.MEMORY_AND_DISK);
  }

  /**
   * Marks this plan to be cached at {@code level} the next time an action computes it ({@code AnalyzePlan.persist};
   * lazy, as in Spark). Cold; one {@code AnalyzePlan} RPC per subscription; emits this DataFrame once the server
   * registered the cache entry. The cache lives in the server session until {@link #unpersist()} or the session
   * ends.
   */
  public Mono<DataFrame> persist(StorageLevel level) {
    Objects.requireNonNull(level, "level");
    return session.client().analyze(b -> b.setPersist(AnalyzePlanRequest.Persist.newBuilder().setRelation(relation)
        .setStorageLevel(level.toProto()))).thenReturn(this);
  }

  /** Same as {@code unpersist(false)}. */
  public Mono<DataFrame> unpersist() {
    return unpersist(false);
  }

  /**
   * Removes this plan's cache entry ({@code AnalyzePlan.unpersist}); with {@code blocking}, the server waits until
   * the cached blocks are deleted. Cold; one {@code AnalyzePlan} RPC per subscription; emits this DataFrame. A
   * plan that is not cached is not an error.
   */
  public Mono<DataFrame> unpersist(boolean blocking) {
    return session.client().analyze(b -> b.setUnpersist(AnalyzePlanRequest.Unpersist.newBuilder().setRelation(relation)
        .setBlocking(blocking))).thenReturn(this);
  }

  /**
   * The storage level this plan is cached at, {@link StorageLevel#NONE} if it is not
   * ({@code AnalyzePlan.get_storage_level}). Cold; one {@code AnalyzePlan} RPC per subscription.
   */
  public Mono<StorageLevel> storageLevel() {
    return session.client().analyze(b -> b.setGetStorageLevel(AnalyzePlanRequest.GetStorageLevel.newBuilder()
        .setRelation(relation))).map(r -> StorageLevel.fromProto(r.getGetStorageLevel().getStorageLevel()));
  }

  /** Same as {@code checkpoint(true)}. */
  public Mono<DataFrame> checkpoint() {
    return checkpoint(true);
  }

  /**
   * Checkpoints this DataFrame to the server's reliable checkpoint directory ({@code spark.checkpoint.dir} must be
   * set) and truncates its lineage ({@code CheckpointCommand} with {@code local=false}). Cold; one
   * {@code ExecutePlan} per subscription; emits a new DataFrame over the {@code CachedRemoteRelation} the server
   * returned. With {@code eager} the data is computed now, otherwise on its first action. The checkpointed data
   * lives until the server session ends.
   */
  public Mono<DataFrame> checkpoint(boolean eager) {
    return checkpoint0(false, eager, null);
  }

  /** Same as {@code localCheckpoint(true)}. */
  public Mono<DataFrame> localCheckpoint() {
    return localCheckpoint(true);
  }

  /**
   * Checkpoints this DataFrame into the executors' block storage ({@code CheckpointCommand} with
   * {@code local=true}): faster than {@link #checkpoint(boolean)} but lost with an executor. Cold; one
   * {@code ExecutePlan} per subscription; emits a new DataFrame over the returned {@code CachedRemoteRelation}.
   */
  public Mono<DataFrame> localCheckpoint(boolean eager) {
    return checkpoint0(true, eager, null);
  }

  /** As {@link #localCheckpoint(boolean)}, storing the blocks at {@code level}. */
  public Mono<DataFrame> localCheckpoint(boolean eager, StorageLevel level) {
    return checkpoint0(true, eager, Objects.requireNonNull(level, "level"));
  }

  private Mono<DataFrame> checkpoint0(boolean local, boolean eager, @Nullable StorageLevel level) {
    CheckpointCommand.Builder c =
        CheckpointCommand.newBuilder().setRelation(relation)
            .setLocal(local).setEager(eager);
    if (level != null) {
      c.setStorageLevel(level.toProto());
    }
    return session.client().execute(Command.newBuilder().setCheckpointCommand(c).build())
        .filter(r -> r.hasCheckpointCommandResult())
        .singleOrEmpty()
        .switchIfEmpty(Mono.error(() -> new IllegalStateException("The server answered CheckpointCommand without a"
            + " CheckpointCommandResult")))
        .map(r -> derive(b -> b.setCachedRemoteRelation(r.getCheckpointCommandResult().getRelation())));
  }

  // ---------------------------------------------------------------- temporary views

  /**
   * Creates a session-scoped temporary view. Cold; one {@code ExecutePlan} ({@code CreateDataFrameViewCommand}) per
   * subscription; emits {@code TempTableAlreadyExistsException} if the view exists.
   */
  public Mono<Void> createTempView(String viewName) {
    return createView(viewName, false, false);
  }

  /**
   * Creates or replaces a session-scoped temporary view of this DataFrame. Cold; one {@code ExecutePlan} (command
   * {@code CreateDataFrameViewCommand}) per subscription; completes when the server has registered the view.
   */
  public Mono<Void> createOrReplaceTempView(String viewName) {
    return createView(viewName, false, true);
  }

  /**
   * Creates a global temporary view ({@code global_temp.<name>}), shared across the server's sessions. Cold; one
   * {@code ExecutePlan} ({@code CreateDataFrameViewCommand}) per subscription; emits an {@code AnalysisException}
   * ({@code TEMP_TABLE_OR_VIEW_ALREADY_EXISTS}) if the view exists.
   */
  public Mono<Void> createGlobalTempView(String viewName) {
    return createView(viewName, true, false);
  }

  /**
   * Creates or replaces a global temporary view ({@code global_temp.<name>}), shared across the server's sessions.
   * Cold; one {@code ExecutePlan} ({@code CreateDataFrameViewCommand}) per subscription; completes when registered.
   */
  public Mono<Void> createOrReplaceGlobalTempView(String viewName) {
    return createView(viewName, true, true);
  }

  private Mono<Void> createView(String name, boolean global, boolean replace) {
    return session.client().execute(Command.newBuilder().setCreateDataframeView(CreateDataFrameViewCommand.newBuilder()
        .setInput(relation).setName(name).setIsGlobal(global).setReplace(replace)).build()).then();
  }

  // ---------------------------------------------------------------- writers

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

  // ---------------------------------------------------------------- plumbing

  Plan plan() {
    return Plan.newBuilder().setRoot(relation).build();
  }

  DataFrame derive(UnaryOperator<Relation.Builder> f) {
    return session.newDataFrame(f);
  }

  private void checkSameSession(DataFrame other) {
    if (other.session != session) {
      throw new IllegalArgumentException("Both DataFrames must belong to the same SparkSession");
    }
  }

  /**
   * A short label for logs, {@code DataFrame[planId=N]} with the plan id of the root relation; it shows neither the
   * plan nor the data (use {@link #explain()} or {@link #treeString()} for those).
   */
  @Override
  public String toString() {
    return "DataFrame[planId=" + planId() + "]";
  }

  // ---------------------------------------------------------------- no-argument forms (Spark's Java API compiles them)
  // Each method below has a Column... and a String... overload, so a call with no arguments would be ambiguous in
  // Java; Spark's own API has one Column... form (its String form takes a first String), where the call compiles.

  /**
   * {@code select()} with no columns: a projection of no columns (one empty row per input row), as in Spark.
   *
   * @return a DataFrame of no columns
   */
  public DataFrame select() {
    return select(new Column[0]);
  }

  /**
   * {@code groupBy()} with no columns: the whole DataFrame as one group, for {@code df.groupBy().agg(...)} (Spark's
   * global aggregation).
   *
   * @return the grouped data
   */
  public GroupedData groupBy() {
    return groupBy(new Column[0]);
  }

  /**
   * {@code rollup()} with no columns: only the grand total.
   *
   * @return the grouped data
   */
  public GroupedData rollup() {
    return rollup(new Column[0]);
  }

  /**
   * {@code cube()} with no columns: only the grand total.
   *
   * @return the grouped data
   */
  public GroupedData cube() {
    return cube(new Column[0]);
  }

  /**
   * {@code orderBy()} with no columns: a {@code Sort} without orderings (the rows as they come), as in Spark.
   *
   * @return the DataFrame
   */
  public DataFrame orderBy() {
    return orderBy(new Column[0]);
  }

  /**
   * {@code sort()} with no columns: the same as {@link #orderBy()}.
   *
   * @return the DataFrame
   */
  public DataFrame sort() {
    return sort(new Column[0]);
  }

  /**
   * {@code sortWithinPartitions()} with no columns: a local {@code Sort} without orderings.
   *
   * @return the DataFrame
   */
  public DataFrame sortWithinPartitions() {
    return sortWithinPartitions(new Column[0]);
  }

  /**
   * {@code drop()} with no columns: drops nothing.
   *
   * @return the DataFrame
   */
  public DataFrame drop() {
    return drop(new String[0]);
  }

  // ---------------------------------------------------------------- shapes of Spark's Java API (Dataset.scala)

  /**
   * Aggregates the whole DataFrame with one function per column ({@code column name -> function name}), Spark's
   * {@code Dataset.agg(java.util.Map)}: the same as {@code groupBy().agg(columnToFunction)}.
   *
   * @param columnToFunction for example {@code Map.of("delay", "max")}
   * @return a one-row DataFrame
   * @throws IllegalArgumentException if the map is empty
   */
  public DataFrame agg(Map<String, String> columnToFunction) {
    return groupBy().agg(columnToFunction);
  }

  /**
   * Equi-join on the named columns with a join type, taking the names as an array (Spark's
   * {@code join(Dataset, String[], String)}); the same as {@link #join(DataFrame, List, String)}.
   *
   * @param right the other DataFrame
   * @param usingColumns the columns both sides have
   * @param joinType {@code inner}, {@code left}, {@code right}, {@code full}, {@code semi}, {@code anti}, ...
   * @return the joined DataFrame
   */
  public DataFrame join(DataFrame right, String[] usingColumns, String joinType) {
    return join(right, Arrays.asList(usingColumns), joinType);
  }

  /**
   * Lateral join without a condition, of the given type (Spark's {@code lateralJoin(Dataset, String)}).
   *
   * @param right the lateral side, evaluated per row of this DataFrame
   * @param joinType {@code inner}, {@code left} or {@code cross}
   * @return the joined DataFrame
   */
  public DataFrame lateralJoin(DataFrame right, String joinType) {
    return lateralJoin(right, null, joinType);
  }

  /**
   * Prints the first 20 rows, cutting cells at 20 characters if {@code truncate} (Spark's {@code show(boolean)}).
   * Cold, as {@link #show(int, int)}.
   *
   * @param truncate whether to cut long cells
   * @return completes when printed
   */
  public Mono<Void> show(boolean truncate) {
    return show(20, truncate);
  }

  /**
   * Prints the first {@code numRows} rows, cutting cells at 20 characters if {@code truncate} (Spark's
   * {@code show(int, boolean)}). Cold, as {@link #show(int, int)}.
   *
   * @param numRows how many rows
   * @param truncate whether to cut long cells
   * @return completes when printed
   */
  public Mono<Void> show(int numRows, boolean truncate) {
    return show(numRows, truncate ? 20 : 0);
  }

  /**
   * The first {@code n} rows as a list (Spark's Java {@code takeAsList}); the same as {@link #take(int)}.
   *
   * @param n how many rows
   * @return a cold Mono of at most {@code n} rows
   */
  public Mono<List<Row>> takeAsList(int n) {
    return take(n);
  }

  /**
   * Spark's Java {@code randomSplitAsList(double[], long)}: the same as {@link #randomSplit(double[], long)}.
   *
   * @param weights relative weights of the splits
   * @param seed the sampling seed
   * @return the splits
   */
  public List<DataFrame> randomSplitAsList(double[] weights, long seed) {
    return randomSplit(weights, seed);
  }
}
