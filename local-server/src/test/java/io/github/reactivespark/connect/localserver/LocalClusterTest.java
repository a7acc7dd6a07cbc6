package io.github.reactivespark.connect.localserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.reactivespark.connect.Row;
import io.github.reactivespark.connect.SparkSession;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A standalone cluster from the resolved jars: a Master, two Workers of one core each, and the Spark Connect server
 * on it. The query's tasks run in executors launched by the Workers (their logs say so), and closing the handle
 * stops every process, executors included.
 */
class LocalClusterTest {

  @Test
  void runsQueriesOnTheWorkersAndStopsEveryProcess() throws Exception {
    List<Long> pids = new ArrayList<>();
    LocalSparkConnectServer server = LocalSparkConnectServer.startCluster(2, 1, "1g");
    try {
      String master = server.masterUrl().orElseThrow();
      assertTrue(master.startsWith("spark://127.0.0.1:"), master);
      List<ServerProcess> processes = server.processes();
      assertEquals(List.of("connect-server", "master", "worker-1", "worker-2"),
          processes.stream().map(ServerProcess::role).toList());
      for (ServerProcess p : processes) {
        assertTrue(p.isAlive(), p + " alive");
        pids.add(p.pid());
      }
      assertTrue(processes.get(1).readLog().contains("Registering worker 127.0.0.1"), "workers registered");

      try (SparkSession spark = SparkSession.builder().remote(server.remote()).create()) {
        assertEquals(master, spark.conf().get("spark.master").block(Duration.ofSeconds(60)));
        // 8 partitions over 2 single-core executors; the sum proves every row was computed once
        Row r = spark.range(0, 2_000_000, 1, 8).selectExpr("sum(id) AS s", "count(*) AS n").first()
            .block(Duration.ofMinutes(3));
        assertEquals(1_999_999L * 2_000_000L / 2, r.getLong(0));
        assertEquals(2_000_000L, r.getLong(1));
      }
      for (ServerProcess worker : processes.subList(2, 4)) {
        assertTrue(worker.readLog().contains("Asked to launch executor"), worker.role() + " launched an executor");
        worker.descendants().forEach(pids::add); // the executor JVMs
      }
      assertTrue(pids.size() >= 6, "connect, master, 2 workers and their executors: " + pids);
    } finally {
      server.close();
    }
    List<Long> alive = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    do {
      alive = pids.stream().filter(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
          .collect(Collectors.toList());
      if (!alive.isEmpty()) {
        Thread.sleep(200);
      }
    } while (!alive.isEmpty() && System.nanoTime() < deadline);
    alive.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    assertEquals(List.of(), alive, "every process of the cluster is gone after close()");
    assertTrue(!Files.exists(server.workDir()), "work directory deleted");
  }
}
