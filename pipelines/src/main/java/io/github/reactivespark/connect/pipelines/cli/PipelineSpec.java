package io.github.reactivespark.connect.pipelines.cli;

import io.github.reactivespark.connect.pipelines.RunOptions;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A pipeline spec file, {@code spark-pipeline.yml} (or {@code .yaml}), read as Spark's
 * {@code python/pyspark/pipelines/cli.py} reads it. Immutable.
 *
 * <pre>
 * name: flights
 * storage: file:///data/flights/pipeline-storage   # or a path, resolved against the spec's directory
 * catalog: spark_catalog                           # optional
 * database: default                                # optional; "schema" is a synonym
 * configuration:                                   # optional: SQL confs for every flow
 *   spark.sql.shuffle.partitions: "4"
 * libraries:                                       # where the definitions are
 *   - glob:
 *       include: transformations/**
 * </pre>
 *
 * <p>The file is parsed with SnakeYAML into nodes, so every problem is reported with its line
 * ({@link PipelineSpecException}): an unknown or repeated field, a missing {@code name} or {@code storage}, a value
 * of the wrong shape. {@code configuration} values may be any YAML scalar (a number is taken as its text; PySpark
 * requires quoted strings).
 *
 * <p>Library globs are relative to the spec's directory, in Java's glob syntax ({@code *}, {@code ?}, {@code [..]},
 * {@code {a,b}}; {@code **} crosses directories, and {@code dir/**} is everything under {@code dir}); as in Python,
 * <code>a/**&#47;*.sql</code> also matches the files directly in {@code a}. A glob that matches no file is an error
 * (PySpark only logs it). Matched {@code .sql} files become SQL graph elements; matched {@code .jar} files are searched for
 * {@link io.github.reactivespark.connect.pipelines.PipelineDefinition}s; any other file is an error.
 *
 * @param file the spec file, absolute
 * @param name the pipeline's name
 * @param storage the run's storage as an absolute URI with a scheme
 * @param catalog the default catalog, or null
 * @param database the default database ({@code database} or {@code schema}), or null
 * @param configuration SQL confs for every flow, in file order
 * @param libraries the library globs, in file order
 */
public record PipelineSpec(Path file, String name, String storage, @Nullable String catalog,
    @Nullable String database, Map<String, String> configuration, List<LibraryGlob> libraries) {

  /** The file names searched for, in this order, as Spark's CLI does. */
  public static final List<String> FILE_NAMES = List.of("spark-pipeline.yml", "spark-pipeline.yaml");

  private static final Set<String> FIELDS =
      Set.of("name", "storage", "catalog", "database", "schema", "configuration", "libraries");
  private static final String ALLOWED = "name, storage, catalog, database, schema, configuration, libraries";

  /**
   * Takes unmodifiable copies of the collections.
   *
   * @param file the spec file
   * @param name the pipeline's name
   * @param storage the storage URI
   * @param catalog the default catalog, or null
   * @param database the default database, or null
   * @param configuration SQL confs
   * @param libraries library globs
   */
  public PipelineSpec {
    Objects.requireNonNull(file, "file");
    configuration = Collections.unmodifiableMap(new LinkedHashMap<>(configuration));
    libraries = List.copyOf(libraries);
  }

  /**
   * One {@code - glob: include: ...} entry of {@code libraries}.
   *
   * @param include the glob, relative to the spec's directory
   * @param index the entry's index in {@code libraries}
   * @param line the 1-based line of the {@code include} value
   */
  public record LibraryGlob(String include, int index, int line) {
    /**
     * The field path of this entry's glob.
     *
     * @return for example {@code libraries[0].glob.include}
     */
    public String field() {
      return "libraries[" + index + "].glob.include";
    }
  }

  /**
   * Finds the spec file in {@code start} or the nearest of its ancestors, as Spark's CLI does.
   *
   * @param start the directory to start from (the current directory)
   * @return the spec file, absolute
   * @throws PipelineSpecException if no directory on the way up has one, or one has both {@code .yml} and
   *     {@code .yaml}
   */
  public static Path find(Path start) {
    Path dir = start.toAbsolutePath().normalize();
    for (Path d = dir; d != null; d = d.getParent()) {
      List<Path> found = new ArrayList<>();
      for (String n : FILE_NAMES) {
        if (Files.isRegularFile(d.resolve(n))) {
          found.add(d.resolve(n));
        }
      }
      if (found.size() > 1) {
        throw new PipelineSpecException(d, null, 0, "both " + FILE_NAMES.get(0) + " and " + FILE_NAMES.get(1)
            + " found; keep one");
      }
      if (found.size() == 1) {
        return found.get(0);
      }
    }
    throw new PipelineSpecException(dir, null, 0, "no " + FILE_NAMES.get(0) + " or " + FILE_NAMES.get(1)
        + " in this directory or any parent directory (give one with --spec)");
  }

  /**
   * Reads and checks a spec file. Blocking (reads the file).
   *
   * @param file the spec file
   * @return the spec
   * @throws PipelineSpecException naming the file, the field and the line of the first problem
   * @throws UncheckedIOException if the file cannot be read
   */
  public static PipelineSpec load(Path file) {
    Path abs = file.toAbsolutePath().normalize();
    if (!Files.isRegularFile(abs)) {
      throw new PipelineSpecException(abs, null, 0, "no such spec file");
    }
    Node root;
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    try (Reader r = Files.newBufferedReader(abs, StandardCharsets.UTF_8)) {
      root = new Yaml(new SafeConstructor(options)).compose(r);
    } catch (MarkedYAMLException e) {
      int line = e.getProblemMark() != null ? e.getProblemMark().getLine() + 1 : 0;
      throw new PipelineSpecException(abs, null, line, "not valid YAML: " + e.getProblem());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + abs, e);
    }
    return new Reading(abs).spec(root);
  }

  /**
   * A file a library glob matched.
   *
   * @param path the file, absolute
   * @param glob the first glob that matched it
   */
  public record LibraryFile(Path path, LibraryGlob glob) {}

  /**
   * The files the library globs match, in glob order and, within a glob, in path order; a file matched by two
   * globs is listed once, with the first. Blocking (walks directories).
   *
   * @return the matched regular files
   * @throws PipelineSpecException if a glob is absolute or matches no file
   */
  public List<LibraryFile> libraryFiles() {
    Path base = file.getParent();
    Set<Path> seen = new HashSet<>();
    List<LibraryFile> out = new ArrayList<>();
    for (LibraryGlob g : libraries) {
      List<Path> matched = match(base, g);
      if (matched.isEmpty()) {
        throw new PipelineSpecException(file, g.field(), g.line(), "the glob '" + g.include()
            + "' matches no file under " + base);
      }
      for (Path p : matched) {
        if (seen.add(p)) {
          out.add(new LibraryFile(p, g));
        }
      }
    }
    return out;
  }

  /**
   * The path of a library file relative to the spec's directory, with {@code /} separators: the name a SQL file is
   * sent under, as PySpark does.
   *
   * @param libraryFile a file under the spec's directory
   * @return the relative path
   */
  public String relativeName(Path libraryFile) {
    return file.getParent().relativize(libraryFile).toString().replace('\\', '/');
  }

  private List<Path> match(Path base, LibraryGlob g) {
    String glob = g.include().replace('\\', '/');
    if (glob.startsWith("/") || Path.of(glob).isAbsolute()) {
      throw new PipelineSpecException(file, g.field(), g.line(), "the glob '" + glob
          + "' must be relative to the spec's directory");
    }
    List<PathMatcher> matchers = new ArrayList<>();
    for (String variant : new String[] {glob, glob.replace("/**/", "/"),
        glob.startsWith("**/") ? glob.substring(3) : glob}) {
      matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + variant));
    }
    Path root = base.resolve(literalPrefix(glob)).normalize();
    if (!Files.exists(root)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile)
          .filter(p -> {
            Path rel = Path.of(relativeName(p));
            return matchers.stream().anyMatch(m -> m.matches(rel));
          })
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + root, e);
    }
  }

  /** The directories of {@code glob} before its first segment with a glob character. */
  private static String literalPrefix(String glob) {
    String[] parts = glob.split("/");
    StringBuilder prefix = new StringBuilder();
    for (int i = 0; i < parts.length - 1; i++) {
      if (parts[i].matches(".*[*?\\[{].*")) {
        break;
      }
      prefix.append(parts[i]).append('/');
    }
    return prefix.length() == 0 ? "." : prefix.toString();
  }

  /** One pass over the node tree of a file. */
  private static final class Reading {
    private final Path file;

    Reading(Path file) {
      this.file = file;
    }

    PipelineSpec spec(@Nullable Node root) {
      if (root == null) {
        throw new PipelineSpecException(file, null, 0, "the file is empty; it needs at least name and storage");
      }
      MappingNode top = mapping(root, null);
      Map<String, NodeTuple> fields = fields(top, null, FIELDS, ALLOWED);
      String name = requiredScalar(fields, "name", top);
      String storage = requiredScalar(fields, "storage", top);
      String catalog = optionalScalar(fields, "catalog");
      String database = optionalScalar(fields, "database");
      String schema = optionalScalar(fields, "schema");
      if (database != null && schema != null) {
        throw problem("schema", fields.get("schema").getKeyNode(), "give either database or schema (synonyms),"
            + " not both");
      }
      Map<String, String> configuration = new LinkedHashMap<>();
      NodeTuple conf = fields.get("configuration");
      if (conf != null && !isNull(conf.getValueNode())) {
        MappingNode m = mapping(conf.getValueNode(), "configuration");
        Set<String> keys = new HashSet<>();
        for (NodeTuple t : m.getValue()) {
          String key = scalar(t.getKeyNode(), "configuration");
          if (!keys.add(key)) {
            throw problem("configuration." + key, t.getKeyNode(), "repeated key");
          }
          configuration.put(key, scalar(t.getValueNode(), "configuration." + key));
        }
      }
      List<LibraryGlob> libraries = new ArrayList<>();
      NodeTuple libs = fields.get("libraries");
      if (libs != null && !isNull(libs.getValueNode())) {
        if (!(libs.getValueNode() instanceof SequenceNode seq)) {
          throw problem("libraries", libs.getValueNode(), "must be a list of '- glob: include: <pattern>' entries");
        }
        for (int i = 0; i < seq.getValue().size(); i++) {
          String at = "libraries[" + i + "]";
          MappingNode entry = mapping(seq.getValue().get(i), at);
          NodeTuple glob = fields(entry, at, Set.of("glob"), "glob").get("glob");
          if (glob == null) {
            throw problem(at, entry, "missing 'glob'");
          }
          MappingNode g = mapping(glob.getValueNode(), at + ".glob");
          NodeTuple include = fields(g, at + ".glob", Set.of("include"), "include").get("include");
          if (include == null || isNull(include.getValueNode())) {
            throw problem(at + ".glob.include", g, "missing 'include'");
          }
          libraries.add(new LibraryGlob(scalar(include.getValueNode(), at + ".glob.include"), i,
              line(include.getValueNode())));
        }
      }
      return new PipelineSpec(file, name, storageUri(storage, fields.get("storage").getValueNode()), catalog,
          database != null ? database : schema, configuration, libraries);
    }

    /** A URI as given; a path resolved against the spec's directory and turned into a {@code file:} URI. */
    private String storageUri(String storage, Node at) {
      // a scheme has two characters or more, so that C:\x stays a path
      if (storage.matches("^[A-Za-z][A-Za-z0-9+.-]+:.*")) {
        if (!storage.matches("^[A-Za-z][A-Za-z0-9+.-]+:/.*")) {
          throw problem("storage", at, "'" + storage + "' must be an absolute URI (scheme:/path) or a path");
        }
        return storage;
      }
      return RunOptions.fileUri(file.getParent().resolve(storage));
    }

    private Map<String, NodeTuple> fields(MappingNode m, @Nullable String at, Set<String> allowed, String list) {
      Map<String, NodeTuple> out = new LinkedHashMap<>();
      for (NodeTuple t : m.getValue()) {
        String key = scalar(t.getKeyNode(), at);
        String path = at == null ? key : at + "." + key;
        if (!allowed.contains(key)) {
          throw problem(path, t.getKeyNode(), "unknown field (allowed: " + list + ")");
        }
        if (out.put(key, t) != null) {
          throw problem(path, t.getKeyNode(), "repeated field");
        }
      }
      return out;
    }

    private String requiredScalar(Map<String, NodeTuple> fields, String key, Node parent) {
      NodeTuple t = fields.get(key);
      if (t == null) {
        throw problem(key, parent, "missing required field");
      }
      if (isNull(t.getValueNode())) {
        throw problem(key, t.getKeyNode(), "must not be empty");
      }
      String value = scalar(t.getValueNode(), key);
      if (value.isBlank()) {
        throw problem(key, t.getValueNode(), "must not be blank");
      }
      return value;
    }

    private @Nullable String optionalScalar(Map<String, NodeTuple> fields, String key) {
      NodeTuple t = fields.get(key);
      if (t == null || isNull(t.getValueNode())) {
        return null;
      }
      return scalar(t.getValueNode(), key);
    }

    private MappingNode mapping(Node node, @Nullable String field) {
      if (node instanceof MappingNode m) {
        return m;
      }
      throw problem(field, node, "must be a mapping (key: value lines)");
    }

    private String scalar(Node node, @Nullable String field) {
      if (node instanceof ScalarNode s) {
        return s.getValue();
      }
      throw problem(field, node, "must be a single value, not a " + (node instanceof MappingNode ? "mapping" : "list"));
    }

    private static boolean isNull(Node node) {
      return node instanceof ScalarNode s && Tag.NULL.equals(s.getTag());
    }

    private static int line(Node node) {
      return node.getStartMark() != null ? node.getStartMark().getLine() + 1 : 0;
    }

    private PipelineSpecException problem(@Nullable String field, Node at, String problem) {
      return new PipelineSpecException(file, field, line(at), problem);
    }
  }

  /**
   * The default database, if the spec sets one.
   *
   * @return the database, or empty
   */
  public Optional<String> defaultDatabase() {
    return Optional.ofNullable(database);
  }

  /**
   * The default catalog, if the spec sets one.
   *
   * @return the catalog, or empty
   */
  public Optional<String> defaultCatalog() {
    return Optional.ofNullable(catalog);
  }
}
