package io.github.reactivespark.connect.localserver;

import java.util.Map;

/** Child JVM for {@link ParentWatchdogTest}: starts a server, reports its pid, then blocks until killed. */
public final class WatchdogTestMain {

  static final String PID_PREFIX = "SERVER_PID=";
  static final String WORK_DIR_PREFIX = "SERVER_WORK_DIR=";

  private WatchdogTestMain() {}

  /**
   * Entry point.
   *
   * @param args ignored
   * @throws InterruptedException never: the test kills this JVM
   */
  public static void main(String[] args) throws InterruptedException {
    LocalSparkConnectServer server = LocalSparkConnectServer.start(Map.of("spark.app.name", "watchdog-test"));
    System.out.println(WORK_DIR_PREFIX + server.workDir());
    System.out.println(PID_PREFIX + server.pid());
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
