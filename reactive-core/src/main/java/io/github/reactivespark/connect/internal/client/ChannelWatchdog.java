package io.github.reactivespark.connect.internal.client;

import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The {@link ConnectionWatchdog} of one grpc-java channel.
 *
 * <p>It follows the channel's connectivity state ({@code notifyWhenStateChanged}) and counts the times it became
 * {@code READY}. While at least one retry waits in {@link #reconnected(long)}, it drives reconnection itself: a
 * channel in {@code TRANSIENT_FAILURE} gets {@code resetConnectBackoff()} (grpc-java then connects at once instead
 * of after its own backoff of 1 s growing ×1.6 up to 2 min), an {@code IDLE} one is asked to connect. The attempts
 * are {@link #FIRST_PROBE} apart at first, then a quarter of the time since the first waiter arrived, at most
 * {@link #MAX_PROBE} apart: after a network outage of length T the connection is back within about T / 4 (and at
 * least 50 ms) of the network, while a dead server sees a few dozen connection attempts per minute at most, and
 * none when no retry waits. The RPC retries themselves keep Spark's backoff ({@link RetryOperators}).
 */
final class ChannelWatchdog implements ConnectionWatchdog {

  /** The first connection attempt after a waiter arrives comes this long after it. */
  static final Duration FIRST_PROBE = Duration.ofMillis(50);
  /** Connection attempts are never further apart than this while someone waits. */
  static final Duration MAX_PROBE = Duration.ofSeconds(10);

  private final ManagedChannel channel;
  private final String target;
  private final AtomicLong epoch = new AtomicLong();
  private final Sinks.Many<Long> epochs = Sinks.many().multicast().directBestEffort();
  /** Whether a connection attempt failed since the channel was last ready (state callbacks run one at a time). */
  private boolean failedSinceReady;
  private int waiters;
  private @Nullable Disposable prober;

  ChannelWatchdog(ManagedChannel channel, String target) {
    this.channel = channel;
    this.target = target;
    follow(channel.getState(false));
  }

  private void follow(ConnectivityState seen) {
    if (seen == ConnectivityState.SHUTDOWN) {
      epochs.tryEmitComplete();
      return;
    }
    channel.notifyWhenStateChanged(seen, () -> {
      ConnectivityState now = channel.getState(false);
      if (now == ConnectivityState.TRANSIENT_FAILURE) {
        failedSinceReady = true;
      } else if (now == ConnectivityState.READY && failedSinceReady) {
        failedSinceReady = false;
        epochs.tryEmitNext(epoch.incrementAndGet());
      }
      follow(now);
    });
  }

  @Override
  public long epoch() {
    return epoch.get();
  }

  @Override
  public Mono<Void> reconnected(long since) {
    // subscribe to new epochs before reading the current one, so that none is missed in between
    return Flux.merge(epochs.asFlux(), Mono.fromSupplier(epoch::get))
        .filter(e -> e > since)
        .next()
        .then()
        .doOnSubscribe(s -> waiterArrived())
        .doFinally(s -> waiterLeft());
  }

  @Override
  public String target() {
    return target;
  }

  private synchronized void waiterArrived() {
    if (waiters++ == 0) {
      long start = System.nanoTime();
      prober = Flux.defer(() -> Mono.delay(probeInterval(Duration.ofNanos(System.nanoTime() - start))))
          .repeat()
          .subscribe(tick -> probe());
    }
  }

  private synchronized void waiterLeft() {
    if (--waiters == 0 && prober != null) {
      prober.dispose();
      prober = null;
    }
  }

  /** The wait before the next connection attempt, {@code elapsed} after the first waiter arrived. */
  static Duration probeInterval(Duration elapsed) {
    Duration quarter = elapsed.dividedBy(4);
    if (quarter.compareTo(FIRST_PROBE) < 0) {
      return FIRST_PROBE;
    }
    return quarter.compareTo(MAX_PROBE) > 0 ? MAX_PROBE : quarter;
  }

  private void probe() {
    ConnectivityState state = channel.getState(false);
    if (state == ConnectivityState.TRANSIENT_FAILURE) {
      channel.resetConnectBackoff();
    } else if (state == ConnectivityState.IDLE) {
      channel.getState(true);
    }
  }
}
