package io.github.reactivespark.connect.it;

import io.github.reactivespark.connect.ConnectionString;
import io.github.reactivespark.connect.SparkSession;
import io.github.reactivespark.connect.localserver.LocalServerOptions;
import io.github.reactivespark.connect.localserver.LocalSparkConnectServer;
import java.util.Optional;

/**
 * The real Spark Connect server of this test JVM: the one named by {@code -Dspark.it.remote} or
 * {@code SPARK_REMOTE}, otherwise an embedded Spark Connect 4.1.2 server started from Maven Central jars in its own
 * JVM, once per test JVM, and stopped at JVM exit. The embedded server requires a fresh random token, which
 * {@link #remote()} carries (plaintext is allowed for it on 127.0.0.1).
 *
 * <p>Switches (system properties of the test JVM), which combine:
 * <ul>
 *   <li>{@code -Dit.forceReattach=true}: the server ends every response stream after one response
 *       ({@code senderMaxStreamDuration=1s}, {@code senderMaxStreamSize=123}), so every result exercises reattach;
 *   <li>{@code -Dit.cluster=true}: the server runs on a standalone cluster of its own (a Master and 2 Workers of
 *       1 core and 1 GiB), so results come from executors in other JVMs;
 *   <li>{@code -Dit.delta=true}: the server has Delta Lake ({@link LocalServerOptions.Builder#delta()}), Delta's
 *       catalog as {@code spark_catalog};
 *   <li>{@code -Dit.tls=true}: every suite reaches the server through a real TLS-terminating proxy ({@link TlsProxy}:
 *       nginx with a throwaway CA, started once per JVM): {@link #remote()} and {@link #via} name the proxy as
 *       {@code sc://localhost:…/;token=…;use_ssl=true;ssl_ca_file=…}, so the token travels over TLS and the client
 *       trusts the test CA only.
 * </ul>
 * Suites that need Delta whatever the pass use {@link #deltaRemote()}: the suite's server when it has Delta,
 * otherwise a second, Delta-enabled server started once per JVM.
 */
public final class TestServer {

  private static volatile String remote;
  private static volatile String serverRemote;
  private static volatile String deltaRemote;
  private static volatile LocalSparkConnectServer embedded;
  private static volatile TlsProxy tlsProxy;

  private TestServer() {}

  /** Whether this pass runs against a server that forces reattach on every response. */
  public static boolean forcedReattach() {
    return Boolean.getBoolean("it.forceReattach");
  }

  /** Whether this pass runs against an embedded server on a standalone cluster. */
  public static boolean cluster() {
    return Boolean.getBoolean("it.cluster");
  }

  /** Whether this pass reaches the server through the TLS proxy. */
  public static boolean tls() {
    return Boolean.getBoolean("it.tls");
  }

  /** Whether this pass's embedded server has Delta Lake. */
  public static boolean delta() {
    return Boolean.getBoolean("it.delta");
  }

  /**
   * The {@code sc://} string of the server under test (with its token), starting the embedded one on first call; in
   * the TLS pass the string of the TLS proxy in front of it.
   */
  public static synchronized String remote() {
    if (remote == null) {
      remote = tls() ? tlsRemote(tlsProxy().port(), tokenParameter()) : serverRemote();
    }
    return remote;
  }

  /** The {@code sc://} string of the server itself (never through the TLS proxy), starting the embedded one. */
  public static synchronized String serverRemote() {
    if (serverRemote == null) {
      String external = System.getProperty("spark.it.remote", System.getenv("SPARK_REMOTE"));
      if (external != null && !external.isBlank()) {
        serverRemote = external;
      } else {
        LocalServerOptions.Builder options = LocalServerOptions.builder().conf("spark.sql.shuffle.partitions", "4");
        if (forcedReattach()) {
          options.conf("spark.connect.execute.reattachable.senderMaxStreamDuration", "1s")
              .conf("spark.connect.execute.reattachable.senderMaxStreamSize", "123");
        }
        if (cluster()) {
          options.cluster(2, 1, "1g");
        }
        if (delta()) {
          options.delta();
        }
        // Kept open until JVM exit: the launcher's shutdown hook stops the server.
        embedded = LocalSparkConnectServer.start(options.build());
        serverRemote = embedded.remote();
        if (delta()) {
          deltaRemote = serverRemote;
        }
      }
    }
    return serverRemote;
  }

  /**
   * The TLS proxy in front of the server under test (nginx, a throwaway CA), started on first call, in any pass,
   * and stopped at JVM exit.
   *
   * @throws IllegalStateException if nginx is not installed (the message says how to install it)
   */
  public static synchronized TlsProxy tlsProxy() {
    if (tlsProxy == null) {
      TlsProxy.requireNginx(); // before a server starts
      ConnectionString server = ConnectionString.parse(serverRemote());
      TlsProxy proxy = TlsProxy.start(server.host(), server.port());
      Runtime.getRuntime().addShutdownHook(new Thread(proxy::close, "tls-proxy-stop"));
      tlsProxy = proxy;
    }
    return tlsProxy;
  }

  /** {@code sc://localhost:port/;<parameters>;use_ssl=true;ssl_ca_file=<the test CA>}. */
  private static String tlsRemote(int port, String parameters) {
    return "sc://localhost:" + port + "/;" + parameters + (parameters.isEmpty() ? "" : ";") + "use_ssl=true;ssl_ca_file="
        + tlsProxy().certificates().ca();
  }

  private static String tokenParameter() {
    return ConnectionString.parse(serverRemote()).token().map(t -> "token=" + t).orElse("");
  }

  /**
   * The server under test as {@link #remote()} reaches it (directly, or through the TLS proxy), with another token.
   *
   * @param token the token to send, or {@code null} for none
   * @return the connection string
   */
  public static String remoteWithToken(String token) {
    String t = token == null ? "" : "token=" + token;
    if (tls()) {
      return tlsRemote(tlsProxy().port(), t);
    }
    ConnectionString server = ConnectionString.parse(serverRemote());
    return "sc://" + server.host() + ":" + server.port() + "/" + (t.isEmpty() ? "" : ";" + t);
  }

  /**
   * The server under test with more connection-string parameters.
   *
   * @param parameters {@code key=value} strings, for example {@code session_id=...}
   * @return {@link #remote()} with them appended
   */
  public static String remote(String... parameters) {
    String base = remote();
    String joined = String.join(";", parameters);
    return base + (base.contains(";") ? ";" : "/;") + joined;
  }

  /**
   * A connection string for another port of this machine (a proxy in front of the server under test), with the
   * server's token; in the TLS pass with TLS to {@code localhost} and the test CA (the port then forwards to the
   * TLS proxy).
   *
   * @param port the port on {@code 127.0.0.1}
   * @param parameters more {@code key=value} parameters
   * @return for example {@code sc://127.0.0.1:40111/;token=...;grpc_max_message_size=65536}
   */
  public static String via(int port, String... parameters) {
    if (tls()) {
      String joined = String.join(";", parameters);
      return tlsRemote(port, tokenParameter() + (joined.isEmpty() ? "" : ";" + joined));
    }
    StringBuilder b = new StringBuilder("sc://127.0.0.1:").append(port).append("/");
    token().ifPresent(t -> b.append(";token=").append(t));
    for (String p : parameters) {
      b.append(';').append(p);
    }
    return b.toString();
  }

  /** The embedded server under test (its log file, options), or empty when an external server is named. */
  public static Optional<LocalSparkConnectServer> embedded() {
    serverRemote();
    return Optional.ofNullable(embedded);
  }

  /** The token of the server under test, if it has one. */
  public static Optional<String> token() {
    return ConnectionString.parse(serverRemote()).token();
  }

  /**
   * A server with Delta Lake: the suite's own when this pass has {@code -Dit.delta=true} or an external server is
   * named (which must then have Delta), otherwise a second embedded server with Delta, started once per JVM.
   */
  public static synchronized String deltaRemote() {
    if (deltaRemote == null) {
      String external = System.getProperty("spark.it.remote", System.getenv("SPARK_REMOTE"));
      if (delta() || (external != null && !external.isBlank())) {
        deltaRemote = serverRemote();
      } else {
        deltaRemote = LocalSparkConnectServer.start(LocalServerOptions.builder()
            .conf("spark.sql.shuffle.partitions", "4").delta().build()).remote();
      }
    }
    return deltaRemote;
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
