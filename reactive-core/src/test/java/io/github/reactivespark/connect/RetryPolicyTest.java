package io.github.reactivespark.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Any;
import com.google.rpc.RetryInfo;
import io.github.reactivespark.connect.exceptions.ErrorDetails;
import io.github.reactivespark.connect.exceptions.SparkConnectTransientException;
import io.github.resilience4j.core.functions.Either;
import io.github.resilience4j.retry.RetryConfig;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

public class RetryPolicyTest {

  static final StatusRuntimeException UNAVAILABLE = Status.UNAVAILABLE.withDescription("io exception").asRuntimeException();

  static StatusRuntimeException withRetryInfo(Status.Code code, Duration delay) {
    RetryInfo info = RetryInfo.newBuilder()
        .setRetryDelay(com.google.protobuf.Duration.newBuilder()
            .setSeconds(delay.getSeconds()).setNanos(delay.getNano()))
        .build();
    return StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
        .setCode(code.value()).setMessage("busy").addDetails(Any.pack(info)).build());
  }

  static RetryPolicy fixedJitter(double value) {
    return RetryPolicy.builder().jitterSource(() -> value).build();
  }

  @Test
  void defaultsAreSparks() {
    RetryPolicy p = RetryPolicy.defaultPolicy();
    assertEquals(15, p.maxRetries());
    assertEquals(Duration.ofMillis(50), p.initialBackoff());
    assertEquals(4.0, p.backoffMultiplier());
    assertEquals(Duration.ofSeconds(60), p.maxBackoff());
    assertEquals(Duration.ofMillis(500), p.jitter());
    assertEquals(Duration.ofSeconds(2), p.minJitterThreshold());
    assertTrue(p.recognizeServerRetryDelay());
    assertEquals(Duration.ofMinutes(10), p.maxServerRetryDelay());
    assertSame(RetryPolicy.DEFAULT_RETRY_PREDICATE, p.retryPredicate());
  }

  @Test
  void backoffSequenceWithoutJitterIsExact() {
    RetryPolicy p = fixedJitter(0.0);
    List<Long> waits = new ArrayList<>();
    for (int n = 1; n <= 15; n++) {
      waits.add(p.backoff(n, UNAVAILABLE).toMillis());
    }
    assertEquals(List.of(50L, 200L, 800L, 3200L, 12800L, 51200L, 60000L, 60000L, 60000L, 60000L, 60000L, 60000L,
        60000L, 60000L, 60000L), waits);
  }

  @Test
  void jitterIsAddedOnlyOnceTheWaitReachesTwoSeconds() {
    RetryPolicy p = fixedJitter(0.5); // 250 ms
    assertEquals(Duration.ofMillis(50), p.backoff(1, UNAVAILABLE));
    assertEquals(Duration.ofMillis(200), p.backoff(2, UNAVAILABLE));
    assertEquals(Duration.ofMillis(800), p.backoff(3, UNAVAILABLE));
    assertEquals(Duration.ofMillis(3450), p.backoff(4, UNAVAILABLE));
    assertEquals(Duration.ofMillis(13050), p.backoff(5, UNAVAILABLE));
    assertEquals(Duration.ofMillis(60250), p.backoff(7, UNAVAILABLE));
    assertEquals(Duration.ofMillis(60250), p.backoff(15, UNAVAILABLE));
  }

  @Test
  void jitterThresholdIsInclusive() {
    RetryPolicy p = RetryPolicy.builder().initialBackoff(Duration.ofSeconds(2)).jitterSource(() -> 0.5).build();
    assertEquals(Duration.ofMillis(2250), p.backoff(1, UNAVAILABLE));
    RetryPolicy below = RetryPolicy.builder().initialBackoff(Duration.ofMillis(1999)).jitterSource(() -> 0.5).build();
    assertEquals(Duration.ofMillis(1999), below.backoff(1, UNAVAILABLE));
  }

  @Test
  void jitterStaysBelowItsBound() {
    RetryPolicy p = RetryPolicy.defaultPolicy();
    for (int i = 0; i < 1000; i++) {
      long ms = p.backoff(7, UNAVAILABLE).toMillis();
      assertTrue(ms >= 60_000 && ms < 60_500, () -> "wait " + ms);
    }
  }

  @Test
  void serverRetryDelayLengthensTheWait() {
    RetryPolicy p = fixedJitter(0.5);
    // 5 s instead of 50 ms; 5 s >= 2 s so jitter applies
    assertEquals(Duration.ofMillis(5250), p.backoff(1, withRetryInfo(Status.Code.RESOURCE_EXHAUSTED, Duration.ofSeconds(5))));
    // 1 s: longer than 50 ms, below the jitter threshold
    assertEquals(Duration.ofSeconds(1), p.backoff(1, withRetryInfo(Status.Code.INTERNAL, Duration.ofSeconds(1))));
    // may exceed maxBackoff (60 s)
    assertEquals(Duration.ofMillis(120_250), p.backoff(7, withRetryInfo(Status.Code.INTERNAL, Duration.ofMinutes(2))));
  }

  @Test
  void serverRetryDelayNeverShortensTheWait() {
    RetryPolicy p = fixedJitter(0.0);
    assertEquals(Duration.ofMillis(12800), p.backoff(5, withRetryInfo(Status.Code.INTERNAL, Duration.ofMillis(1))));
  }

  @Test
  void serverRetryDelayIsCappedAtTenMinutes() {
    RetryPolicy p = fixedJitter(0.5);
    assertEquals(Duration.ofMinutes(10).plusMillis(250),
        p.backoff(1, withRetryInfo(Status.Code.UNAVAILABLE, Duration.ofHours(1))));
    RetryPolicy capped = p.mutate().maxServerRetryDelay(Duration.ofSeconds(1)).build();
    assertEquals(Duration.ofSeconds(1), capped.backoff(1, withRetryInfo(Status.Code.UNAVAILABLE, Duration.ofHours(1))));
  }

  @Test
  void serverRetryDelayCanBeIgnored() {
    RetryPolicy p = fixedJitter(0.0).mutate().recognizeServerRetryDelay(false).build();
    assertEquals(Duration.ofMillis(50), p.backoff(1, withRetryInfo(Status.Code.UNAVAILABLE, Duration.ofSeconds(30))));
  }

  @Test
  void defaultPredicate() {
    RetryPolicy p = RetryPolicy.defaultPolicy();
    assertTrue(p.canRetry(UNAVAILABLE));
    assertTrue(p.canRetry(Status.UNAVAILABLE.asException()));
    assertTrue(p.canRetry(Status.INTERNAL.withDescription(
        "[INVALID_CURSOR.DISCONNECTED] The cursor has been disconnected by the server. SQLSTATE: HY109")
        .asRuntimeException()));
    assertFalse(p.canRetry(Status.INTERNAL.withDescription("[DIVIDE_BY_ZERO] Division by zero.").asRuntimeException()));
    // a connection lost mid-write: grpc-java says UNKNOWN "channel closed" with a ClosedChannelException cause
    assertTrue(p.canRetry(Status.UNKNOWN.withDescription("channel closed")
        .withCause(new java.nio.channels.ClosedChannelException()).asRuntimeException()));
    assertFalse(p.canRetry(Status.UNKNOWN.withDescription("something else").asRuntimeException()));
    // TLS: what a retry would only repeat is not retried, a handshake cut short by the network is
    assertFalse(p.canRetry(tlsError(new java.security.cert.CertificateException(
        "No subject alternative DNS name matching spark.example.com found."))));
    assertFalse(p.canRetry(tlsError(new java.security.cert.CertificateException(
        "PKIX path building failed", new java.security.cert.CertPathBuilderException("no trusted CA")))));
    assertFalse(p.canRetry(tlsError(new javax.net.ssl.SSLException("Received fatal alert: certificate_required"))));
    assertFalse(p.canRetry(tlsError(new javax.net.ssl.SSLHandshakeException(
        "error:10000412:SSL routines:OPENSSL_internal:SSLV3_ALERT_BAD_CERTIFICATE"))));
    assertTrue(p.canRetry(tlsError(new javax.net.ssl.SSLHandshakeException(
        "Connection closed while SSL/TLS handshake was in progress"))));
    assertTrue(p.canRetry(tlsError(new java.net.SocketException("Connection reset"))));
    assertFalse(p.canRetry(Status.INVALID_ARGUMENT.withDescription("INVALID_CURSOR.DISCONNECTED").asRuntimeException()));
    assertFalse(p.canRetry(Status.DEADLINE_EXCEEDED.asRuntimeException()));
    assertTrue(p.canRetry(withRetryInfo(Status.Code.RESOURCE_EXHAUSTED, Duration.ofSeconds(1))));
    assertTrue(p.canRetry(withRetryInfo(Status.Code.INTERNAL, Duration.ofSeconds(1))));
    assertFalse(p.canRetry(new IllegalStateException("UNAVAILABLE")));
    // converted exceptions are never retried: retry sits below conversion
    assertFalse(p.canRetry(new SparkConnectTransientException(
        ErrorDetails.of("UNAVAILABLE", null, io.github.reactivespark.connect.exceptions.StatusCode.UNAVAILABLE), UNAVAILABLE)));
  }

  /** How grpc-java reports a failed TLS connection: UNAVAILABLE, the TLS library's exception as a cause. */
  public static io.grpc.StatusRuntimeException tlsError(Throwable tlsCause) {
    javax.net.ssl.SSLHandshakeException handshake = new javax.net.ssl.SSLHandshakeException("General SSLEngine problem");
    handshake.initCause(tlsCause);
    return Status.UNAVAILABLE.withDescription("io exception").withCause(
        tlsCause instanceof javax.net.ssl.SSLException || tlsCause instanceof java.net.SocketException ? tlsCause
            : handshake).asRuntimeException();
  }

  @Test
  void customPredicate() {
    RetryPolicy p = RetryPolicy.builder()
        .retryPredicate(RetryPolicy.DEFAULT_RETRY_PREDICATE.or(e -> e instanceof IllegalStateException)).build();
    assertTrue(p.canRetry(new IllegalStateException()));
    assertTrue(p.canRetry(UNAVAILABLE));
    assertFalse(p.canRetry(new IllegalArgumentException()));
  }

  @Test
  void noneNeverRetries() {
    RetryPolicy none = RetryPolicy.none();
    assertEquals(0, none.maxRetries());
    assertFalse(none.canRetry(UNAVAILABLE));
    assertEquals(1, none.toRetryConfig().getMaxAttempts());
  }

  @Test
  void mutateCopiesAndLeavesTheOriginalAlone() {
    RetryPolicy base = RetryPolicy.defaultPolicy();
    RetryPolicy changed = base.mutate().maxRetries(3).initialBackoff(Duration.ofSeconds(1)).build();
    assertEquals(3, changed.maxRetries());
    assertEquals(Duration.ofSeconds(1), changed.initialBackoff());
    assertEquals(base.maxBackoff(), changed.maxBackoff());
    assertEquals(15, base.maxRetries());
    assertEquals(Duration.ofMillis(50), base.initialBackoff());
  }

  @Test
  void builderRejectsNonsense() {
    assertThrows(IllegalArgumentException.class, () -> RetryPolicy.builder().maxRetries(-1));
    assertThrows(IllegalArgumentException.class, () -> RetryPolicy.builder().initialBackoff(Duration.ofMillis(-1)));
    assertThrows(IllegalArgumentException.class, () -> RetryPolicy.builder().backoffMultiplier(0.5));
    assertThrows(IllegalArgumentException.class, () -> RetryPolicy.builder().backoffMultiplier(Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> RetryPolicy.builder().jitter(Duration.ofMillis(-1)));
    assertThrows(IllegalArgumentException.class, () -> RetryPolicy.defaultPolicy().backoff(0, UNAVAILABLE));
  }

  @Test
  void initialBackoffAboveTheCapIsUsedOnceAsInSpark() {
    RetryPolicy p = RetryPolicy.builder().initialBackoff(Duration.ofSeconds(90)).jitter(Duration.ZERO).build();
    assertEquals(Duration.ofSeconds(90), p.backoff(1, UNAVAILABLE));
    assertEquals(Duration.ofSeconds(60), p.backoff(2, UNAVAILABLE));
  }

  @Test
  void toRetryConfigUsesTheBackoff() {
    RetryConfig config = fixedJitter(0.5).toRetryConfig();
    assertEquals(16, config.getMaxAttempts());
    assertTrue(config.getExceptionPredicate().test(UNAVAILABLE));
    assertFalse(config.getExceptionPredicate().test(Status.INVALID_ARGUMENT.asRuntimeException()));
    assertEquals(50L, config.<Object>getIntervalBiFunction().apply(1, Either.left(UNAVAILABLE)));
    assertEquals(3450L, config.<Object>getIntervalBiFunction().apply(4, Either.left(UNAVAILABLE)));
    assertEquals(30_000L, config.<Object>getIntervalBiFunction()
        .apply(1, Either.left(withRetryInfo(Status.Code.UNAVAILABLE, Duration.ofSeconds(30)))) - 250L);
  }
}
