package io.github.reactivespark.connect.streaming;

import io.github.reactivespark.connect.DataFrame;
import io.github.reactivespark.connect.SparkSession;
import io.github.reactivespark.connect.internal.ConnectInternals;
import io.github.reactivespark.connect.internal.proto.AnalyzePlanRequest;
import io.github.reactivespark.connect.internal.proto.Plan;
import java.util.Map;
import java.util.WeakHashMap;
import reactor.core.publisher.Mono;

/**
 * Entry points of Structured Streaming for a core {@link SparkSession} and {@link DataFrame}, which live in
 * reactive-core and so cannot carry {@code readStream()}/{@code writeStream()}/{@code streams()} themselves. Spark's
 * {@code spark.readStream()} is {@code SparkStreaming.readStream(spark)}, {@code df.writeStream()} is {@code
 * SparkStreaming.writeStream(df)}, {@code spark.streams()} is {@code SparkStreaming.streams(spark)}.
 */
public final class SparkStreaming {

  private static final Map<SparkSession, StreamingQueryManager> MANAGERS = new WeakHashMap<>();

  private SparkStreaming() {}

  /** A reader of streaming sources in {@code session} (Spark's {@code SparkSession.readStream}). */
  public static DataStreamReader readStream(SparkSession session) {
    return new DataStreamReader(session);
  }

  /**
   * A writer that starts a streaming query over {@code df} (Spark's {@code Dataset.writeStream}). {@code df} must be
   * streaming (built on {@link #readStream}); if it is not, the server rejects {@code start()} with an
   * {@link io.github.reactivespark.connect.exceptions.AnalysisException}.
   */
  public static DataStreamWriter writeStream(DataFrame df) {
    return new DataStreamWriter(df);
  }

  /** The session's streaming query manager (Spark's {@code SparkSession.streams}); one per session. */
  public static StreamingQueryManager streams(SparkSession session) {
    synchronized (MANAGERS) {
      return MANAGERS.computeIfAbsent(session, StreamingQueryManager::new);
    }
  }

  /**
   * Whether {@code df} has a streaming source (Spark's {@code Dataset.isStreaming}): one {@code AnalyzePlan(
   * is_streaming)} RPC. Cold.
   */
  public static Mono<Boolean> isStreaming(DataFrame df) {
    ConnectInternals ci = ConnectInternals.get();
    Plan plan = Plan.newBuilder().setRoot(ci.relation(df)).build();
    return Mono.defer(() -> ci.analyze(df.sparkSession(), b -> b.setIsStreaming(
        AnalyzePlanRequest.IsStreaming.newBuilder().setPlan(plan))))
        .map(r -> r.getIsStreaming().getIsStreaming());
  }
}
