package io.github.reactivespark.connect.events;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * A call failed with a retryable error and will be sent again (the session's {@code RetryPolicy}; Spark's default
 * retries {@code UNAVAILABLE} and a few other transient errors 15 times with backoff from 50 ms to 1 min).
 *
 * @param sessionId the client-side session id
 * @param rpc the operation's RPC ({@code ExecutePlan} for a query, whatever call of it failed)
 * @param operationId the query's operation id, or {@code null} for unary calls
 * @param attempt the retry's number, from 1
 * @param backoff how long the client waits before the retry
 * @param cause the raw error of the failed call (a gRPC status exception)
 * @since 0.1.0
 */
public record RetryEvent(String sessionId, String rpc, @Nullable String operationId, int attempt, Duration backoff,
    Throwable cause) {}
