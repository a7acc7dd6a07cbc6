package io.github.reactivespark.connect.delta;

import static io.github.reactivespark.connect.functions.expr;

import io.github.reactivespark.connect.Column;
import io.github.reactivespark.connect.DataFrame;
import io.github.reactivespark.connect.internal.ConnectInternals;
import io.github.reactivespark.connect.internal.proto.Relation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * A merge of a source DataFrame into a Delta table being built, as Delta's {@code DeltaMergeBuilder}
 * ({@code spark/src/main/scala/io/delta/tables/DeltaMergeBuilder.scala}): {@code whenMatched},
 * {@code whenNotMatched} and {@code whenNotMatchedBySource} clauses, each with an optional extra condition, kept in
 * the order given per kind (the first clause of a kind whose condition holds applies), then {@link #execute()}.
 *
 * <p>Immutable: every clause returns a new builder. Conditions and values are {@link Column}s or SQL strings (the
 * {@code ...Expr} methods, as Delta's); name target columns through the table's alias ({@code DeltaTable.as("t")})
 * and source columns through the source's alias ({@code source.as("s")}).
 *
 * <p>How it runs: the source becomes a session temporary view (a {@code CreateDataFrameViewCommand} of its plan, no
 * SQL), Delta's {@code MERGE INTO target USING view AS alias ON ... WHEN ...} runs over it, and the view is dropped
 * whether the merge completes, fails or is cancelled. SQL {@code MERGE} rather than Spark 4's
 * {@code MergeIntoTableCommand} (core's {@code df.mergeInto}) because only the SQL statement returns Delta's metrics
 * in its result, atomically with the commit.
 *
 * @since 0.1.0
 */
public final class DeltaMergeBuilder {

  private final DeltaTable target;
  private final DataFrame source;
  private final Column condition;
  private final List<String> matched;
  private final List<String> notMatched;
  private final List<String> notMatchedBySource;
  private final boolean schemaEvolution;

  DeltaMergeBuilder(DeltaTable target, DataFrame source, Column condition) {
    this(target, source, condition, List.of(), List.of(), List.of(), false);
    if (source.sparkSession() != target.sparkSession()) {
      throw new IllegalArgumentException("The merge source belongs to another SparkSession than the table");
    }
    SqlText.expression(Objects.requireNonNull(condition, "condition"));
  }

  private DeltaMergeBuilder(DeltaTable target, DataFrame source, Column condition, List<String> matched,
      List<String> notMatched, List<String> notMatchedBySource, boolean schemaEvolution) {
    this.target = target;
    this.source = Objects.requireNonNull(source, "source");
    this.condition = condition;
    this.matched = List.copyOf(matched);
    this.notMatched = List.copyOf(notMatched);
    this.notMatchedBySource = List.copyOf(notMatchedBySource);
    this.schemaEvolution = schemaEvolution;
  }

  private enum Kind { MATCHED, NOT_MATCHED, NOT_MATCHED_BY_SOURCE }

  private DeltaMergeBuilder with(Kind kind, String clause) {
    List<String> m = new ArrayList<>(matched);
    List<String> n = new ArrayList<>(notMatched);
    List<String> s = new ArrayList<>(notMatchedBySource);
    (kind == Kind.MATCHED ? m : kind == Kind.NOT_MATCHED ? n : s).add(clause);
    return new DeltaMergeBuilder(target, source, condition, m, n, s, schemaEvolution);
  }

  private static String when(@Nullable Column condition) {
    return (condition == null ? "" : " AND " + SqlText.expression(condition)) + " THEN ";
  }

  // ---------------------------------------------------------------- clauses

  /**
   * Actions for target rows that a source row matches ({@code WHEN MATCHED}).
   *
   * @return the clause being built
   */
  public Matched whenMatched() {
    return new Matched(null);
  }

  /**
   * Actions for matched rows for which {@code condition} also holds ({@code WHEN MATCHED AND condition}).
   *
   * @param condition a SQL boolean expression
   * @return the clause being built
   */
  public Matched whenMatched(String condition) {
    return whenMatched(expr(condition));
  }

  /**
   * Actions for matched rows for which {@code condition} also holds.
   *
   * @param condition a boolean Column
   * @return the clause being built
   */
  public Matched whenMatched(Column condition) {
    return new Matched(Objects.requireNonNull(condition, "condition"));
  }

  /**
   * Actions for source rows that match no target row ({@code WHEN NOT MATCHED}).
   *
   * @return the clause being built
   */
  public NotMatched whenNotMatched() {
    return new NotMatched(null);
  }

  /**
   * {@code WHEN NOT MATCHED AND condition}.
   *
   * @param condition a SQL boolean expression over the source's columns
   * @return the clause being built
   */
  public NotMatched whenNotMatched(String condition) {
    return whenNotMatched(expr(condition));
  }

  /**
   * {@code WHEN NOT MATCHED AND condition}.
   *
   * @param condition a boolean Column over the source's columns
   * @return the clause being built
   */
  public NotMatched whenNotMatched(Column condition) {
    return new NotMatched(Objects.requireNonNull(condition, "condition"));
  }

  /**
   * Actions for target rows that no source row matches ({@code WHEN NOT MATCHED BY SOURCE}).
   *
   * @return the clause being built
   */
  public NotMatchedBySource whenNotMatchedBySource() {
    return new NotMatchedBySource(null);
  }

  /**
   * {@code WHEN NOT MATCHED BY SOURCE AND condition}.
   *
   * @param condition a SQL boolean expression over the target's columns
   * @return the clause being built
   */
  public NotMatchedBySource whenNotMatchedBySource(String condition) {
    return whenNotMatchedBySource(expr(condition));
  }

  /**
   * {@code WHEN NOT MATCHED BY SOURCE AND condition}.
   *
   * @param condition a boolean Column over the target's columns
   * @return the clause being built
   */
  public NotMatchedBySource whenNotMatchedBySource(Column condition) {
    return new NotMatchedBySource(Objects.requireNonNull(condition, "condition"));
  }

  /**
   * Lets the merge add source columns the target lacks ({@code MERGE WITH SCHEMA EVOLUTION}).
   *
   * @return a new builder
   */
  public DeltaMergeBuilder withSchemaEvolution() {
    return new DeltaMergeBuilder(target, source, condition, matched, notMatched, notMatchedBySource, true);
  }

  // ---------------------------------------------------------------- running

  /**
   * Runs the merge. Cold: each subscription creates the source view, runs one {@code MERGE INTO}, drops the view
   * (also on error and cancel), and emits Delta's metrics of the commit. Emits {@code AnalysisException} for a
   * condition or assignment the server cannot resolve,
   * {@code DELTA_MULTIPLE_SOURCE_ROW_MATCHING_TARGET_ROW_IN_MERGE} (a {@code SparkUnsupportedOperationException} or
   * the type the server reports) when several source rows match one target row with an update or delete clause; a
   * failed merge commits nothing.
   *
   * @return a Mono of the merge's metrics
   * @throws IllegalStateException if no clause was added
   */
  public Mono<MergeMetrics> execute() {
    if (matched.isEmpty() && notMatched.isEmpty() && notMatchedBySource.isEmpty()) {
      throw new IllegalStateException("A merge needs at least one whenMatched/whenNotMatched/whenNotMatchedBySource"
          + " clause");
    }
    return Mono.usingWhen(
        Mono.defer(() -> {
          // Not UUID.randomUUID(): SecureRandom may block, and this runs on whatever thread subscribes.
          ThreadLocalRandom random = ThreadLocalRandom.current();
          String view = "_delta_merge_source_" + Long.toHexString(random.nextLong()) + Long.toHexString(
              random.nextLong());
          return source.createOrReplaceTempView(view).thenReturn(view);
        }),
        view -> target.statement(sql(view)).map(rows -> MergeMetrics.of(DeltaTable.single(rows))),
        this::dropView,
        (view, error) -> dropView(view),
        this::dropView);
  }

  private Mono<Void> dropView(String view) {
    return target.sparkSession().catalog().dropTempView(view).then();
  }

  /** The {@code MERGE INTO} statement over the source registered as {@code view}. */
  String sql(String view) {
    StringBuilder b = new StringBuilder("MERGE ");
    if (schemaEvolution) {
      b.append("WITH SCHEMA EVOLUTION ");
    }
    b.append("INTO ").append(target.target()).append(" USING ").append(SqlText.identifier(view));
    String alias = sourceAlias(source);
    if (alias != null) {
      b.append(" AS ").append(SqlText.identifier(alias));
    }
    b.append(" ON ").append(SqlText.expression(condition));
    for (String c : matched) {
      b.append(" WHEN MATCHED").append(c);
    }
    for (String c : notMatched) {
      b.append(" WHEN NOT MATCHED").append(c);
    }
    for (String c : notMatchedBySource) {
      b.append(" WHEN NOT MATCHED BY SOURCE").append(c);
    }
    return b.toString();
  }

  /** The alias of {@code df} if its plan ends in one ({@code df.as("s")}). */
  private static @Nullable String sourceAlias(DataFrame df) {
    Relation r = ConnectInternals.relation(df);
    return r.hasSubqueryAlias() ? r.getSubqueryAlias().getAlias() : null;
  }

  private static String setClause(Map<String, Column> set) {
    return "UPDATE SET " + DeltaTable.assignments(set);
  }

  private static String insertClause(Map<String, Column> values) {
    if (Objects.requireNonNull(values, "values").isEmpty()) {
      throw new IllegalArgumentException("No column to insert");
    }
    String columns = values.keySet().stream().map(k -> SqlText.qualifiedName(Objects.requireNonNull(k, "column")))
        .collect(Collectors.joining(", ", "(", ")"));
    String exprs = values.entrySet().stream()
        .map(e -> SqlText.expression(Objects.requireNonNull(e.getValue(), "value of " + e.getKey())))
        .collect(Collectors.joining(", ", "(", ")"));
    return "INSERT " + columns + " VALUES " + exprs;
  }

  /** The {@code WHEN MATCHED} clause being built; each action completes it and returns the merge builder. */
  public final class Matched {
    private final @Nullable Column condition;

    private Matched(@Nullable Column condition) {
      this.condition = condition;
    }

    /**
     * {@code UPDATE SET target_col = value, ...}.
     *
     * @param set target column name to its new value
     * @return the merge builder with this clause
     */
    public DeltaMergeBuilder update(Map<String, Column> set) {
      return with(Kind.MATCHED, when(condition) + setClause(set));
    }

    /**
     * {@code UPDATE SET target_col = <SQL expression>, ...}, as Delta's {@code updateExpr}.
     *
     * @param set target column name to a SQL expression
     * @return the merge builder with this clause
     */
    public DeltaMergeBuilder updateExpr(Map<String, String> set) {
      return update(DeltaTable.expressions(set));
    }

    /**
     * {@code UPDATE SET *}: every target column from the source column of the same name.
     *
     * @return the merge builder with this clause
     */
    public DeltaMergeBuilder updateAll() {
      return with(Kind.MATCHED, when(condition) + "UPDATE SET *");
    }

    /**
     * {@code DELETE}.
     *
     * @return the merge builder with this clause
     */
    public DeltaMergeBuilder delete() {
      return with(Kind.MATCHED, when(condition) + "DELETE");
    }
  }

  /** The {@code WHEN NOT MATCHED} clause being built. */
  public final class NotMatched {
    private final @Nullable Column condition;

    private NotMatched(@Nullable Column condition) {
      this.condition = condition;
    }

    /**
     * {@code INSERT (target_col, ...) VALUES (value, ...)}.
     *
     * @param values target column name to its value
     * @return the merge builder with this clause
     */
    public DeltaMergeBuilder insert(Map<String, Column> values) {
      return with(Kind.NOT_MATCHED, when(condition) + insertClause(values));
    }

    /**
     * {@code INSERT (target_col, ...) VALUES (<SQL expression>, ...)}, as Delta's {@code insertExpr}.
     *
     * @param values target column name to a SQL expression
     * @return the merge builder with this clause
     */
    public DeltaMergeBuilder insertExpr(Map<String, String> values) {
      return insert(DeltaTable.expressions(values));
    }

    /**
     * {@code INSERT *}: a target row from the source columns of the same names.
     *
     * @return the merge builder with this clause
     */
    public DeltaMergeBuilder insertAll() {
      return with(Kind.NOT_MATCHED, when(condition) + "INSERT *");
    }
  }

  /** The {@code WHEN NOT MATCHED BY SOURCE} clause being built. */
  public final class NotMatchedBySource {
    private final @Nullable Column condition;

    private NotMatchedBySource(@Nullable Column condition) {
      this.condition = condition;
    }

    /**
     * {@code UPDATE SET target_col = value, ...}.
     *
     * @param set target column name to its new value
     * @return the merge builder with this clause
     */
    public DeltaMergeBuilder update(Map<String, Column> set) {
      return with(Kind.NOT_MATCHED_BY_SOURCE, when(condition) + setClause(set));
    }

    /**
     * {@code UPDATE SET target_col = <SQL expression>, ...}.
     *
     * @param set target column name to a SQL expression
     * @return the merge builder with this clause
     */
    public DeltaMergeBuilder updateExpr(Map<String, String> set) {
      return update(DeltaTable.expressions(set));
    }

    /**
     * {@code DELETE}.
     *
     * @return the merge builder with this clause
     */
    public DeltaMergeBuilder delete() {
      return with(Kind.NOT_MATCHED_BY_SOURCE, when(condition) + "DELETE");
    }
  }

  @Override
  public String toString() {
    return "DeltaMergeBuilder[" + target.target() + ", " + (matched.size() + notMatched.size()
        + notMatchedBySource.size()) + " clauses]";
  }
}
