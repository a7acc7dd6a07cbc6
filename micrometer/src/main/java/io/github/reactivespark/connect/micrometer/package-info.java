/**
 * Micrometer for Reactive Spark Connect: {@link io.github.reactivespark.connect.micrometer.ObservationSparkConnectListener}
 * makes one {@code Observation} named {@code spark.connect.execute} per client operation (a query's
 * {@code ExecutePlan} with its reattaches and retries, or a unary call), and
 * {@link io.github.reactivespark.connect.micrometer.MeterSparkConnectListener} counts responses, Arrow batches, bytes,
 * rows, reattaches and retries and gauges the operations in flight; {@link
 * io.github.reactivespark.connect.micrometer.SparkSessionMetrics} gauges the Arrow memory a session's batches hold.
 * All of it is built on the core's {@code SparkConnectListener} events, so reactive-core itself carries no
 * Micrometer.
 *
 * <pre>{@code
 * SparkSession spark = SparkSession.builder().remote("sc://spark:15002")
 *     .listener(new ObservationSparkConnectListener(observationRegistry))
 *     .listener(new MeterSparkConnectListener(meterRegistry))
 *     .create();
 * new SparkSessionMetrics(spark, Tags.empty()).bindTo(meterRegistry);
 * }</pre>
 *
 * <p>The Spring Boot starter registers them when Micrometer's registries are beans.
 *
 * @since 0.1.0
 */
@NullMarked
package io.github.reactivespark.connect.micrometer;

import org.jspecify.annotations.NullMarked;
