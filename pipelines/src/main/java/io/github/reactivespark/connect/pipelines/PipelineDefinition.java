package io.github.reactivespark.connect.pipelines;

/**
 * Java definitions of a pipeline, found by the {@code spark-pipelines} CLI through {@link java.util.ServiceLoader}:
 * the Java counterpart of the Python files a {@code spark-pipeline.yml} includes.
 *
 * <p>Implement it with a public no-argument constructor and list the class in
 * {@code META-INF/services/io.github.reactivespark.connect.pipelines.PipelineDefinition} of your jar. The CLI loads
 * the definitions it finds on its classpath and in the jars that the spec's {@code libraries} globs match (in class
 * name order) and calls {@link #define(GraphBuilder)} on each, on the CLI's main thread, before the run starts.
 *
 * <pre>{@code
 * public final class FlightsDefinition implements PipelineDefinition {
 *   public void define(GraphBuilder graph) {
 *     graph.streamingTable("bronze_flights", graph.readStream().schema(SCHEMA)
 *         .json(graph.sqlConf().get("flights.input")));
 *   }
 * }
 * }</pre>
 */
@FunctionalInterface
public interface PipelineDefinition {

  /**
   * Adds this definition's datasets and flows to the graph. May build DataFrames with
   * {@link GraphBuilder#sparkSession()}; must not run queries (nothing is executed while a graph is defined, as
   * PySpark blocks session mutations during registration).
   *
   * @param graph the graph being built
   */
  void define(GraphBuilder graph);
}
