package io.github.reactivespark.connect;

import com.google.rpc.RetryInfo;
import io.github.reactivespark.connect.internal.grpc.GrpcErrors;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.retry.RetryConfig;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Which failed RPCs the client retries, and how long it waits before each retry. Immutable and thread-safe.
 *
 * <p>{@link #defaultPolicy()} is Spark's default ({@code RetryPolicy.defaultPolicy()} in
 * {@code sql/connect/common/.../client/RetryPolicy.scala}, identical in PySpark's {@code retries.py}): up to
 * {@value #DEFAULT_MAX_RETRIES} retries, exponential backoff from {@link #DEFAULT_INITIAL_BACKOFF} times
 * {@value #DEFAULT_BACKOFF_MULTIPLIER} up to {@link #DEFAULT_MAX_BACKOFF}, jitter of up to
 * {@link #DEFAULT_JITTER} once the wait reaches {@link #DEFAULT_MIN_JITTER_THRESHOLD}, and the server's
 * {@code google.rpc.RetryInfo.retry_delay} honoured up to {@link #DEFAULT_MAX_SERVER_RETRY_DELAY}. The total wait
 * before giving up is at least 10 minutes.
 *
 * <p>The wait before retry {@code n} (1-based) is computed as Spark computes it ({@link #backoff(int, Throwable)}):
 *
 * <ol>
 *   <li>{@code base(1) = initialBackoff}, {@code base(n+1) = min(base(n) * backoffMultiplier, maxBackoff)}: with
 *       the defaults 50 ms, 200 ms, 800 ms, 3.2 s, 12.8 s, 51.2 s, then 60 s for every further retry;
 *   <li>if the error carries {@code RetryInfo} and {@link #recognizeServerRetryDelay()} is set, the wait becomes
 *       {@code max(base(n), min(retry_delay, maxServerRetryDelay))}: the server can lengthen the wait beyond
 *       {@code maxBackoff}, never shorten it;
 *   <li>if the wait is now at least {@code minJitterThreshold}, a uniformly random {@code [0, jitter)} is added.
 * </ol>
 *
 * <p>Build a variant with {@link #builder()} or {@link #mutate()}; the result is read when a retrying publisher is
 * assembled, so later changes never affect running calls.
 *
 * @since 0.1.0
 */
public final class RetryPolicy {

  /** Default for {@link Builder#maxRetries(int)}: 15 retries, so 16 attempts in all. */
  public static final int DEFAULT_MAX_RETRIES = 15;

  /** Default for {@link Builder#initialBackoff(Duration)}: 50 ms before the first retry. */
  public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(50);

  /** Default for {@link Builder#backoffMultiplier(double)}: each wait is 4 times the previous one. */
  public static final double DEFAULT_BACKOFF_MULTIPLIER = 4.0;

  /** Default for {@link Builder#maxBackoff(Duration)}: computed waits stop growing at 60 s. */
  public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofMinutes(1);

  /** Default for {@link Builder#jitter(Duration)}: up to 500 ms added at random. */
  public static final Duration DEFAULT_JITTER = Duration.ofMillis(500);

  /** Default for {@link Builder#minJitterThreshold(Duration)}: jitter only for waits of 2 s or more. */
  public static final Duration DEFAULT_MIN_JITTER_THRESHOLD = Duration.ofSeconds(2);

  /** Default for {@link Builder#recognizeServerRetryDelay(boolean)}: the server's retry delay is honoured. */
  public static final boolean DEFAULT_RECOGNIZE_SERVER_RETRY_DELAY = true;

  /** Default for {@link Builder#maxServerRetryDelay(Duration)}: the server's retry delay counts up to 10 min. */
  public static final Duration DEFAULT_MAX_SERVER_RETRY_DELAY = Duration.ofMinutes(10);

  /**
   * Default for {@link Builder#retryPredicate(Predicate)}, Spark's {@code defaultPolicyRetryException}: a gRPC
   * error ({@link StatusRuntimeException} or {@link io.grpc.StatusException}) with status {@code UNAVAILABLE}, or
   * {@code INTERNAL} whose message contains {@code INVALID_CURSOR.DISCONNECTED} (another RPC took over the
   * operation's result stream), or any status carrying {@code google.rpc.RetryInfo}; and, beyond Spark, {@code UNKNOWN}
   * caused by a {@link java.nio.channels.ClosedChannelException} (grpc-java's report of a connection lost while
   * writing: the same transport failure as {@code UNAVAILABLE}). Also beyond Spark, an {@code UNAVAILABLE} caused by a
   * TLS failure that a retry would only repeat (an untrusted or expired certificate, a host name mismatch, a
   * handshake the server refused, a port without TLS) is not retried. Nothing else, in particular
   * no converted {@code SparkConnectException}: retry sits below error conversion.
   */
  public static final Predicate<Throwable> DEFAULT_RETRY_PREDICATE = RetryPolicy::isRetryableByDefault;

  /** Default for {@link Builder#jitterSource(DoubleSupplier)}: {@link ThreadLocalRandom}. */
  public static final DoubleSupplier DEFAULT_JITTER_SOURCE = () -> ThreadLocalRandom.current().nextDouble();

  /** Stands in for the error when Resilience4j asks for an interval after a result (never, for us). */
  private static final Throwable NO_ERROR = new Throwable("no error", null, false, false) {};

  private static final RetryPolicy DEFAULT = builder().build();
  private static final RetryPolicy NONE = builder().maxRetries(0).retryPredicate(e -> false).build();

  private final int maxRetries;
  private final Duration initialBackoff;
  private final double backoffMultiplier;
  private final Duration maxBackoff;
  private final Duration jitter;
  private final Duration minJitterThreshold;
  private final boolean recognizeServerRetryDelay;
  private final Duration maxServerRetryDelay;
  private final Predicate<Throwable> retryPredicate;
  private final DoubleSupplier jitterSource;

  private RetryPolicy(Builder b) {
    this.maxRetries = b.maxRetries;
    this.initialBackoff = b.initialBackoff;
    this.backoffMultiplier = b.backoffMultiplier;
    this.maxBackoff = b.maxBackoff;
    this.jitter = b.jitter;
    this.minJitterThreshold = b.minJitterThreshold;
    this.recognizeServerRetryDelay = b.recognizeServerRetryDelay;
    this.maxServerRetryDelay = b.maxServerRetryDelay;
    this.retryPredicate = b.retryPredicate;
    this.jitterSource = b.jitterSource;
  }

  /**
   * Spark's default policy; every setting is the {@code DEFAULT_…} constant of this class.
   *
   * @return the default policy (a shared instance)
   */
  public static RetryPolicy defaultPolicy() {
    return DEFAULT;
  }

  /**
   * A policy that never retries: {@link #canRetry(Throwable)} is always {@code false}, so every error passes
   * through unchanged (not wrapped in a {@code RetriesExceededException}).
   *
   * @return the no-retry policy (a shared instance)
   */
  public static RetryPolicy none() {
    return NONE;
  }

  /**
   * A builder that starts from the defaults.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder that starts from this policy's settings.
   *
   * @return a new builder
   */
  public Builder mutate() {
    return new Builder(this);
  }

  /**
   * Whether an error may be retried under this policy, regardless of how many retries are left.
   *
   * @param error a raw (not yet converted) error of an RPC
   * @return the retry predicate's answer
   */
  public boolean canRetry(Throwable error) {
    return retryPredicate.test(error);
  }

  /**
   * How long to wait before retry number {@code retry}, following the three steps in the class description.
   * Each call with a wait of at least {@link #minJitterThreshold()} draws a new jitter from the jitter source.
   *
   * @param retry the 1-based number of the retry about to be made
   * @param error the error of the attempt that just failed (read for {@code RetryInfo})
   * @return the wait, never negative
   * @throws IllegalArgumentException if {@code retry} is less than 1
   */
  public Duration backoff(int retry, Throwable error) {
    if (retry < 1) {
      throw new IllegalArgumentException("retry must be at least 1: " + retry);
    }
    double maxNanos = maxBackoff.toNanos();
    double nanos = initialBackoff.toNanos();
    for (int i = 1; i < retry; i++) {
      double next = Math.min(nanos * backoffMultiplier, maxNanos);
      if (next == nanos) {
        break; // reached the cap (or the multiplier is 1): every later wait is the same
      }
      nanos = next;
    }
    Duration wait = Duration.ofNanos((long) nanos);
    if (recognizeServerRetryDelay) {
      Duration serverDelay = serverRetryDelay(error);
      if (serverDelay != null) {
        Duration limited = min(serverDelay, maxServerRetryDelay);
        wait = wait.compareTo(limited) >= 0 ? wait : limited;
      }
    }
    if (wait.compareTo(minJitterThreshold) >= 0) {
      double random = jitterSource.getAsDouble();
      wait = wait.plusNanos((long) (random * jitter.toNanos()));
    }
    return wait;
  }

  /**
   * This policy as a Resilience4j configuration: {@code maxAttempts = maxRetries + 1}, exceptions retried when
   * {@link #canRetry(Throwable)} says so, and the wait before each retry from {@link #backoff(int, Throwable)}
   * (truncated to whole milliseconds, Resilience4j's unit) through {@code intervalBiFunction}.
   *
   * @return a new configuration
   */
  public RetryConfig toRetryConfig() {
    IntervalBiFunction<Object> interval = (attempt, either) -> {
      Throwable error = either.isLeft() ? either.getLeft() : null;
      return backoff(attempt, error != null ? error : NO_ERROR).toMillis();
    };
    return RetryConfig.custom()
        .maxAttempts(maxRetries + 1)
        .retryOnException(this::canRetry)
        .intervalBiFunction(interval)
        .build();
  }

  /**
   * Maximum number of retries (attempts after the first).
   *
   * @return the maximum, {@code >= 0}; see {@link #DEFAULT_MAX_RETRIES}
   */
  public int maxRetries() {
    return maxRetries;
  }

  /**
   * The wait before the first retry.
   *
   * @return the initial backoff; see {@link #DEFAULT_INITIAL_BACKOFF}
   */
  public Duration initialBackoff() {
    return initialBackoff;
  }

  /**
   * The factor between consecutive waits.
   *
   * @return the multiplier, {@code >= 1}; see {@link #DEFAULT_BACKOFF_MULTIPLIER}
   */
  public double backoffMultiplier() {
    return backoffMultiplier;
  }

  /**
   * The cap on computed waits (the server's retry delay may exceed it).
   *
   * @return the maximum backoff; see {@link #DEFAULT_MAX_BACKOFF}
   */
  public Duration maxBackoff() {
    return maxBackoff;
  }

  /**
   * Upper bound (exclusive) of the random time added to waits of at least {@link #minJitterThreshold()}.
   *
   * @return the jitter; see {@link #DEFAULT_JITTER}
   */
  public Duration jitter() {
    return jitter;
  }

  /**
   * The shortest wait that gets jitter.
   *
   * @return the threshold; see {@link #DEFAULT_MIN_JITTER_THRESHOLD}
   */
  public Duration minJitterThreshold() {
    return minJitterThreshold;
  }

  /**
   * Whether the server's {@code RetryInfo.retry_delay} lengthens the wait.
   *
   * @return the flag; see {@link #DEFAULT_RECOGNIZE_SERVER_RETRY_DELAY}
   */
  public boolean recognizeServerRetryDelay() {
    return recognizeServerRetryDelay;
  }

  /**
   * The cap on the server's retry delay.
   *
   * @return the cap; see {@link #DEFAULT_MAX_SERVER_RETRY_DELAY}
   */
  public Duration maxServerRetryDelay() {
    return maxServerRetryDelay;
  }

  /**
   * Which errors may be retried.
   *
   * @return the predicate; see {@link #DEFAULT_RETRY_PREDICATE}
   */
  public Predicate<Throwable> retryPredicate() {
    return retryPredicate;
  }

  /**
   * Where jitter comes from.
   *
   * @return a supplier of values in {@code [0, 1)}; see {@link #DEFAULT_JITTER_SOURCE}
   */
  public DoubleSupplier jitterSource() {
    return jitterSource;
  }

  @Override
  public String toString() {
    return "RetryPolicy{maxRetries=" + maxRetries + ", initialBackoff=" + initialBackoff
        + ", backoffMultiplier=" + backoffMultiplier + ", maxBackoff=" + maxBackoff + ", jitter=" + jitter
        + ", minJitterThreshold=" + minJitterThreshold + ", recognizeServerRetryDelay="
        + recognizeServerRetryDelay + ", maxServerRetryDelay=" + maxServerRetryDelay + "}";
  }

  private static boolean isRetryableByDefault(Throwable error) {
    Status status;
    if (error instanceof StatusRuntimeException sre) {
      status = sre.getStatus();
    } else if (error instanceof StatusException se) {
      status = se.getStatus();
    } else {
      return false;
    }
    if (status.getCode() == Status.Code.UNAVAILABLE) {
      // beyond Spark: an untrusted or refused TLS handshake fails the same way every time (TlsHandshakeException)
      return GrpcErrors.tlsFailure(error) == null;
    }
    // A connection lost while grpc-java was writing surfaces as UNKNOWN with a ClosedChannelException cause
    // ("channel closed"), not as UNAVAILABLE. It is the same transport failure, so it is retried too (Spark's
    // clients do not do this; our executions resume by reattach, so a retry never runs a plan twice).
    if (status.getCode() == Status.Code.UNKNOWN && causedByClosedChannel(error)) {
      return true;
    }
    // Spark matches on the exception's string form: the status description names the error class
    if (status.getCode() == Status.Code.INTERNAL && error.toString().contains("INVALID_CURSOR.DISCONNECTED")) {
      return true;
    }
    return GrpcErrors.retryInfo(error) != null;
  }

  private static boolean causedByClosedChannel(Throwable error) {
    for (Throwable c = error.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
      if (c instanceof java.nio.channels.ClosedChannelException) {
        return true;
      }
    }
    return false;
  }

  private static @Nullable Duration serverRetryDelay(Throwable error) {
    RetryInfo info = GrpcErrors.retryInfo(error);
    if (info == null || !info.hasRetryDelay()) {
      return null;
    }
    Duration delay = Duration.ofSeconds(info.getRetryDelay().getSeconds(), info.getRetryDelay().getNanos());
    return delay.isNegative() ? Duration.ZERO : delay;
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  /** Mutable builder of a {@link RetryPolicy}; not thread-safe. */
  public static final class Builder {
    private int maxRetries = DEFAULT_MAX_RETRIES;
    private Duration initialBackoff = DEFAULT_INITIAL_BACKOFF;
    private double backoffMultiplier = DEFAULT_BACKOFF_MULTIPLIER;
    private Duration maxBackoff = DEFAULT_MAX_BACKOFF;
    private Duration jitter = DEFAULT_JITTER;
    private Duration minJitterThreshold = DEFAULT_MIN_JITTER_THRESHOLD;
    private boolean recognizeServerRetryDelay = DEFAULT_RECOGNIZE_SERVER_RETRY_DELAY;
    private Duration maxServerRetryDelay = DEFAULT_MAX_SERVER_RETRY_DELAY;
    private Predicate<Throwable> retryPredicate = DEFAULT_RETRY_PREDICATE;
    private DoubleSupplier jitterSource = DEFAULT_JITTER_SOURCE;

    private Builder() {}

    private Builder(RetryPolicy p) {
      maxRetries = p.maxRetries;
      initialBackoff = p.initialBackoff;
      backoffMultiplier = p.backoffMultiplier;
      maxBackoff = p.maxBackoff;
      jitter = p.jitter;
      minJitterThreshold = p.minJitterThreshold;
      recognizeServerRetryDelay = p.recognizeServerRetryDelay;
      maxServerRetryDelay = p.maxServerRetryDelay;
      retryPredicate = p.retryPredicate;
      jitterSource = p.jitterSource;
    }

    /**
     * Sets the maximum number of retries; default {@link #DEFAULT_MAX_RETRIES}.
     *
     * @param maxRetries retries after the first attempt, {@code >= 0}
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder maxRetries(int maxRetries) {
      if (maxRetries < 0 || maxRetries == Integer.MAX_VALUE) {
        throw new IllegalArgumentException("maxRetries must be in [0, Integer.MAX_VALUE): " + maxRetries);
      }
      this.maxRetries = maxRetries;
      return this;
    }

    /**
     * Sets the wait before the first retry; default {@link #DEFAULT_INITIAL_BACKOFF}.
     *
     * @param initialBackoff not negative
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder initialBackoff(Duration initialBackoff) {
      this.initialBackoff = nonNegative(initialBackoff, "initialBackoff");
      return this;
    }

    /**
     * Sets the factor between consecutive waits; default {@link #DEFAULT_BACKOFF_MULTIPLIER}.
     *
     * @param backoffMultiplier a finite number {@code >= 1}
     * @return this builder
     * @throws IllegalArgumentException if below 1 or not finite
     */
    public Builder backoffMultiplier(double backoffMultiplier) {
      if (!(backoffMultiplier >= 1.0) || Double.isInfinite(backoffMultiplier)) {
        throw new IllegalArgumentException("backoffMultiplier must be finite and >= 1: " + backoffMultiplier);
      }
      this.backoffMultiplier = backoffMultiplier;
      return this;
    }

    /**
     * Sets the cap on computed waits; default {@link #DEFAULT_MAX_BACKOFF}.
     *
     * @param maxBackoff not negative
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder maxBackoff(Duration maxBackoff) {
      this.maxBackoff = nonNegative(maxBackoff, "maxBackoff");
      return this;
    }

    /**
     * Sets the upper bound (exclusive) of the random time added to long waits; default {@link #DEFAULT_JITTER}.
     *
     * @param jitter not negative; zero disables jitter
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder jitter(Duration jitter) {
      this.jitter = nonNegative(jitter, "jitter");
      return this;
    }

    /**
     * Sets the shortest wait that gets jitter; default {@link #DEFAULT_MIN_JITTER_THRESHOLD}.
     *
     * @param minJitterThreshold not negative
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder minJitterThreshold(Duration minJitterThreshold) {
      this.minJitterThreshold = nonNegative(minJitterThreshold, "minJitterThreshold");
      return this;
    }

    /**
     * Sets whether the server's {@code RetryInfo.retry_delay} lengthens the wait; default
     * {@link #DEFAULT_RECOGNIZE_SERVER_RETRY_DELAY}. This does not change which errors are retried.
     *
     * @param recognizeServerRetryDelay the flag
     * @return this builder
     */
    public Builder recognizeServerRetryDelay(boolean recognizeServerRetryDelay) {
      this.recognizeServerRetryDelay = recognizeServerRetryDelay;
      return this;
    }

    /**
     * Sets the cap on the server's retry delay; default {@link #DEFAULT_MAX_SERVER_RETRY_DELAY}.
     *
     * @param maxServerRetryDelay not negative
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder maxServerRetryDelay(Duration maxServerRetryDelay) {
      this.maxServerRetryDelay = nonNegative(maxServerRetryDelay, "maxServerRetryDelay");
      return this;
    }

    /**
     * Replaces the predicate that decides which errors are retried; default {@link #DEFAULT_RETRY_PREDICATE}.
     * To add to the default, pass {@code RetryPolicy.DEFAULT_RETRY_PREDICATE.or(mine)}. The predicate sees raw
     * gRPC errors and must not block.
     *
     * @param retryPredicate the predicate
     * @return this builder
     */
    public Builder retryPredicate(Predicate<Throwable> retryPredicate) {
      this.retryPredicate = Objects.requireNonNull(retryPredicate, "retryPredicate");
      return this;
    }

    /**
     * Replaces the source of jitter (tests pass a constant); default {@link #DEFAULT_JITTER_SOURCE}.
     *
     * @param jitterSource a supplier of values in {@code [0, 1)}, called once per jittered wait
     * @return this builder
     */
    public Builder jitterSource(DoubleSupplier jitterSource) {
      this.jitterSource = Objects.requireNonNull(jitterSource, "jitterSource");
      return this;
    }

    /**
     * Builds the policy.
     *
     * @return a new immutable policy
     */
    public RetryPolicy build() {
      return new RetryPolicy(this);
    }

    private static Duration nonNegative(Duration d, String name) {
      Objects.requireNonNull(d, name);
      if (d.isNegative()) {
        throw new IllegalArgumentException(name + " must not be negative: " + d);
      }
      return d;
    }
  }
}
