package io.github.reactivespark.connect.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.reactivespark.connect.ConnectionString;
import io.github.reactivespark.connect.RetryPolicy;
import io.github.reactivespark.connect.SparkSession;
import io.github.reactivespark.connect.exceptions.AnalysisException;
import io.github.reactivespark.connect.exceptions.AuthenticationException;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The embedded server's pre-shared token (Spark's {@code spark.connect.authenticate.token}, checked by its
 * {@code PreSharedKeyAuthenticationInterceptor}), on the real server: the right token works, a wrong or missing one
 * fails at once with {@link AuthenticationException} (status {@code UNAUTHENTICATED}, never retried), and the
 * token never shows in what the client prints or throws, nor in the server's log (nor, in the TLS pass, in the
 * logs of the TLS proxy it went through). The unit test
 * {@code TokenLeakTest} covers the same at TRACE level against a TLS fake; this one is the real path.
 */
class AuthenticationIT {

  /** The default retry policy would wait minutes in total (15 retries, backoff up to 60 s) on a retried error. */
  private static final Duration FAST = Duration.ofSeconds(5);
  private static final Duration TIMEOUT = Duration.ofSeconds(120);

  private static String token;
  private static ConnectionString server;

  @BeforeAll
  static void embeddedServerWithToken() {
    assumeTrue(TestServer.embedded().isPresent(), "the embedded server (an external one has its own rules)");
    server = ConnectionString.parse(TestServer.remote());
    token = server.token().orElseThrow(() -> new AssertionError("the embedded server requires a token"));
    assertTrue(TestServer.embedded().orElseThrow().options().authenticate());
  }

  @Test
  void theRightTokenWorks() {
    try (SparkSession spark = TestServer.newSession()) {
      assertEquals(10L, spark.range(10).count().block(TIMEOUT));
    }
  }

  @Test
  void aWrongTokenFailsAtOnceTyped() {
    AuthenticationException e = failsFast(TestServer.remoteWithToken("not-" + token.substring(8)));
    assertTrue(e.getMessage().contains("Invalid authentication token"), e.getMessage());
  }

  @Test
  void noTokenFailsAtOnceTyped() {
    AuthenticationException e = failsFast(TestServer.remoteWithToken(null));
    assertTrue(e.getMessage().contains("No authentication token provided"), e.getMessage());
  }

  private static AuthenticationException failsFast(String remote) {
    // the default retry policy: the error must not be retried, or this would take minutes
    try (SparkSession spark = SparkSession.builder().remote(remote).retryPolicy(RetryPolicy.defaultPolicy())
        .create()) {
      long t0 = System.nanoTime();
      Throwable e = assertThrows(Throwable.class, () -> spark.range(10).count().block(TIMEOUT));
      Duration took = Duration.ofNanos(System.nanoTime() - t0);
      assertTrue(took.compareTo(FAST) < 0, "failed after " + took + ", expected well under the retry budget");
      AuthenticationException auth = assertInstanceOf(AuthenticationException.class, e);
      assertEquals(io.grpc.Status.Code.UNAUTHENTICATED, auth.grpcStatusCode());
      return auth;
    }
  }

  @Test
  void theTokenNeverShowsInLogsErrorsOrTheServerLog() throws Exception {
    List<Throwable> errors = new ArrayList<>();
    String captured;
    try (Capture capture = new Capture()) {
      try (SparkSession spark = TestServer.newSession()) {
        assertFalse(spark.toString().contains(token), spark::toString);
        assertFalse(spark.connectionString().toString().contains(token));
        assertEquals(3L, spark.range(3).count().block(TIMEOUT));
        errors.add(assertThrows(AnalysisException.class,
            () -> spark.sql("SELECT * FROM no_such_table_for_token_leak").collectAsList().block(TIMEOUT)));
      }
      // a session whose token is one character off: what it prints and throws must not show the real token either
      String almost = TestServer.remoteWithToken(token.substring(0, token.length() - 1) + "x");
      try (SparkSession wrong = SparkSession.builder().remote(almost).create()) {
        errors.add(assertThrows(AuthenticationException.class, () -> wrong.range(1).count().block(TIMEOUT)));
      }
      errors.add(assertThrows(IllegalArgumentException.class, () -> SparkSession.builder()
          .remote("sc://spark.example.com:15002/;token=" + token).create()));
      captured = capture.text();
    }
    // the wrong session's close logs its refused ReleaseSession: proof that the capture saw the client's logs
    assertTrue(captured.contains("ReleaseSession for session") && captured.contains("UNAUTHENTICATED"), captured);
    assertNoToken("the client's output and logs", captured);
    for (Throwable e : errors) {
      StringWriter w = new StringWriter();
      e.printStackTrace(new PrintWriter(w));
      assertNoToken("an exception", e + "\n" + w);
    }
    String serverLog = Files.readString(TestServer.embedded().orElseThrow().logFile());
    assertTrue(serverLog.contains("Spark Connect server started"), "read the server's log");
    assertNoToken("the server's log", serverLog);
    assertNoToken("the server handle's toString()", TestServer.embedded().orElseThrow().toString());
    if (TestServer.tls()) { // the TLS pass: the token went through nginx, which logs every call
      String proxyLogs = TestServer.tlsProxy().logs();
      assertTrue(proxyLogs.contains("/spark.connect.SparkConnectService/ExecutePlan"), proxyLogs);
      assertNoToken("the TLS proxy's access and error logs", proxyLogs);
    }
  }

  private static void assertNoToken(String what, String text) {
    assertFalse(text.contains(token), () -> "the token leaked into " + what);
    assertFalse(text.contains(token.substring(0, 16)), () -> "part of the token leaked into " + what);
  }

  /** What the client JVM prints while open: System.out, System.err (slf4j-simple), java.util.logging. */
  static final class Capture implements AutoCloseable {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream oldOut = System.out;
    private final PrintStream oldErr = System.err;
    private final StringBuilder jul = new StringBuilder();
    private final Handler handler = new Handler() {
      private final SimpleFormatter format = new SimpleFormatter();

      @Override
      public synchronized void publish(LogRecord r) {
        jul.append(format.format(r));
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };

    Capture() {
      PrintStream tee = new PrintStream(new OutputStream() {
        @Override
        public synchronized void write(int b) {
          bytes.write(b);
          oldErr.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
          bytes.write(b, off, len);
          oldErr.write(b, off, len);
        }
      }, true, StandardCharsets.UTF_8);
      System.setOut(tee);
      System.setErr(tee);
      java.util.logging.Logger.getLogger("").addHandler(handler);
    }

    String text() {
      System.out.flush();
      System.err.flush();
      synchronized (handler) {
        return bytes.toString(StandardCharsets.UTF_8) + "\n" + jul;
      }
    }

    @Override
    public void close() {
      System.setOut(oldOut);
      System.setErr(oldErr);
      java.util.logging.Logger.getLogger("").removeHandler(handler);
    }
  }
}
