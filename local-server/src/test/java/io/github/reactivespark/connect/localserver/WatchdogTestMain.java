package io.github.reactivespark.connect.localserver;

import java.util.Map;

/** Child JVM for {@link ParentWatchdogTest}: starts a server, reports its pid, then blocks until killed. */
public final class WatchdogTestMain {

  static final String PID_PREFIX = "SERVER_PID=";
  static final String WORK_DIR_PREFIX = "SERVER_WORK_DIR=";
  static final String CLUSTER_PIDS_PREFIX = "CLUSTER_PIDS=";

  private WatchdogTestMain() {}

  /**
   * Entry point.
   *
   * @param args {@code cluster} to start a one-Worker standalone cluster and report every pid, executors included
   * @throws InterruptedException never: the test kills this JVM
   */
  public static void main(String[] args) throws InterruptedException {
    boolean cluster = args.length > 0 && args[0].equals("cluster");
    LocalSparkConnectServer server = cluster
        ? LocalSparkConnectServer.start(LocalServerOptions.builder().conf("spark.app.name", "watchdog-cluster")
            .conf("spark.driver.memory", "1g").cluster(1, 1, "512m").build())
        : LocalSparkConnectServer.start(Map.of("spark.app.name", "watchdog-test"));
    if (cluster) {
      ServerProcess worker = server.processes().get(2);
      while (worker.descendants().isEmpty()) { // the executor the Worker launches for the server's application
        Thread.sleep(100);
      }
      StringBuilder pids = new StringBuilder();
      for (ServerProcess p : server.processes()) {
        pids.append(p.pid()).append(',');
        p.descendants().forEach(d -> pids.append(d).append(','));
      }
      System.out.println(CLUSTER_PIDS_PREFIX + pids);
    }
    System.out.println(WORK_DIR_PREFIX + server.workDir());
    System.out.println(PID_PREFIX + server.pid());
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
