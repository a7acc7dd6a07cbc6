package io.github.reactivespark.connect.it;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.reactivespark.connect.exceptions.SparkConnectException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import reactor.core.publisher.Mono;

/**
 * Base of the reader/writer/catalog tests: a per-test scratch directory (deleted afterwards), unique table and
 * database names on the shared server, and the drop of every table and database the test registered.
 */
abstract class IoTestBase extends ServerTestBase {

  protected Path scratch;
  private final List<String> tables = new ArrayList<>();
  private final List<String> databases = new ArrayList<>();

  @BeforeEach
  void scratchDir() throws IOException {
    scratch = Files.createTempDirectory("io-it");
  }

  @AfterEach
  void dropAndDelete() throws IOException {
    try {
      for (String t : tables) {
        spark.sql("DROP TABLE IF EXISTS " + t).collectAsList().block(TIMEOUT);
      }
      for (String d : databases) {
        spark.sql("DROP DATABASE IF EXISTS " + d + " CASCADE").collectAsList().block(TIMEOUT);
      }
    } finally {
      try (Stream<Path> s = Files.walk(scratch)) {
        s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** A table name unique on the shared server, dropped after the test. */
  protected String table(String hint) {
    String name = "io_" + hint + "_" + UUID.randomUUID().toString().substring(0, 8);
    tables.add(name);
    return name;
  }

  /** A database name unique on the shared server, dropped (with its tables) after the test. */
  protected String database(String hint) {
    String name = "io_" + hint + "_" + UUID.randomUUID().toString().substring(0, 8);
    databases.add(name);
    return name;
  }

  /** A path under the scratch directory (not created). */
  protected String path(String name) {
    return scratch.resolve(name).toString();
  }

  protected static <T extends SparkConnectException> T fails(Class<T> type, Supplier<Mono<?>> action) {
    Throwable e = assertThrows(Throwable.class, () -> action.get().block(TIMEOUT));
    return assertInstanceOf(type, e, () -> "got " + e);
  }

  protected void sql(String statement) {
    spark.sql(statement).collectAsList().block(TIMEOUT);
  }
}
