package io.github.reactivespark.connect.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.reactivespark.connect.RetryPolicy;
import io.github.reactivespark.connect.ConnectionString;
import io.github.reactivespark.connect.SparkSession;
import io.github.reactivespark.connect.exceptions.RetriesExceededException;
import io.github.reactivespark.connect.exceptions.SparkConnectTransientException;
import io.github.reactivespark.connect.exceptions.StatusCode;
import io.github.reactivespark.connect.exceptions.TlsHandshakeException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Servers that cannot be reached: a typed exception naming the cause, after Spark's retry policy (shortened here
 * to keep the test fast), and nothing left allocated.
 */
class DeadServerIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final RetryPolicy QUICK = RetryPolicy.builder().maxRetries(2)
      .initialBackoff(Duration.ofMillis(20)).maxBackoff(Duration.ofMillis(50)).build();

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static RetriesExceededException exhausted(SparkSession spark) {
    Throwable e = assertThrows(Throwable.class, () -> spark.range(5).count().block(TIMEOUT));
    RetriesExceededException r = assertInstanceOf(RetriesExceededException.class, e, e::toString);
    assertEquals(3, r.attempts().size(), "the first call and 2 retries");
    assertEquals(StatusCode.UNAVAILABLE, r.statusCode());
    r.attempts().forEach(a -> assertEquals(Status.Code.UNAVAILABLE,
        assertInstanceOf(StatusRuntimeException.class, a).getStatus().getCode()));
    assertEquals(0, spark.arrowAllocatedBytes());
    return r;
  }

  @Test
  void refusedPort() throws IOException {
    int port = freePort();
    try (SparkSession spark = SparkSession.builder().remote("sc://127.0.0.1:" + port).retryPolicy(QUICK).create()) {
      RetriesExceededException e = exhausted(spark);
      assertTrue(e.getMessage().toLowerCase(Locale.ROOT).contains("connection refused"), e.getMessage());
      assertTrue(e.getMessage().contains(Integer.toString(port)), e.getMessage());
    }
  }

  @Test
  void aDeadAddressFailsAfterThePolicyNamingTheAddressAndLogsEveryRetry() {
    // waits 20, 40, 80, 160 ms: the attempts are spaced by the policy, as Spark's are, since no connection comes back
    RetryPolicy policy = RetryPolicy.builder().maxRetries(4).initialBackoff(Duration.ofMillis(20))
        .backoffMultiplier(2).build();
    java.io.PrintStream stderr = System.err;
    java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
    Throwable e;
    long t0 = System.nanoTime();
    // create() does no network I/O (as Spark's client builder); the first call meets the dead address
    try (SparkSession spark = SparkSession.builder().remote("sc://127.0.0.1:1").retryPolicy(policy).create()) {
      System.setErr(new java.io.PrintStream(log, true, java.nio.charset.StandardCharsets.UTF_8));
      try {
        e = assertThrows(Throwable.class, () -> spark.sql("SELECT 1").collectAsList().block(TIMEOUT));
      } finally {
        System.setErr(stderr);
      }
    }
    Duration wall = Duration.ofNanos(System.nanoTime() - t0);
    // the policy waits 0.3 s in all; refused connections fail at once, so the rest is connection set-up and load
    assertTrue(wall.compareTo(Duration.ofSeconds(10)) < 0, "failed within the policy's time, not minutes: " + wall);
    RetriesExceededException r = assertInstanceOf(RetriesExceededException.class, e, e::toString);
    assertEquals(5, r.attempts().size());
    assertTrue(r.getMessage().contains("to 127.0.0.1:1 failed 5 times in "), r.getMessage());
    assertTrue(r.elapsed().compareTo(Duration.ofMillis(300)) >= 0, "the policy's waits were waited: " + r.elapsed());
    List<String> warnings = log.toString(java.nio.charset.StandardCharsets.UTF_8).lines()
        .filter(l -> l.contains("WARN") && l.contains("127.0.0.1:1")).toList();
    assertEquals(4, warnings.size(), "one WARN line per retry: " + warnings);
    for (int n = 1; n <= 4; n++) {
      String attempt = "(attempt " + n + " of 5)";
      assertTrue(warnings.get(n - 1).contains(attempt) && warnings.get(n - 1).contains("retrying in"),
          warnings.get(n - 1));
    }
    System.out.println("dead address: " + r.getMessage() + "\n" + String.join("\n", warnings));
  }

  @Test
  void unknownHost() {
    try (SparkSession spark = SparkSession.builder().remote("sc://no-such-host.invalid:15002").retryPolicy(QUICK)
        .create()) {
      RetriesExceededException e = exhausted(spark);
      assertTrue(e.getMessage().contains("no-such-host.invalid"), e.getMessage());
    }
  }

  @Test
  void tlsAgainstAPlaintextServer() {
    // a port that does not speak TLS: a handshake failure a retry would only repeat, so it is not retried
    try (SparkSession spark = SparkSession.builder().remote(TestServer.remote("use_ssl=true")).retryPolicy(QUICK)
        .create()) {
      Throwable e = assertThrows(Throwable.class, () -> spark.range(5).count().block(TIMEOUT));
      TlsHandshakeException t = assertInstanceOf(TlsHandshakeException.class, e, e::toString);
      ConnectionString server = ConnectionString.parse(TestServer.remote());
      assertTrue(t.getMessage().contains(server.host() + ":" + server.port()), t.getMessage());
      assertTrue(t.getMessage().contains("does not speak TLS"), t.getMessage());
      assertEquals(0, spark.arrowAllocatedBytes());
    }
  }

  @Test
  void withoutRetriesTheTransientErrorComesAtOnce() throws IOException {
    try (SparkSession spark = SparkSession.builder().remote("sc://127.0.0.1:" + freePort())
        .retryPolicy(RetryPolicy.none()).create()) {
      Throwable e = assertThrows(Throwable.class, () -> spark.version().block(TIMEOUT));
      SparkConnectTransientException t = assertInstanceOf(SparkConnectTransientException.class, e, e::toString);
      assertEquals(StatusCode.UNAVAILABLE, t.statusCode());
    }
  }
}
