package io.github.reactivespark.connect.pipelines;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A SQL file of the graph: its statements ({@code CREATE MATERIALIZED VIEW}, {@code CREATE STREAMING TABLE},
 * {@code CREATE TEMPORARY VIEW}, {@code CREATE FLOW}, {@code SET}, ...) are parsed and registered by the server
 * ({@code DefineSqlGraphElements}, {@code SqlGraphRegistrationContext}). The text travels with the command: the
 * server does not read the file.
 *
 * @param path the file's path as the server names it in its errors (PySpark sends the path relative to the
 *     spec file), never blank
 * @param text the SQL statements, separated by {@code ;}
 */
public record SqlFile(String path, String text) {

  /**
   * Checks the arguments.
   *
   * @param path the file's path as the server names it, not blank
   * @param text the SQL statements
   */
  public SqlFile {
    Definitions.name(path, "path");
    Objects.requireNonNull(text, "text");
  }

  /**
   * Reads a SQL file (UTF-8). Blocking: call it while setting up, not inside a reactive pipeline.
   *
   * @param file the file; its path as given is the name sent to the server
   * @return the SQL file
   * @throws UncheckedIOException if the file cannot be read
   */
  public static SqlFile read(Path file) {
    try {
      return new SqlFile(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read SQL file " + file, e);
    }
  }
}
