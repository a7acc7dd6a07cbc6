package io.github.reactivespark.connect.pipelines.cli;

import java.nio.file.Path;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A pipeline spec file that cannot be used: not found, not YAML, an unknown or missing field, a value of the wrong
 * shape, a library glob that matches nothing. The message names the file, the field and the line, for example
 * {@code /work/flights/spark-pipeline.yml:4: field 'storag': unknown field (allowed: name, storage, ...)}.
 */
public class PipelineSpecException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final transient Path file;
  /** The field, or null. */
  private final @Nullable String field;
  /** The 1-based line, or 0. */
  private final int line;

  /**
   * A problem with a spec file.
   *
   * @param file the spec file (or, when none was found, the directory searched)
   * @param field the field, in a path notation such as {@code libraries[1].glob.include}, or null for the file
   *     as a whole
   * @param line the 1-based line the problem is at, or 0 when there is none
   * @param problem what is wrong
   */
  public PipelineSpecException(Path file, @Nullable String field, int line, String problem) {
    super(file + (line > 0 ? ":" + line : "") + ": " + (field != null ? "field '" + field + "': " : "") + problem);
    this.file = file;
    this.field = field;
    this.line = line;
  }

  /**
   * The spec file, or the directory searched when none was found.
   *
   * @return the path
   */
  public Path file() {
    return file;
  }

  /**
   * The field the problem is in, for example {@code storage} or {@code libraries[0].glob.include}.
   *
   * @return the field, or empty for problems of the file as a whole
   */
  public Optional<String> field() {
    return Optional.ofNullable(field);
  }

  /**
   * The 1-based line of the problem in the file.
   *
   * @return the line, or 0 when there is none (a missing file, a missing required field of an empty file)
   */
  public int line() {
    return line;
  }
}
