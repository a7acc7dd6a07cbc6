package udfjar;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.MutableAggregationBuffer;
import org.apache.spark.sql.expressions.UserDefinedAggregateFunction;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** The sum of a bigint column, as Spark's (deprecated, still supported) UserDefinedAggregateFunction. */
@SuppressWarnings("deprecation")
public class LongSum extends UserDefinedAggregateFunction {
  @Override
  public StructType inputSchema() {
    return new StructType().add("x", DataTypes.LongType);
  }

  @Override
  public StructType bufferSchema() {
    return new StructType().add("sum", DataTypes.LongType);
  }

  @Override
  public DataType dataType() {
    return DataTypes.LongType;
  }

  @Override
  public boolean deterministic() {
    return true;
  }

  @Override
  public void initialize(MutableAggregationBuffer buffer) {
    buffer.update(0, 0L);
  }

  @Override
  public void update(MutableAggregationBuffer buffer, Row input) {
    if (!input.isNullAt(0)) {
      buffer.update(0, buffer.getLong(0) + input.getLong(0));
    }
  }

  @Override
  public void merge(MutableAggregationBuffer buffer1, Row buffer2) {
    buffer1.update(0, buffer1.getLong(0) + buffer2.getLong(0));
  }

  @Override
  public Object evaluate(Row buffer) {
    return buffer.getLong(0);
  }
}
