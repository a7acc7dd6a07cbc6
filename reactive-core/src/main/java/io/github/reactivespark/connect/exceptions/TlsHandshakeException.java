package io.github.reactivespark.connect.exceptions;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The TLS connection to the server (or to the TLS-terminating proxy in front of it) could not be set up for a
 * reason that retrying does not change, so it is never retried: the server's certificate is not trusted (signed
 * by a CA outside the session's trust: give it with {@code SparkSession.Builder.trustCertificates} or
 * {@code ;ssl_ca_file=}), expired, or not valid for the host name the client connected to; the server refused the
 * handshake (it requires a client certificate the session did not present, or does not trust the one it did:
 * {@code clientCertificate}, {@code ;ssl_cert_file=}); or the port does not speak TLS at all ({@code use_ssl=true}
 * to a plaintext port). The message names the host and port and the reason; the cause is the transport's error
 * with the TLS library's own exception in its chain. Status {@link StatusCode#UNAVAILABLE}, as gRPC reports it.
 *
 * <p>A connection lost while the handshake runs is not this: that is a transport failure, retried like any other.
 *
 * <p>Not a Spark type: Spark's clients surface the raw gRPC error and retry it as {@code UNAVAILABLE}.
 *
 * @since 0.1.0
 */
public class TlsHandshakeException extends SparkConnectException {

  private static final long serialVersionUID = 1L;

  private final String host;
  private final int port;

  /**
   * Creates the exception.
   *
   * @param details the message (naming host, port and reason) and status
   * @param host the host the client connected to, as the connection string names it
   * @param port the port the client connected to
   * @param cause the transport's error, or {@code null}
   */
  public TlsHandshakeException(ErrorDetails details, String host, int port, @Nullable Throwable cause) {
    super(details, cause);
    this.host = Objects.requireNonNull(host, "host");
    this.port = port;
  }

  /**
   * @return the host the client connected to, as the connection string names it
   */
  public String host() {
    return host;
  }

  /**
   * @return the port the client connected to
   */
  public int port() {
    return port;
  }
}
