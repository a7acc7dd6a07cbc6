package io.github.reactivespark.connect.pipelines.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code spark-pipelines init --name NAME}: a new pipeline project in {@code NAME/} under the current directory, as
 * Spark's {@code init_cli.py} makes one: a {@code spark-pipeline.yml} whose storage is {@code NAME/pipeline-storage}
 * and whose library glob is {@code transformations/**}, and two SQL materialized views in {@code transformations/},
 * the second reading the first. It runs as it is ({@code cd NAME && spark-pipelines run}). (Spark's example includes a
 * Python file; a Java definition needs compiling, see
 * {@link io.github.reactivespark.connect.pipelines.PipelineDefinition}.)
 */
public final class ProjectInit {

  /** The first example: the numbers 0 to 9. */
  static final String NUMBERS_SQL = """
      CREATE MATERIALIZED VIEW example_numbers AS
      SELECT id FROM range(10);
      """;

  /** The second example reads the first. */
  static final String EVEN_SQL = """
      CREATE MATERIALIZED VIEW example_even_numbers AS
      SELECT id FROM example_numbers
      WHERE id % 2 = 0;
      """;

  private ProjectInit() {}

  /**
   * Creates the project. Blocking (writes files).
   *
   * @param parent the directory to create it in (the current directory)
   * @param name the project's name, also its directory's name and the pipeline's name
   * @return the project directory
   * @throws IllegalArgumentException if the name is not a plain directory name, or the directory exists
   * @throws UncheckedIOException if a file cannot be written
   */
  public static Path create(Path parent, String name) {
    if (name.isBlank() || name.contains("/") || name.contains("\\") || name.equals(".") || name.equals("..")) {
      throw new IllegalArgumentException("the project name must be a plain directory name, was '" + name + "'");
    }
    Path dir = parent.toAbsolutePath().normalize().resolve(name);
    try {
      Files.createDirectory(dir);
      Path transformations = Files.createDirectory(dir.resolve("transformations"));
      Files.writeString(dir.resolve(PipelineSpec.FILE_NAMES.get(0)), spec(name, dir), StandardCharsets.UTF_8);
      Files.writeString(transformations.resolve("example_numbers.sql"), NUMBERS_SQL, StandardCharsets.UTF_8);
      Files.writeString(transformations.resolve("example_even_numbers.sql"), EVEN_SQL, StandardCharsets.UTF_8);
      return dir;
    } catch (FileAlreadyExistsException e) {
      throw new IllegalArgumentException("cannot create the project: " + dir + " already exists");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create the project in " + dir, e);
    }
  }

  private static String spec(String name, Path dir) {
    return "name: " + name + "\n"
        + "# where runs keep their streaming checkpoints and metadata\n"
        + "# (an absolute URI, or a path relative to this file)\n"
        + "storage: " + dir.resolve("pipeline-storage").toUri() + "\n"
        + "libraries:\n"
        + "  - glob:\n"
        + "      include: transformations/**\n";
  }
}
