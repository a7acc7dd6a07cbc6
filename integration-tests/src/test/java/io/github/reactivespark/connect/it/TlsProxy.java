package io.github.reactivespark.connect.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real TLS-terminating gRPC proxy in front of the server under test: Debian's nginx (1.22: {@code ssl},
 * {@code http2}, {@code grpc_pass}) started by the test on {@code 127.0.0.1} with a throwaway CA
 * ({@link TestCertificates}), as a deployment puts Spark Connect (which has no TLS of its own) behind one. The
 * client speaks TLS to nginx, nginx speaks plaintext HTTP/2 to Spark Connect and passes the {@code authorization}
 * header through. Two listeners:
 * <ul>
 *   <li>{@link #port()}: TLS, the server certificate for {@code localhost} (connecting as {@code 127.0.0.1} is a
 *       host name mismatch);
 *   <li>{@link #mutualTlsPort()}: the same, and nginx requires a client certificate signed by the test CA
 *       ({@code ssl_verify_client on}); a call without one, or with one of another CA, is answered with gRPC status
 *       {@code UNAUTHENTICATED} and a message saying so (nginx's 496/495 mapped to a gRPC status with
 *       {@code error_page}, the usual configuration of an nginx gRPC gateway: by itself nginx answers such calls
 *       with an HTML page and HTTP status 400).
 * </ul>
 * nginx writes an access log (method, status, TLS protocol, client certificate subject: never a request header)
 * and an error log at level {@code info}, both readable through {@link #logs()}.
 *
 * <p>nginx is looked up as {@code -Dit.nginx}, then on {@code PATH}, then in {@code /usr/sbin}; missing, the start
 * fails with a message that says how to install it. nginx runs in the foreground under a {@code sh} that kills it
 * when this JVM goes away (its stdin closes), so a killed test run leaves no proxy behind. {@link #close()} stops it.
 */
final class TlsProxy implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

  private final Path dir;
  private final TestCertificates certificates;
  private final int port;
  private final int mutualTlsPort;
  private final Process process;

  private TlsProxy(Path dir, TestCertificates certificates, int port, int mutualTlsPort, Process process) {
    this.dir = dir;
    this.certificates = certificates;
    this.port = port;
    this.mutualTlsPort = mutualTlsPort;
    this.process = process;
  }

  /**
   * Makes a throwaway CA and starts nginx in front of {@code upstreamHost:upstreamPort}.
   *
   * @param upstreamHost the Spark Connect server's host (plaintext HTTP/2)
   * @param upstreamPort its port
   * @return the running proxy
   * @throws IllegalStateException if nginx is not installed or does not start (with its error log)
   */
  static TlsProxy start(String upstreamHost, int upstreamPort) {
    Path nginx = requireNginx();
    try {
      Path dir = Files.createTempDirectory("reactive-spark-connect-tls-proxy-");
      TestCertificates certificates = TestCertificates.create(dir.resolve("pki"));
      IllegalStateException last = null;
      for (int attempt = 0; attempt < 3; attempt++) { // a free port may be taken before nginx binds it
        int port = freePort();
        int mutualTlsPort = freePort();
        Files.writeString(dir.resolve("nginx.conf"),
            config(dir, certificates, upstreamHost, upstreamPort, port, mutualTlsPort));
        Process p = new ProcessBuilder("sh", "-c",
            "\"$0\" -p \"$1\" -c \"$1/nginx.conf\" -e \"$1/error.log\" -g 'daemon off;' & pid=$!;"
                + " cat >/dev/null; kill $pid 2>/dev/null; wait $pid",
            nginx.toString(), dir.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("nginx.out").toFile())
            .start();
        TlsProxy proxy = new TlsProxy(dir, certificates, port, mutualTlsPort, p);
        try {
          proxy.awaitListening();
          return proxy;
        } catch (IllegalStateException e) {
          proxy.stop();
          last = e;
        }
      }
      throw last;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The nginx binary.
   *
   * @return its path
   * @throws IllegalStateException if it is not installed, saying how to install it
   */
  static Path requireNginx() {
    return nginx().orElseThrow(() -> new IllegalStateException("The TLS suites (the cluster pass, -Dit.tls=true, and"
        + " TlsIT) run through a real TLS proxy, nginx, which is not installed: apt-get install -y nginx (Debian's"
        + " nginx 1.22 has ssl, http2 and grpc_pass), or name the binary with -Dit.nginx=/path/to/nginx. .ci/run"
        + " installs it. To run that pass without the proxy and without TlsIT: -Dit.tls.skip=true"));
  }

  private static Optional<Path> nginx() {
    String named = System.getProperty("it.nginx");
    if (named != null && !named.isBlank()) {
      return Optional.of(Path.of(named)).filter(Files::isExecutable);
    }
    List<Path> candidates = new ArrayList<>();
    for (String d : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      if (!d.isEmpty()) {
        candidates.add(Path.of(d, "nginx"));
      }
    }
    Stream.of("/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/local/nginx/sbin/nginx").map(Path::of)
        .forEach(candidates::add);
    return candidates.stream().filter(Files::isExecutable).findFirst();
  }

  private static String config(Path dir, TestCertificates c, String upstreamHost, int upstreamPort, int port,
      int mutualTlsPort) {
    // As root, nginx's workers would otherwise run as nobody, who cannot enter this directory
    String user = "root".equals(System.getProperty("user.name")) ? "user root;\n" : "";
    String d = dir.toString();
    String grpcServer = """
          location / {
            grpc_pass grpc://spark;
          }
        """;
    return user + """
        worker_processes 1;
        pid %1$s/nginx.pid;
        error_log %1$s/error.log info;
        events { worker_connections 1024; }
        http {
          log_format grpc '$remote_addr [$time_local] "$request" $status $body_bytes_sent $request_time'
                          ' ssl=$ssl_protocol client="$ssl_client_s_dn" verify=$ssl_client_verify'
                          ' upstream=$upstream_addr';
          access_log %1$s/access.log grpc;
          client_body_temp_path %1$s/client_body;
          proxy_temp_path %1$s/proxy;
          fastcgi_temp_path %1$s/fastcgi;
          uwsgi_temp_path %1$s/uwsgi;
          scgi_temp_path %1$s/scgi;
          # long result streams and long queries: nothing times out under a test's own bounds
          client_max_body_size 0;
          client_body_timeout 600s;
          send_timeout 600s;
          keepalive_timeout 600s;
          keepalive_requests 1000000;
          http2_max_concurrent_streams 256;
          grpc_read_timeout 600s;
          grpc_send_timeout 600s;
          ssl_protocols TLSv1.2 TLSv1.3;
          ssl_certificate %2$s;
          ssl_certificate_key %3$s;
          upstream spark {
            server %4$s:%5$d;
            keepalive 32;
          }
          server {
            listen 127.0.0.1:%6$d ssl http2;
        %8$s
          }
          server {
            listen 127.0.0.1:%7$d ssl http2;
            ssl_verify_client on;
            ssl_client_certificate %9$s;
            error_page 495 = @untrusted_client_certificate;
            error_page 496 = @no_client_certificate;
            location @untrusted_client_certificate {
              default_type application/grpc;
              add_header grpc-status 16 always;
              add_header grpc-message "the client certificate is not trusted by the proxy" always;
              return 200;
            }
            location @no_client_certificate {
              default_type application/grpc;
              add_header grpc-status 16 always;
              add_header grpc-message "the proxy requires a client certificate" always;
              return 200;
            }
        %8$s
          }
        }
        """.formatted(d, c.serverCertificate(), c.serverKey(), upstreamHost, upstreamPort, port, mutualTlsPort,
        grpcServer, c.ca());
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private void awaitListening() {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("nginx exited with " + process.exitValue() + ":\n" + startOutput());
      }
      if (accepts(port) && accepts(mutualTlsPort)) {
        return;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new IllegalStateException("nginx did not listen on " + port + " and " + mutualTlsPort + " within "
        + START_TIMEOUT + ":\n" + startOutput());
  }

  private static boolean accepts(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private String startOutput() {
    return read(dir.resolve("nginx.out")) + read(dir.resolve("error.log"));
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "(unreadable " + file + ": " + e + ")";
    }
  }

  /** The TLS port on 127.0.0.1; its certificate names {@code localhost}. */
  int port() {
    return port;
  }

  /** The mutual-TLS port on 127.0.0.1: a client certificate of the test CA is required. */
  int mutualTlsPort() {
    return mutualTlsPort;
  }

  /** The throwaway PKI: the CA the client trusts, client certificates, an unrelated CA. */
  TestCertificates certificates() {
    return certificates;
  }

  /** What nginx logged so far: its access log, then its error log. */
  String logs() {
    return read(dir.resolve("access.log")) + "\n" + read(dir.resolve("error.log"));
  }

  /** Stops nginx (closing the stdin of its shell makes the shell kill it), waits for it, deletes its files. */
  @Override
  public void close() {
    try {
      stop();
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      } catch (IOException e) {
        // best effort: a temporary directory
      }
    }
  }

  private void stop() {
    try {
      process.getOutputStream().close();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      }
    } catch (IOException e) {
      process.destroy();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
