package io.github.reactivespark.connect.streaming.foreach;

import java.util.Objects;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.connect.common.UdfUtils;

/**
 * A {@code foreachBatch} function: Spark calls it on the <b>server</b>, in the driver, once per micro-batch, with a
 * (classic) {@code Dataset<Row>} over exactly that batch's rows and the batch id ({@code long}). Written against
 * Spark's own Java API ({@link VoidFunction2}), like the Scala client's
 * {@code DataStreamWriter.foreachBatch(VoidFunction2<Dataset<T>, Long>)}, which it mirrors: the function is wrapped
 * with Spark's {@code UdfUtils.foreachBatchFuncToScalaFunc} and sent as a {@code ForeachWriterPacket}.
 *
 * <p>The function and everything it captures must be {@link java.io.Serializable}; its classes are uploaded to the
 * session as artifacts before the query starts. An exception thrown by the function fails the streaming query, which
 * terminates with a {@code StreamingQueryException} carrying Spark's error class.
 */
public final class ForeachBatchFunction extends ServerFunction {

  private ForeachBatchFunction(VoidFunction2<Dataset<Row>, Long> function) {
    super(UdfUtils.foreachBatchFuncToScalaFunc(function));
  }

  /**
   * Wraps {@code function} for shipping to the server.
   *
   * @param function called with (micro-batch rows, batch id); must be serializable with all it captures
   * @return the packed function; throws {@link IllegalArgumentException} when it is not serializable
   */
  public static ForeachBatchFunction of(VoidFunction2<Dataset<Row>, Long> function) {
    return new ForeachBatchFunction(Objects.requireNonNull(function, "function"));
  }
}
