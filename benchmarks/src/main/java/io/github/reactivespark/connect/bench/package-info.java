/**
 * Streaming-throughput and peak-heap benchmarks of reactive-core against the official Spark Connect JVM client and
 * the raw gRPC wire rate.
 *
 * <p>{@link io.github.reactivespark.connect.bench.Launcher} is the entry point: it forks one JVM per
 * (variant, row count, run) running {@link io.github.reactivespark.connect.bench.BenchmarkRun}, collects one result
 * line from each and prints a table of medians. See {@code benchmarks/README.md}.
 */
package io.github.reactivespark.connect.bench;
