package io.github.reactivespark.connect.streaming;

import io.github.reactivespark.connect.DataFrame;
import io.github.reactivespark.connect.SparkSession;
import reactor.core.publisher.Mono;

/**
 * Entry points of Structured Streaming for a core {@link SparkSession} and {@link DataFrame}, which live in
 * reactive-core and so cannot carry {@code readStream()}/{@code writeStream()}/{@code streams()} themselves. Spark's
 * {@code spark.readStream()} is {@code SparkStreaming.readStream(spark)}, {@code df.writeStream()} is {@code
 * SparkStreaming.writeStream(df)}, {@code spark.streams()} is {@code SparkStreaming.streams(spark)}.
 */
public final class SparkStreaming {

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

  /**
   * The session's streaming query manager (Spark's {@code SparkSession.streams}). The manager holds no state of
   * its own (every method asks the server), so each call may return a new instance.
   */
  public static StreamingQueryManager streams(SparkSession session) {
    return new StreamingQueryManager(session);
  }

  /**
   * Whether {@code df} has a streaming source (Spark's {@code Dataset.isStreaming}): one {@code AnalyzePlan(
   * is_streaming)} RPC. Cold.
   *
   * @param df the DataFrame
   * @return what {@link DataFrame#isStreaming()} emits
   * @deprecated {@code isStreaming} is a member of {@link DataFrame}, as in Spark: use {@code df.isStreaming()}.
   *     Goes in the release after 0.1.0.
   */
  @Deprecated(since = "0.1.0", forRemoval = true)
  public static Mono<Boolean> isStreaming(DataFrame df) {
    return df.isStreaming();
  }

  /**
   * {@code df} with an event-time watermark (Spark's {@code Dataset.withWatermark}). Builds a plan; sends nothing.
   *
   * @param df the (streaming) DataFrame
   * @param eventTime the name of a {@code TIMESTAMP} column
   * @param delayThreshold an interval string, for example {@code "10 minutes"} or {@code "1 day"}
   * @return what {@link DataFrame#withWatermark(String, String)} returns
   * @deprecated {@code withWatermark} is a member of {@link DataFrame}, as in Spark: use
   *     {@code df.withWatermark(eventTime, delayThreshold)}. Goes in the release after 0.1.0.
   */
  @Deprecated(since = "0.1.0", forRemoval = true)
  public static DataFrame withWatermark(DataFrame df, String eventTime, String delayThreshold) {
    return df.withWatermark(eventTime, delayThreshold);
  }
}
