package io.github.reactivespark.connect.internal.arrow;

import io.github.reactivespark.connect.types.StructType;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Makes the batch handed to a subscriber from one decoded Arrow record batch. The public {@code ArrowBatch}
 * passes its package-private constructor ({@code ArrowBatch::new}), so decoding lives here while nothing outside
 * the client can make an {@code ArrowBatch}; tests and benchmarks may pass their own.
 *
 * @param <B> the batch type; closing it must close {@code root} and {@code allocator}
 */
@FunctionalInterface
public interface BatchFactory<B extends AutoCloseable> {

  /**
   * Wraps one decoded record batch; ownership of {@code root} and {@code allocator} passes to the result.
   *
   * @param schema the result's Spark schema
   * @param root the batch's vectors, allocated from {@code allocator}
   * @param allocator the batch's own child allocator
   * @param startOffset index, in the whole result, of the batch's first row
   * @return the batch
   */
  B create(StructType schema, VectorSchemaRoot root, BufferAllocator allocator, long startOffset);
}
