package io.github.reactivespark.connect.it.streaming;

import io.github.reactivespark.connect.it.ServerTestBase;
import io.github.reactivespark.connect.streaming.SparkStreaming;
import io.github.reactivespark.connect.streaming.StreamingQuery;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Streaming ITs: a scratch directory per test (the server shares this machine's file system), 2 shuffle
 * partitions, and after each test, whatever happened, every active query of the session stopped and the scratch
 * directory deleted (before {@link ServerTestBase} closes the session).
 */
abstract class StreamingTestBase extends ServerTestBase {

  protected Path scratch;
  private final List<String> views = new ArrayList<>();

  @BeforeEach
  void streamingSetUp() throws IOException {
    scratch = Files.createTempDirectory("st-it");
    spark.conf().set("spark.sql.shuffle.partitions", 2L).block(TIMEOUT);
  }

  @AfterEach
  void stopQueriesAndDeleteScratch() throws IOException {
    try {
      List<StreamingQuery> active = SparkStreaming.streams(spark).active().block(TIMEOUT);
      for (StreamingQuery q : active) {
        q.stop().block(TIMEOUT);
      }
      for (String v : views) {
        spark.sql("DROP VIEW IF EXISTS " + v).collectAsList().block(TIMEOUT);
      }
    } finally {
      try (Stream<Path> s = Files.walk(scratch)) {
        s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** A unique memory-sink/query name, dropped (as the temp view the memory sink creates) after the test. */
  protected String uniqueName(String prefix) {
    String n = "st_" + prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    views.add(n);
    return n;
  }

  /** A fresh checkpoint directory under the scratch directory. */
  protected String checkpoint(String name) {
    return scratch.resolve("ckpt-" + name).toString();
  }

  protected static Duration seconds(long s) {
    return Duration.ofSeconds(s);
  }
}
