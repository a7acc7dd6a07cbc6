package io.github.reactivespark.connect;

import io.github.reactivespark.connect.internal.arrow.BatchCopy;
import io.github.reactivespark.connect.types.StructType;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * One Arrow record batch of a query result, decoded and owned by exactly one party at a time.
 *
 * <p>Shape: {@link #rowCount()} rows of {@link #schema()} (the Spark schema the server sent for the result; the
 * Arrow schema of {@link #root()} is its Arrow form, as Spark's {@code ArrowUtils.toArrowSchema} builds it). A
 * batch is at most {@code spark.sql.execution.arrow.maxRecordsPerBatch} rows (10,000 by default) or
 * {@code spark.connect.grpc.arrow.maxBatchSize} bytes, whichever is hit first.
 *
 * <p>Ownership: the batch's memory lives in its own child allocator of the session's allocator. Whoever receives
 * it in {@code onNext} owns it and must {@link #close()} it; Reactor discard hooks close batches that are dropped by
 * cancellation, errors or operators. {@link #close()} is idempotent. After closing, {@link #root()} must not be used;
 * {@link #rows()} materialises plain Java values that stay valid after closing.
 *
 * @since 0.1.0
 */
public final class ArrowBatch implements AutoCloseable {

  private final StructType schema;
  private final VectorSchemaRoot root;
  private final BufferAllocator allocator;
  private final long startOffset;
  private final AtomicBoolean closed = new AtomicBoolean();

  /** The {@code BatchFactory} of decoding ({@code internal.arrow.ArrowBatchAssembler}): takes ownership of both. */
  ArrowBatch(StructType schema, VectorSchemaRoot root, BufferAllocator allocator, long startOffset) {
    this.schema = schema;
    this.root = root;
    this.allocator = allocator;
    this.startOffset = startOffset;
  }

  /** The Spark schema of the result (identical for every batch of one result). */
  public StructType schema() {
    return schema;
  }

  /** Number of rows in this batch. */
  public int rowCount() {
    return root.getRowCount();
  }

  /** Index, within the whole result, of this batch's first row (0 for the first batch). */
  public long startOffset() {
    return startOffset;
  }

  /** Bytes of Arrow memory this batch holds (0 after {@link #close()}). */
  public long sizeInBytes() {
    return closed.get() ? 0 : allocator.getAllocatedMemory();
  }

  /**
   * The Arrow vectors of this batch. Valid until {@link #close()}; do not close the root yourself.
   *
   * @throws IllegalStateException if the batch was closed
   */
  public VectorSchemaRoot root() {
    if (closed.get()) {
      throw new IllegalStateException("ArrowBatch was closed");
    }
    return root;
  }

  /**
   * The batch as rows (see {@link Row} for the Java types). The column data is copied to the Java heap once, in
   * bulk, and the rows read that copy (each value is made when it is read), so they hold no Arrow memory and remain
   * valid after {@link #close()}. The rows share the copy, about the batch's {@link #sizeInBytes()}: it stays
   * reachable while one of them is ({@link Row#copy()} detaches one).
   *
   * @return {@link #rowCount()} rows, in result order; an unmodifiable list
   * @throws IllegalStateException if the batch was closed, or if a vector does not carry the Arrow type Spark sends
   *     for its column (the message names the column)
   */
  public List<Row> rows() {
    return Row.rowsOf(schema, BatchCopy.of(root(), schema, Row::wrap));
  }

  /** Whether {@link #close()} was called. */
  public boolean isClosed() {
    return closed.get();
  }

  /** Frees the batch's Arrow memory. Idempotent; safe from any thread. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      root.close();
      allocator.close();
    }
  }

  @Override
  public String toString() {
    return "ArrowBatch[rows=" + root.getRowCount() + ", startOffset=" + startOffset + ", closed=" + closed.get() + "]";
  }
}
