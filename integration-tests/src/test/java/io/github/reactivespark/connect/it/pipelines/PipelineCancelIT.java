package io.github.reactivespark.connect.it.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.reactivespark.connect.it.TestServer;
import io.github.reactivespark.connect.pipelines.DataflowGraph;
import io.github.reactivespark.connect.pipelines.FlowStatus;
import io.github.reactivespark.connect.pipelines.PipelineEvent;
import io.github.reactivespark.connect.pipelines.internal.PipelineRunner;
import io.github.reactivespark.connect.streaming.SparkStreaming;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

/**
 * Cancelling a run stops it on the server: the streaming query of the running flow ends (no row arrives after the
 * clean-up; when the server is a local process, its thread dump has no stream execution or graph execution thread
 * of the run), the flow downstream never runs, the graph is dropped and the run's session released.
 */
class PipelineCancelIT extends PipelinesTestBase {

  private static final int FILES = 200;

  @Test
  void cancelStopsTheRunOnTheServer() throws Exception {
    Path input = scratch.resolve("in");
    spark.range(0, FILES * 10L, 1, FILES).write().json(input.toString()).block(TIMEOUT);
    String slow = name("slow");
    String after = name("after");
    DataflowGraph graph = graph()
        .streamingTable(slow, SparkStreaming.readStream(spark).schema("id BIGINT")
            .option("maxFilesPerTrigger", 1L).json(input.toString()))
        .materializedView(after, spark.table(slow).selectExpr("count(*) AS n"))
        .build();

    Lifecycle lifecycle = new Lifecycle();
    List<PipelineEvent> seen = new CopyOnWriteArrayList<>();
    Disposable run = PipelineRunner.run(graph, options().build(), lifecycle).subscribe(seen::add);
    waitFor(() -> seen.stream().anyMatch(e -> e.flowName().orElse("").equals(qualified("slow"))
        && e.flowStatus().orElse(null) == FlowStatus.RUNNING), Duration.ofMinutes(2), "the flow to run");
    waitFor(() -> rows(slow) > 0, Duration.ofMinutes(1), "the first micro-batches");

    run.dispose();
    lifecycle.awaitReleased();

    long atStop = rows(slow);
    TimeUnit.SECONDS.sleep(6);
    long later = rows(slow);
    assertEquals(atStop, later, "rows were still appended after the run was cancelled");
    assertTrue(later < FILES * 10L, "the run was not stopped: all " + later + " rows arrived");
    assertEquals(0, rows(after), "the flow downstream of the cancelled one never ran");
    Optional<String> dump = serverThreads();
    dump.ifPresent(threads -> {
      assertTrue(!threads.contains("stream execution thread for " + qualified("slow")),
          "the flow's streaming query still runs on the server");
      assertTrue(!threads.contains("\"Topological Execution\""), "a graph execution thread still runs");
    });
    assertTrue(lifecycle.steps.contains("dropped " + lifecycle.graphId), lifecycle.steps.toString());
    assertSessionClosed(lifecycle.sessionId);
  }

  /** The table's rows now: refreshed first, since this session caches the table's file listing. */
  private long rows(String table) {
    spark.sql("REFRESH TABLE " + table).collectAsList().block(TIMEOUT);
    return spark.table(table).count().block(TIMEOUT);
  }

  private static void waitFor(java.util.function.BooleanSupplier condition, Duration timeout, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
      TimeUnit.MILLISECONDS.sleep(200);
    }
  }

  /**
   * The thread dump of the server under test when it is a process on this machine (the embedded server: the one
   * whose command line binds the port of {@link TestServer#serverRemote()}: the server itself, not the TLS proxy of
   * a pass with {@code -Dit.tls}), taken with {@code jcmd}; empty otherwise.
   */
  private static Optional<String> serverThreads() throws IOException, InterruptedException {
    String remote = TestServer.serverRemote();
    String port = remote.replaceAll("^sc://[^:/]+:(\\d+).*$", "$1");
    OptionalLong pid = ProcessHandle.allProcesses()
        .filter(p -> p.info().commandLine().orElse("").contains("spark.connect.grpc.binding.port=" + port))
        .mapToLong(ProcessHandle::pid).findFirst();
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    if (pid.isEmpty() || !jcmd.toFile().canExecute()) {
      return Optional.empty();
    }
    Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid.getAsLong()), "Thread.print")
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0 ? Optional.of(out) : Optional.empty();
  }
}
