package io.github.reactivespark.connect.it.delta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.reactivespark.connect.Row;
import io.github.reactivespark.connect.SparkSession;
import io.github.reactivespark.connect.exceptions.SparkConnectException;
import io.github.reactivespark.connect.it.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import reactor.core.publisher.Mono;

/**
 * Base of the Delta suites: a session on {@link TestServer#deltaRemote()} (a Delta-enabled server, started once per
 * JVM), unique table names dropped after each test, a scratch directory for tables by path (deleted after each
 * test: the embedded server runs on this machine), and the check that every Arrow batch was closed.
 */
abstract class DeltaTestBase {

  /** Generous bound for one Delta statement on 2 cores. */
  static final Duration TIMEOUT = Duration.ofSeconds(180);

  SparkSession spark;
  Path scratch;
  private final List<String> tables = new ArrayList<>();

  @BeforeEach
  void openDeltaSession() throws IOException {
    spark = SparkSession.builder().remote(TestServer.deltaRemote()).create();
    scratch = Files.createTempDirectory("delta-it");
  }

  @AfterEach
  void dropTablesAndCloseSession() throws IOException {
    try {
      for (String t : tables) {
        sql("DROP TABLE IF EXISTS " + t);
      }
      assertEquals(0, spark.arrowAllocatedBytes(), "Arrow memory still held after the test");
    } finally {
      spark.close();
      try (Stream<Path> s = Files.walk(scratch)) {
        s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** A table name unique on the shared server, dropped after the test. */
  String table(String hint) {
    String name = "delta_" + hint + "_" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
    tables.add(name);
    return name;
  }

  /** A path under the scratch directory (not created). */
  String path(String name) {
    return scratch.resolve(name).toString();
  }

  List<Row> sql(String statement) {
    return spark.sql(statement).collectAsList().block(TIMEOUT);
  }

  <T> T block(Mono<T> mono) {
    return mono.block(TIMEOUT);
  }

  static <T extends SparkConnectException> T fails(Class<T> type, Supplier<Mono<?>> action) {
    Throwable e = assertThrows(Throwable.class, () -> action.get().block(TIMEOUT));
    return assertInstanceOf(type, e, () -> "got " + e);
  }
}
