package io.github.reactivespark.connect;

import static io.github.reactivespark.connect.functions.call_function;
import static io.github.reactivespark.connect.functions.col;
import static io.github.reactivespark.connect.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.reactivespark.connect.internal.proto.Expression;
import io.github.reactivespark.connect.types.DataTypes;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The protobuf each Column method sends, checked against PySpark Connect's encoding
 * ({@code pyspark/sql/connect/column.py}, {@code expressions.py}). The server-side meaning is tested in the ITs.
 */
class ColumnEncodingTest {

  private static String fnName(Column c) {
    return c.expr.getUnresolvedFunction().getFunctionName();
  }

  @Test
  void operatorsUsePySparkFunctionNames() {
    Column a = col("a");
    assertEquals("power", fnName(a.pow(2)));
    assertEquals("&", fnName(a.bitwiseAND(1)));
    assertEquals("|", fnName(a.bitwiseOR(1)));
    assertEquals("^", fnName(a.bitwiseXOR(1)));
    assertEquals("<=>", fnName(a.eqNullSafe(null)));
    assertEquals("not", fnName(a.notEqual(1)));
    assertEquals("==", a.notEqual(1).expr.getUnresolvedFunction().getArguments(0).getUnresolvedFunction()
        .getFunctionName());
    assertEquals("startsWith", fnName(a.startsWith("x")));
    assertEquals("endsWith", fnName(a.endswith("x")));
    assertEquals("ilike", fnName(a.ilike("x")));
    assertEquals("isNaN", fnName(a.isNaN()));
    assertEquals("negative", fnName(a.negate()));
    assertEquals("in", fnName(a.isin(List.of(1, 2))));
    assertEquals(3, a.isin(List.of(1, 2)).expr.getUnresolvedFunction().getArgumentsCount());
    assertEquals("substr", fnName(a.substr(1, 2)));
    assertEquals(2, a.substr(1, 2).expr.getUnresolvedFunction().getArguments(2).getLiteral().getInteger());
  }

  @Test
  void whenChainsAppendArgumentsToTheWhenFunction() {
    Column start = functions.when(col("a").gt(1), "big");
    Column chain = start.when(col("a").gt(0), "small").otherwise("none");
    Expression.UnresolvedFunction f = chain.expr.getUnresolvedFunction();
    assertEquals("when", f.getFunctionName());
    assertEquals(5, f.getArgumentsCount());
    assertEquals("small", f.getArguments(3).getLiteral().getString());
    assertEquals("none", f.getArguments(4).getLiteral().getString());

    assertThrows(IllegalStateException.class, () -> col("a").when(col("a").gt(1), 1));
    assertThrows(IllegalStateException.class, () -> col("a").otherwise(1));
    assertThrows(IllegalStateException.class, () -> chain.otherwise("again"));
    assertThrows(IllegalStateException.class, () -> chain.when(col("a").lt(0), "neg"));
  }

  @Test
  void nestedAccessAndCasts() {
    Column item = col("m").getItem("k");
    assertEquals("k", item.expr.getUnresolvedExtractValue().getExtraction().getLiteral().getString());
    Column dropped = col("s").dropFields("a", "b");
    assertEquals("b", dropped.expr.getUpdateFields().getFieldName());
    assertEquals("a", dropped.expr.getUpdateFields().getStructExpression().getUpdateFields().getFieldName());
    assertFalse(dropped.expr.getUpdateFields().hasValueExpression());
    assertThrows(IllegalArgumentException.class, () -> col("s").dropFields());
    assertTrue(col("s").withField("c", lit(1)).expr.getUpdateFields().hasValueExpression());

    Expression.Cast tryCast = col("x").try_cast(DataTypes.LongType).expr.getCast();
    assertEquals(Expression.Cast.EvalMode.EVAL_MODE_TRY, tryCast.getEvalMode());
    assertTrue(tryCast.getType().hasLong());
    assertEquals("decimal(10,2)", col("x").cast("decimal(10,2)").expr.getCast().getTypeStr());
    assertThrows(IllegalArgumentException.class, () -> col("x").alias("y", "not json"));
    assertEquals("{\"k\":1}", col("x").alias("y", "{\"k\":1}").expr.getAlias().getMetadata());
  }

  @Test
  void sortOrdersReplaceAnEarlierOrder() {
    Expression.SortOrder s = col("a").desc().asc_nulls_last().expr.getSortOrder();
    assertEquals(Expression.SortOrder.SortDirection.SORT_DIRECTION_ASCENDING, s.getDirection());
    assertEquals(Expression.SortOrder.NullOrdering.SORT_NULLS_LAST, s.getNullOrdering());
    assertTrue(s.getChild().hasUnresolvedAttribute());
    assertEquals(Expression.SortOrder.NullOrdering.SORT_NULLS_FIRST, col("a").asc().expr.getSortOrder().getNullOrdering());
    assertEquals(Expression.SortOrder.NullOrdering.SORT_NULLS_LAST, col("a").desc().expr.getSortOrder().getNullOrdering());
  }

  @Test
  void windowFramesEncodeBoundariesAsPySparkDoes() {
    WindowSpec w = Window.partitionBy("g").orderBy(col("t").desc()).rowsBetween(Window.unboundedPreceding(), -2);
    Expression.Window win = call_function("sum", col("v")).over(w).expr.getWindow();
    assertEquals(1, win.getPartitionSpecCount());
    assertEquals(Expression.SortOrder.SortDirection.SORT_DIRECTION_DESCENDING, win.getOrderSpec(0).getDirection());
    assertEquals(Expression.Window.WindowFrame.FrameType.FRAME_TYPE_ROW, win.getFrameSpec().getFrameType());
    assertTrue(win.getFrameSpec().getLower().getUnbounded());
    assertEquals(-2, win.getFrameSpec().getUpper().getValue().getLiteral().getInteger());

    Expression.Window range = call_function("sum", col("v"))
        .over(Window.orderBy("t").rangeBetween(Window.currentRow(), 5_000_000_000L)).expr.getWindow();
    assertEquals(Expression.Window.WindowFrame.FrameType.FRAME_TYPE_RANGE, range.getFrameSpec().getFrameType());
    assertTrue(range.getFrameSpec().getLower().getCurrentRow());
    assertEquals(5_000_000_000L, range.getFrameSpec().getUpper().getValue().getLiteral().getLong());
    assertEquals(Expression.SortOrder.NullOrdering.SORT_NULLS_FIRST, range.getOrderSpec(0).getNullOrdering());

    assertThrows(IllegalArgumentException.class, () -> Window.rowsBetween(0, 5_000_000_000L));
    Expression.Window empty = call_function("count", lit(1)).over().expr.getWindow();
    assertEquals(0, empty.getPartitionSpecCount());
    assertFalse(empty.hasFrameSpec());
    assertEquals(Window.partitionBy("a").orderBy("b"), Window.orderBy("b").partitionBy("a"));
  }
}
