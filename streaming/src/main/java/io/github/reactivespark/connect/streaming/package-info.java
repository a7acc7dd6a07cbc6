/**
 * Structured Streaming over Spark Connect: {@link io.github.reactivespark.connect.streaming.SparkStreaming} is the
 * entry point ({@code readStream(session)}, {@code writeStream(df)}, {@code streams(session)}), giving a
 * {@link io.github.reactivespark.connect.streaming.DataStreamReader},
 * {@link io.github.reactivespark.connect.streaming.DataStreamWriter},
 * {@link io.github.reactivespark.connect.streaming.StreamingQuery} and
 * {@link io.github.reactivespark.connect.streaming.StreamingQueryManager}, mirroring {@code
 * org.apache.spark.sql.connect.streaming} of Spark's Scala client and {@code pyspark.sql.connect.streaming}.
 *
 * <p>Builders are immutable values; every server interaction is a cold {@code Mono} that sends one command per
 * subscription. Nothing here blocks a thread.
 */
@NullMarked
package io.github.reactivespark.connect.streaming;

import org.jspecify.annotations.NullMarked;
