package io.github.reactivespark.connect.exceptions;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Root of every exception this client emits for a failed Spark Connect call.
 *
 * <p>It carries what the server reported ({@code google.rpc.ErrorInfo} in the gRPC status details and, when the
 * follow-up {@code FetchErrorDetails} RPC succeeds, the full cause chain, query contexts and server stack trace).
 * Subclasses keep Spark's names; the mapping from the server's exception class follows Spark's
 * {@code sql/connect/common/.../client/GrpcExceptionConverter.scala}: the first class of the server's
 * type hierarchy that this client knows decides the type, and anything unknown becomes {@link SparkException}.
 *
 * <p>The message is the server's full message, which names the error class and SQLSTATE, for example
 * {@code [DIVIDE_BY_ZERO] Division by zero. ... SQLSTATE: 22012}. When the server sent its stack trace, it
 * replaces this exception's stack trace (as in Spark's client) and is also available from
 * {@link #serverStackTrace()}. Causes reported by the server are chained with {@link #getCause()}.
 */
public class SparkConnectException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final ErrorDetails details;

  /**
   * Creates an exception from server-reported details.
   *
   * @param details what the server reported
   * @param cause the cause (the next server-side exception in the chain, or a client-side cause), or
   *     {@code null}
   */
  public SparkConnectException(ErrorDetails details, @Nullable Throwable cause) {
    super(Objects.requireNonNull(details, "details").message(), cause);
    this.details = details;
    if (!details.serverStackTrace().isEmpty()) {
      setStackTrace(details.serverStackTrace().toArray(StackTraceElement[]::new));
    }
  }

  /**
   * Creates an exception with a message only (see {@link ErrorDetails#of(String)}).
   *
   * @param message the message
   * @param cause the cause, or {@code null}
   */
  public SparkConnectException(String message, @Nullable Throwable cause) {
    this(ErrorDetails.of(message), cause);
  }

  /**
   * Spark's error condition, for example {@code TABLE_OR_VIEW_NOT_FOUND} or {@code DIVIDE_BY_ZERO}.
   *
   * @return the error class, or {@code null} when the server error has none (for example a task failure
   *     wrapping a non-Spark exception)
   */
  public @Nullable String errorClass() {
    return details.errorClass();
  }

  /**
   * The SQLSTATE the server reported, for example {@code 42P01}.
   *
   * @return the SQLSTATE, or {@code null} when the server sent none
   */
  public @Nullable String sqlState() {
    return details.sqlState();
  }

  /**
   * The parameters of the error class's message template, for example {@code relationName -> `t`}.
   *
   * @return an unmodifiable map, empty when there are none
   */
  public Map<String, String> messageParameters() {
    return details.messageParameters();
  }

  /**
   * Where in the query the error happened. Only available when {@code FetchErrorDetails} succeeded; Spark 4.1
   * sends none for parse errors (the position is in the message instead).
   *
   * @return an unmodifiable list, possibly empty
   */
  public List<QueryContext> queryContexts() {
    return details.queryContexts();
  }

  /**
   * The server-side id of this error, used with {@code FetchErrorDetails} (which the server answers only once).
   *
   * @return the error id, or {@code null} for causes and errors the server did not store
   */
  public @Nullable String errorId() {
    return details.errorId();
  }

  /**
   * The server-side stack trace, outermost frame first.
   *
   * @return an unmodifiable list, empty when the server did not send it
   */
  public List<StackTraceElement> serverStackTrace() {
    return details.serverStackTrace();
  }

  /**
   * The status code of the failed call. A Spark 4.1 server reports every query error (and invalid session and
   * operation handles) as {@link StatusCode#INTERNAL}; {@link StatusCode#UNAVAILABLE} means the server could not
   * be reached.
   *
   * @return the status code; {@link StatusCode#UNKNOWN} when the error did not come from a call
   */
  public StatusCode statusCode() {
    return details.statusCode();
  }

  /**
   * The status code as gRPC's own type.
   *
   * @return {@code io.grpc.Status.Code} with the number of {@link #statusCode()}
   * @deprecated public exceptions no longer expose gRPC types; use {@link #statusCode()}, which has the same names
   *     and numbers. Goes in the release after 0.1.0.
   */
  @Deprecated(since = "0.1.0", forRemoval = true)
  @SuppressWarnings("removal")
  public io.grpc.Status.Code grpcStatusCode() {
    return details.grpcStatusCode();
  }

  /**
   * All server-reported details in one value.
   *
   * @return the details this exception was created from
   */
  public ErrorDetails details() {
    return details;
  }
}
