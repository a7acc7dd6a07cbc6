package io.github.reactivespark.connect.internal.arrow;

import com.google.protobuf.ByteString;
import io.github.reactivespark.connect.exceptions.MalformedResultException;
import io.github.reactivespark.connect.internal.proto.ExecutePlanResponse;
import io.github.reactivespark.connect.internal.types.DataTypeProtos;
import io.github.reactivespark.connect.types.DataType;
import io.github.reactivespark.connect.types.DataTypes;
import io.github.reactivespark.connect.types.StructType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.TransferPair;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SynchronousSink;

/**
 * Turns the responses of one operation into Arrow batches: takes the result schema, reassembles 4.1 result
 * chunks ({@code chunk_index} 0..n-1 arrive consecutively; the partial buffer lives here, outside the reattach and
 * retry loop, so a reattach that lands mid-batch loses nothing), decodes each Arrow IPC stream once into a fresh
 * child allocator, and checks row counts, start offsets and that every batch has the first one's Arrow schema, as
 * Spark's {@code SparkResult.processResponses} does.
 * A response that breaks these rules fails the result with a {@link MalformedResultException} naming the
 * operation, and leaves no Arrow memory behind.
 *
 * <p>{@link #decode} is the whole path from responses to batches (what {@code DataFrame.toArrow()} emits); an
 * instance is the per-subscription state behind it, used from {@code Flux.handle}, so calls are serial.
 *
 * @param <B> the batch type made by the {@link BatchFactory}
 */
public final class ArrowBatchAssembler<B extends AutoCloseable> {

  private final BufferAllocator sessionAllocator;
  private final BatchFactory<B> factory;
  private String label = "operation (no response yet)";
  private @Nullable StructType schema;
  /** The Arrow schema of the first batch: every later batch must have the same (Spark's {@code SparkResult}). */
  private @Nullable Schema arrowSchema;
  private final List<ByteString> chunks = new ArrayList<>();
  private long chunksExpected;
  private long chunkRowCount;
  private long chunkStartOffset = -1;
  private long rowsSoFar;
  private long batches;

  /**
   * Creates the state of one subscription.
   *
   * @param sessionAllocator parent of the per-batch allocators, which are named after the operation
   * @param factory makes each emitted batch
   */
  public ArrowBatchAssembler(BufferAllocator sessionAllocator, BatchFactory<B> factory) {
    this.sessionAllocator = sessionAllocator;
    this.factory = factory;
  }

  /**
   * The batches of one operation. Cold: each subscription decodes with fresh state; responses that carry no Arrow
   * data (schema, metrics, progress, {@code ResultComplete}) emit nothing. Batches dropped by cancellation,
   * errors or operators downstream are closed (discard hook); the subscriber owns and closes the others.
   *
   * @param responses the responses of one operation, in order
   * @param allocator parent of every batch's own allocator
   * @param factory makes each batch
   * @param batchType the batch class, for the discard hook
   * @param <B> the batch type
   * @return one batch per Arrow record batch, in order; emits {@link MalformedResultException} for a response that
   *     breaks the result's rules, or when the responses end in the middle of a chunked batch
   */
  public static <B extends AutoCloseable> Flux<B> decode(Flux<ExecutePlanResponse> responses,
      BufferAllocator allocator, BatchFactory<B> factory, Class<B> batchType) {
    return Flux.defer(() -> {
      ArrowBatchAssembler<B> assembler = new ArrowBatchAssembler<>(allocator, factory);
      return responses.<B>handle(assembler::accept).concatWith(Mono.fromRunnable(assembler::checkComplete));
    }).doOnDiscard(batchType, ArrowBatchAssembler::closeQuietly);
  }

  private static void closeQuietly(AutoCloseable batch) {
    try {
      batch.close();
    } catch (Exception e) {
      throw new IllegalStateException("Closing a discarded batch failed", e);
    }
  }

  /**
   * Takes one response: emits the batch it completes, if any.
   *
   * @param r the next response of the operation
   * @param sink where a completed batch goes
   * @throws MalformedResultException if the response breaks the result's rules
   */
  public void accept(ExecutePlanResponse r, SynchronousSink<B> sink) {
    if (batches == 0 && chunks.isEmpty() && !r.getOperationId().isEmpty()) {
      label = "operation " + r.getOperationId();
    }
    if (r.hasSchema()) {
      DataType t = DataTypeProtos.fromProto(r.getSchema());
      schema = t instanceof StructType st ? st
          : DataTypes.createStructType(List.of(DataTypes.createStructField("value", t, true)));
    }
    if (!r.hasArrowBatch()) {
      return; // schema (taken above), metrics, progress, ResultComplete
    }
    ExecutePlanResponse.ArrowBatch ab = r.getArrowBatch();
    if (ab.hasNumChunksInBatch() && ab.getNumChunksInBatch() > 1) {
      long index = ab.getChunkIndex();
      if (index != chunks.size()) {
        throw new MalformedResultException("Result chunk " + index + " arrived where chunk " + chunks.size()
            + " was expected (" + label + ")", null);
      }
      if (index == 0) {
        chunksExpected = ab.getNumChunksInBatch();
        chunkRowCount = ab.getRowCount();
        chunkStartOffset = ab.hasStartOffset() ? ab.getStartOffset() : -1;
      } else if (ab.getNumChunksInBatch() != chunksExpected) {
        throw new MalformedResultException("Result chunk " + index + " says the batch has "
            + ab.getNumChunksInBatch()
            + " chunks, the first chunk said " + chunksExpected + " (" + label + ")", null);
      }
      chunks.add(ab.getData());
      if (chunks.size() < chunksExpected) {
        return;
      }
      ByteString whole = ByteString.copyFrom(chunks);
      chunks.clear();
      sink.next(decodeBatch(whole, chunkRowCount, chunkStartOffset));
    } else {
      if (!chunks.isEmpty()) {
        throw new MalformedResultException("A whole batch arrived while " + chunks.size() + " of " + chunksExpected
            + " chunks of the previous batch were pending (" + label + ")", null);
      }
      sink.next(decodeBatch(ab.getData(), ab.getRowCount(), ab.hasStartOffset() ? ab.getStartOffset() : -1));
    }
  }

  /**
   * Called when the responses end.
   *
   * @throws MalformedResultException if they ended in the middle of a chunked batch
   */
  public void checkComplete() {
    if (!chunks.isEmpty()) {
      throw new MalformedResultException("The result ended after " + chunks.size() + " of " + chunksExpected
          + " chunks of a batch (" + label + ")", null);
    }
  }

  private B decodeBatch(ByteString data, long rowCount, long startOffset) {
    if (startOffset >= 0 && startOffset != rowsSoFar) {
      throw new MalformedResultException("Batch starts at row " + startOffset + " but " + rowsSoFar
          + " rows were received before it (" + label + ")", null);
    }
    StructType s = schema;
    if (s == null) {
      throw new MalformedResultException("Arrow data arrived before the result schema (" + label + ")", null);
    }
    BufferAllocator allocator = sessionAllocator.newChildAllocator(label + " batch " + batches++, 0, Long.MAX_VALUE);
    VectorSchemaRoot root = null;
    try (ArrowStreamReader reader = new ArrowStreamReader(new ByteBufferChannel(data.asReadOnlyByteBuffer()), allocator)) {
      if (!reader.loadNextBatch()) {
        throw new MalformedResultException("An Arrow batch response held no record batch (" + label + ")", null);
      }
      VectorSchemaRoot read = reader.getVectorSchemaRoot();
      List<FieldVector> vectors = new ArrayList<>(read.getFieldVectors().size());
      for (FieldVector v : read.getFieldVectors()) {
        TransferPair tp = v.getTransferPair(allocator);
        tp.transfer();
        vectors.add((FieldVector) tp.getTo());
      }
      root = new VectorSchemaRoot(read.getSchema().getFields(), vectors, read.getRowCount());
      Schema expected = arrowSchema;
      if (expected != null && !expected.equals(read.getSchema())) {
        throw new MalformedResultException("Batch " + (batches - 1) + " has the Arrow schema " + read.getSchema()
            + " but the result's first batch had " + expected + " (" + label + ")", null);
      }
      if (reader.loadNextBatch()) {
        throw new MalformedResultException("An Arrow batch response held more than one record batch (" + label + ")",
            null);
      }
    } catch (IOException | RuntimeException e) {
      if (root != null) {
        root.close();
      }
      allocator.close();
      if (e instanceof MalformedResultException m) {
        throw m;
      }
      throw new MalformedResultException("Could not decode an Arrow batch (" + label + "): " + e.getMessage(), e);
    }
    if (root.getRowCount() != rowCount) {
      int actual = root.getRowCount();
      root.close();
      allocator.close();
      throw new MalformedResultException("Batch declares " + rowCount + " rows but its Arrow data holds " + actual
          + " (" + label + ")", null);
    }
    if (arrowSchema == null) {
      arrowSchema = root.getSchema();
    }
    long offset = rowsSoFar;
    rowsSoFar += rowCount;
    return factory.create(s, root, allocator, offset);
  }

  /** A read-only channel over one buffer (no copy of the response bytes). */
  private static final class ByteBufferChannel implements ReadableByteChannel {
    private final ByteBuffer buffer;
    private boolean open = true;

    ByteBufferChannel(ByteBuffer buffer) {
      this.buffer = buffer;
    }

    @Override
    public int read(ByteBuffer dst) {
      if (!buffer.hasRemaining()) {
        return -1;
      }
      int n = Math.min(dst.remaining(), buffer.remaining());
      ByteBuffer slice = buffer.slice();
      slice.limit(n);
      dst.put(slice);
      buffer.position(buffer.position() + n);
      return n;
    }

    @Override
    public boolean isOpen() {
      return open;
    }

    @Override
    public void close() {
      open = false;
    }
  }
}
