package io.github.reactivespark.connect.streaming.foreach;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ObjectInputStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.spark.sql.ForeachWriter;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.encoders.AgnosticEncoders;
import org.apache.spark.sql.connect.common.ForeachWriterPacket;
import org.junit.jupiter.api.Test;
import scala.Function2;

/**
 * The payload is what Spark's server deserializes: read back here with Java serialization (as the server's
 * {@code Utils.deserialize} does), it is a {@code ForeachWriterPacket} with the row encoder whose function, called
 * as the server calls it, reaches the user's function with the batch id.
 */
class ServerFunctionTest {

  static final List<Long> CALLS = new CopyOnWriteArrayList<>();

  private static Object readBack(byte[] payload) throws Exception {
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(payload))) {
      return in.readObject();
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void foreachBatchPayloadIsAPacketWhoseFunctionReachesTheUserFunction() throws Exception {
    String prefix = "captured";
    ForeachBatchFunction fn = ForeachBatchFunction.of((df, batchId) -> {
      if (prefix.equals("captured")) {
        CALLS.add(batchId);
      }
    });
    ForeachWriterPacket packet = assertInstanceOf(ForeachWriterPacket.class, readBack(fn.payload()));
    assertEquals(AgnosticEncoders.UnboundRowEncoder$.MODULE$, packet.datasetEncoder());
    Function2<Object, Object, Object> scalaFn = (Function2<Object, Object, Object>) packet.foreachWriter();
    CALLS.clear();
    scalaFn.apply(null, 7L);
    scalaFn.apply(null, 8L);
    assertEquals(List.of(7L, 8L), CALLS);
  }

  @Test
  void codeSourcesAreThisModulesClassesAndNeverSparkJars() {
    ForeachBatchFunction fn = ForeachBatchFunction.of((df, batchId) -> CALLS.add(batchId));
    Path testClasses = Paths.get("target", "test-classes").toAbsolutePath();
    assertTrue(fn.codeSources().contains(testClasses), fn.codeSources().toString());
    assertFalse(fn.codeSources().stream().anyMatch(p -> p.getFileName().toString().startsWith("spark-")),
        fn.codeSources().toString());
  }

  @Test
  void foreachWriterPayloadKeepsTheWriter() throws Exception {
    ForeachWriterPacket packet = assertInstanceOf(ForeachWriterPacket.class,
        readBack(ForeachWriterFunction.of(new CountingWriter()).payload()));
    assertInstanceOf(CountingWriter.class, packet.foreachWriter());
  }

  @Test
  void aNonSerializableCaptureIsRejectedWithTheCause() {
    Object notSerializable = new Object();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ForeachBatchFunction.of((df, batchId) -> notSerializable.hashCode()));
    assertTrue(e.getMessage().contains("java.lang.Object"), e.getMessage());
  }

  static final class CountingWriter extends ForeachWriter<Row> {
    private long rows;

    @Override
    public boolean open(long partitionId, long epochId) {
      return true;
    }

    @Override
    public void process(Row value) {
      rows++;
    }

    @Override
    public void close(Throwable errorOrNull) {}
  }
}
