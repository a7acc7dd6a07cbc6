package io.github.reactivespark.connect.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.reactivespark.connect.ConnectionString;
import io.github.reactivespark.connect.RetryPolicy;
import io.github.reactivespark.connect.Row;
import io.github.reactivespark.connect.SparkSession;
import io.github.reactivespark.connect.exceptions.AuthenticationException;
import io.github.reactivespark.connect.exceptions.TlsHandshakeException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * TLS through a real TLS-terminating proxy ({@link TlsProxy}: nginx, a throwaway CA) in front of the real server,
 * with the server's token: the client trusts a CA given as a PEM file (connection string or builder) or a trust
 * store and not the JVM's default one; presents a client certificate (PEM or key store) where the proxy requires
 * one; and fails at once, typed and naming the host, on a certificate it does not trust, a host name the
 * certificate does not name, a port without TLS, or (from the proxy, as gRPC {@code UNAUTHENTICATED}) a missing or
 * untrusted client certificate. Every failure is checked with Spark's default retry policy, under which a retried
 * error would take minutes. Nothing the client prints or throws, and nothing nginx logs, shows the token.
 *
 * <p>Runs in the cluster pass, which has {@code -Dit.tls=true} and so also sends the result-path and fault suites
 * through the same proxy; it starts the proxy itself in any other pass.
 */
class TlsIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(120);
  /** Well under Spark's retry budget (15 retries, backoff up to 60 s): an error that fails this was retried. */
  private static final Duration FAST = Duration.ofSeconds(5);

  private static TlsProxy proxy;
  private static TestCertificates pki;
  private static String token;

  @BeforeAll
  static void proxy() {
    proxy = TestServer.tlsProxy();
    pki = proxy.certificates();
    token = TestServer.token().orElseThrow(() -> new AssertionError("the embedded server requires a token"));
  }

  /** {@code sc://<host>:<port>/;token=…;use_ssl=true} and more parameters. */
  private static String tls(String host, int port, String... parameters) {
    return "sc://" + host + ":" + port + "/;token=" + token + ";use_ssl=true"
        + (parameters.length == 0 ? "" : ";" + String.join(";", parameters));
  }

  private static void assertQueriesRun(SparkSession spark) {
    assertEquals(1000L, spark.range(1000).count().block(TIMEOUT));
    List<Row> rows = spark.sql("SELECT id, repeat('x', 100000) AS wide FROM range(0, 40, 1, 4)").collectAsList()
        .block(TIMEOUT);
    assertEquals(40, rows.size());
    assertEquals(100000, rows.get(39).getString(1).length());
    assertEquals(0, spark.arrowAllocatedBytes());
  }

  @Test
  void theTestCaFromTheConnectionStringIsTrusted() {
    try (SparkSession spark = SparkSession.builder()
        .remote(tls("localhost", proxy.port(), "ssl_ca_file=" + pki.ca())).create()) {
      assertQueriesRun(spark);
    }
    assertTrue(proxy.logs().contains("ssl=TLSv1.3"), "the calls went through nginx over TLS 1.3");
  }

  @Test
  void theTestCaFromTheBuilderOrATrustStoreIsTrusted() {
    try (SparkSession spark = SparkSession.builder().remote(tls("localhost", proxy.port()))
        .trustCertificates(pki.ca()).create()) {
      assertQueriesRun(spark);
    }
    try (SparkSession spark = SparkSession.builder().remote(tls("localhost", proxy.port()))
        .trustStore(pki.trustStore(), TestCertificates.PASSWORD).create()) {
      assertQueriesRun(spark);
    }
  }

  @Test
  void aCertificateTheClientDoesNotTrustFailsAtOnceNamingTheHost() {
    // the JVM's default trust store does not know the test CA
    TlsHandshakeException byDefault = failsFast(TlsHandshakeException.class, b -> b.remote(
        tls("localhost", proxy.port())));
    assertEquals("localhost", byDefault.host());
    assertEquals(proxy.port(), byDefault.port());
    assertTrue(byDefault.getMessage().startsWith("TLS connection to localhost:" + proxy.port()
        + " failed, not retried: the server's certificate is not trusted"), byDefault.getMessage());
    // trusting another CA only
    TlsHandshakeException other = failsFast(TlsHandshakeException.class, b -> b.remote(
        tls("localhost", proxy.port(), "ssl_ca_file=" + pki.otherCa())));
    assertTrue(other.getMessage().contains("is not trusted"), other.getMessage());
  }

  @Test
  void aHostNameTheCertificateDoesNotNameFailsAtOnce() {
    // the certificate names localhost only: 127.0.0.1 is the same listener, but not a name it vouches for
    TlsHandshakeException e = failsFast(TlsHandshakeException.class, b -> b.remote(
        tls("127.0.0.1", proxy.port(), "ssl_ca_file=" + pki.ca())));
    assertEquals("127.0.0.1", e.host());
    assertTrue(e.getMessage().contains("not valid for the host name '127.0.0.1'"), e.getMessage());
  }

  @Test
  void tlsToAPortWithoutTlsFailsAtOnce() {
    ConnectionString server = ConnectionString.parse(TestServer.serverRemote());
    TlsHandshakeException e = failsFast(TlsHandshakeException.class, b -> b.remote(
        tls("localhost", server.port(), "ssl_ca_file=" + pki.ca())));
    assertTrue(e.getMessage().contains("does not speak TLS"), e.getMessage());
  }

  @Test
  void mutualTlsWithAClientCertificateFromTheConnectionStringOrAKeyStore() {
    try (SparkSession spark = SparkSession.builder().remote(tls("localhost", proxy.mutualTlsPort(),
        "ssl_ca_file=" + pki.ca(), "ssl_cert_file=" + pki.clientCertificate(), "ssl_key_file=" + pki.clientKey()))
        .create()) {
      assertQueriesRun(spark);
    }
    try (SparkSession spark = SparkSession.builder().remote(tls("localhost", proxy.mutualTlsPort()))
        .trustCertificates(pki.ca()).clientKeyStore(pki.clientKeyStore(), TestCertificates.PASSWORD).create()) {
      assertQueriesRun(spark);
    }
    assertTrue(proxy.logs().contains("client=\"CN=reactive-spark-connect-it-client\" verify=SUCCESS"),
        "nginx verified the client certificate");
  }

  @Test
  void mutualTlsWithoutOrWithAnUntrustedClientCertificateFailsAtOnce() {
    AuthenticationException none = failsFast(AuthenticationException.class, b -> b.remote(
        tls("localhost", proxy.mutualTlsPort(), "ssl_ca_file=" + pki.ca())));
    assertTrue(none.getMessage().contains("the proxy requires a client certificate"), none.getMessage());
    // The proxy names the CAs it accepts in its certificate request, and TLS clients present only a certificate of
    // one of them: one of another CA is not sent at all, so the proxy sees none
    AuthenticationException untrusted = failsFast(AuthenticationException.class, b -> b.remote(
        tls("localhost", proxy.mutualTlsPort(), "ssl_ca_file=" + pki.ca()))
        .clientCertificate(pki.otherCa(), pki.otherCaKey()));
    assertTrue(untrusted.getMessage().contains("the proxy requires a client certificate"), untrusted.getMessage());
  }

  /**
   * The token over the real TLS path: what the client prints (our loggers, gRPC's and Netty's) and throws while
   * sessions succeed and fail in every way above, and nginx's access and error logs of those calls, never show it.
   */
  @Test
  void theTokenNeverShowsInClientOutputErrorsOrTheProxyLogs() {
    List<Throwable> errors = new ArrayList<>();
    String captured;
    try (AuthenticationIT.Capture capture = new AuthenticationIT.Capture()) {
      try (SparkSession spark = SparkSession.builder().remote(tls("localhost", proxy.port(), "ssl_ca_file="
          + pki.ca())).create()) {
        assertFalse(spark.toString().contains(token), spark::toString);
        assertEquals(3L, spark.range(3).count().block(TIMEOUT));
      }
      errors.add(failsFast(TlsHandshakeException.class, b -> b.remote(tls("localhost", proxy.port()))));
      errors.add(failsFast(TlsHandshakeException.class, b -> b.remote(tls("127.0.0.1", proxy.port(),
          "ssl_ca_file=" + pki.ca()))));
      errors.add(failsFast(AuthenticationException.class, b -> b.remote(tls("localhost", proxy.mutualTlsPort(),
          "ssl_ca_file=" + pki.ca()))));
      String almost = token.substring(0, token.length() - 1) + "x";
      errors.add(failsFast(AuthenticationException.class, b -> b.remote("sc://localhost:" + proxy.port()
          + "/;use_ssl=true;token=" + almost + ";ssl_ca_file=" + pki.ca())));
      captured = capture.text();
    }
    assertTrue(captured.contains("ReleaseSession for session"), "the capture saw the client's logs:\n" + captured);
    assertNoToken("the client's output and logs", captured);
    for (Throwable e : errors) {
      StringWriter w = new StringWriter();
      e.printStackTrace(new PrintWriter(w));
      assertNoToken("an exception", e + "\n" + w);
    }
    String logs = proxy.logs();
    assertTrue(logs.contains("/spark.connect.SparkConnectService/ExecutePlan"), logs);
    assertNoToken("nginx's access and error logs", logs);
  }

  private static void assertNoToken(String what, String text) {
    assertFalse(text.contains(token), () -> "the token leaked into " + what);
    assertFalse(text.contains(token.substring(0, 16)), () -> "part of the token leaked into " + what);
  }

  /** The first action of a session built by {@code builder} fails with {@code type}, without retries. */
  private static <T extends Throwable> T failsFast(Class<T> type, UnaryOperator<SparkSession.Builder> builder) {
    try (SparkSession spark = builder.apply(SparkSession.builder()).retryPolicy(RetryPolicy.defaultPolicy())
        .create()) {
      long t0 = System.nanoTime();
      Throwable e = assertThrows(Throwable.class, () -> spark.range(10).count().block(TIMEOUT));
      Duration took = Duration.ofNanos(System.nanoTime() - t0);
      assertTrue(took.compareTo(FAST) < 0, () -> "failed after " + took + " (retried?): " + e);
      StringWriter w = new StringWriter();
      e.printStackTrace(new PrintWriter(w));
      T typed = assertInstanceOf(type, e, w::toString);
      System.out.println("failed in " + took.toMillis() + " ms: " + typed);
      return typed;
    }
  }
}
