package io.github.reactivespark.connect.autoconfigure.health;

import io.github.reactivespark.connect.ConnectionString;
import io.github.reactivespark.connect.SparkSession;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import org.springframework.boot.health.contributor.AbstractReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import reactor.core.publisher.Mono;

/**
 * A {@link ReactiveHealthIndicator} for a {@link SparkSession}: one {@code version()} round trip (an
 * {@code AnalyzePlan}, retried by the session's policy), bounded by a timeout. Up with the server's Spark version;
 * down with the error, or with a {@link TimeoutException} when no answer came in time. Details in both cases:
 * {@code remote} (scheme, host, port and TLS only: never the token, the user or extra headers), {@code sessionId}
 * (the client-side session id), and {@code version} when up.
 *
 * <p>Non-blocking: the check is a cold {@code Mono} that sends its RPC when the health endpoint subscribes.
 *
 * @since 0.1.0
 */
public class SparkConnectHealthIndicator extends AbstractReactiveHealthIndicator {

  private final SparkSession session;
  private final Duration timeout;

  /**
   * An indicator for {@code session}.
   *
   * @param session the session to check
   * @param timeout longest wait for the round trip
   */
  public SparkConnectHealthIndicator(SparkSession session, Duration timeout) {
    super("Spark Connect health check failed");
    this.session = Objects.requireNonNull(session, "session");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
  }

  @Override
  protected Mono<Health> doHealthCheck(Health.Builder builder) {
    builder.withDetail("remote", remote(session.connectionString())).withDetail("sessionId", session.sessionId());
    return session.version()
        .timeout(timeout, Mono.error(() -> new TimeoutException("Spark Connect did not answer version() within "
            + timeout.toMillis() + " ms")))
        .map(version -> builder.up().withDetail("version", version).build())
        .onErrorResume(e -> Mono.just(builder.down(e).build()));
  }

  /** Where the server is, without anything secret. */
  static String remote(ConnectionString cs) {
    String host = cs.host().contains(":") ? "[" + cs.host() + "]" : cs.host();
    return "sc://" + host + ":" + cs.port() + (cs.useSsl() ? ";use_ssl=true" : "");
  }
}
