package io.github.reactivespark.connect.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.reactivespark.connect.RetryPolicy;
import io.github.reactivespark.connect.SparkSession;
import io.github.reactivespark.connect.exceptions.RetriesExceededException;
import io.github.reactivespark.connect.exceptions.SparkConnectTransientException;
import io.github.reactivespark.connect.exceptions.StatusCode;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
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
  void unknownHost() {
    try (SparkSession spark = SparkSession.builder().remote("sc://no-such-host.invalid:15002").retryPolicy(QUICK)
        .create()) {
      RetriesExceededException e = exhausted(spark);
      assertTrue(e.getMessage().contains("no-such-host.invalid"), e.getMessage());
    }
  }

  @Test
  void tlsAgainstAPlaintextServer() {
    try (SparkSession spark = SparkSession.builder().remote(TestServer.remote("use_ssl=true")).retryPolicy(QUICK)
        .create()) {
      RetriesExceededException e = exhausted(spark);
      String all = e.getMessage().toLowerCase(Locale.ROOT);
      assertTrue(all.contains("ssl") || all.contains("tls") || all.contains("handshake"), e.getMessage());
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
