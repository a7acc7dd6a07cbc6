package io.github.reactivespark.connect.delta;

import static io.github.reactivespark.connect.functions.expr;

import io.github.reactivespark.connect.Column;
import java.util.Arrays;
import java.util.Objects;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * An {@code OPTIMIZE} of a Delta table's files being built, as Delta's {@code DeltaOptimizeBuilder}
 * ({@code spark/src/main/scala/io/delta/tables/DeltaOptimizeBuilder.scala}): optionally limited to some partitions
 * with {@link #where}, then run as a compaction ({@link #executeCompaction()}) or a Z-ordering
 * ({@link #executeZOrderBy(String...)}). Immutable.
 *
 * @since 0.1.0
 */
public final class DeltaOptimizeBuilder {

  private final DeltaTable table;
  private final @Nullable String where;

  DeltaOptimizeBuilder(DeltaTable table) {
    this(table, null);
  }

  private DeltaOptimizeBuilder(DeltaTable table, @Nullable String where) {
    this.table = table;
    this.where = where;
  }

  /**
   * Optimizes only the partitions for which {@code partitionFilter} holds ({@code OPTIMIZE ... WHERE}); Delta
   * refuses a filter on a non-partition column ({@code DELTA_NON_PARTITION_COLUMN_REFERENCE}).
   *
   * @param partitionFilter a SQL boolean expression over partition columns
   * @return a new builder
   * @throws IllegalArgumentException if the text would not stay one expression
   */
  public DeltaOptimizeBuilder where(String partitionFilter) {
    return where(expr(partitionFilter));
  }

  /**
   * Optimizes only the partitions for which {@code partitionFilter} holds.
   *
   * @param partitionFilter a boolean Column over partition columns
   * @return a new builder
   * @throws IllegalArgumentException if the Column has no SQL form
   */
  public DeltaOptimizeBuilder where(Column partitionFilter) {
    return new DeltaOptimizeBuilder(table, SqlText.expression(Objects.requireNonNull(partitionFilter)));
  }

  /**
   * Compacts small files into larger ones ({@code OPTIMIZE}). Cold; one statement per subscription.
   *
   * @return a Mono of the command's metrics
   */
  public Mono<OptimizeMetrics> executeCompaction() {
    return run("");
  }

  /**
   * Rewrites the files Z-ordered by {@code columns} ({@code OPTIMIZE ... ZORDER BY}), so that reads filtering on
   * them skip more files. Delta refuses partition columns here and columns without statistics.
   *
   * @param columns one or more column names
   * @return a Mono of the command's metrics
   * @throws IllegalArgumentException if no column is given or a name is malformed
   */
  public Mono<OptimizeMetrics> executeZOrderBy(String... columns) {
    if (columns.length == 0) {
      throw new IllegalArgumentException("executeZOrderBy needs at least one column");
    }
    return run(" ZORDER BY " + Arrays.stream(columns).map(SqlText::qualifiedName)
        .collect(Collectors.joining(", ", "(", ")")));
  }

  private Mono<OptimizeMetrics> run(String zOrder) {
    String sql = "OPTIMIZE " + table.identifier() + (where == null ? "" : " WHERE " + where) + zOrder;
    return table.statement(sql).map(rows -> OptimizeMetrics.of(DeltaTable.single(rows)));
  }

  @Override
  public String toString() {
    return "DeltaOptimizeBuilder[" + table.identifier() + (where == null ? "" : " WHERE " + where) + "]";
  }
}
