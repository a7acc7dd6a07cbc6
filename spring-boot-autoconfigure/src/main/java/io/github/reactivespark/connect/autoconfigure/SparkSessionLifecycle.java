package io.github.reactivespark.connect.autoconfigure;

import io.github.reactivespark.connect.SparkSession;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Releases the auto-configured {@link SparkSession} when the application context stops: {@link SparkSession#stop()}
 * ({@code ReleaseSession}, which ends the session's temporary views and running operations on the server, then the
 * channel shutdown, and the embedded server's release for {@code remote=local}), bounded by
 * {@code reactive-spark.connect.shutdown-timeout}.
 *
 * <p>Its phase, {@value #PHASE}, is below the web server's graceful-shutdown phase
 * ({@code SmartLifecycle.DEFAULT_PHASE - 1024}) and the web server's stop ({@code DEFAULT_PHASE - 2048}): with
 * {@code server.shutdown=graceful}, requests still streaming query results are drained first and the session is
 * released after the server stopped taking requests, never under a running response. Lifecycle beans of the default
 * phase (message listeners, schedulers) stop before it too. The stop is asynchronous (Spring waits for it up to
 * {@code spring.lifecycle.timeout-per-shutdown-phase}); a failing or slow {@code ReleaseSession} is logged and the
 * shutdown goes on. The session bean's own {@code close()} (its destroy method) then has nothing left to do.
 *
 * @since 0.1.0
 */
public final class SparkSessionLifecycle implements SmartLifecycle {

  /** The phase: after the web server's graceful shutdown and stop ({@code DEFAULT_PHASE - 4096}). */
  public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

  private static final Logger log = LoggerFactory.getLogger(SparkSessionLifecycle.class);

  private final SparkSession session;
  private final Duration timeout;
  private final AtomicBoolean running = new AtomicBoolean();

  /**
   * The lifecycle of {@code session}.
   *
   * @param session the session to release on stop
   * @param timeout how long the release may take
   */
  public SparkSessionLifecycle(SparkSession session, Duration timeout) {
    this.session = Objects.requireNonNull(session, "session");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
  }

  @Override
  public void start() {
    running.set(true); // the session was created with its bean; it connects on first use
  }

  @Override
  public void stop() {
    if (running.compareAndSet(true, false)) {
      release().block(timeout.plusSeconds(1)); // the synchronous variant runs on the thread closing the context
    }
  }

  @Override
  public void stop(Runnable callback) {
    if (!running.compareAndSet(true, false)) {
      callback.run();
      return;
    }
    release().subscribe(null, e -> callback.run(), callback);
  }

  private reactor.core.publisher.Mono<Void> release() {
    return session.stop().timeout(timeout)
        .doOnSuccess(v -> log.debug("Released Spark Connect session {}", session.sessionId()))
        .onErrorResume(e -> {
          log.warn("Releasing Spark Connect session {} failed or took longer than {}: {}", session.sessionId(),
              timeout, e.toString());
          return reactor.core.publisher.Mono.empty();
        });
  }

  @Override
  public boolean isRunning() {
    return running.get();
  }

  /**
   * Not pauseable: a released session is gone for good (a new id would lose its views and confs), so a context pause
   * (Spring's test context cache pauses contexts it is not using) must not stop it; only the context's close does.
   *
   * @return {@code false}
   */
  @Override
  public boolean isPauseable() {
    return false;
  }

  @Override
  public int getPhase() {
    return PHASE;
  }
}
