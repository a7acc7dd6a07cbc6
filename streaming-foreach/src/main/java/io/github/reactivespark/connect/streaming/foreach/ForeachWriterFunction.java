package io.github.reactivespark.connect.streaming.foreach;

import java.util.Objects;
import org.apache.spark.sql.ForeachWriter;
import org.apache.spark.sql.Row;

/**
 * A {@code foreach} sink writer: Spark runs its {@code open}/{@code process}/{@code close} on the <b>server</b>, in
 * the executors, for every partition of every micro-batch, with each {@link Row}. Written against Spark's own
 * {@link ForeachWriter}; sent as a {@code ForeachWriterPacket(writer, UnboundRowEncoder)}, as Spark's Scala client's
 * {@code DataStreamWriter.foreach} does. The writer must be {@link java.io.Serializable} with all it holds; its classes
 * are uploaded to the session as artifacts before the query starts.
 */
public final class ForeachWriterFunction extends ServerFunction {

  private ForeachWriterFunction(ForeachWriter<Row> writer) {
    super(writer);
  }

  /**
   * Wraps {@code writer} for shipping to the server.
   *
   * @param writer the row writer; must be serializable with all it holds
   * @return the packed writer; throws {@link IllegalArgumentException} when it is not serializable
   */
  public static ForeachWriterFunction of(ForeachWriter<Row> writer) {
    return new ForeachWriterFunction(Objects.requireNonNull(writer, "writer"));
  }
}
