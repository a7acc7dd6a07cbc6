package io.github.reactivespark.connect.web;

import io.github.reactivespark.connect.localserver.LocalServerOptions;
import io.github.reactivespark.connect.localserver.LocalSparkConnectServer;

/**
 * The one embedded Spark Connect 4.1.2 server with Delta of this test JVM: started by the first test that asks,
 * stopped when the JVM exits. Progress is reported every 200 ms (the SSE and browser tests watch it).
 */
final class SharedSparkServer {

  private static LocalSparkConnectServer server;

  private SharedSparkServer() {}

  static synchronized String remote() {
    if (server == null) {
      server = LocalSparkConnectServer.start(LocalServerOptions.builder().delta()
          .conf("spark.connect.progress.reportInterval", "200ms")
          .conf("spark.sql.shuffle.partitions", "4")
          .build());
      LocalSparkConnectServer started = server;
      Runtime.getRuntime().addShutdownHook(new Thread(started::close, "web-service-it-server-stop"));
    }
    return server.remote();
  }
}
