/**
 * The {@code spark-pipelines} command line, in the spirit of Spark's Python {@code spark-pipelines}
 * ({@code python/pyspark/pipelines/cli.py}): {@code run}, {@code dry-run} and {@code init} over a
 * {@code spark-pipeline.yml} project. {@link io.github.reactivespark.connect.pipelines.cli.SparkPipelinesCli} is the
 * main class; {@link io.github.reactivespark.connect.pipelines.cli.PipelineSpec} reads the spec file.
 */
@NullMarked
package io.github.reactivespark.connect.pipelines.cli;

import org.jspecify.annotations.NullMarked;
