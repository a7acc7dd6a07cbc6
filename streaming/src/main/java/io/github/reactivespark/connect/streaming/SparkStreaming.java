package io.github.reactivespark.connect.streaming;

import io.github.reactivespark.connect.DataFrame;
import io.github.reactivespark.connect.SparkSession;
import io.github.reactivespark.connect.internal.ConnectInternals;
import io.github.reactivespark.connect.internal.proto.AnalyzePlanRequest;
import io.github.reactivespark.connect.internal.proto.Plan;
import io.github.reactivespark.connect.internal.proto.WithWatermark;
import java.util.Map;
import java.util.Objects;
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

  /**
   * {@code df} with an event-time watermark (Spark's {@code Dataset.withWatermark}): the stateful operators of a
   * streaming query over it drop state (and late rows) older than the latest event time seen minus {@code
   * delayThreshold}. Builds a plan; sends nothing.
   *
   * @param df the (streaming) DataFrame
   * @param eventTime the name of a {@code TIMESTAMP} column
   * @param delayThreshold an interval string, for example {@code "10 minutes"} or {@code "1 day"}; the server
   *     rejects a malformed one (when the query is analysed) with an
   *     {@link io.github.reactivespark.connect.exceptions.AnalysisException} or parse error
   */
  public static DataFrame withWatermark(DataFrame df, String eventTime, String delayThreshold) {
    Objects.requireNonNull(eventTime, "eventTime");
    Objects.requireNonNull(delayThreshold, "delayThreshold");
    ConnectInternals ci = ConnectInternals.get();
    return ci.dataFrame(df.sparkSession(), ci.newRelation(df.sparkSession(), b -> b.setWithWatermark(
        WithWatermark.newBuilder().setInput(ci.relation(df)).setEventTime(eventTime)
            .setDelayThreshold(delayThreshold))));
  }
}
