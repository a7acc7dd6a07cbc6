package io.github.reactivespark.connect.it.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.reactivespark.connect.Row;
import io.github.reactivespark.connect.SparkSession;
import io.github.reactivespark.connect.exceptions.SparkConnectException;
import io.github.reactivespark.connect.it.ServerTestBase;
import io.github.reactivespark.connect.it.TestServer;
import io.github.reactivespark.connect.pipelines.DataflowGraph;
import io.github.reactivespark.connect.pipelines.PipelineEvent;
import io.github.reactivespark.connect.pipelines.RunOptions;
import io.github.reactivespark.connect.pipelines.internal.PipelineRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Pipelines ITs: a scratch directory per test (input files and the runs' storage; the server shares this machine's
 * file system), dataset names with a per-test prefix, and after each test, whatever happened, every table of the
 * default database with that prefix dropped and the scratch directory deleted (before {@link ServerTestBase} closes
 * the session). Runs go through {@link PipelineRunner} with a {@link Lifecycle} that records what the clean-up did.
 */
abstract class PipelinesTestBase extends ServerTestBase {

  /** Bound of one pipeline run on 2 cores. */
  protected static final Duration RUN_TIMEOUT = Duration.ofMinutes(3);

  protected Path scratch;
  protected String prefix;

  @BeforeEach
  void pipelinesSetUp() throws IOException {
    scratch = Files.createTempDirectory("pl-it");
    prefix = "pl_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8) + "_";
  }

  @AfterEach
  void dropTablesAndDeleteScratch() throws IOException {
    try {
      for (String t : tables()) {
        spark.sql("DROP TABLE IF EXISTS " + t).collectAsList().block(TIMEOUT);
      }
    } finally {
      try (Stream<Path> s = Files.walk(scratch)) {
        s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** A dataset name unique to this test. */
  protected String name(String base) {
    return prefix + base;
  }

  /** The fully qualified name the server gives a one-part dataset name of this test. */
  protected String qualified(String base) {
    return "spark_catalog.default." + name(base);
  }

  /** The tables (and views) of the default database that this test created, sorted. */
  protected List<String> tables() {
    List<String> out = new ArrayList<>();
    for (Row r : spark.sql("SHOW TABLES IN spark_catalog.default LIKE '" + prefix + "*'").collectAsList()
        .block(TIMEOUT)) {
      out.add(r.getString(1));
    }
    Collections.sort(out);
    return out;
  }

  /** Run options with this test's storage directory. */
  protected RunOptions.Builder options() {
    return RunOptions.builder(scratch.resolve("storage"));
  }

  /** A graph builder on the test's session; flows are not retried, so failures come back at once. */
  protected DataflowGraph.Builder graph() {
    return DataflowGraph.builder(spark).sqlConf("spark.sql.pipelines.maxFlowRetryAttempts", "0")
        .sqlConf("spark.sql.shuffle.partitions", "2");
  }

  /** Runs the graph to its end, recording the lifecycle; returns the events (throws what the run emits). */
  protected List<PipelineEvent> run(DataflowGraph graph, RunOptions options, Lifecycle lifecycle) {
    return PipelineRunner.run(graph, options, lifecycle).collectList().block(RUN_TIMEOUT);
  }

  /** The rows of a query, as sorted strings, for comparing a dataset with the same query run directly. */
  protected List<String> sortedRows(String sql) {
    List<String> out = new ArrayList<>();
    for (Row r : spark.sql(sql).collectAsList().block(TIMEOUT)) {
      out.add(r.toString());
    }
    Collections.sort(out);
    return out;
  }

  /** Asserts the lifecycle: the graph was created, dropped and its run session released, in that order. */
  protected static void assertCleanedUp(Lifecycle lifecycle) {
    assertTrue(lifecycle.graphId != null, "no graph was created: " + lifecycle.steps);
    assertEquals(List.of("created " + lifecycle.graphId, "dropped " + lifecycle.graphId,
        "released " + lifecycle.sessionId), lifecycle.steps.stream().filter(s -> !s.startsWith("stopped")).toList());
    assertSessionClosed(lifecycle.sessionId);
  }

  /** Asserts that the server no longer has the session: a request with that session id is refused. */
  protected static void assertSessionClosed(String sessionId) {
    String url = TestServer.remote() + (TestServer.remote().contains("/;") ? ";" : "/;") + "session_id=" + sessionId;
    try (SparkSession again = SparkSession.builder().remote(url).create()) {
      SparkConnectException e = org.junit.jupiter.api.Assertions.assertThrows(SparkConnectException.class,
          () -> again.version().block(TIMEOUT));
      assertTrue(String.valueOf(e.errorClass()).startsWith("INVALID_HANDLE.SESSION_CLOSED"),
          "expected SESSION_CLOSED for the released run session, got " + e.errorClass() + ": " + e.getMessage());
    }
  }

  /** Records the steps of a run's lifecycle, in order. */
  static final class Lifecycle implements PipelineRunner.RunListener {
    final List<String> steps = Collections.synchronizedList(new ArrayList<>());
    final java.util.concurrent.CountDownLatch released = new java.util.concurrent.CountDownLatch(1);
    volatile String graphId;
    volatile String sessionId;

    @Override
    public void graphCreated(String sessionId, String graphId) {
      this.sessionId = sessionId;
      this.graphId = graphId;
      steps.add("created " + graphId);
    }

    @Override
    public void graphDropped(String graphId) {
      steps.add("dropped " + graphId);
    }

    @Override
    public void queriesStopped(List<String> names) {
      steps.add("stopped " + names);
    }

    @Override
    public void sessionReleased(String sessionId) {
      steps.add("released " + sessionId);
      released.countDown();
    }

    /** Waits for the release that ends the clean-up (after a cancel it runs in the background). */
    void awaitReleased() throws InterruptedException {
      assertTrue(released.await(60, java.util.concurrent.TimeUnit.SECONDS), "the run session was not released: "
          + steps);
    }
  }

  /** Lower-case, for matching server messages. */
  protected static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
