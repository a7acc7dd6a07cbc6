package io.github.reactivespark.connect.internal.arrow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.github.reactivespark.connect.exceptions.MalformedResultException;
import io.github.reactivespark.connect.internal.proto.ExecutePlanResponse;
import io.github.reactivespark.connect.internal.types.DataTypeProtos;
import io.github.reactivespark.connect.types.DataTypes;
import io.github.reactivespark.connect.types.StructType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/**
 * Drives the decoding path ({@link ArrowBatchAssembler#decode}) with crafted {@code ExecutePlanResponse}s, as a
 * server would send them: whole and chunked batches, their order and start offsets, declared row counts, a schema
 * that changes between batches, and results cut short. Every case ends with no Arrow memory left in the session
 * allocator (closing it fails on a leak).
 */
class ArrowBatchAssemblerTest {

  static final Duration T = Duration.ofSeconds(10);
  static final StructType SCHEMA = DataTypes.createStructType(DataTypes.createStructField("id", DataTypes.LongType,
      false));
  static final ExecutePlanResponse SCHEMA_RESPONSE = ExecutePlanResponse.newBuilder().setOperationId("op-1")
      .setSchema(DataTypeProtos.toProto(SCHEMA)).build();
  static final ExecutePlanResponse COMPLETE = ExecutePlanResponse.newBuilder().setOperationId("op-1")
      .setResultComplete(ExecutePlanResponse.ResultComplete.getDefaultInstance()).build();

  /** What the test subscriber receives: the decoded ids of one batch, then the batch is closed at once. */
  record Decoded(long startOffset, int rowCount, List<Long> ids) {}

  /** A batch of the test's own type, as the BatchFactory lets any caller make. */
  record TestBatch(VectorSchemaRoot root, BufferAllocator allocator, long startOffset) implements AutoCloseable {
    @Override
    public void close() {
      root.close();
      allocator.close();
    }
  }

  static final BatchFactory<TestBatch> FACTORY = (schema, root, allocator, offset) -> new TestBatch(root, allocator,
      offset);

  RootAllocator session;

  @BeforeEach
  void allocator() {
    session = new RootAllocator(Long.MAX_VALUE);
  }

  @AfterEach
  void nothingLeft() {
    assertEquals(0, session.getAllocatedMemory(), "Arrow memory left after the result");
    session.close(); // throws if a child allocator is still open
  }

  // ---------------------------------------------------------------- well-formed results

  @Test
  void wholeBatchesInOrderWithTheirOffsets() throws IOException {
    Flux<ExecutePlanResponse> responses = Flux.just(SCHEMA_RESPONSE,
        batch(ids(0, 3), 3, 0L), batch(ids(3, 5), 2, 3L), batch(ids(5, 6), 1, null), COMPLETE);
    decoded(responses)
        .expectNext(new Decoded(0, 3, List.of(0L, 1L, 2L)))
        .expectNext(new Decoded(3, 2, List.of(3L, 4L)))
        .expectNext(new Decoded(5, 1, List.of(5L))) // no start_offset sent: the running count is the offset
        .verifyComplete();
  }

  @Test
  void chunksOfOneBatchAreJoinedAndDecodedOnce() throws IOException {
    byte[] data = ids(0, 1000);
    List<ExecutePlanResponse> responses = new ArrayList<>(List.of(SCHEMA_RESPONSE));
    responses.addAll(chunks(data, 3, 1000, 0));
    responses.add(batch(ids(1000, 1003), 3, 1000L));
    responses.add(COMPLETE);
    List<Decoded> out = new ArrayList<>();
    decoded(Flux.fromIterable(responses)).recordWith(() -> out).expectNextCount(2).verifyComplete();
    assertEquals(1000, out.get(0).rowCount());
    assertEquals(0, out.get(0).startOffset());
    assertEquals(999L, out.get(0).ids().get(999));
    assertEquals(new Decoded(1000, 3, List.of(1000L, 1001L, 1002L)), out.get(1));
  }

  @Test
  void cancellingClosesWhatWasNotDelivered() throws IOException {
    Flux<ExecutePlanResponse> responses = Flux.just(SCHEMA_RESPONSE, batch(ids(0, 3), 3, 0L), batch(ids(3, 6), 3,
        3L), COMPLETE);
    StepVerifier.create(ArrowBatchAssembler.decode(responses, session, FACTORY, TestBatch.class)
            .doOnNext(TestBatch::close), 1)
        .expectNextCount(1)
        .thenCancel()
        .verify(T);
  }

  // ---------------------------------------------------------------- malformed results: a typed error, no memory left

  @Test
  void chunksOutOfOrder() throws IOException {
    List<ExecutePlanResponse> chunks = chunks(ids(0, 100), 3, 100, 0);
    Flux<ExecutePlanResponse> responses = Flux.just(SCHEMA_RESPONSE, chunks.get(1), chunks.get(0), chunks.get(2));
    malformed(responses, m -> assertTrue(m.contains("Result chunk 1 arrived where chunk 0 was expected")
        && m.contains("operation op-1"), m));
  }

  @Test
  void aChunkThatDisagreesOnTheNumberOfChunks() throws IOException {
    List<ExecutePlanResponse> chunks = chunks(ids(0, 100), 3, 100, 0);
    ExecutePlanResponse wrong = chunks.get(1).toBuilder().setArrowBatch(chunks.get(1).getArrowBatch().toBuilder()
        .setNumChunksInBatch(4)).build();
    malformed(Flux.just(SCHEMA_RESPONSE, chunks.get(0), wrong),
        m -> assertTrue(m.contains("says the batch has 4 chunks, the first chunk said 3"), m));
  }

  @Test
  void aWholeBatchWhileChunksArePending() throws IOException {
    List<ExecutePlanResponse> chunks = chunks(ids(0, 100), 3, 100, 0);
    malformed(Flux.just(SCHEMA_RESPONSE, chunks.get(0), batch(ids(100, 101), 1, 100L)),
        m -> assertTrue(m.contains("A whole batch arrived while 1 of 3 chunks"), m));
  }

  @Test
  void aResultThatEndsInTheMiddleOfAChunkedBatch() throws IOException {
    List<ExecutePlanResponse> chunks = chunks(ids(0, 100), 3, 100, 0);
    malformed(Flux.just(SCHEMA_RESPONSE, batch(ids(0, 2), 2, 0L), chunks.get(0).toBuilder().setArrowBatch(
            chunks.get(0).getArrowBatch().toBuilder().setStartOffset(2)).build(), chunks.get(1)),
        m -> assertTrue(m.contains("The result ended after 2 of 3 chunks of a batch"), m), 1);
  }

  @Test
  void aTruncatedChunkDoesNotDecode() throws IOException {
    byte[] data = ids(0, 100);
    List<ExecutePlanResponse> chunks = chunks(data, 2, 100, 0);
    ExecutePlanResponse cut = chunks.get(1).toBuilder().setArrowBatch(chunks.get(1).getArrowBatch().toBuilder()
        .setData(chunks.get(1).getArrowBatch().getData().substring(0, 40))).build();
    MalformedResultException e = malformed(Flux.just(SCHEMA_RESPONSE, chunks.get(0), cut),
        m -> assertTrue(m.startsWith("Could not decode an Arrow batch (operation op-1)"), m));
    assertInstanceOf(IOException.class, e.getCause(), String.valueOf(e.getCause()));
  }

  @Test
  void aBatchThatStartsAtTheWrongRow() throws IOException {
    malformed(Flux.just(SCHEMA_RESPONSE, batch(ids(0, 3), 3, 0L), batch(ids(5, 7), 2, 5L)),
        m -> assertTrue(m.contains("Batch starts at row 5 but 3 rows were received before it"), m), 1);
  }

  @Test
  void aDeclaredRowCountItsDataDoesNotHold() throws IOException {
    malformed(Flux.just(SCHEMA_RESPONSE, batch(ids(0, 3), 4, 0L)),
        m -> assertTrue(m.contains("Batch declares 4 rows but its Arrow data holds 3"), m));
  }

  @Test
  void aSchemaThatChangesBetweenBatches() throws IOException {
    malformed(Flux.just(SCHEMA_RESPONSE, batch(ids(0, 3), 3, 0L), batch(names("a", "b"), 2, 3L)),
        m -> assertTrue(m.contains("has the Arrow schema") && m.contains("but the result's first batch had"), m), 1);
  }

  @Test
  void arrowDataBeforeTheSchema() throws IOException {
    malformed(Flux.just(batch(ids(0, 3), 3, 0L)),
        m -> assertTrue(m.contains("Arrow data arrived before the result schema"), m));
  }

  // ---------------------------------------------------------------- helpers

  private StepVerifier.FirstStep<Decoded> decoded(Flux<ExecutePlanResponse> responses) {
    return StepVerifier.create(ArrowBatchAssembler.decode(responses, session, FACTORY, TestBatch.class).map(b -> {
      try (b) {
        BigIntVector v = (BigIntVector) b.root().getVector(0);
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < b.root().getRowCount(); i++) {
          ids.add(v.get(i));
        }
        return new Decoded(b.startOffset(), b.root().getRowCount(), ids);
      }
    }));
  }

  private MalformedResultException malformed(Flux<ExecutePlanResponse> responses, Consumer<String> message) {
    return malformed(responses, message, 0);
  }

  /** Expects {@code good} batches, then a MalformedResultException whose message passes {@code message}. */
  private MalformedResultException malformed(Flux<ExecutePlanResponse> responses, Consumer<String> message,
      int good) {
    Throwable[] error = new Throwable[1];
    decoded(responses).expectNextCount(good).expectErrorSatisfies(e -> error[0] = e).verify(T);
    MalformedResultException m = assertInstanceOf(MalformedResultException.class, error[0], String.valueOf(error[0]));
    message.accept(m.getMessage());
    return m;
  }

  /** An Arrow IPC stream of one record batch: a non-null bigint column {@code id} with from … to-1. */
  private byte[] ids(long from, long to) throws IOException {
    try (BufferAllocator a = session.newChildAllocator("writer", 0, Long.MAX_VALUE);
         BigIntVector v = new BigIntVector("id", a)) {
      int n = (int) (to - from);
      v.allocateNew(n);
      for (int i = 0; i < n; i++) {
        v.set(i, from + i);
      }
      v.setValueCount(n);
      return ipc(VectorSchemaRoot.of(v));
    }
  }

  /** An Arrow IPC stream of one record batch with a string column: another schema than {@link #ids}. */
  private byte[] names(String... names) throws IOException {
    try (BufferAllocator a = session.newChildAllocator("writer", 0, Long.MAX_VALUE);
         VarCharVector v = new VarCharVector("id", a)) {
      v.allocateNew(names.length);
      for (int i = 0; i < names.length; i++) {
        v.setSafe(i, names[i].getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
      v.setValueCount(names.length);
      return ipc(VectorSchemaRoot.of(v));
    }
  }

  private static byte[] ipc(VectorSchemaRoot root) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (root; ArrowStreamWriter w = new ArrowStreamWriter(root, null, out)) {
      w.start();
      w.writeBatch();
      w.end();
    }
    return out.toByteArray();
  }

  private static ExecutePlanResponse batch(byte[] data, long rowCount, Long startOffset) {
    ExecutePlanResponse.ArrowBatch.Builder b = ExecutePlanResponse.ArrowBatch.newBuilder()
        .setData(ByteString.copyFrom(data)).setRowCount(rowCount);
    if (startOffset != null) {
      b.setStartOffset(startOffset);
    }
    return ExecutePlanResponse.newBuilder().setOperationId("op-1").setArrowBatch(b).build();
  }

  /** One batch as 4.1 result chunks: {@code n} consecutive pieces of its bytes, chunk_index 0 … n-1. */
  private static List<ExecutePlanResponse> chunks(byte[] data, int n, long rowCount, long startOffset) {
    List<ExecutePlanResponse> out = new ArrayList<>();
    int size = (data.length + n - 1) / n;
    for (int i = 0; i < n; i++) {
      int from = i * size;
      int to = Math.min(data.length, from + size);
      out.add(ExecutePlanResponse.newBuilder().setOperationId("op-1").setArrowBatch(
          ExecutePlanResponse.ArrowBatch.newBuilder().setData(ByteString.copyFrom(data, from, to - from))
              .setRowCount(rowCount).setStartOffset(startOffset).setChunkIndex(i).setNumChunksInBatch(n)).build());
    }
    return out;
  }
}
