package io.github.reactivespark.connect.internal.client;

import io.github.reactivespark.connect.exceptions.StatusCode;
import io.github.reactivespark.connect.internal.grpc.GrpcErrors;
import static io.github.reactivespark.connect.internal.client.FakeErrorServer.sparkStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Any;
import com.google.rpc.ErrorInfo;
import io.github.reactivespark.connect.RetryPolicy;
import io.github.reactivespark.connect.exceptions.AnalysisException;
import io.github.reactivespark.connect.exceptions.AuthenticationException;
import io.github.reactivespark.connect.exceptions.NamespaceAlreadyExistsException;
import io.github.reactivespark.connect.exceptions.NoSuchDatabaseException;
import io.github.reactivespark.connect.exceptions.NoSuchNamespaceException;
import io.github.reactivespark.connect.exceptions.NoSuchTableException;
import io.github.reactivespark.connect.exceptions.OperationNotFoundException;
import io.github.reactivespark.connect.exceptions.ParseException;
import io.github.reactivespark.connect.exceptions.QueryContext;
import io.github.reactivespark.connect.exceptions.SessionNotFoundException;
import io.github.reactivespark.connect.exceptions.SparkArithmeticException;
import io.github.reactivespark.connect.exceptions.SparkArrayIndexOutOfBoundsException;
import io.github.reactivespark.connect.exceptions.SparkConnectException;
import io.github.reactivespark.connect.exceptions.TlsHandshakeException;
import io.github.reactivespark.connect.exceptions.SparkConnectTransientException;
import io.github.reactivespark.connect.exceptions.SparkDateTimeException;
import io.github.reactivespark.connect.exceptions.SparkException;
import io.github.reactivespark.connect.exceptions.SparkNoSuchElementException;
import io.github.reactivespark.connect.exceptions.SparkNumberFormatException;
import io.github.reactivespark.connect.exceptions.SparkRuntimeException;
import io.github.reactivespark.connect.exceptions.StreamingQueryException;
import io.github.reactivespark.connect.exceptions.TableAlreadyExistsException;
import io.github.reactivespark.connect.exceptions.TempTableAlreadyExistsException;
import io.github.reactivespark.connect.internal.proto.FetchErrorDetailsRequest;
import io.github.reactivespark.connect.internal.proto.FetchErrorDetailsResponse;
import io.github.reactivespark.connect.internal.proto.FetchErrorDetailsResponse.Error;
import io.github.reactivespark.connect.internal.proto.FetchErrorDetailsResponse.SparkThrowable;
import io.github.reactivespark.connect.internal.proto.UserContext;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * Conversion of errors shaped like those a real Spark Connect 4.1.2 server sends (captured from one with
 * ExecutePlan + FetchErrorDetails): status INTERNAL, ErrorInfo{reason = server class, domain org.apache.spark,
 * metadata classes/sqlState/errorClass/messageParameters/errorId}.
 */
class GrpcErrorConverterTest {

  static final Duration VERIFY = Duration.ofSeconds(10);
  static final String SESSION = UUID.randomUUID().toString();
  static final SessionIdentity IDENTITY =
      new SessionIdentity(SESSION, UserContext.newBuilder().setUserId("tester").build(), "converter-test");

  static final List<String> ARITHMETIC = List.of("org.apache.spark.SparkArithmeticException",
      "java.lang.ArithmeticException", "java.lang.RuntimeException", "java.lang.Exception", "java.lang.Throwable",
      "java.lang.Object");
  static final List<String> DATETIME = List.of("org.apache.spark.SparkDateTimeException",
      "java.time.DateTimeException", "java.lang.RuntimeException", "java.lang.Exception", "java.lang.Throwable",
      "java.lang.Object");
  static final String DIVIDE_MESSAGE = "[DIVIDE_BY_ZERO] Division by zero. Use `try_divide` to tolerate divisor being"
      + " 0 and return NULL instead. If necessary set \"spark.sql.ansi.enabled\" to \"false\" to bypass this error."
      + " SQLSTATE: 22012\n== SQL (line 1, position 8) ==\nselect 1/0\n       ^^^\n";

  FakeErrorServer server;
  GrpcErrorConverter converter;

  @BeforeEach
  void start() throws Exception {
    server = new FakeErrorServer();
    converter = GrpcErrorConverter.of(server.transport(), new RequestStamp(IDENTITY),
        GrpcErrorConverter.DEFAULT_FETCH_TIMEOUT);
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  static String json(List<String> classes) {
    return classes.stream().map(c -> "\"" + c + "\"").reduce((a, b) -> a + "," + b).map(s -> "[" + s + "]").orElse("[]");
  }

  static Map<String, String> metadata(List<String> classes, String errorClass, String sqlState, String params,
      String errorId) {
    java.util.HashMap<String, String> md = new java.util.HashMap<>();
    md.put("classes", json(classes));
    if (errorClass != null) {
      md.put("errorClass", errorClass);
    }
    if (sqlState != null) {
      md.put("sqlState", sqlState);
    }
    if (params != null) {
      md.put("messageParameters", params);
    }
    if (errorId != null) {
      md.put("errorId", errorId);
    }
    return md;
  }

  SparkConnectException convert(Throwable raw) {
    Throwable[] out = new Throwable[1];
    StepVerifier.create(converter.convert(raw))
        .consumeNextWith(t -> out[0] = t)
        .verifyComplete();
    return assertInstanceOf(SparkConnectException.class, out[0]);
  }

  static FetchErrorDetailsResponse.StackTraceElement frame(String cls, String method, String file, int line) {
    return FetchErrorDetailsResponse.StackTraceElement.newBuilder()
        .setDeclaringClass(cls).setMethodName(method).setFileName(file).setLineNumber(line).build();
  }

  @Test
  void divideByZeroWithFetchedDetails() {
    String errorId = UUID.randomUUID().toString();
    server.executeError = sparkStatus(DIVIDE_MESSAGE, "org.apache.spark.SparkArithmeticException",
        metadata(ARITHMETIC, "DIVIDE_BY_ZERO", "22012", "{\"config\":\"\\\"spark.sql.ansi.enabled\\\"\"}", errorId));
    server.fetch = r -> FetchErrorDetailsResponse.newBuilder()
        .setRootErrorIdx(0)
        .setSessionId(SESSION)
        .addErrors(Error.newBuilder()
            .addAllErrorTypeHierarchy(ARITHMETIC)
            .setMessage(DIVIDE_MESSAGE)
            .addStackTrace(frame("org.apache.spark.sql.errors.QueryExecutionErrors$", "divideByZeroError",
                "QueryExecutionErrors.scala", 204))
            .addStackTrace(frame("org.apache.spark.sql.catalyst.expressions.DivModLike", "eval",
                "arithmetic.scala", 674))
            .setSparkThrowable(SparkThrowable.newBuilder()
                .setErrorClass("DIVIDE_BY_ZERO")
                .putMessageParameters("config", "\"spark.sql.ansi.enabled\"")
                .setSqlState("22012")
                .addQueryContexts(FetchErrorDetailsResponse.QueryContext.newBuilder()
                    .setStartIndex(7).setStopIndex(9).setFragment("1/0")
                    .setSummary("== SQL (line 1, position 8) ==\nselect 1/0\n       ^^^\n"))))
        .build();

    StatusRuntimeException raw = server.executeAndFail();
    assertEquals(Status.Code.INTERNAL, raw.getStatus().getCode());
    SparkConnectException e = convert(raw);

    SparkArithmeticException ex = assertInstanceOf(SparkArithmeticException.class, e);
    assertEquals("DIVIDE_BY_ZERO", ex.errorClass());
    assertEquals("22012", ex.sqlState());
    assertEquals(Map.of("config", "\"spark.sql.ansi.enabled\""), ex.messageParameters());
    assertEquals(List.of(new QueryContext(QueryContext.ContextType.SQL, "", "", 7, 9, "1/0", "",
        "== SQL (line 1, position 8) ==\nselect 1/0\n       ^^^\n")), ex.queryContexts());
    assertEquals(errorId, ex.errorId());
    assertEquals(StatusCode.INTERNAL, ex.statusCode());
    assertEquals(DIVIDE_MESSAGE.strip(), ex.getMessage());
    assertTrue(ex.getMessage().startsWith("[DIVIDE_BY_ZERO] Division by zero."));
    assertNull(ex.getCause());
    assertEquals(2, ex.serverStackTrace().size());
    assertEquals(new StackTraceElement("org.apache.spark.sql.errors.QueryExecutionErrors$", "divideByZeroError",
        "QueryExecutionErrors.scala", 204), ex.getStackTrace()[0]);

    FetchErrorDetailsRequest request = server.fetchRequests.get(0);
    assertEquals(errorId, request.getErrorId());
    assertEquals(SESSION, request.getSessionId());
    assertEquals("tester", request.getUserContext().getUserId());
    assertEquals("converter-test", request.getClientType());
  }

  @Test
  void causeChainIsRebuilt() {
    // select make_date(2020, 13, 1) under ANSI: SparkDateTimeException caused by java.time.DateTimeException
    String errorId = UUID.randomUUID().toString();
    String message = "[DATETIME_FIELD_OUT_OF_BOUNDS.WITH_SUGGESTION] Invalid value for MonthOfYear (valid values"
        + " 1 - 12): 13. If necessary set \"spark.sql.ansi.enabled\" to \"false\" to bypass this error. SQLSTATE: 22023";
    server.executeError = sparkStatus(message, "org.apache.spark.SparkDateTimeException",
        metadata(DATETIME, "DATETIME_FIELD_OUT_OF_BOUNDS.WITH_SUGGESTION", "22023",
            "{\"rangeMessage\":\"Invalid value for MonthOfYear (valid values 1 - 12): 13\","
                + "\"ansiConfig\":\"\\\"spark.sql.ansi.enabled\\\"\"}", errorId));
    server.fetch = r -> FetchErrorDetailsResponse.newBuilder()
        .setRootErrorIdx(0)
        .addErrors(Error.newBuilder()
            .addAllErrorTypeHierarchy(DATETIME)
            .setMessage(message)
            .setCauseIdx(1)
            .setSparkThrowable(SparkThrowable.newBuilder()
                .setErrorClass("DATETIME_FIELD_OUT_OF_BOUNDS.WITH_SUGGESTION")
                .putMessageParameters("rangeMessage", "Invalid value for MonthOfYear (valid values 1 - 12): 13")
                .putMessageParameters("ansiConfig", "\"spark.sql.ansi.enabled\"")
                .setSqlState("22023")))
        .addErrors(Error.newBuilder()
            .addAllErrorTypeHierarchy(DATETIME.subList(1, DATETIME.size()))
            .setMessage("Invalid value for MonthOfYear (valid values 1 - 12): 13")
            .setCauseIdx(2))
        .addErrors(Error.newBuilder()
            .addAllErrorTypeHierarchy(List.of("com.fasterxml.jackson.core.io.JsonEOFException",
                "com.fasterxml.jackson.core.JsonParseException", "java.io.IOException", "java.lang.Exception",
                "java.lang.Throwable", "java.lang.Object"))
            .setMessage("Unexpected end-of-input"))
        .build();

    SparkConnectException e = convert(server.executeAndFail());

    SparkDateTimeException root = assertInstanceOf(SparkDateTimeException.class, e);
    assertEquals("DATETIME_FIELD_OUT_OF_BOUNDS.WITH_SUGGESTION", root.errorClass());
    assertEquals("22023", root.sqlState());
    assertEquals(errorId, root.errorId());
    SparkDateTimeException cause = assertInstanceOf(SparkDateTimeException.class, root.getCause());
    assertNull(cause.errorClass());
    assertNull(cause.sqlState());
    assertNull(cause.errorId());
    assertEquals("Invalid value for MonthOfYear (valid values 1 - 12): 13", cause.getMessage());
    assertEquals(StatusCode.INTERNAL, cause.statusCode());
    // an unknown class becomes SparkException named after the server class, as in Spark's client
    SparkException unknown = assertInstanceOf(SparkException.class, cause.getCause());
    assertEquals("com.fasterxml.jackson.core.io.JsonEOFException: Unexpected end-of-input", unknown.getMessage());
    assertNull(unknown.getCause());
  }

  @Test
  void fallsBackToErrorInfoWhenFetchErrorDetailsFails() {
    // a task failure: FetchErrorDetails on the real 4.1.2 server answered INTERNAL (NullPointerException)
    String description = "Job aborted due to stage failure: Task 0 in stage 6.0 failed 1 times, most recent"
        + " failure: Lost task 0.0 in stage 6.0 (TID 6) (192.0.2.2 executor driver):"
        + " java.lang.reflect.InvocationTargetException";
    server.executeError = sparkStatus(description, "org.apache.spark.SparkException",
        metadata(List.of("org.apache.spark.SparkException", "java.lang.Exception", "java.lang.Throwable",
            "java.lang.Object"), null, null, null, UUID.randomUUID().toString()));
    server.fetch = r -> {
      throw StatusProto.toStatusRuntimeException(sparkStatus("", "java.lang.NullPointerException",
          metadata(List.of("java.lang.NullPointerException"), null, null, null, UUID.randomUUID().toString())));
    };

    SparkConnectException e = convert(server.executeAndFail());

    SparkException ex = assertInstanceOf(SparkException.class, e);
    assertEquals(description, ex.getMessage());
    assertNull(ex.errorClass());
    assertNull(ex.sqlState());
    assertTrue(ex.messageParameters().isEmpty());
    assertTrue(ex.queryContexts().isEmpty());
    assertTrue(ex.serverStackTrace().isEmpty());
    assertEquals(1, server.fetchRequests.size());
  }

  @Test
  void fallsBackToErrorInfoWhenTheServerHasNoDetails() {
    // the server answers an error id once; a second fetch gets a response without root_error_idx
    String errorId = UUID.randomUUID().toString();
    String description = "[TABLE_OR_VIEW_NOT_FOUND] The table or view `no_such_table` cannot be found. SQLSTATE:"
        + " 42P01; line 1 pos 14;\n'Project [*]\n+- 'UnresolvedRelation [no_such_table], [], false\n";
    server.executeError = sparkStatus(description, "org.apache.spark.sql.catalyst.ExtendedAnalysisException",
        metadata(List.of("org.apache.spark.sql.catalyst.ExtendedAnalysisException",
                "org.apache.spark.sql.AnalysisException", "java.lang.Exception", "java.lang.Throwable",
                "java.lang.Object"), "TABLE_OR_VIEW_NOT_FOUND", "42P01", "{\"relationName\":\"`no_such_table`\"}",
            errorId));
    server.fetch = r -> FetchErrorDetailsResponse.newBuilder().setSessionId(SESSION).build();

    SparkConnectException e = convert(server.executeAndFail());

    AnalysisException ex = assertInstanceOf(AnalysisException.class, e);
    assertFalse(ex instanceof NoSuchTableException);
    assertEquals("TABLE_OR_VIEW_NOT_FOUND", ex.errorClass());
    assertEquals("42P01", ex.sqlState());
    assertEquals(Map.of("relationName", "`no_such_table`"), ex.messageParameters());
    assertEquals(errorId, ex.errorId());
    assertEquals(description.strip(), ex.getMessage());
    assertTrue(ex.queryContexts().isEmpty());
    assertEquals(StatusCode.INTERNAL, ex.statusCode());
  }

  @Test
  void fallsBackWhenFetchErrorDetailsNeverAnswers() throws Exception {
    server.executeError = sparkStatus("[USER_RAISED_EXCEPTION] boom SQLSTATE: P0001",
        "org.apache.spark.SparkRuntimeException", metadata(List.of("org.apache.spark.SparkRuntimeException",
            "java.lang.RuntimeException"), "USER_RAISED_EXCEPTION", "P0001", "{\"errorMessage\":\"boom\"}", "id-1"));
    server.fetch = null;
    converter = GrpcErrorConverter.of(server.transport(), new RequestStamp(IDENTITY), Duration.ofMillis(200));

    SparkConnectException e = convert(server.executeAndFail());

    SparkRuntimeException ex = assertInstanceOf(SparkRuntimeException.class, e);
    assertEquals(Map.of("errorMessage", "boom"), ex.messageParameters());
  }

  @Test
  void parseExceptionIsAnAnalysisExceptionWithoutQueryContext() {
    String message = "\n[PARSE_SYNTAX_ERROR] Syntax error at or near 'selec'. SQLSTATE: 42601 (line 1, pos 0)\n\n"
        + "== SQL ==\nselec 1\n^^^\n";
    List<String> classes = List.of("org.apache.spark.sql.catalyst.parser.ParseException",
        "org.apache.spark.sql.AnalysisException", "java.lang.Exception", "java.lang.Throwable", "java.lang.Object");
    server.executeError = sparkStatus(message, classes.get(0),
        metadata(classes, "PARSE_SYNTAX_ERROR", "42601", "{\"error\":\"'selec'\",\"hint\":\"\"}", "id-2"));
    server.fetch = r -> FetchErrorDetailsResponse.newBuilder()
        .setRootErrorIdx(0)
        .addErrors(Error.newBuilder().addAllErrorTypeHierarchy(classes).setMessage(message)
            .setSparkThrowable(SparkThrowable.newBuilder().setErrorClass("PARSE_SYNTAX_ERROR")
                .putMessageParameters("error", "'selec'").putMessageParameters("hint", "").setSqlState("42601")))
        .build();

    SparkConnectException e = convert(server.executeAndFail());

    ParseException ex = assertInstanceOf(ParseException.class, e);
    assertInstanceOf(AnalysisException.class, ex);
    assertEquals(Map.of("error", "'selec'", "hint", ""), ex.messageParameters());
    assertTrue(ex.getMessage().startsWith("[PARSE_SYNTAX_ERROR] Syntax error at or near 'selec'."));
    assertTrue(ex.queryContexts().isEmpty());
  }

  static Stream<Arguments> errorInfoOnly() {
    List<String> analysisTail = List.of("org.apache.spark.sql.AnalysisException", "java.lang.Exception",
        "java.lang.Throwable", "java.lang.Object");
    String pkg = "org.apache.spark.sql.catalyst.analysis.";
    return Stream.of(
        Arguments.of(List.of(pkg + "NoSuchNamespaceException", pkg + "NoSuchDatabaseException",
            analysisTail.get(0)), "SCHEMA_NOT_FOUND", NoSuchNamespaceException.class),
        Arguments.of(List.of(pkg + "NoSuchDatabaseException", analysisTail.get(0)), "SCHEMA_NOT_FOUND",
            NoSuchDatabaseException.class),
        Arguments.of(List.of(pkg + "NoSuchTableException", analysisTail.get(0)), "TABLE_OR_VIEW_NOT_FOUND",
            NoSuchTableException.class),
        Arguments.of(List.of(pkg + "NamespaceAlreadyExistsException", analysisTail.get(0)), "SCHEMA_ALREADY_EXISTS",
            NamespaceAlreadyExistsException.class),
        Arguments.of(List.of(pkg + "TableAlreadyExistsException", analysisTail.get(0)),
            "TABLE_OR_VIEW_ALREADY_EXISTS", TableAlreadyExistsException.class),
        Arguments.of(List.of(pkg + "TempTableAlreadyExistsException", analysisTail.get(0)),
            "TEMP_TABLE_OR_VIEW_ALREADY_EXISTS", TempTableAlreadyExistsException.class),
        Arguments.of(analysisTail, "PATH_NOT_FOUND", AnalysisException.class),
        Arguments.of(List.of("org.apache.spark.SparkNumberFormatException", "java.lang.NumberFormatException",
            "java.lang.IllegalArgumentException", "java.lang.RuntimeException"), "CAST_INVALID_INPUT",
            SparkNumberFormatException.class),
        Arguments.of(List.of("org.apache.spark.SparkArrayIndexOutOfBoundsException",
            "java.lang.ArrayIndexOutOfBoundsException", "java.lang.IndexOutOfBoundsException",
            "java.lang.RuntimeException"), "INVALID_ARRAY_INDEX", SparkArrayIndexOutOfBoundsException.class),
        Arguments.of(DATETIME, "CANNOT_PARSE_TIMESTAMP", SparkDateTimeException.class),
        Arguments.of(ARITHMETIC, "DIVIDE_BY_ZERO", SparkArithmeticException.class),
        Arguments.of(List.of("org.apache.spark.SparkRuntimeException", "java.lang.RuntimeException"),
            "USER_RAISED_EXCEPTION", SparkRuntimeException.class),
        Arguments.of(List.of("org.apache.spark.SparkNoSuchElementException", "java.util.NoSuchElementException",
            "java.lang.RuntimeException"), "SQL_CONF_NOT_FOUND", SparkNoSuchElementException.class),
        Arguments.of(List.of("org.apache.spark.sql.streaming.StreamingQueryException", "java.lang.Exception"),
            "STREAM_FAILED", StreamingQueryException.class),
        Arguments.of(List.of("org.apache.spark.SparkException", "java.lang.Exception"),
            "MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION", SparkException.class));
  }

  @ParameterizedTest
  @MethodSource
  void errorInfoOnly(List<String> classes, String errorClass, Class<? extends SparkConnectException> expected) {
    // no errorId: no FetchErrorDetails; the type comes from the "classes" metadata, most specific first
    StatusRuntimeException raw = StatusProto.toStatusRuntimeException(sparkStatus("[" + errorClass + "] failed.",
        classes.get(0), metadata(classes, errorClass, "42000", "{\"p\":\"v\"}", null)));

    SparkConnectException e = convert(raw);

    assertSame(expected, e.getClass());
    assertEquals(errorClass, e.errorClass());
    assertEquals("42000", e.sqlState());
    assertEquals(Map.of("p", "v"), e.messageParameters());
    assertEquals("[" + errorClass + "] failed.", e.getMessage());
    assertNull(e.errorId());
    assertTrue(server.fetchRequests.isEmpty());
  }

  @Test
  void sessionAndOperationHandles() {
    List<String> sqlException = List.of("org.apache.spark.SparkSQLException", "java.sql.SQLException",
        "java.lang.Exception", "java.lang.Throwable", "java.lang.Object");
    for (String errorClass : List.of("INVALID_HANDLE.SESSION_NOT_FOUND", "INVALID_HANDLE.SESSION_CLOSED")) {
      // as on the real server: no errorId (there is no session to keep the error in)
      StatusRuntimeException raw = StatusProto.toStatusRuntimeException(sparkStatus("[" + errorClass
          + "] The handle f0a5b9d0 is invalid. SQLSTATE: HY000", sqlException.get(0),
          metadata(sqlException, errorClass, "HY000", "{\"handle\":\"f0a5b9d0\"}", null)));
      SparkConnectException e = convert(raw);
      assertInstanceOf(SessionNotFoundException.class, e);
      assertEquals(errorClass, e.errorClass());
      assertEquals(Map.of("handle", "f0a5b9d0"), e.messageParameters());
    }
    StatusRuntimeException raw = StatusProto.toStatusRuntimeException(sparkStatus(
        "[INVALID_HANDLE.OPERATION_NOT_FOUND] The handle 4e85 is invalid. Operation not found. SQLSTATE: HY000",
        sqlException.get(0), metadata(sqlException, "INVALID_HANDLE.OPERATION_NOT_FOUND", "HY000",
            "{\"handle\":\"4e85\"}", "id-3")));
    assertInstanceOf(OperationNotFoundException.class, convert(raw));
    assertEquals(1, server.fetchRequests.size()); // tried, found nothing, fell back

    // other INVALID_HANDLE conditions are not session loss: SparkException named after the server class
    StatusRuntimeException changed = StatusProto.toStatusRuntimeException(sparkStatus(
        "[INVALID_HANDLE.SESSION_CHANGED] The handle 66 is invalid. SQLSTATE: HY000", sqlException.get(0),
        metadata(sqlException, "INVALID_HANDLE.SESSION_CHANGED", "HY000", "{}", null)));
    SparkConnectException e = convert(changed);
    assertSame(SparkException.class, e.getClass());
    assertEquals("org.apache.spark.SparkSQLException: [INVALID_HANDLE.SESSION_CHANGED] The handle 66 is invalid."
        + " SQLSTATE: HY000", e.getMessage());
  }

  @Test
  void messageNamesTheErrorClassWhenTheServerMessageDoesNot() {
    StatusRuntimeException raw = StatusProto.toStatusRuntimeException(sparkStatus("Something broke",
        "org.apache.spark.SparkRuntimeException",
        metadata(List.of("org.apache.spark.SparkRuntimeException"), "SOME_CLASS", null, null, null)));
    assertEquals("[SOME_CLASS] Something broke", convert(raw).getMessage());
  }

  @Test
  void withoutErrorInfoTheStatusCodeDecides() {
    StatusRuntimeException unavailable = Status.UNAVAILABLE.withDescription("io exception").asRuntimeException();
    SparkConnectException e = convert(unavailable);
    assertInstanceOf(SparkConnectTransientException.class, e);
    assertSame(unavailable, e.getCause());
    assertEquals(StatusCode.UNAVAILABLE, e.statusCode());
    assertEquals("UNAVAILABLE: io exception", e.getMessage());

    StatusRuntimeException invalid = Status.INVALID_ARGUMENT.withDescription("bad request").asRuntimeException();
    SparkConnectException other = convert(invalid);
    assertSame(SparkException.class, other.getClass());
    assertSame(invalid, other.getCause());
    assertEquals(StatusCode.INVALID_ARGUMENT, other.statusCode());
    assertTrue(server.fetchRequests.isEmpty());
  }

  /** What Spark's PreSharedKeyAuthenticationInterceptor answers: UNAUTHENTICATED, no ErrorInfo. */
  @Test
  void unauthenticatedIsAnAuthenticationException() {
    StatusRuntimeException raw = Status.UNAUTHENTICATED.withDescription("Invalid authentication token")
        .asRuntimeException();
    SparkConnectException e = convert(raw);
    assertSame(AuthenticationException.class, e.getClass());
    assertSame(raw, e.getCause());
    assertEquals(Status.Code.UNAUTHENTICATED, e.grpcStatusCode());
    assertEquals("UNAUTHENTICATED: Invalid authentication token", e.getMessage());
    assertFalse(RetryPolicy.defaultPolicy().canRetry(raw), "never retried");
    assertTrue(server.fetchRequests.isEmpty());
  }

  /** A TLS failure a retry would only repeat: typed, naming host, port and reason; a lost handshake is not one. */
  @Test
  void permanentTlsFailuresAreTlsHandshakeExceptionsNamingTheServer() {
    GrpcErrorConverter named = GrpcErrorConverter.of(server.transport(), new RequestStamp(IDENTITY),
        GrpcErrorConverter.DEFAULT_FETCH_TIMEOUT, "spark.example.com", 443);
    StatusRuntimeException untrusted = io.github.reactivespark.connect.RetryPolicyTest.tlsError(
        new java.security.cert.CertificateException("PKIX path building failed"));
    Throwable[] out = new Throwable[1];
    StepVerifier.create(named.convert(untrusted)).consumeNextWith(t -> out[0] = t).verifyComplete();
    TlsHandshakeException e = assertInstanceOf(TlsHandshakeException.class, out[0]);
    assertEquals("spark.example.com", e.host());
    assertEquals(443, e.port());
    assertSame(untrusted, e.getCause());
    assertEquals(StatusCode.UNAVAILABLE, e.statusCode());
    assertTrue(e.getMessage().startsWith("TLS connection to spark.example.com:443 failed, not retried: the server's"
        + " certificate is not trusted"), e.getMessage());
    assertTrue(e.getMessage().contains("PKIX path building failed"), e.getMessage());
    StepVerifier.create(named.convert(io.github.reactivespark.connect.RetryPolicyTest.tlsError(
            new javax.net.ssl.SSLException("Received fatal alert: certificate_required"))))
        .assertNext(t -> assertTrue(t.getMessage().contains("may require a client certificate"), t.getMessage()))
        .verifyComplete();
    // a handshake cut short by the network stays a transient transport failure
    assertSame(SparkConnectTransientException.class, convert(io.github.reactivespark.connect.RetryPolicyTest.tlsError(
        new javax.net.ssl.SSLHandshakeException("Connection closed while SSL/TLS handshake was in progress")))
        .getClass());
  }

  @Test
  void nonGrpcErrorsPassThroughUnchanged() {
    IllegalStateException error = new IllegalStateException("not grpc");
    StepVerifier.create(converter.convert(error)).expectNext(error).verifyComplete();
  }

  @Test
  void unreadableMetadataDoesNotBreakConversion() {
    StatusRuntimeException raw = StatusProto.toStatusRuntimeException(sparkStatus("[X] y",
        "org.apache.spark.sql.AnalysisException", Map.of("classes", "not json", "errorClass", "X",
            "messageParameters", "{broken")));
    SparkConnectException e = convert(raw);
    // the reason still names the server class
    assertInstanceOf(AnalysisException.class, e);
    assertTrue(e.messageParameters().isEmpty());
  }

  @Test
  void cyclicCauseIndexesTerminate() {
    server.executeError = sparkStatus("[A] a", "org.apache.spark.SparkRuntimeException",
        metadata(List.of("org.apache.spark.SparkRuntimeException"), "A", null, null, "id-4"));
    server.fetch = r -> FetchErrorDetailsResponse.newBuilder()
        .setRootErrorIdx(0)
        .addErrors(Error.newBuilder().addErrorTypeHierarchy("org.apache.spark.SparkRuntimeException")
            .setMessage("a").setCauseIdx(1))
        .addErrors(Error.newBuilder().addErrorTypeHierarchy("java.lang.IllegalArgumentException")
            .setMessage("b").setCauseIdx(0))
        .build();
    SparkConnectException e = convert(server.executeAndFail());
    assertInstanceOf(SparkRuntimeException.class, e);
    assertEquals("b", e.getCause().getMessage());
    assertNull(e.getCause().getCause());
  }

  @Test
  void rootIndexOutOfRangeFallsBack() {
    server.executeError = sparkStatus("[A] a", "org.apache.spark.SparkRuntimeException",
        metadata(List.of("org.apache.spark.SparkRuntimeException"), "A", null, null, "id-5"));
    server.fetch = r -> FetchErrorDetailsResponse.newBuilder().setRootErrorIdx(3).build();
    assertInstanceOf(SparkRuntimeException.class, convert(server.executeAndFail()));
  }

  @Test
  void convertIsColdAndCancellable() {
    server.executeError = sparkStatus("[A] a", "org.apache.spark.SparkRuntimeException",
        metadata(List.of("org.apache.spark.SparkRuntimeException"), "A", null, null, "id-6"));
    StatusRuntimeException raw = server.executeAndFail();
    Mono<Throwable> converted = converter.convert(raw);
    assertTrue(server.fetchRequests.isEmpty(), "nothing sent before subscription");
    StepVerifier.create(converted).expectNextCount(1).verifyComplete();
    StepVerifier.create(converted).expectNextCount(1).verifyComplete();
    assertEquals(2, server.fetchRequests.size());
  }

  @Test
  void staticHelpersReadTheRawError() {
    StatusRuntimeException opNotFound = StatusProto.toStatusRuntimeException(sparkStatus(
        "[INVALID_HANDLE.OPERATION_NOT_FOUND] The handle 4e85 is invalid.", "org.apache.spark.SparkSQLException",
        metadata(List.of("org.apache.spark.SparkSQLException"), "INVALID_HANDLE.OPERATION_NOT_FOUND", "HY000",
            "{}", null)));
    assertEquals("INVALID_HANDLE.OPERATION_NOT_FOUND", GrpcErrors.errorClass(opNotFound));
    assertEquals("org.apache.spark.SparkSQLException", GrpcErrors.errorInfo(opNotFound).getReason());
    assertTrue(GrpcErrors.hasErrorClass(opNotFound, "INVALID_HANDLE.OPERATION_NOT_FOUND"));
    assertTrue(GrpcErrors.hasErrorClass(opNotFound, "INVALID_HANDLE"));
    assertFalse(GrpcErrors.hasErrorClass(opNotFound, "INVALID_HANDLE.SESSION_NOT_FOUND"));
    assertFalse(GrpcErrors.hasErrorClass(opNotFound, "INVALID_HAND"));

    // without ErrorInfo the status description is read, as Spark's retry policy does
    StatusRuntimeException disconnected = Status.INTERNAL.withDescription(
        "[INVALID_CURSOR.DISCONNECTED] The cursor has been disconnected by the server.").asRuntimeException();
    assertNull(GrpcErrors.errorInfo(disconnected));
    assertNull(GrpcErrors.errorClass(disconnected));
    assertTrue(GrpcErrors.hasErrorClass(disconnected, "INVALID_CURSOR.DISCONNECTED"));
    assertTrue(GrpcErrors.hasErrorClass(disconnected, "INVALID_CURSOR"));

    assertFalse(GrpcErrors.hasErrorClass(new IllegalStateException("[INVALID_CURSOR.DISCONNECTED]"),
        "INVALID_CURSOR.DISCONNECTED"));
    assertNull(GrpcErrors.errorInfo(new IllegalStateException()));
    ErrorInfo plain = ErrorInfo.newBuilder().setReason("r").build();
    StatusRuntimeException withoutClass = StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
        .setCode(Status.Code.INTERNAL.value()).setMessage("m").addDetails(Any.pack(plain)).build());
    assertNull(GrpcErrors.errorClass(withoutClass));
    assertFalse(GrpcErrors.hasErrorClass(withoutClass, "INVALID_CURSOR"));
  }
}
