package io.github.reactivespark.connect.exceptions;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The server-reported facts every {@link SparkConnectException} carries; one value object so that all exception
 * types share a single constructor shape.
 *
 * <p>Built by the client from {@code google.rpc.ErrorInfo} and {@code FetchErrorDetails} (see
 * {@link SparkConnectException}); applications rarely build one except in tests.
 *
 * @param message the complete message, as the server rendered it (it normally starts with
 *     {@code [ERROR_CLASS]} and ends with {@code SQLSTATE: xxxxx})
 * @param errorClass Spark's error condition, for example {@code DIVIDE_BY_ZERO}; {@code null} when the server
 *     error is not a {@code SparkThrowable} with an error class
 * @param sqlState the SQLSTATE, for example {@code 22012}; {@code null} when the server sent none
 * @param messageParameters the parameters of the error class's message template (copied, unmodifiable)
 * @param queryContexts where in the query the error happened (copied, unmodifiable; may be empty)
 * @param errorId the server-side id of the error ({@code ErrorInfo.metadata["errorId"]}); set on the root error
 *     of a chain only, {@code null} for causes and when the server did not store the error
 * @param serverStackTrace the server-side stack trace, outermost frame first; empty when the server did not send
 *     it ({@code spark.sql.connect.serverStacktrace.enabled=false}) or when FetchErrorDetails failed
 * @param statusCode the status code of the failed call ({@link StatusCode#INTERNAL} for every query error a
 *     Spark 4.1 server reports); {@link StatusCode#UNKNOWN} when the error did not come from a call
 */
public record ErrorDetails(
    String message,
    @Nullable String errorClass,
    @Nullable String sqlState,
    Map<String, String> messageParameters,
    List<QueryContext> queryContexts,
    @Nullable String errorId,
    List<StackTraceElement> serverStackTrace,
    StatusCode statusCode) implements java.io.Serializable {

  // checks for nulls and takes unmodifiable copies of the collections
  public ErrorDetails {
    Objects.requireNonNull(message, "message");
    messageParameters = Map.copyOf(messageParameters);
    queryContexts = List.copyOf(queryContexts);
    serverStackTrace = List.copyOf(serverStackTrace);
    Objects.requireNonNull(statusCode, "statusCode");
  }

  /**
   * Details with only a message: no error class, SQLSTATE, parameters, contexts, error id or server stack
   * trace, and status code {@link StatusCode#UNKNOWN}.
   *
   * @param message the message
   * @return the details
   */
  public static ErrorDetails of(String message) {
    return of(message, null, StatusCode.UNKNOWN);
  }

  /**
   * Details with a message and an error class (and the status code), nothing else.
   *
   * @param message the message
   * @param errorClass Spark's error condition, or {@code null}
   * @param statusCode the status code of the failed call
   * @return the details
   */
  public static ErrorDetails of(String message, @Nullable String errorClass, StatusCode statusCode) {
    return new ErrorDetails(message, errorClass, null, Map.of(), List.of(), null, List.of(), statusCode);
  }

  /**
   * The status code as gRPC's own type.
   *
   * @return {@code io.grpc.Status.Code} with the number of {@link #statusCode()}
   * @deprecated public exceptions no longer expose gRPC types; use {@link #statusCode()}, which has the same names
   *     and numbers. Goes in the release after 0.1.0.
   */
  @Deprecated(since = "0.1.0", forRemoval = true)
  public io.grpc.Status.Code grpcStatusCode() {
    return io.grpc.Status.fromCodeValue(statusCode.value()).getCode();
  }
}
