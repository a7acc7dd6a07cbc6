package io.github.reactivespark.connect.internal.client;

import reactor.core.publisher.Mono;

/**
 * What the retries of a session know about its connection: the first of the client's three layers (channel
 * reconnect, RPC retry, result-stream reattach), after lettuce's {@code ConnectionWatchdog}.
 *
 * <p>An RPC that fails while the transport has no connection (refused, reset before the handshake, or failed fast
 * because the channel is in {@code TRANSIENT_FAILURE}) gains nothing from being retried before the connection is
 * back, and loses time when it is retried later than that: grpc-java's own reconnect backoff (1 s, then ×1.6 per
 * failure) fails every RPC fast until it lets the channel try again, so Spark's first retries (50, 200, 800 ms) are
 * spent without one connection attempt, and a 0.3 s outage costs seconds. The watchdog lets a retry wait for both:
 * {@link RetryOperators} ends a retry's wait early when {@link #reconnected(long)} completes, and the watchdog
 * keeps trying to connect while someone waits.
 */
public interface ConnectionWatchdog {

  /** A watchdog that knows nothing: {@link #reconnected} never completes, so retries wait their full backoff. */
  ConnectionWatchdog NONE = new ConnectionWatchdog() {
    @Override
    public long epoch() {
      return 0;
    }

    @Override
    public Mono<Void> reconnected(long epoch) {
      return Mono.never();
    }

    @Override
    public String target() {
      return "";
    }
  };

  /**
   * The number of connections the transport has established so far (it grows by one each time the channel becomes
   * ready). An attempt that starts and fails under the same epoch never had a new connection.
   *
   * @return the current epoch
   */
  long epoch();

  /**
   * Completes once the transport has a connection newer than {@code epoch} (at once if it has one already). While
   * subscribed, the watchdog makes connection attempts on its own short schedule instead of grpc-java's backoff.
   * Cancelling stops that (when no one else waits).
   *
   * @param epoch an {@link #epoch()} read before the failed attempt started
   * @return completes empty, never with an error; never completes for transports that cannot tell
   */
  Mono<Void> reconnected(long epoch);

  /**
   * The address the transport connects to, for messages (for example {@code 127.0.0.1:15002}).
   *
   * @return the address, or an empty string when unknown
   */
  String target();
}
