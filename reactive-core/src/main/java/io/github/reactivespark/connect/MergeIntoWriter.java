package io.github.reactivespark.connect;

import io.github.reactivespark.connect.internal.proto.Command;
import io.github.reactivespark.connect.internal.proto.Expression;
import io.github.reactivespark.connect.internal.proto.MergeAction;
import io.github.reactivespark.connect.internal.proto.MergeIntoTableCommand;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Merges a source {@link DataFrame} into a target table ({@code df.mergeInto(table, condition)}), as Spark 4's
 * {@code MergeIntoWriter} (Scala {@code sql/connect/common/.../MergeIntoWriter.scala}, PySpark
 * {@code pyspark.sql.merge.MergeIntoWriter}): {@code MERGE INTO target USING source ON condition WHEN …}.
 *
 * <p>Immutable: each clause returns a new writer. Clauses are kept in the order given, per kind (matched, not
 * matched, not matched by source); the first clause whose condition holds applies, as in SQL {@code MERGE}.
 * {@link #merge()} returns a cold {@code Mono<Void>} that sends one {@code ExecutePlan} whose plan is a
 * {@code MergeIntoTableCommand} per subscription, completing empty once the server committed the merge;
 * cancelling interrupts it on the server.
 *
 * <p>MERGE needs a target table whose catalog supports row-level operations (Delta, Iceberg, …). The server's
 * default session catalog with file-source tables ({@code USING parquet/orc/…}) does not: there {@code merge()}
 * emits {@code SparkUnsupportedOperationException} (error class {@code UNSUPPORTED_FEATURE.TABLE_OPERATION}, the
 * message naming the table and "MERGE INTO TABLE"), checked against Spark 4.1.2. A missing target emits
 * {@code AnalysisException} ({@code TABLE_OR_VIEW_NOT_FOUND}); a condition naming an alias that is not in scope
 * emits {@code AnalysisException} ({@code UNRESOLVED_COLUMN.*}). Refer to the source by the alias given with
 * {@link DataFrame#alias} and to the target by its table name.
 *
 * @since 0.1.0
 */
public final class MergeIntoWriter {

  private final DataFrame source;
  private final MergeIntoTableCommand cmd;

  MergeIntoWriter(DataFrame source, String table, Column condition) {
    this(source, MergeIntoTableCommand.newBuilder().setTargetTableName(Objects.requireNonNull(table, "table"))
        .setMergeCondition(Objects.requireNonNull(condition, "condition").expr).build());
  }

  private MergeIntoWriter(DataFrame source, MergeIntoTableCommand cmd) {
    this.source = source;
    this.cmd = cmd;
  }

  private MergeIntoWriter with(UnaryOperator<MergeIntoTableCommand.Builder> f) {
    return new MergeIntoWriter(source, f.apply(cmd.toBuilder()).build());
  }

  /** Actions for target rows that match a source row ({@code WHEN MATCHED}). */
  public WhenMatched whenMatched() {
    return new WhenMatched(null);
  }

  /** Actions for matching rows for which {@code condition} also holds ({@code WHEN MATCHED AND condition}). */
  public WhenMatched whenMatched(Column condition) {
    return new WhenMatched(Objects.requireNonNull(condition, "condition"));
  }

  /** Actions for source rows with no matching target row ({@code WHEN NOT MATCHED}). */
  public WhenNotMatched whenNotMatched() {
    return new WhenNotMatched(null);
  }

  /** {@code WHEN NOT MATCHED AND condition}. */
  public WhenNotMatched whenNotMatched(Column condition) {
    return new WhenNotMatched(Objects.requireNonNull(condition, "condition"));
  }

  /** Actions for target rows that no source row matches ({@code WHEN NOT MATCHED BY SOURCE}). */
  public WhenNotMatchedBySource whenNotMatchedBySource() {
    return new WhenNotMatchedBySource(null);
  }

  /** {@code WHEN NOT MATCHED BY SOURCE AND condition}. */
  public WhenNotMatchedBySource whenNotMatchedBySource(Column condition) {
    return new WhenNotMatchedBySource(Objects.requireNonNull(condition, "condition"));
  }

  /** Lets the merge add source columns the target lacks ({@code WITH SCHEMA EVOLUTION}), where supported. */
  public MergeIntoWriter withSchemaEvolution() {
    return with(b -> b.setWithSchemaEvolution(true));
  }

  /**
   * Runs the merge. Cold; one {@code ExecutePlan(MergeIntoTableCommand)} per subscription; completes empty when
   * committed. Emits {@code AnalysisException} as described in the class javadoc; a merge with no clause at all
   * is refused by the server.
   */
  public Mono<Void> merge() {
    return Mono.defer(() -> source.sparkSession().client().execute(Command.newBuilder()
        .setMergeIntoTableCommand(cmd.toBuilder().setSourceTablePlan(source.relation)).build()).then());
  }

  private static Expression action(MergeAction.ActionType type, @Nullable Column condition,
      Map<String, Column> assignments) {
    MergeAction.Builder a = MergeAction.newBuilder().setActionType(type);
    if (condition != null) {
      a.setCondition(condition.expr);
    }
    assignments.forEach((k, v) -> a.addAssignments(MergeAction.Assignment.newBuilder()
        .setKey(functions.col(Objects.requireNonNull(k, "assignment key")).expr)
        .setValue(Objects.requireNonNull(v, "assignment value for " + k).expr)));
    return Expression.newBuilder().setMergeAction(a).build();
  }

  /** The {@code WHEN MATCHED} clause being built; each method completes it and returns the writer. */
  public final class WhenMatched {
    private final @Nullable Column condition;

    private WhenMatched(@Nullable Column condition) {
      this.condition = condition;
    }

    /** {@code UPDATE SET *}: every target column from the source column of the same name. */
    public MergeIntoWriter updateAll() {
      return with(b -> b.addMatchActions(action(MergeAction.ActionType.ACTION_TYPE_UPDATE_STAR, condition, Map.of())));
    }

    /** {@code UPDATE SET target_col = value, …}; keys are target column names. */
    public MergeIntoWriter update(Map<String, Column> assignments) {
      Objects.requireNonNull(assignments, "assignments");
      return with(b -> b.addMatchActions(action(MergeAction.ActionType.ACTION_TYPE_UPDATE, condition, assignments)));
    }

    /** {@code DELETE}. */
    public MergeIntoWriter delete() {
      return with(b -> b.addMatchActions(action(MergeAction.ActionType.ACTION_TYPE_DELETE, condition, Map.of())));
    }
  }

  /** The {@code WHEN NOT MATCHED} clause being built. */
  public final class WhenNotMatched {
    private final @Nullable Column condition;

    private WhenNotMatched(@Nullable Column condition) {
      this.condition = condition;
    }

    /** {@code INSERT *}: a target row from the source columns of the same names. */
    public MergeIntoWriter insertAll() {
      return with(b -> b.addNotMatchedActions(
          action(MergeAction.ActionType.ACTION_TYPE_INSERT_STAR, condition, Map.of())));
    }

    /** {@code INSERT (target_col, …) VALUES (value, …)}; keys are target column names. */
    public MergeIntoWriter insert(Map<String, Column> assignments) {
      Objects.requireNonNull(assignments, "assignments");
      return with(b -> b.addNotMatchedActions(
          action(MergeAction.ActionType.ACTION_TYPE_INSERT, condition, assignments)));
    }
  }

  /** The {@code WHEN NOT MATCHED BY SOURCE} clause being built. */
  public final class WhenNotMatchedBySource {
    private final @Nullable Column condition;

    private WhenNotMatchedBySource(@Nullable Column condition) {
      this.condition = condition;
    }

    /** {@code UPDATE SET *}. */
    public MergeIntoWriter updateAll() {
      return with(b -> b.addNotMatchedBySourceActions(
          action(MergeAction.ActionType.ACTION_TYPE_UPDATE_STAR, condition, Map.of())));
    }

    /** {@code UPDATE SET target_col = value, …}. */
    public MergeIntoWriter update(Map<String, Column> assignments) {
      Objects.requireNonNull(assignments, "assignments");
      return with(b -> b.addNotMatchedBySourceActions(
          action(MergeAction.ActionType.ACTION_TYPE_UPDATE, condition, assignments)));
    }

    /** {@code DELETE}. */
    public MergeIntoWriter delete() {
      return with(b -> b.addNotMatchedBySourceActions(
          action(MergeAction.ActionType.ACTION_TYPE_DELETE, condition, Map.of())));
    }
  }

  /** The operation configured so far, without its input (for unit tests). */
  MergeIntoTableCommand operation() {
    return cmd;
  }

  @Override
  public String toString() {
    return "MergeIntoWriter[" + cmd.getTargetTableName() + "]";
  }
}
