package io.github.reactivespark.connect.internal.grpc;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.rpc.ErrorInfo;
import com.google.rpc.RetryInfo;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a raw gRPC error ({@link StatusRuntimeException} or {@link StatusException}) says: its status, the
 * {@code google.rpc.ErrorInfo} and {@code RetryInfo} in its details, its Spark error class, and a one-line
 * description that names the real cause. Retry and reattach decisions read raw errors with these helpers, before
 * the session core converts them (once, above retry) into typed exceptions.
 *
 * <p>Stateless; every method accepts any throwable and answers "nothing" for one that is not a gRPC error.
 */
public final class GrpcErrors {

  private static final Logger LOG = LoggerFactory.getLogger(GrpcErrors.class);

  private GrpcErrors() {}

  /**
   * The gRPC status of a raw error.
   *
   * @param error any throwable
   * @return the status, or {@code null} if {@code error} is neither a {@link StatusRuntimeException} nor a
   *     {@link StatusException}
   */
  public static @Nullable Status status(Throwable error) {
    if (error instanceof StatusRuntimeException sre) {
      return sre.getStatus();
    }
    if (error instanceof StatusException se) {
      return se.getStatus();
    }
    return null;
  }

  /**
   * The numeric gRPC status code of a raw error ({@code 2}, {@code UNKNOWN}, for anything that is not one).
   *
   * @param error any throwable
   * @return the code's value as {@code io.grpc.Status.Code.value()} gives it
   */
  public static int codeValue(Throwable error) {
    Status status = status(error);
    return (status == null ? Status.Code.UNKNOWN : status.getCode()).value();
  }

  /**
   * The {@code google.rpc.ErrorInfo} a Spark Connect server puts in the status details of every error it
   * reports. Its {@code reason} is the server exception's class name (for example
   * {@code org.apache.spark.SparkSQLException}), its metadata holds {@code classes} (JSON array),
   * {@code errorClass}, {@code sqlState}, {@code messageParameters} (JSON object) and {@code errorId}, each only
   * when known.
   *
   * @param error any throwable
   * @return the ErrorInfo, or {@code null} if {@code error} is not a gRPC error with one
   */
  public static @Nullable ErrorInfo errorInfo(Throwable error) {
    return detail(error, ErrorInfo.class);
  }

  /**
   * The {@code google.rpc.RetryInfo} in the status details, which asks the client to retry after
   * {@code retry_delay}.
   *
   * @param error any throwable
   * @return the RetryInfo, or {@code null} if there is none
   */
  public static @Nullable RetryInfo retryInfo(Throwable error) {
    return detail(error, RetryInfo.class);
  }

  /**
   * The raw error class of a not yet converted error: {@code ErrorInfo.metadata["errorClass"]}.
   *
   * @param error any throwable
   * @return the error class, for example {@code INVALID_HANDLE.OPERATION_NOT_FOUND}, or {@code null}
   */
  public static @Nullable String errorClass(Throwable error) {
    ErrorInfo info = errorInfo(error);
    return info == null ? null : info.getMetadataOrDefault("errorClass", null);
  }

  /**
   * Whether a raw gRPC error has the given error class or one of its sub-classes: {@code hasErrorClass(e,
   * "INVALID_HANDLE")} matches {@code INVALID_HANDLE.OPERATION_NOT_FOUND}. Reads {@code ErrorInfo}; when there is
   * no error class there, falls back to looking for {@code [ERROR_CLASS} in the status description (how Spark's
   * own retry policy spots {@code INVALID_CURSOR.DISCONNECTED}). A converted exception answers {@code false}
   * (use its {@code errorClass()} there).
   *
   * @param error any throwable
   * @param errorClass an error class such as {@code INVALID_CURSOR.DISCONNECTED}
   * @return whether {@code error} reports that error class
   */
  public static boolean hasErrorClass(Throwable error, String errorClass) {
    Objects.requireNonNull(errorClass, "errorClass");
    Status status = status(error);
    if (status == null) {
      return false;
    }
    String actual = errorClass(error);
    if (actual != null) {
      return actual.equals(errorClass) || actual.startsWith(errorClass + ".");
    }
    String description = status.getDescription();
    return description != null && (description.contains("[" + errorClass + "]")
        || description.contains("[" + errorClass + "."));
  }

  /** Why a TLS connection failed in a way that retrying does not change; see {@link #tlsFailure(Throwable)}. */
  public enum TlsFailure {
    /** The peer's certificate chain does not lead to a trusted CA, or a certificate in it expired or was revoked. */
    UNTRUSTED_CERTIFICATE,
    /** The peer's certificate is valid, but not for the host name or address the client connected to. */
    HOST_NAME_MISMATCH,
    /**
     * The peer ended the handshake with a fatal alert: it requires a client certificate that was not presented,
     * does not trust the one that was, or shares no protocol version or cipher with the client.
     */
    REFUSED_BY_PEER,
    /** The peer answered with something that is not TLS: a plaintext port. */
    NOT_TLS
  }

  /**
   * Whether a raw gRPC error is a TLS failure that a retry would only repeat, and which. Read from the cause chain
   * (gRPC reports all of them as {@code UNAVAILABLE}): a {@link java.security.cert.CertificateException} (from
   * the trust manager: untrusted, expired, wrong host); an {@link javax.net.ssl.SSLException} that reports a fatal
   * alert from the peer (the JDK's {@code Received fatal alert: …}, BoringSSL's {@code …_ALERT_…} and
   * {@code CERTIFICATE_REQUIRED}); Netty's {@code NotSslRecordException}. A handshake cut short by a lost
   * connection ({@code Connection closed while SSL/TLS handshake was in progress}, a reset) is none of these: it
   * stays a retryable transport failure.
   *
   * @param error any throwable
   * @return the kind of failure, or {@code null} if {@code error} is not a gRPC error with such a cause
   */
  public static @Nullable TlsFailure tlsFailure(Throwable error) {
    if (status(error) == null) {
      return null;
    }
    int depth = 0;
    for (Throwable c = error.getCause(); c != null && depth < 16; c = c.getCause(), depth++) {
      String m = String.valueOf(c.getMessage());
      if (c instanceof java.security.cert.CertificateException) {
        return m.contains(" matching ") || m.contains("No subject alternative names present")
            ? TlsFailure.HOST_NAME_MISMATCH : TlsFailure.UNTRUSTED_CERTIFICATE;
      }
      if (c instanceof javax.net.ssl.SSLException
          && (m.contains("Received fatal alert") || m.contains("_ALERT_") || m.contains("CERTIFICATE_REQUIRED"))) {
        return TlsFailure.REFUSED_BY_PEER;
      }
      if (c.getClass().getSimpleName().equals("NotSslRecordException")) {
        return TlsFailure.NOT_TLS;
      }
      if (c == c.getCause()) {
        break;
      }
    }
    return null;
  }

  /**
   * A gRPC error in one line that names its real cause: transport failures carry it only in the cause chain
   * ({@code UNAVAILABLE: io exception} caused by {@code Connection refused: /127.0.0.1:15002}).
   *
   * @param error any throwable
   * @return its message (a gRPC error's {@code CODE: description}, otherwise {@code toString()}) followed by the
   *     messages of up to 8 causes that add something
   */
  public static String describe(Throwable error) {
    StringBuilder b = new StringBuilder(
        String.valueOf(error instanceof StatusRuntimeException sre ? sre.getMessage() : error.toString()));
    int depth = 0;
    for (Throwable c = error.getCause(); c != null && c != c.getCause() && depth < 8; c = c.getCause(), depth++) {
      String m = c.getMessage();
      if (m != null && !m.isBlank() && b.indexOf(m) < 0) {
        b.append(depth == 0 ? " (caused by " : "; ").append(c.getClass().getSimpleName()).append(": ").append(m);
      }
    }
    if (b.indexOf(" (caused by ") >= 0) {
      b.append(')');
    }
    return b.toString();
  }

  private static <T extends Message> @Nullable T detail(Throwable error, Class<T> type) {
    if (status(error) == null) {
      return null;
    }
    com.google.rpc.Status proto = StatusProto.fromThrowable(error);
    if (proto == null) {
      return null;
    }
    for (Any any : proto.getDetailsList()) {
      if (any.is(type)) {
        try {
          return any.unpack(type);
        } catch (InvalidProtocolBufferException e) {
          LOG.debug("Unreadable {} in status details", type.getSimpleName(), e);
          return null;
        }
      }
    }
    return null;
  }
}
