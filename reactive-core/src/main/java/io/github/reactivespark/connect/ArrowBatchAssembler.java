package io.github.reactivespark.connect;

import com.google.protobuf.ByteString;
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
import org.apache.arrow.vector.util.TransferPair;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.SynchronousSink;

/**
 * Turns the responses of one operation into {@link ArrowBatch}es: takes the result schema, reassembles 4.1 result
 * chunks ({@code chunk_index} 0..n-1 arrive consecutively; the partial buffer lives here, outside the reattach and
 * retry loop, so a reattach that lands mid-batch loses nothing), decodes each Arrow IPC stream once into a fresh
 * child allocator, and checks row counts and start offsets as Spark's {@code SparkResult.processResponses} does.
 *
 * <p>One instance per subscription; used from {@code Flux.handle}, so calls are serial.
 */
final class ArrowBatchAssembler {

  private final BufferAllocator sessionAllocator;
  private String label = "operation (no response yet)";
  private @Nullable StructType schema;
  private final List<ByteString> chunks = new ArrayList<>();
  private long chunksExpected;
  private long chunkRowCount;
  private long chunkStartOffset = -1;
  private long rowsSoFar;
  private long batches;

  /** @param sessionAllocator parent of the per-batch allocators, which are named after the operation */
  ArrowBatchAssembler(BufferAllocator sessionAllocator) {
    this.sessionAllocator = sessionAllocator;
  }

  void accept(ExecutePlanResponse r, SynchronousSink<ArrowBatch> sink) {
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
        throw new IllegalStateException("Result chunk " + index + " arrived where chunk " + chunks.size()
            + " was expected (" + label + ")");
      }
      if (index == 0) {
        chunksExpected = ab.getNumChunksInBatch();
        chunkRowCount = ab.getRowCount();
        chunkStartOffset = ab.hasStartOffset() ? ab.getStartOffset() : -1;
      } else if (ab.getNumChunksInBatch() != chunksExpected) {
        throw new IllegalStateException("Result chunk " + index + " says the batch has " + ab.getNumChunksInBatch()
            + " chunks, the first chunk said " + chunksExpected + " (" + label + ")");
      }
      chunks.add(ab.getData());
      if (chunks.size() < chunksExpected) {
        return;
      }
      ByteString whole = ByteString.copyFrom(chunks);
      chunks.clear();
      sink.next(decode(whole, chunkRowCount, chunkStartOffset));
    } else {
      if (!chunks.isEmpty()) {
        throw new IllegalStateException("A whole batch arrived while " + chunks.size() + " of " + chunksExpected
            + " chunks of the previous batch were pending (" + label + ")");
      }
      sink.next(decode(ab.getData(), ab.getRowCount(), ab.hasStartOffset() ? ab.getStartOffset() : -1));
    }
  }

  /** Fails if the stream ended in the middle of a chunked batch. */
  void checkComplete() {
    if (!chunks.isEmpty()) {
      throw new IllegalStateException("The result ended after " + chunks.size() + " of " + chunksExpected
          + " chunks of a batch (" + label + ")");
    }
  }

  private ArrowBatch decode(ByteString data, long rowCount, long startOffset) {
    if (startOffset >= 0 && startOffset != rowsSoFar) {
      throw new IllegalStateException("Batch starts at row " + startOffset + " but " + rowsSoFar
          + " rows were received before it (" + label + ")");
    }
    StructType s = schema;
    if (s == null) {
      throw new IllegalStateException("Arrow data arrived before the result schema (" + label + ")");
    }
    BufferAllocator allocator = sessionAllocator.newChildAllocator(label + " batch " + batches++, 0, Long.MAX_VALUE);
    VectorSchemaRoot root = null;
    try (ArrowStreamReader reader = new ArrowStreamReader(new ByteBufferChannel(data.asReadOnlyByteBuffer()), allocator)) {
      if (!reader.loadNextBatch()) {
        throw new IllegalStateException("An Arrow batch response held no record batch (" + label + ")");
      }
      VectorSchemaRoot read = reader.getVectorSchemaRoot();
      List<FieldVector> vectors = new ArrayList<>(read.getFieldVectors().size());
      for (FieldVector v : read.getFieldVectors()) {
        TransferPair tp = v.getTransferPair(allocator);
        tp.transfer();
        vectors.add((FieldVector) tp.getTo());
      }
      root = new VectorSchemaRoot(read.getSchema().getFields(), vectors, read.getRowCount());
      if (reader.loadNextBatch()) {
        throw new IllegalStateException("An Arrow batch response held more than one record batch (" + label + ")");
      }
    } catch (IOException | RuntimeException e) {
      if (root != null) {
        root.close();
      }
      allocator.close();
      if (e instanceof IllegalStateException ise) {
        throw ise;
      }
      throw new IllegalStateException("Could not decode an Arrow batch (" + label + "): " + e.getMessage(), e);
    }
    if (root.getRowCount() != rowCount) {
      int actual = root.getRowCount();
      root.close();
      allocator.close();
      throw new IllegalStateException("Batch declares " + rowCount + " rows but its Arrow data holds " + actual
          + " (" + label + ")");
    }
    long offset = rowsSoFar;
    rowsSoFar += rowCount;
    return new ArrowBatch(s, root, allocator, offset);
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
