/**
 * Spark Declarative Pipelines over Spark Connect: describe a dataflow graph in Java and run it as a cold
 * {@code Flux} of pipeline events.
 *
 * <p>{@link DataflowGraph#builder} collects the graph's elements, named as Spark names them:
 * {@link MaterializedView}, {@link StreamingTable}, {@link TemporaryView} and {@link Sink} outputs, {@link Flow}s from
 * DataFrames into them, and {@link SqlFile}s. Every definition is an immutable value; building one does no I/O.
 * {@link DataflowGraph#run(RunOptions)} sends the graph ({@code CreateDataflowGraph}, {@code DefineOutput},
 * {@code DefineFlow}, {@code DefineSqlGraphElements}) and starts a run ({@code StartRun}) on each subscription, and
 * emits the run's {@link PipelineEvent}s. The commands are those of Spark's {@code pipelines.proto}; the behaviour
 * follows {@code python/pyspark/pipelines/} and the server's {@code PipelinesHandler} (Spark 4.1.2).
 *
 * <p>{@link PipelineDefinition} is the entry point through which the {@code spark-pipelines} CLI
 * ({@link io.github.reactivespark.connect.pipelines.cli.SparkPipelinesCli}) finds Java definitions.
 */
@NullMarked
package io.github.reactivespark.connect.pipelines;

import org.jspecify.annotations.NullMarked;
