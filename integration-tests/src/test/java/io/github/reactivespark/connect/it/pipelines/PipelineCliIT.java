package io.github.reactivespark.connect.it.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.reactivespark.connect.it.TestServer;
import io.github.reactivespark.connect.pipelines.GraphBuilder;
import io.github.reactivespark.connect.pipelines.PipelineDefinition;
import io.github.reactivespark.connect.pipelines.cli.SparkPipelinesCli;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;

/**
 * The {@code spark-pipelines} CLI against the server: {@code init} makes a project that runs from one of its
 * subdirectories (the spec is found upward), a refresh selection and a dry run on it, a project whose Java
 * definition comes from a jar its libraries glob matches, and a failing run's exit status and message.
 */
class PipelineCliIT extends PipelinesTestBase {

  @Test
  void initCreatesAProjectThatRunsFromASubdirectory() throws IOException {
    // the example's dataset names are fixed: make sure no earlier run left them
    dropExamples();
    try {
      Result init = cli(scratch, "init", "--name", "demo");
      assertEquals(0, init.status, init.toString());
      Path project = scratch.resolve("demo");
      assertTrue(Files.isRegularFile(project.resolve("spark-pipeline.yml")), init.toString());

      Path nested = Files.createDirectories(project.resolve("transformations/more/deeper"));
      Result run = cli(nested, "run", "--remote", TestServer.remote());
      assertEquals(0, run.status, run.toString());
      assertTrue(run.out.contains("Loading pipeline spec from " + project.resolve("spark-pipeline.yml")), run.out);
      assertTrue(run.out.contains("INFO  Run is COMPLETED."), run.out);
      assertEquals(List.of("[0]", "[2]", "[4]", "[6]", "[8]"), sortedRows("SELECT id FROM example_even_numbers"));
      assertEquals(10L, spark.table("example_numbers").count().block(TIMEOUT));

      Result partial = cli(project, "run", "--remote", TestServer.remote(), "--full-refresh", "example_numbers",
          "--refresh", "example_even_numbers");
      assertEquals(0, partial.status, partial.toString());
      assertTrue(partial.out.contains("Flow spark_catalog.default.example_numbers has COMPLETED."), partial.out);

      Result dry = cli(project, "dry-run", "--remote", TestServer.remote());
      assertEquals(0, dry.status, dry.toString());
      assertTrue(dry.out.contains("Starting dry run of pipeline 'demo'"), dry.out);
      assertTrue(!dry.out.contains("is RUNNING"), "a dry run runs no flow: " + dry.out);
    } finally {
      dropExamples();
    }
  }

  @Test
  void javaDefinitionFromAJarAndSqlFileTogether() throws IOException {
    Path project = Files.createDirectories(scratch.resolve("project"));
    Files.createDirectories(project.resolve("lib"));
    Files.createDirectories(project.resolve("sql"));
    try (OutputStream f = Files.newOutputStream(project.resolve("lib/definitions.jar"));
        JarOutputStream jar = new JarOutputStream(f)) {
      jar.putNextEntry(new JarEntry("META-INF/services/" + PipelineDefinition.class.getName()));
      jar.write((SquaresDefinition.class.getName() + "\n").getBytes(StandardCharsets.UTF_8));
      jar.closeEntry();
    }
    Files.writeString(project.resolve("sql/sum.sql"), "CREATE MATERIALIZED VIEW " + name("sum_of_squares")
        + " AS SELECT sum(sq) AS total FROM " + name("squares") + ";\n");
    Files.writeString(project.resolve("spark-pipeline.yaml"), String.join("\n",
        "name: squares",
        "storage: storage",
        "configuration:",
        "  it.prefix: " + prefix,
        "  spark.sql.shuffle.partitions: 2",
        "libraries:",
        "  - glob:",
        "      include: lib/*.jar",
        "  - glob:",
        "      include: sql/**/*.sql",
        ""));

    Result run = cli(project, "run", "--remote", TestServer.remote());
    assertEquals(0, run.status, run.toString());
    assertTrue(run.out.contains("Registering Java definition " + SquaresDefinition.class.getName()), run.out);
    assertTrue(run.out.contains("Registering SQL file sql/sum.sql"), run.out);
    assertEquals(List.of("[285]"), sortedRows("SELECT total FROM " + name("sum_of_squares")), "sum of 0^2..9^2");
    assertTrue(run.out.contains("(storage " + project.resolve("storage").toUri() + ")"),
        "the relative storage is resolved against the spec's directory: " + run.out);
  }

  @Test
  void failingRunExitsWithOneAndNamesTheDataset() throws IOException {
    Path project = Files.createDirectories(scratch.resolve("failing"));
    Files.writeString(project.resolve("spark-pipeline.yml"), String.join("\n",
        "name: failing",
        "storage: " + project.resolve("storage").toUri(),
        "configuration:",
        "  spark.sql.pipelines.maxFlowRetryAttempts: 0",
        "libraries:",
        "  - glob:",
        "      include: '*.sql'",
        ""));
    Files.writeString(project.resolve("boom.sql"), "CREATE MATERIALIZED VIEW " + name("boom")
        + " AS SELECT assert_true(id < 3) AS x FROM range(5);\n");

    Result run = cli(project, "run", "--remote", TestServer.remote());
    assertEquals(SparkPipelinesCli.EXIT_RUN_FAILED, run.status, run.toString());
    assertTrue(run.err.contains("ERROR Pipeline run failed (datasets: " + qualified("boom") + ")"), run.err);
    assertTrue(run.out.contains("Flow '" + qualified("boom") + "' has FAILED."), run.out);
  }

  @Test
  void badSpecIsReportedWithFileFieldAndLine() throws IOException {
    Path project = Files.createDirectories(scratch.resolve("bad"));
    Path spec = project.resolve("spark-pipeline.yml");
    Files.writeString(spec, String.join("\n", "name: bad", "storage: storage", "libraries:", "  - glob:",
        "      include: nothing/**", ""));
    Result run = cli(project, "run", "--remote", TestServer.remote());
    assertEquals(SparkPipelinesCli.EXIT_USAGE, run.status, run.toString());
    assertTrue(run.err.contains(spec + ":5: field 'libraries[0].glob.include': the glob 'nothing/**' matches no file"),
        run.err);
  }

  /** A Java definition the CLI finds through the jar's service file: squares of 0..9. */
  public static final class SquaresDefinition implements PipelineDefinition {
    @Override
    public void define(GraphBuilder graph) {
      String prefix = graph.sqlConf().get("it.prefix");
      graph.materializedView(prefix + "squares", graph.sparkSession().range(10).selectExpr("id * id AS sq"));
    }
  }

  private void dropExamples() {
    for (String t : List.of("example_numbers", "example_even_numbers")) {
      spark.sql("DROP TABLE IF EXISTS " + t).collectAsList().block(TIMEOUT);
    }
  }

  private static Result cli(Path cwd, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = SparkPipelinesCli.execute(args, cwd, Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private record Result(int status, String out, String err) {}
}
