package io.github.reactivespark.connect.pipelines.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Spec discovery, parsing and library globs, with the file, field and line of every problem. */
class PipelineSpecTest {

  @TempDir Path dir;

  private Path spec(String... lines) throws IOException {
    return Files.writeString(dir.resolve("spark-pipeline.yml"), String.join("\n", lines) + "\n");
  }

  @Test
  void readsEveryField() throws IOException {
    Path file = spec(
        "name: flights",
        "storage: file:///data/storage",
        "catalog: spark_catalog",
        "schema: gold",
        "configuration:",
        "  spark.sql.shuffle.partitions: 4",
        "  a.b: \"x\"",
        "libraries:",
        "  - glob:",
        "      include: transformations/**",
        "  - glob:",
        "      include: lib/*.jar");
    PipelineSpec spec = PipelineSpec.load(file);
    assertEquals("flights", spec.name());
    assertEquals("file:///data/storage", spec.storage());
    assertEquals(Optional.of("spark_catalog"), spec.defaultCatalog());
    assertEquals(Optional.of("gold"), spec.defaultDatabase(), "schema is a synonym of database");
    assertEquals(Map.of("spark.sql.shuffle.partitions", "4", "a.b", "x"), spec.configuration());
    assertEquals(List.of("transformations/**", "lib/*.jar"),
        spec.libraries().stream().map(PipelineSpec.LibraryGlob::include).toList());
    assertEquals(10, spec.libraries().get(0).line());
  }

  @Test
  void relativeStorageIsResolvedAgainstTheSpecDirectory() throws IOException {
    PipelineSpec spec = PipelineSpec.load(spec("name: x", "storage: state/here"));
    assertEquals(dir.resolve("state/here").toUri().toString(), spec.storage());
    assertTrue(spec.storage().startsWith("file:/"));
  }

  @Test
  void unknownFieldNamesFileFieldAndLine() throws IOException {
    Path file = spec("name: x", "storage: s", "", "storag: typo");
    PipelineSpecException e = assertThrows(PipelineSpecException.class, () -> PipelineSpec.load(file));
    assertEquals(file, e.file());
    assertEquals(Optional.of("storag"), e.field());
    assertEquals(4, e.line());
    assertEquals(file + ":4: field 'storag': unknown field (allowed: name, storage, catalog, database, schema,"
        + " configuration, libraries)", e.getMessage());
  }

  @Test
  void missingStorageNamesTheField() throws IOException {
    Path file = spec("name: x", "libraries: []");
    PipelineSpecException e = assertThrows(PipelineSpecException.class, () -> PipelineSpec.load(file));
    assertEquals(Optional.of("storage"), e.field());
    assertEquals(1, e.line(), "the line of the mapping the field is missing from");
    assertTrue(e.getMessage().contains("missing required field"), e.getMessage());
    PipelineSpecException empty = assertThrows(PipelineSpecException.class,
        () -> PipelineSpec.load(spec("name: x", "storage:")));
    assertEquals(2, empty.line());
    assertTrue(empty.getMessage().contains("field 'storage': must not be empty"), empty.getMessage());
  }

  @Test
  void shapesAndRepeatsAndYamlErrorsHaveLines() throws IOException {
    PipelineSpecException nested = assertThrows(PipelineSpecException.class, () -> PipelineSpec.load(spec(
        "name: x", "storage: s", "libraries:", "  - glob:", "      include: a", "      exclude: b")));
    assertEquals(Optional.of("libraries[0].glob.exclude"), nested.field());
    assertEquals(6, nested.line());
    PipelineSpecException notMap = assertThrows(PipelineSpecException.class, () -> PipelineSpec.load(spec(
        "name: x", "storage: s", "configuration:", "  - a")));
    assertEquals(Optional.of("configuration"), notMap.field());
    assertEquals(4, notMap.line());
    PipelineSpecException repeated = assertThrows(PipelineSpecException.class, () -> PipelineSpec.load(spec(
        "name: x", "storage: s", "name: y")));
    assertEquals(3, repeated.line());
    assertTrue(repeated.getMessage().contains("repeated field"), repeated.getMessage());
    PipelineSpecException both = assertThrows(PipelineSpecException.class, () -> PipelineSpec.load(spec(
        "name: x", "storage: s", "database: a", "schema: b")));
    assertEquals(Optional.of("schema"), both.field());
    PipelineSpecException yaml = assertThrows(PipelineSpecException.class, () -> PipelineSpec.load(spec(
        "name: x", "storage: [unclosed")));
    assertTrue(yaml.line() >= 2, yaml.getMessage());
    assertTrue(yaml.getMessage().contains("not valid YAML"), yaml.getMessage());
  }

  @Test
  void globsMatchFilesAndAGlobMatchingNothingIsAnError() throws IOException {
    Files.createDirectories(dir.resolve("transformations/sub"));
    Files.writeString(dir.resolve("transformations/a.sql"), "");
    Files.writeString(dir.resolve("transformations/sub/b.sql"), "");
    Files.writeString(dir.resolve("transformations/sub/c.txt"), "");
    PipelineSpec all = PipelineSpec.load(spec("name: x", "storage: s", "libraries:",
        "  - glob:", "      include: transformations/**/*.sql"));
    assertEquals(List.of("transformations/a.sql", "transformations/sub/b.sql"),
        all.libraryFiles().stream().map(f -> all.relativeName(f.path())).toList(),
        "**/ also matches no directory, as in Python");
    PipelineSpec everything = PipelineSpec.load(spec("name: x", "storage: s", "libraries:",
        "  - glob:", "      include: transformations/**"));
    assertEquals(3, everything.libraryFiles().size());

    PipelineSpec none = PipelineSpec.load(spec("name: x", "storage: s", "libraries:",
        "  - glob:", "      include: transformations/*.sql", "  - glob:", "      include: missing/**"));
    PipelineSpecException e = assertThrows(PipelineSpecException.class, none::libraryFiles);
    assertEquals(Optional.of("libraries[1].glob.include"), e.field());
    assertEquals(7, e.line());
    assertTrue(e.getMessage().contains("the glob 'missing/**' matches no file"), e.getMessage());
  }

  @Test
  void findLooksUpwardAndRefusesTwoSpecs() throws IOException {
    Path file = spec("name: x", "storage: s");
    Path deep = Files.createDirectories(dir.resolve("a/b/c"));
    assertEquals(file, PipelineSpec.find(deep));
    Files.writeString(dir.resolve("a/spark-pipeline.yaml"), "name: y\nstorage: s\n");
    assertEquals(dir.resolve("a/spark-pipeline.yaml"), PipelineSpec.find(deep), "the nearest wins");
    Files.writeString(dir.resolve("a/spark-pipeline.yml"), "name: z\nstorage: s\n");
    PipelineSpecException two = assertThrows(PipelineSpecException.class, () -> PipelineSpec.find(deep));
    assertTrue(two.getMessage().contains("both spark-pipeline.yml and spark-pipeline.yaml"), two.getMessage());
  }
}
