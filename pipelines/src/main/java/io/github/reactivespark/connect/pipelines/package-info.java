/**
 * Spark Declarative Pipelines over Spark Connect: describe a dataflow graph in Java and run it as a cold
 * {@code Flux} of pipeline events.
 *
 * <p>{@link io.github.reactivespark.connect.pipelines.DataflowGraph#builder(io.github.reactivespark.connect.SparkSession)}
 * collects the graph's elements, named as Spark names them: {@link io.github.reactivespark.connect.pipelines.MaterializedView},
 * {@link io.github.reactivespark.connect.pipelines.StreamingTable}, {@link io.github.reactivespark.connect.pipelines.TemporaryView}
 * and {@link io.github.reactivespark.connect.pipelines.Sink} outputs, {@link io.github.reactivespark.connect.pipelines.Flow}s
 * from DataFrames into them, and SQL files ({@link io.github.reactivespark.connect.pipelines.SqlFile}). Every definition is
 * an immutable value; building one does no I/O. {@link io.github.reactivespark.connect.pipelines.DataflowGraph#run(RunOptions)}
 * sends the graph ({@code CreateDataflowGraph}, {@code DefineOutput}, {@code DefineFlow},
 * {@code DefineSqlGraphElements}) and starts a run ({@code StartRun}) on each subscription, and emits the run's
 * {@link io.github.reactivespark.connect.pipelines.PipelineEvent}s. The commands are those of Spark's
 * {@code pipelines.proto}; the behaviour follows {@code python/pyspark/pipelines/} and the server's
 * {@code PipelinesHandler} (Spark 4.1.2).
 *
 * <p>{@link io.github.reactivespark.connect.pipelines.PipelineDefinition} is the entry point through which the
 * {@code spark-pipelines} CLI ({@code io.github.reactivespark.connect.pipelines.cli}) finds Java definitions.
 */
@NullMarked
package io.github.reactivespark.connect.pipelines;

import org.jspecify.annotations.NullMarked;
