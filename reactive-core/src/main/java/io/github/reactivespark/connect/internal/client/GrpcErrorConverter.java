package io.github.reactivespark.connect.internal.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.rpc.ErrorInfo;
import io.github.reactivespark.connect.exceptions.AnalysisException;
import io.github.reactivespark.connect.exceptions.AuthenticationException;
import io.github.reactivespark.connect.exceptions.ErrorDetails;
import io.github.reactivespark.connect.exceptions.NamespaceAlreadyExistsException;
import io.github.reactivespark.connect.exceptions.NoSuchDatabaseException;
import io.github.reactivespark.connect.exceptions.NoSuchNamespaceException;
import io.github.reactivespark.connect.exceptions.NoSuchTableException;
import io.github.reactivespark.connect.exceptions.OperationNotFoundException;
import io.github.reactivespark.connect.exceptions.ParseException;
import io.github.reactivespark.connect.exceptions.QueryContext;
import io.github.reactivespark.connect.exceptions.QueryExecutionException;
import io.github.reactivespark.connect.exceptions.SessionNotFoundException;
import io.github.reactivespark.connect.exceptions.SparkArithmeticException;
import io.github.reactivespark.connect.exceptions.SparkArrayIndexOutOfBoundsException;
import io.github.reactivespark.connect.exceptions.SparkConnectException;
import io.github.reactivespark.connect.exceptions.SparkConnectTransientException;
import io.github.reactivespark.connect.exceptions.SparkDateTimeException;
import io.github.reactivespark.connect.exceptions.SparkException;
import io.github.reactivespark.connect.exceptions.SparkIllegalArgumentException;
import io.github.reactivespark.connect.exceptions.SparkNoSuchElementException;
import io.github.reactivespark.connect.exceptions.SparkNumberFormatException;
import io.github.reactivespark.connect.exceptions.SparkRuntimeException;
import io.github.reactivespark.connect.exceptions.SparkUnsupportedOperationException;
import io.github.reactivespark.connect.exceptions.SparkUpgradeException;
import io.github.reactivespark.connect.exceptions.StatusCode;
import io.github.reactivespark.connect.exceptions.StreamingQueryException;
import io.github.reactivespark.connect.exceptions.TableAlreadyExistsException;
import io.github.reactivespark.connect.exceptions.TempTableAlreadyExistsException;
import io.github.reactivespark.connect.exceptions.TlsHandshakeException;
import io.github.reactivespark.connect.internal.grpc.GrpcErrors;
import io.github.reactivespark.connect.internal.proto.FetchErrorDetailsRequest;
import io.github.reactivespark.connect.internal.proto.FetchErrorDetailsResponse;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Turns the raw {@link StatusRuntimeException}s of the transport into the typed exceptions of
 * {@link io.github.reactivespark.connect.exceptions}. The one place that does so; apply it once per public
 * publisher with {@code onErrorResume(e -> converter.convert(e).flatMap(Mono::error))}, <em>outside</em> retry
 * and reattach, whose predicates need the raw status (they read it with {@link GrpcErrors}). The session core
 * ({@link ConnectClient}) owns one converter and applies it to every publisher it returns.
 *
 * <p>Mirrors Spark's {@code sql/connect/common/.../client/GrpcExceptionConverter.scala}:
 *
 * <ol>
 *   <li>If the status details carry a {@code google.rpc.ErrorInfo} with an {@code errorId}, send
 *       {@code FetchErrorDetails(error_id)} and build the exception chain from its answer: full messages, cause
 *       chain, SQLSTATE, message parameters, query contexts and server stack traces. The server answers a given
 *       error id once only (a second request gets a response without {@code root_error_idx}).
 *   <li>If there is no error id, or FetchErrorDetails fails or finds nothing, build one exception from the
 *       {@code ErrorInfo} metadata alone ({@code classes}, {@code errorClass}, {@code sqlState},
 *       {@code messageParameters}) and the status description, which the server may have truncated.
 *   <li>Without {@code ErrorInfo}, a TLS failure that a retry would only repeat ({@link GrpcErrors#tlsFailure}: an
 *       untrusted certificate, a host name mismatch, a refused handshake, a port without TLS) gives
 *       {@link TlsHandshakeException} naming the server's host and port; otherwise map the status code:
 *       {@code UNAUTHENTICATED} (a missing or wrong token) gives
 *       {@link AuthenticationException}; {@code UNAVAILABLE}, {@code RESOURCE_EXHAUSTED} or a
 *       {@code RetryInfo} detail give {@link SparkConnectTransientException}, anything else
 *       {@link SparkException}; the raw exception is kept as the cause.
 * </ol>
 *
 * <p>The exception type comes from the server's class hierarchy ({@code error_type_hierarchy}, or the
 * {@code classes} metadata), most specific first: the first class with a known counterpart wins, so the
 * server's {@code NoSuchNamespaceException} (whose hierarchy also lists {@code NoSuchDatabaseException}) becomes
 * {@link NoSuchNamespaceException}, and {@code SparkNumberFormatException} is recognised through
 * {@code java.lang.NumberFormatException} like in Spark's table. An unknown hierarchy gives {@link SparkException}
 * with the server class name prefixed to the message. The error classes {@code INVALID_HANDLE.SESSION_NOT_FOUND}
 * and {@code INVALID_HANDLE.SESSION_CLOSED} give {@link SessionNotFoundException},
 * {@code INVALID_HANDLE.OPERATION_NOT_FOUND} gives {@link OperationNotFoundException} (the server reports all
 * three as {@code org.apache.spark.SparkSQLException}).
 *
 * <p>Thread-safe and stateless apart from the {@code FetchErrorDetails} function.
 */
public final class GrpcErrorConverter {

  /** How long {@link #convert} waits for FetchErrorDetails before it falls back to the ErrorInfo metadata. */
  public static final Duration DEFAULT_FETCH_TIMEOUT = Duration.ofSeconds(30);

  private static final Logger LOG = LoggerFactory.getLogger(GrpcErrorConverter.class);

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<List<String>> STRING_LIST = new TypeReference<>() {};
  private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {};

  /** Deepest cause chain rebuilt from FetchErrorDetails (a guard against malformed cause indexes). */
  private static final int MAX_CAUSE_DEPTH = 64;

  private static final String SESSION_NOT_FOUND = "INVALID_HANDLE.SESSION_NOT_FOUND";
  private static final String SESSION_CLOSED = "INVALID_HANDLE.SESSION_CLOSED";
  private static final String OPERATION_NOT_FOUND = "INVALID_HANDLE.OPERATION_NOT_FOUND";

  private interface Factory extends BiFunction<ErrorDetails, @Nullable Throwable, SparkConnectException> {}

  /** Server class name to exception constructor; Spark's {@code errorFactory} plus two classes it lacks. */
  private static final Map<String, Factory> FACTORIES = Map.ofEntries(
      Map.entry("org.apache.spark.sql.streaming.StreamingQueryException", StreamingQueryException::new),
      Map.entry("org.apache.spark.sql.catalyst.parser.ParseException", ParseException::new),
      Map.entry("org.apache.spark.sql.AnalysisException", AnalysisException::new),
      Map.entry("org.apache.spark.sql.catalyst.analysis.NamespaceAlreadyExistsException",
          NamespaceAlreadyExistsException::new),
      Map.entry("org.apache.spark.sql.catalyst.analysis.TableAlreadyExistsException",
          TableAlreadyExistsException::new),
      Map.entry("org.apache.spark.sql.catalyst.analysis.TempTableAlreadyExistsException",
          TempTableAlreadyExistsException::new),
      Map.entry("org.apache.spark.sql.catalyst.analysis.NoSuchDatabaseException", NoSuchDatabaseException::new),
      Map.entry("org.apache.spark.sql.catalyst.analysis.NoSuchNamespaceException", NoSuchNamespaceException::new),
      Map.entry("org.apache.spark.sql.catalyst.analysis.NoSuchTableException", NoSuchTableException::new),
      Map.entry("java.lang.NumberFormatException", SparkNumberFormatException::new),
      Map.entry("java.lang.IllegalArgumentException", SparkIllegalArgumentException::new),
      Map.entry("java.lang.ArithmeticException", SparkArithmeticException::new),
      Map.entry("java.lang.UnsupportedOperationException", SparkUnsupportedOperationException::new),
      Map.entry("java.lang.ArrayIndexOutOfBoundsException", SparkArrayIndexOutOfBoundsException::new),
      Map.entry("java.time.DateTimeException", SparkDateTimeException::new),
      Map.entry("org.apache.spark.SparkRuntimeException", SparkRuntimeException::new),
      Map.entry("org.apache.spark.SparkUpgradeException", SparkUpgradeException::new),
      Map.entry("org.apache.spark.SparkException", SparkException::new),
      // not in Spark's table (there they end up as SparkException)
      Map.entry("java.util.NoSuchElementException", SparkNoSuchElementException::new),
      Map.entry("org.apache.spark.sql.execution.QueryExecutionException", QueryExecutionException::new));

  private final Function<String, Mono<FetchErrorDetailsResponse>> fetchErrorDetails;
  private final Duration fetchTimeout;
  private final String host;
  private final int port;

  /**
   * Creates a converter.
   *
   * @param fetchErrorDetails sends {@code FetchErrorDetails} for an error id on behalf of the session the errors
   *     belong to (the server only finds errors of that session); cold
   * @param fetchTimeout how long to wait for FetchErrorDetails before falling back to the ErrorInfo metadata;
   *     positive (the core passes {@link #DEFAULT_FETCH_TIMEOUT})
   * @throws IllegalArgumentException if {@code fetchTimeout} is not positive
   */
  public GrpcErrorConverter(Function<String, Mono<FetchErrorDetailsResponse>> fetchErrorDetails,
      Duration fetchTimeout) {
    this(fetchErrorDetails, fetchTimeout, "the server", -1);
  }

  private GrpcErrorConverter(Function<String, Mono<FetchErrorDetailsResponse>> fetchErrorDetails,
      Duration fetchTimeout, String host, int port) {
    this.host = host;
    this.port = port;
    this.fetchErrorDetails = Objects.requireNonNull(fetchErrorDetails, "fetchErrorDetails");
    this.fetchTimeout = Objects.requireNonNull(fetchTimeout, "fetchTimeout");
    if (fetchTimeout.isNegative() || fetchTimeout.isZero()) {
      throw new IllegalArgumentException("fetchTimeout must be positive: " + fetchTimeout);
    }
  }

  /**
   * The converter of one session: fetches error details through {@code transport}, with requests stamped by
   * {@code stamp} (the server only finds errors of the session that raised them).
   *
   * @param transport the session's transport
   * @param stamp the session's request stamp
   * @param fetchTimeout how long to wait for FetchErrorDetails; positive
   * @return the converter
   */
  public static GrpcErrorConverter of(SparkConnectTransport transport, RequestStamp stamp, Duration fetchTimeout) {
    return of(transport, stamp, fetchTimeout, "the server", -1);
  }

  /**
   * As {@link #of(SparkConnectTransport, RequestStamp, Duration)}, naming the server's address in transport errors
   * that concern it ({@link TlsHandshakeException}).
   *
   * @param transport the session's transport
   * @param stamp the session's request stamp
   * @param fetchTimeout how long to wait for FetchErrorDetails; positive
   * @param host the server's host as the connection string names it
   * @param port the server's port
   * @return the converter
   */
  public static GrpcErrorConverter of(SparkConnectTransport transport, RequestStamp stamp, Duration fetchTimeout,
      String host, int port) {
    return new GrpcErrorConverter(errorId -> transport.fetchErrorDetails(
        stamp.stamp(FetchErrorDetailsRequest.newBuilder()).setErrorId(errorId).build()), fetchTimeout, host, port);
  }

  /**
   * Converts one error. Cold: a subscription may send one {@code FetchErrorDetails} RPC (only for a
   * {@link StatusRuntimeException} whose {@code ErrorInfo} names an {@code errorId}); cancelling cancels it.
   *
   * <p>Emits exactly one element and never an error: a {@link SparkConnectException} for a
   * {@link StatusRuntimeException}, any other throwable unchanged. If FetchErrorDetails fails, times out or
   * finds nothing, the exception is built from the {@code ErrorInfo} metadata instead (no causes, no query
   * contexts, no server stack trace, possibly truncated message).
   *
   * @param raw the error a transport publisher emitted
   * @return a {@code Mono} of the converted error
   */
  public Mono<Throwable> convert(Throwable raw) {
    if (!(raw instanceof StatusRuntimeException sre)) {
      return Mono.just(raw);
    }
    return Mono.defer(() -> {
          ErrorInfo info = GrpcErrors.errorInfo(sre);
          if (info == null) {
            return Mono.just(fromStatus(sre, host, port));
          }
          String errorId = info.getMetadataOrDefault("errorId", null);
          if (errorId == null) {
            return Mono.just(fromErrorInfo(info, sre));
          }
          return fetchDetails(errorId, StatusCode.forValue(sre.getStatus().getCode().value()))
              .switchIfEmpty(Mono.fromSupplier(() -> fromErrorInfo(info, sre)));
        })
        .onErrorResume(bug -> {
          // a defect in this class must not hide the server's error
          LOG.warn("Could not convert {}", sre, bug);
          SparkConnectException fallback = fromStatus(sre, host, port);
          fallback.addSuppressed(bug);
          return Mono.just(fallback);
        });
  }

  private Mono<Throwable> fetchDetails(String errorId, StatusCode code) {
    return Mono.defer(() -> fetchErrorDetails.apply(errorId))
        .timeout(fetchTimeout)
        .<Throwable>flatMap(response -> {
          if (!response.hasRootErrorIdx()) {
            LOG.debug("FetchErrorDetails found no error {}", errorId);
            return Mono.empty();
          }
          return Mono.justOrEmpty(fromErrorDetails(response, errorId, code));
        })
        .onErrorResume(e -> {
          LOG.debug("FetchErrorDetails for error {} failed; using ErrorInfo alone", errorId, e);
          return Mono.empty();
        });
  }

  // ---------------------------------------------------------------- FetchErrorDetails path

  private static @Nullable SparkConnectException fromErrorDetails(
      FetchErrorDetailsResponse response, String errorId, StatusCode code) {
    List<FetchErrorDetailsResponse.Error> errors = response.getErrorsList();
    int root = response.getRootErrorIdx();
    if (root < 0 || root >= errors.size()) {
      return null;
    }
    return build(errors, root, errorId, code, new HashSet<>());
  }

  private static SparkConnectException build(
      List<FetchErrorDetailsResponse.Error> errors,
      int index,
      @Nullable String errorId,
      StatusCode code,
      Set<Integer> visited) {
    visited.add(index);
    FetchErrorDetailsResponse.Error error = errors.get(index);
    SparkConnectException cause = null;
    if (error.hasCauseIdx()) {
      int causeIdx = error.getCauseIdx();
      if (causeIdx >= 0 && causeIdx < errors.size() && !visited.contains(causeIdx)
          && visited.size() < MAX_CAUSE_DEPTH) {
        cause = build(errors, causeIdx, null, code, visited);
      }
    }
    String errorClass = null;
    String sqlState = null;
    Map<String, String> parameters = Map.of();
    List<QueryContext> contexts = List.of();
    if (error.hasSparkThrowable()) {
      FetchErrorDetailsResponse.SparkThrowable st = error.getSparkThrowable();
      errorClass = st.hasErrorClass() ? st.getErrorClass() : null;
      sqlState = st.hasSqlState() ? st.getSqlState() : null;
      parameters = st.getMessageParametersMap();
      contexts = st.getQueryContextsList().stream().map(GrpcErrorConverter::queryContext).toList();
    }
    List<StackTraceElement> stack = error.getStackTraceList().stream()
        .map(f -> new StackTraceElement(
            f.getDeclaringClass(), f.getMethodName(), f.hasFileName() ? f.getFileName() : null, f.getLineNumber()))
        .toList();
    List<String> hierarchy = error.getErrorTypeHierarchyList();
    ErrorDetails details = new ErrorDetails(
        message(error.getMessage(), errorClass, hierarchy), errorClass, sqlState, parameters, contexts, errorId,
        stack, code);
    return factory(hierarchy, errorClass).apply(details, cause);
  }

  private static QueryContext queryContext(FetchErrorDetailsResponse.QueryContext q) {
    QueryContext.ContextType type = q.getContextType() == FetchErrorDetailsResponse.QueryContext.ContextType.DATAFRAME
        ? QueryContext.ContextType.DATAFRAME
        : QueryContext.ContextType.SQL;
    return new QueryContext(type, q.getObjectType(), q.getObjectName(), q.getStartIndex(), q.getStopIndex(),
        q.getFragment(), q.getCallSite(), q.getSummary());
  }

  // ---------------------------------------------------------------- ErrorInfo-only path

  private static SparkConnectException fromErrorInfo(ErrorInfo info, StatusRuntimeException sre) {
    Map<String, String> md = info.getMetadataMap();
    List<String> hierarchy = parseJson(md.get("classes"), STRING_LIST, List.of());
    if (hierarchy.isEmpty() && !info.getReason().isEmpty()) {
      hierarchy = List.of(info.getReason()); // the server puts the exception class name in the reason
    }
    String errorClass = md.get("errorClass");
    Map<String, String> parameters =
        errorClass == null ? Map.of() : parseJson(md.get("messageParameters"), STRING_MAP, Map.of());
    String description = sre.getStatus().getDescription();
    String raw = description != null ? description : sre.getStatus().getCode().name();
    ErrorDetails details = new ErrorDetails(
        message(raw, errorClass, hierarchy), errorClass, md.get("sqlState"), parameters, List.of(),
        md.get("errorId"), List.of(), StatusCode.forValue(sre.getStatus().getCode().value()));
    return factory(hierarchy, errorClass).apply(details, null);
  }

  private static <T> T parseJson(@Nullable String json, TypeReference<T> type, T fallback) {
    if (json == null || json.isEmpty()) {
      return fallback;
    }
    try {
      T value = JSON.readValue(json, type);
      return value != null ? value : fallback;
    } catch (JsonProcessingException e) {
      LOG.debug("Unreadable ErrorInfo metadata {}", json, e);
      return fallback;
    }
  }

  // ---------------------------------------------------------------- status-code path

  private static SparkConnectException fromStatus(StatusRuntimeException sre, String host, int port) {
    StatusCode code = StatusCode.forValue(sre.getStatus().getCode().value());
    GrpcErrors.TlsFailure tls = GrpcErrors.tlsFailure(sre);
    if (tls != null) {
      return tlsHandshake(tls, sre, code, host, port);
    }
    ErrorDetails details = ErrorDetails.of(GrpcErrors.describe(sre), null, code);
    if (code == StatusCode.UNAUTHENTICATED) {
      return new AuthenticationException(details, sre);
    }
    if (code == StatusCode.UNAVAILABLE || code == StatusCode.RESOURCE_EXHAUSTED
        || GrpcErrors.retryInfo(sre) != null) {
      return new SparkConnectTransientException(details, sre);
    }
    return new SparkException(details, sre);
  }

  private static TlsHandshakeException tlsHandshake(GrpcErrors.TlsFailure failure, StatusRuntimeException sre,
      StatusCode code, String host, int port) {
    String where = port < 0 ? host : (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    String why = switch (failure) {
      case UNTRUSTED_CERTIFICATE -> "the server's certificate is not trusted (no trusted CA signed it, or it expired):"
          + " trust its CA with SparkSession.Builder.trustCertificates(...) / trustStore(...) or ;ssl_ca_file=";
      case HOST_NAME_MISMATCH -> "the server's certificate is not valid for the host name '" + host + "': connect"
          + " with a name the certificate lists";
      case REFUSED_BY_PEER -> "the server refused the handshake: it may require a client certificate that the"
          + " session did not present or that it does not trust (SparkSession.Builder.clientCertificate(...) or"
          + " ;ssl_cert_file= and ;ssl_key_file=)";
      case NOT_TLS -> "the server does not speak TLS on this port: connect without ;use_ssl=true, or to its TLS port";
    };
    ErrorDetails details = ErrorDetails.of("TLS connection to " + where + " failed, not retried: " + why + " ("
        + GrpcErrors.describe(sre) + ")", null, code);
    return new TlsHandshakeException(details, host, port, sre);
  }

  // ---------------------------------------------------------------- mapping

  private static Factory factory(List<String> hierarchy, @Nullable String errorClass) {
    if (SESSION_NOT_FOUND.equals(errorClass) || SESSION_CLOSED.equals(errorClass)) {
      return SessionNotFoundException::new;
    }
    if (OPERATION_NOT_FOUND.equals(errorClass)) {
      return OperationNotFoundException::new;
    }
    for (String className : hierarchy) {
      Factory f = FACTORIES.get(className);
      if (f != null) {
        return f;
      }
    }
    if (hierarchy.isEmpty()) {
      return SparkException::new;
    }
    String serverClass = hierarchy.get(0);
    return (details, cause) -> new SparkException(
        new ErrorDetails(serverClass + ": " + details.message(), details.errorClass(), details.sqlState(),
            details.messageParameters(), details.queryContexts(), details.errorId(), details.serverStackTrace(),
            details.statusCode()),
        cause);
  }

  /** The server's message without surrounding line breaks, naming the error class if it does not already. */
  private static String message(String serverMessage, @Nullable String errorClass, List<String> hierarchy) {
    String message = serverMessage.strip();
    if (errorClass != null && !message.contains("[" + errorClass + "]")) {
      message = "[" + errorClass + "] " + message;
    }
    if (message.isEmpty()) {
      message = hierarchy.isEmpty() ? "(no message)" : hierarchy.get(0);
    }
    return message;
  }
}
