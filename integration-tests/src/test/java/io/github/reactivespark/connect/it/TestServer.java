package io.github.reactivespark.connect.it;

import io.github.reactivespark.connect.SparkSession;
import io.github.reactivespark.connect.localserver.LocalSparkConnectServer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The real Spark Connect server of this test JVM: the one named by {@code -Dspark.it.remote} or
 * {@code SPARK_REMOTE}, otherwise an embedded Spark Connect 4.1.2 server started from Maven Central jars in its own
 * JVM, once per test JVM, and stopped at JVM exit.
 *
 * <p>With {@code -Dit.forceReattach=true} the embedded server ends every response stream after one response
 * ({@code senderMaxStreamDuration=1s}, {@code senderMaxStreamSize=123}), so every result exercises reattach.
 */
public final class TestServer {

  private static volatile String remote;

  private TestServer() {}

  /** Whether this pass runs against a server that forces reattach on every response. */
  public static boolean forcedReattach() {
    return Boolean.getBoolean("it.forceReattach");
  }

  /** The {@code sc://} string of the server under test, starting the embedded one on first call. */
  public static synchronized String remote() {
    if (remote == null) {
      String external = System.getProperty("spark.it.remote", System.getenv("SPARK_REMOTE"));
      if (external != null && !external.isBlank()) {
        remote = external;
      } else {
        Map<String, String> confs = new LinkedHashMap<>();
        confs.put("spark.sql.shuffle.partitions", "4");
        if (forcedReattach()) {
          confs.put("spark.connect.execute.reattachable.senderMaxStreamDuration", "1s");
          confs.put("spark.connect.execute.reattachable.senderMaxStreamSize", "123");
        }
        // Kept open until JVM exit: the launcher's shutdown hook stops the server.
        LocalSparkConnectServer server = LocalSparkConnectServer.start(confs);
        remote = server.remote();
      }
    }
    return remote;
  }

  /** A new session on the server under test; the caller closes it. */
  public static SparkSession newSession() {
    return SparkSession.builder().remote(remote()).create();
  }

  /** A builder aimed at the server under test, for tests that need non-default client options. */
  public static SparkSession.Builder builder() {
    return SparkSession.builder().remote(remote());
  }
}
