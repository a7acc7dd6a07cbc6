package io.github.reactivespark.connect.bench;

import io.github.reactivespark.connect.SparkSession;
import io.github.reactivespark.connect.internal.ConnectInternals;
import io.github.reactivespark.connect.internal.proto.ExecutePlanResponse;
import java.util.List;
import java.util.Locale;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import reactor.core.publisher.Flux;

/**
 * Diagnostic: the cost of reactive-core's Arrow decode alone, without the server or the network.
 * {@code java --add-opens=java.base/java.nio=ALL-UNNAMED -cp benchmarks.jar
 * io.github.reactivespark.connect.bench.DecodeReplay <remote> <rows> <rounds>} fetches the workload's responses once
 * (kept in memory: about 36 bytes per row), then decodes them {@code rounds} times with {@code ArrowBatchAssembler}
 * (summing the id vector like variant (a)) and prints the decode rate of each round. On a 2-core box shared with the
 * server, this is the client-side ceiling of (a) minus the transport.
 */
public final class DecodeReplay {

  private DecodeReplay() {}

  /**
   * Runs the replay.
   *
   * @param args {@code remote rows rounds}
   */
  public static void main(String[] args) {
    String remote = args[0];
    long rows = Long.parseLong(args[1]);
    int rounds = Integer.parseInt(args[2]);
    List<ExecutePlanResponse> responses;
    try (SparkSession s = SparkSession.builder().remote(remote).create()) {
      responses = ConnectInternals.client(s).execute(ConnectInternals.plan(s.range(rows)
          .selectExpr(BenchmarkRun.EXPRESSIONS))).collectList().block();
    }
    try (RootAllocator allocator = new RootAllocator()) {
      for (int round = 0; round < rounds; round++) {
        long[] acc = new long[2];
        long t0 = System.nanoTime();
        ConnectInternals.arrowBatches(allocator, Flux.fromIterable(responses)).doOnNext(b -> {
          try (b) {
            BigIntVector ids = (BigIntVector) b.root().getVector(0);
            for (int i = 0; i < b.rowCount(); i++) {
              acc[1] += ids.get(i);
            }
            acc[0] += b.rowCount();
          }
        }).blockLast();
        long nanos = System.nanoTime() - t0;
        System.out.printf(Locale.ROOT, "round %d: %d rows in %.3f s = %.2f M rows/s decoded, %.1f us per batch%n",
            round, acc[0], nanos / 1e9, acc[0] / (nanos / 1e3), nanos / 1e3 / (acc[0] / 10_000.0));
      }
    }
  }
}
