package io.github.reactivespark.connect;

import io.github.reactivespark.connect.internal.proto.Expression;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The partitioning, ordering and frame of a window, used with {@link Column#over(WindowSpec)}. Immutable: each
 * method returns a new spec. Create one with the static methods of {@link Window}.
 *
 * <p>It becomes an {@code Expression.Window} when the plan is built: partition expressions, sort orders (a column
 * that is not a sort order is sorted ascending, nulls first) and, if set, a frame whose boundaries are
 * {@code CURRENT ROW} for 0, {@code UNBOUNDED} for {@link Window#unboundedPreceding()} /
 * {@link Window#unboundedFollowing()}, and a literal offset otherwise (an {@code int} for row frames, a
 * {@code long} for range frames), exactly as PySpark Connect's {@code WindowExpression} encodes it. Without a frame
 * the server uses Spark's default: the whole partition when there is no ordering, otherwise {@code RANGE BETWEEN
 * UNBOUNDED PRECEDING AND CURRENT ROW}.
 *
 * <p>Mirrors Spark's {@code WindowSpec} ({@code sql/api/.../expressions/WindowSpec.scala}) and PySpark's
 * {@code pyspark.sql.connect.window.WindowSpec}.
 *
 * @since 0.1.0
 */
public final class WindowSpec {

  private final List<Column> partitionSpec;
  private final List<Column> orderSpec;
  private final @Nullable Frame frame;

  /** A frame: rows or range, with Spark's boundary encoding (Long.MIN/MAX_VALUE unbounded, 0 current row). */
  record Frame(boolean rows, long start, long end) {}

  WindowSpec(List<Column> partitionSpec, List<Column> orderSpec, @Nullable Frame frame) {
    this.partitionSpec = List.copyOf(partitionSpec);
    this.orderSpec = List.copyOf(orderSpec);
    this.frame = frame;
  }

  /** This spec partitioned by {@code cols} instead (replacing any previous partitioning, as in Spark). */
  public WindowSpec partitionBy(Column... cols) {
    return new WindowSpec(Arrays.asList(cols), orderSpec, frame);
  }

  /** This spec partitioned by the named columns instead. */
  public WindowSpec partitionBy(String... columnNames) {
    return partitionBy(named(columnNames));
  }

  /**
   * This spec ordered by {@code cols} instead (replacing any previous ordering). Columns that are not sort orders
   * ({@link Column#desc()}, …) are sorted ascending with nulls first.
   */
  public WindowSpec orderBy(Column... cols) {
    return new WindowSpec(partitionSpec, Arrays.asList(cols), frame);
  }

  /** This spec ordered by the named columns, ascending. */
  public WindowSpec orderBy(String... columnNames) {
    return orderBy(named(columnNames));
  }

  /**
   * This spec with a row frame: {@code ROWS BETWEEN start AND end}, offsets counted in rows relative to the current
   * row (negative = preceding). Use {@link Window#unboundedPreceding()}, {@link Window#currentRow()} and
   * {@link Window#unboundedFollowing()} for the special boundaries.
   *
   * @throws IllegalArgumentException if a bounded offset does not fit in an {@code int} (Spark's row offsets are
   *     ints)
   */
  public WindowSpec rowsBetween(long start, long end) {
    checkRowBoundary("start", start);
    checkRowBoundary("end", end);
    return new WindowSpec(partitionSpec, orderSpec, new Frame(true, start, end));
  }

  /**
   * This spec with a range frame: {@code RANGE BETWEEN start AND end}, where the offsets are added to the value of
   * the (single, numeric) ordering expression of the current row. The server fails the plan if the ordering does not
   * suit a range frame.
   */
  public WindowSpec rangeBetween(long start, long end) {
    return new WindowSpec(partitionSpec, orderSpec, new Frame(false, start, end));
  }

  List<Column> partitionSpec() {
    return partitionSpec;
  }

  List<Column> orderSpec() {
    return orderSpec;
  }

  private static void checkRowBoundary(String name, long v) {
    if (v != Window.UNBOUNDED_PRECEDING && v != Window.UNBOUNDED_FOLLOWING
        && (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE)) {
      throw new IllegalArgumentException("rowsBetween " + name + " must be an int, Window.unboundedPreceding() or"
          + " Window.unboundedFollowing(), was " + v);
    }
  }

  private static Column[] named(String... names) {
    return Arrays.stream(names).map(functions::col).toArray(Column[]::new);
  }

  /** The {@code Expression.Window} applying {@code function} over this spec. */
  Expression.Window toProto(Expression function) {
    Expression.Window.Builder w = Expression.Window.newBuilder().setWindowFunction(function);
    partitionSpec.forEach(c -> w.addPartitionSpec(c.expr));
    orderSpec.forEach(c -> w.addOrderSpec(c.sortOrder()));
    if (frame != null) {
      Expression.Window.WindowFrame.Builder f = Expression.Window.WindowFrame.newBuilder()
          .setFrameType(frame.rows() ? Expression.Window.WindowFrame.FrameType.FRAME_TYPE_ROW
              : Expression.Window.WindowFrame.FrameType.FRAME_TYPE_RANGE)
          .setLower(boundary(frame.start(), frame.rows()))
          .setUpper(boundary(frame.end(), frame.rows()));
      w.setFrameSpec(f);
    }
    return w.build();
  }

  private static Expression.Window.WindowFrame.FrameBoundary boundary(long v, boolean rows) {
    Expression.Window.WindowFrame.FrameBoundary.Builder b = Expression.Window.WindowFrame.FrameBoundary.newBuilder();
    if (v == Window.CURRENT_ROW) {
      b.setCurrentRow(true);
    } else if (v == Window.UNBOUNDED_PRECEDING || v == Window.UNBOUNDED_FOLLOWING) {
      b.setUnbounded(true);
    } else {
      Expression.Literal.Builder lit = Expression.Literal.newBuilder();
      if (rows) {
        lit.setInteger((int) v);
      } else {
        lit.setLong(v);
      }
      b.setValue(Expression.newBuilder().setLiteral(lit));
    }
    return b.build();
  }

  /** Readable form, for debugging. */
  @Override
  public String toString() {
    List<String> parts = new ArrayList<>();
    parts.add("partitionBy=" + partitionSpec.size() + " columns");
    parts.add("orderBy=" + orderSpec.size() + " columns");
    if (frame != null) {
      parts.add((frame.rows() ? "ROWS" : "RANGE") + " BETWEEN " + frame.start() + " AND " + frame.end());
    }
    return "WindowSpec[" + String.join(", ", parts) + "]";
  }

  /** Structural equality: same partitioning, ordering and frame. */
  @Override
  public boolean equals(Object o) {
    return o instanceof WindowSpec w && w.partitionSpec.equals(partitionSpec) && w.orderSpec.equals(orderSpec)
        && Objects.equals(w.frame, frame);
  }

  @Override
  public int hashCode() {
    return Objects.hash(partitionSpec, orderSpec, frame);
  }

  /**
   * {@code partitionBy()} with no columns (one partition): keeps {@code partitionBy()} unambiguous between the
   * Column and String varargs forms, as Spark's Java API compiles it.
   *
   * @return the window
   */
  public WindowSpec partitionBy() {
    return this.partitionBy(new Column[0]);
  }

  /**
   * {@code orderBy()} with no columns (no ordering): keeps {@code orderBy()} unambiguous, as in Spark's Java API.
   *
   * @return the window
   */
  public WindowSpec orderBy() {
    return this.orderBy(new Column[0]);
  }
}
