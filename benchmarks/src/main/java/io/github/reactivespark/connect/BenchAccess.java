package io.github.reactivespark.connect;

import io.github.reactivespark.connect.internal.proto.ExecutePlanResponse;
import org.apache.arrow.memory.BufferAllocator;
import reactor.core.publisher.Flux;

/**
 * Diagnostic access, for the benchmarks only, to the package-private response stream of reactive-core: the same
 * pipeline as {@link DataFrame#toArrow()} (reattachable execution, retries, {@code ReleaseExecute}, the session's
 * prefetch window) minus the Arrow decode. Comparing it with {@code toArrow()} and with a bare gRPC stub splits the
 * client's cost into transport/reattach and decode. Lives in reactive-core's package only to reach
 * {@code SparkSession.execute}; not part of any API.
 */
public final class BenchAccess {

  private BenchAccess() {}

  /**
   * The raw responses of one execution of {@code df} (cold: each subscription runs the query once).
   *
   * @param df the DataFrame whose plan is executed
   * @return every {@code ExecutePlanResponse} of the operation, undecoded
   */
  public static Flux<ExecutePlanResponse> responses(DataFrame df) {
    return df.sparkSession().execute(df.plan());
  }

  /**
   * Decodes already received responses with reactive-core's {@code ArrowBatchAssembler}, exactly as
   * {@link DataFrame#toArrow()} does after the network: for measuring the decode cost alone, offline.
   *
   * @param allocator parent of the batches' allocators
   * @param responses the responses of one operation (schema first), e.g. collected from {@link #responses}
   * @return one batch per Arrow record batch; the subscriber owns and must close each
   */
  public static Flux<ArrowBatch> decode(BufferAllocator allocator, Flux<ExecutePlanResponse> responses) {
    return Flux.defer(() -> {
      ArrowBatchAssembler assembler = new ArrowBatchAssembler(allocator);
      return responses.<ArrowBatch>handle(assembler::accept);
    });
  }
}
