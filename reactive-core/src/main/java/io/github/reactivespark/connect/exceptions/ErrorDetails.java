package io.github.reactivespark.connect.exceptions;

import io.grpc.Status;
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
 * @param grpcStatusCode the gRPC status code of the failed call ({@code INTERNAL} for every query error a Spark
 *     4.1 server reports); {@link Status.Code#UNKNOWN} when the error did not come from a gRPC call
 */
public record ErrorDetails(
    String message,
    @Nullable String errorClass,
    @Nullable String sqlState,
    Map<String, String> messageParameters,
    List<QueryContext> queryContexts,
    @Nullable String errorId,
    List<StackTraceElement> serverStackTrace,
    Status.Code grpcStatusCode) implements java.io.Serializable {

  // checks for nulls and takes unmodifiable copies of the collections
  public ErrorDetails {
    Objects.requireNonNull(message, "message");
    messageParameters = Map.copyOf(messageParameters);
    queryContexts = List.copyOf(queryContexts);
    serverStackTrace = List.copyOf(serverStackTrace);
    Objects.requireNonNull(grpcStatusCode, "grpcStatusCode");
  }

  /**
   * Details with only a message: no error class, SQLSTATE, parameters, contexts, error id or server stack
   * trace, and status code {@link Status.Code#UNKNOWN}.
   *
   * @param message the message
   * @return the details
   */
  public static ErrorDetails of(String message) {
    return new ErrorDetails(message, null, null, Map.of(), List.of(), null, List.of(), Status.Code.UNKNOWN);
  }

  /**
   * Details with a message and an error class (and the status code), nothing else.
   *
   * @param message the message
   * @param errorClass Spark's error condition, or {@code null}
   * @param grpcStatusCode the gRPC status code of the failed call
   * @return the details
   */
  public static ErrorDetails of(String message, @Nullable String errorClass, Status.Code grpcStatusCode) {
    return new ErrorDetails(message, errorClass, null, Map.of(), List.of(), null, List.of(), grpcStatusCode);
  }
}
