package io.github.reactivespark.connect.pipelines.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.reactivespark.connect.pipelines.PipelineDefinition;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI up to the point where it needs a server: usage errors, spec errors with file, field and line, {@code init},
 * and the discovery of Java definitions on the classpath (this module's test resources register one). The runs
 * themselves are tested against the server in integration-tests ({@code PipelineCliIT}).
 */
class SparkPipelinesCliTest {

  @TempDir Path dir;

  @Test
  void noSpecUpwardIsAUsageError() {
    Result r = cli(dir, "run");
    assertEquals(SparkPipelinesCli.EXIT_USAGE, r.status, r.toString());
    assertTrue(r.err.contains("no spark-pipeline.yml or spark-pipeline.yaml in this directory or any parent"),
        r.err);
  }

  @Test
  void badSpecIsReportedBeforeAnyServerIsContacted() throws IOException {
    Path spec = Files.writeString(dir.resolve("spark-pipeline.yml"), "name: x\nlibraries: []\n");
    Result r = cli(dir, "dry-run", "--remote", "sc://127.0.0.1:1");
    assertEquals(SparkPipelinesCli.EXIT_USAGE, r.status, r.toString());
    assertTrue(r.err.contains(spec + ":1: field 'storage': missing required field"), r.err);
  }

  @Test
  void conflictingRefreshOptionsAreRefused() throws IOException {
    Files.writeString(dir.resolve("spark-pipeline.yml"), "name: x\nstorage: s\n");
    Result r = cli(dir, "run", "--full-refresh-all", "--refresh", "a,b", "--remote", "sc://127.0.0.1:1");
    assertEquals(SparkPipelinesCli.EXIT_USAGE, r.status, r.toString());
    assertTrue(r.err.contains("CONFLICTING_PIPELINE_REFRESH_OPTIONS"), r.err);
  }

  @Test
  void unsupportedLibraryFileNamesTheGlob() throws IOException {
    Files.writeString(dir.resolve("notes.py"), "print(1)\n");
    Path spec = Files.writeString(dir.resolve("spark-pipeline.yml"),
        "name: x\nstorage: s\nlibraries:\n  - glob:\n      include: '*.py'\n");
    Result r = cli(dir, "run", "--remote", "sc://127.0.0.1:1");
    assertEquals(SparkPipelinesCli.EXIT_USAGE, r.status, r.toString());
    assertTrue(r.err.contains(spec + ":5: field 'libraries[0].glob.include': 'notes.py' is neither a .sql file nor"
        + " a .jar"), r.err);
  }

  @Test
  void initWritesAProjectWhoseSpecLoads() throws IOException {
    Result r = cli(dir, "init", "--name", "demo");
    assertEquals(0, r.status, r.toString());
    PipelineSpec spec = PipelineSpec.load(dir.resolve("demo/spark-pipeline.yml"));
    assertEquals("demo", spec.name());
    assertEquals(dir.resolve("demo/pipeline-storage").toUri().toString(), spec.storage());
    assertEquals(List.of("transformations/example_even_numbers.sql", "transformations/example_numbers.sql"),
        spec.libraryFiles().stream().map(f -> spec.relativeName(f.path())).toList());
    Result again = cli(dir, "init", "--name", "demo");
    assertEquals(SparkPipelinesCli.EXIT_USAGE, again.status);
    assertTrue(again.err.contains("already exists"), again.err);
    Result usage = cli(dir, "init");
    assertEquals(SparkPipelinesCli.EXIT_USAGE, usage.status);
    assertTrue(usage.err.contains("--name"), usage.err);
  }

  @Test
  void definitionsAreFoundOnTheClasspath() {
    List<PipelineDefinition> found = SparkPipelinesCli.definitions(getClass().getClassLoader());
    assertEquals(List.of(ClasspathDefinition.class), found.stream().map(Object::getClass).toList());
  }

  /** Registered in this module's test resources (META-INF/services). */
  public static final class ClasspathDefinition implements PipelineDefinition {
    @Override
    public void define(io.github.reactivespark.connect.pipelines.GraphBuilder graph) {
      graph.sqlConf("defined.by", "classpath");
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
