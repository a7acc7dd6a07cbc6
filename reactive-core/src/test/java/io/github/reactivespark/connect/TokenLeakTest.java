package io.github.reactivespark.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Any;
import com.google.rpc.ErrorInfo;
import io.github.reactivespark.connect.exceptions.RetriesExceededException;
import io.github.reactivespark.connect.exceptions.SparkConnectException;
import io.github.reactivespark.connect.internal.proto.ExecutePlanRequest;
import io.github.reactivespark.connect.internal.proto.ExecutePlanResponse;
import io.github.reactivespark.connect.internal.proto.ReattachExecuteRequest;
import io.github.reactivespark.connect.internal.proto.ReleaseExecuteRequest;
import io.github.reactivespark.connect.internal.proto.ReleaseExecuteResponse;
import io.github.reactivespark.connect.internal.proto.SparkConnectServiceGrpc;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.TlsServerCredentials;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.FileInputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;
import javax.net.ssl.KeyManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The bearer token never shows in logs, exception messages, stack traces or {@code toString()} output.
 *
 * <p>A TLS gRPC server (a self-signed certificate made with the JDK's {@code keytool}, trusted by the client
 * through {@code javax.net.ssl.trustStore} for this test) plays Spark Connect: it records the
 * {@code authorization} header of every call (so the test proves the token was sent), fails ExecutePlan with
 * UNAVAILABLE, then with a Spark error, and does not implement ReleaseSession (a logged warning). Meanwhile
 * everything the client prints is captured: {@code System.out}/{@code System.err} (slf4j-simple, our loggers raised
 * to TRACE) and java.util.logging (gRPC, Netty) at INFO and above, the levels they run at unless a user lowers
 * them. Limit: gRPC's own HTTP/2 frame logger ({@code NettyClientHandler} at FINE) prints raw request headers,
 * the {@code authorization} header included, as it does in every gRPC client; we cannot change that.
 */
class TokenLeakTest {

  static final String TOKEN = "tok-" + UUID.randomUUID();
  static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  @TempDir
  static Path dir;

  static Server server;
  static final List<String> authorizations = new CopyOnWriteArrayList<>();
  static final AtomicInteger executes = new AtomicInteger();
  static String oldTrustStore;
  static String oldTrustStorePassword;

  @BeforeAll
  static void startTlsServer() throws Exception {
    Path ks = dir.resolve("server.p12");
    Path trust = dir.resolve("trust.p12");
    keytool("-genkeypair", "-alias", "srv", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=localhost",
        "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-keystore", ks.toString(),
        "-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit");
    KeyStore keyStore = KeyStore.getInstance("PKCS12");
    try (FileInputStream in = new FileInputStream(ks.toFile())) {
      keyStore.load(in, "changeit".toCharArray());
    }
    KeyStore trustStore = KeyStore.getInstance("PKCS12");
    trustStore.load(null, null);
    trustStore.setCertificateEntry("srv", keyStore.getCertificate("srv"));
    try (java.io.OutputStream out = Files.newOutputStream(trust)) {
      trustStore.store(out, "changeit".toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keyStore, "changeit".toCharArray());
    ServerInterceptor recordAuth = new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
          ServerCallHandler<Q, R> next) {
        authorizations.add(String.valueOf(headers.get(AUTHORIZATION)));
        return next.startCall(call, headers);
      }
    };
    server = Grpc.newServerBuilderForPort(0, TlsServerCredentials.newBuilder().keyManager(kmf.getKeyManagers()).build())
        .addService(ServerInterceptors.intercept(new Service(), recordAuth))
        .build()
        .start();
    oldTrustStore = System.getProperty("javax.net.ssl.trustStore");
    oldTrustStorePassword = System.getProperty("javax.net.ssl.trustStorePassword");
    System.setProperty("javax.net.ssl.trustStore", trust.toString());
    System.setProperty("javax.net.ssl.trustStorePassword", "changeit");
  }

  @AfterAll
  static void stop() throws Exception {
    restore("javax.net.ssl.trustStore", oldTrustStore);
    restore("javax.net.ssl.trustStorePassword", oldTrustStorePassword);
    if (server != null) {
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  private static void restore(String key, String value) {
    if (value == null) {
      System.clearProperty(key);
    } else {
      System.setProperty(key, value);
    }
  }

  private static void keytool(String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "keytool timed out");
    assertEquals(0, p.exitValue(), () -> "keytool failed: " + out);
  }

  /** ExecutePlan: UNAVAILABLE on odd calls, a Spark DIVIDE_BY_ZERO error on even ones. */
  static final class Service extends SparkConnectServiceGrpc.SparkConnectServiceImplBase {
    @Override
    public void executePlan(ExecutePlanRequest request, StreamObserver<ExecutePlanResponse> out) {
      if (executes.incrementAndGet() % 2 == 1) {
        out.onError(Status.UNAVAILABLE.withDescription("try again").asRuntimeException());
        return;
      }
      ErrorInfo info = ErrorInfo.newBuilder().setReason("org.apache.spark.SparkArithmeticException")
          .setDomain("org.apache.spark")
          .putMetadata("errorClass", "DIVIDE_BY_ZERO")
          .putMetadata("sqlState", "22012")
          .putMetadata("classes", "[\"org.apache.spark.SparkArithmeticException\"]")
          .build();
      out.onError(StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
          .setCode(Status.Code.INTERNAL.value())
          .setMessage("[DIVIDE_BY_ZERO] Division by zero. SQLSTATE: 22012")
          .addDetails(Any.pack(info)).build()));
    }

    @Override
    public void reattachExecute(ReattachExecuteRequest request, StreamObserver<ExecutePlanResponse> out) {
      out.onError(Status.UNAVAILABLE.withDescription("still down").asRuntimeException());
    }

    @Override
    public void releaseExecute(ReleaseExecuteRequest request, StreamObserver<ReleaseExecuteResponse> out) {
      out.onNext(ReleaseExecuteResponse.newBuilder().setSessionId(request.getSessionId())
          .setOperationId(request.getOperationId()).build());
      out.onCompleted();
    }
  }

  /** Everything written to System.out, System.err and java.util.logging while it is open. */
  static final class Capture implements AutoCloseable {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final PrintStream oldOut = System.out;
    final PrintStream oldErr = System.err;
    final StringBuilder jul = new StringBuilder();
    final Handler handler = new Handler() {
      final SimpleFormatter f = new SimpleFormatter();

      @Override
      public synchronized void publish(LogRecord r) {
        jul.append(f.format(r));
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    final Map<Object, Integer> oldLevels = new HashMap<>();

    Capture() throws Exception {
      PrintStream tee = new PrintStream(new Tee(bytes, oldErr), true, StandardCharsets.UTF_8);
      System.setOut(tee);
      System.setErr(tee);
      handler.setLevel(Level.ALL);
      java.util.logging.Logger.getLogger("").addHandler(handler);
      raiseOurLoggersToTrace();
    }

    /** slf4j-simple fixes a logger's level when it is created; raise ours (created by now) to TRACE. */
    private void raiseOurLoggersToTrace() throws Exception {
      for (Class<?> c : List.of(SparkSession.class,
          io.github.reactivespark.connect.internal.client.ConnectClient.class,
          io.github.reactivespark.connect.internal.grpc.GrpcErrors.class,
          io.github.reactivespark.connect.internal.client.ReattachableExecution.class,
          io.github.reactivespark.connect.internal.client.GrpcErrorConverter.class,
          io.github.reactivespark.connect.internal.client.ReactorGrpcTransport.class)) {
        Class.forName(c.getName(), true, c.getClassLoader());
      }
      Object factory = LoggerFactory.getILoggerFactory();
      Field map = factory.getClass().getDeclaredField("loggerMap");
      map.setAccessible(true);
      Field level = Class.forName("org.slf4j.simple.SimpleLogger").getDeclaredField("currentLogLevel");
      level.setAccessible(true);
      for (Map.Entry<?, ?> e : ((Map<?, ?>) map.get(factory)).entrySet()) {
        if (e.getKey().toString().startsWith("io.github.reactivespark")) {
          oldLevels.put(e.getValue(), level.getInt(e.getValue()));
          level.setInt(e.getValue(), 0); // LOG_LEVEL_TRACE
        }
      }
      assertFalse(oldLevels.isEmpty(), "our loggers are slf4j-simple loggers");
    }

    String text() {
      System.out.flush();
      return bytes.toString(StandardCharsets.UTF_8) + "\n" + jul;
    }

    @Override
    public void close() throws Exception {
      System.setOut(oldOut);
      System.setErr(oldErr);
      java.util.logging.Logger.getLogger("").removeHandler(handler);
      Field level = Class.forName("org.slf4j.simple.SimpleLogger").getDeclaredField("currentLogLevel");
      level.setAccessible(true);
      for (Map.Entry<Object, Integer> e : oldLevels.entrySet()) {
        level.setInt(e.getKey(), e.getValue());
      }
    }
  }

  static final class Tee extends OutputStream {
    final OutputStream a;
    final OutputStream b;

    Tee(OutputStream a, OutputStream b) {
      this.a = a;
      this.b = b;
    }

    @Override
    public synchronized void write(int c) throws java.io.IOException {
      a.write(c);
      b.write(c);
    }

    @Override
    public synchronized void write(byte[] buf, int off, int len) throws java.io.IOException {
      a.write(buf, off, len);
      b.write(buf, off, len);
    }
  }

  /** The full text of an exception: toString, message, causes, suppressed, stack trace. */
  static String describe(Throwable t) {
    StringWriter w = new StringWriter();
    t.printStackTrace(new PrintWriter(w));
    return t + "\n" + t.getMessage() + "\n" + w;
  }

  static void assertNoToken(String what, String text) {
    assertFalse(text.contains(TOKEN), () -> "the token leaked into " + what + ":\n" + text);
    assertFalse(text.contains(TOKEN.substring(4, 20)), () -> "part of the token leaked into " + what);
  }

  @Test
  void theTokenIsSentButNeverShown() throws Exception {
    String remote = "sc://localhost:" + server.getPort() + "/;use_ssl=true;token=" + TOKEN + ";user_id=alice";
    List<Throwable> errors = new ArrayList<>();
    String logs;
    try (Capture capture = new Capture()) {
      RetryPolicy fast = RetryPolicy.builder().maxRetries(2).initialBackoff(Duration.ofMillis(1)).build();
      SparkSession spark = SparkSession.builder().remote(remote).retryPolicy(fast).create();
      try {
        assertNoToken("SparkSession.toString()", spark.toString());
        assertNoToken("ConnectionString.toString()", spark.connectionString().toString());
        assertTrue(spark.connectionString().token().isPresent());
        // 1: UNAVAILABLE (retried, reattach also UNAVAILABLE...), 2: a Spark error
        Throwable first = assertThrows(Throwable.class, () -> spark.sql("SELECT 1 / 0").collectAsList().block(
            Duration.ofSeconds(30)));
        errors.add(first);
        Throwable second = assertThrows(Throwable.class, () -> spark.sql("SELECT 1 / 0").count().block(
            Duration.ofSeconds(30)));
        errors.add(second);
        assertInstanceOf(RetriesExceededException.class, first, "UNAVAILABLE until the retries ran out");
        assertEquals("DIVIDE_BY_ZERO", assertInstanceOf(SparkConnectException.class, second).errorClass());
      } finally {
        spark.stop().block(Duration.ofSeconds(30)); // ReleaseSession is UNIMPLEMENTED here: a logged warning
      }
      logs = capture.text();
    }
    assertTrue(authorizations.contains("Bearer " + TOKEN), () -> "the token was sent: " + authorizations);
    assertTrue(logs.contains("ReleaseSession"), () -> "the capture saw the client's warning:\n" + logs);
    assertNoToken("the logs", logs);
    for (Throwable e : errors) {
      assertNoToken("an exception", describe(e));
    }
  }

  @Test
  void malformedConnectionStringsNeverEchoTheToken() {
    String[] bad = {
        "sc://localhost:notaport/;use_ssl=true;token=" + TOKEN,
        "sc://spark.example.com/;token=" + TOKEN,
        "sc://10.1.2.3/;token=" + TOKEN + ";use_ssl=false",
        "sc://localhost/;use_ssl=true;token=" + TOKEN + ";session_id=not-a-uuid",
        "sc://localhost/;use_ssl=true;token=" + TOKEN + ";grpc_max_message_size=-5",
        "sc://localhost/;use_ssl=maybe;token=" + TOKEN,
        "sc://" + TOKEN + "@localhost/;use_ssl=true",
        "http://localhost/;use_ssl=true;token=" + TOKEN,
        "sc://localhost/;use_ssl=true;token=" + TOKEN + ";token=" + TOKEN,
        "sc://localhost/;use_ssl=true;" + TOKEN,
    };
    for (String s : bad) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> SparkSession.builder().remote(s).create(), s.replace(TOKEN, "<token>"));
      assertNoToken("the error for " + s.replace(TOKEN, "<token>"), describe(e));
    }
  }

  @Test
  void theTokenIsOnlyGivenToWhoAsksForIt() {
    ConnectionString cs = ConnectionString.parse("sc://localhost:443/;use_ssl=true;token=" + TOKEN);
    assertEquals(TOKEN, cs.token().orElseThrow());
    assertNoToken("ConnectionString.toString()", cs.toString());
    assertInstanceOf(String.class, cs.toString());
    assertTrue(cs.toString().contains("token=***"), cs::toString);
  }
}
