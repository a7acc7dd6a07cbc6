package io.github.reactivespark.connect.internal.client;

import io.github.reactivespark.connect.events.ArrowBatchEvent;
import io.github.reactivespark.connect.events.OperationEndedEvent;
import io.github.reactivespark.connect.events.OperationOutcome;
import io.github.reactivespark.connect.events.OperationStartedEvent;
import io.github.reactivespark.connect.events.ProgressEvent;
import io.github.reactivespark.connect.events.ReattachEvent;
import io.github.reactivespark.connect.events.ResponseEvent;
import io.github.reactivespark.connect.events.RetryEvent;
import io.github.reactivespark.connect.events.SparkConnectListener;
import io.github.reactivespark.connect.exceptions.SparkConnectException;
import io.github.resilience4j.retry.Retry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Exceptions;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;

/**
 * The one place where a session's {@link SparkConnectListener}s are called. {@link ConnectClient} asks it to
 * {@linkplain #operation(String, Flux) wrap} every operation (start and end, outcome, typed error), to
 * {@linkplain #decorate(SparkConnectTransport) decorate} its transport ({@link ListeningTransport}: operation ids,
 * responses, Arrow batches, progress, reattaches) and to {@linkplain #observe(Retry) observe} every retry it makes.
 *
 * <p>Without listeners every method hands its argument back unchanged: no event is made, no operator added.
 *
 * <p>An operation's state ({@link OperationScope}) travels to the transport in the Reactor context of its
 * subscription, so the transport attributes each call to the operation that made it, whatever thread runs it.
 * Each listener call is guarded: an exception is logged and dropped (a JVM-fatal error is rethrown).
 */
final class ClientEvents {

  private static final Logger log = LoggerFactory.getLogger(ClientEvents.class);

  /** Reactor context key of the current operation's {@link OperationScope}. */
  static final String SCOPE_KEY = ClientEvents.class.getName() + ".scope";

  private static final ClientEvents NONE = new ClientEvents("", List.of());

  private final String sessionId;
  private final SparkConnectListener[] listeners;
  private final boolean[] warned;
  private final AtomicLong sequence = new AtomicLong();

  private ClientEvents(String sessionId, List<SparkConnectListener> listeners) {
    this.sessionId = sessionId;
    this.listeners = listeners.toArray(SparkConnectListener[]::new);
    this.warned = new boolean[this.listeners.length];
  }

  /**
   * The events of one session.
   *
   * @param options the session's options: its id and listeners
   * @return an instance that does nothing when there are no listeners
   */
  static ClientEvents of(ClientOptions options) {
    return options.listeners().isEmpty() ? NONE : new ClientEvents(options.sessionId(), options.listeners());
  }

  /** Whether any listener is registered. */
  boolean enabled() {
    return listeners.length > 0;
  }

  /** The session's transport, decorated to report calls when there are listeners. */
  SparkConnectTransport decorate(SparkConnectTransport transport) {
    return enabled() ? new ListeningTransport(transport, this) : transport;
  }

  /** {@code retry}, whose retries are reported when there are listeners (its name is the RPC, or execute-{id}). */
  Retry observe(Retry retry) {
    if (enabled()) {
      String name = retry.getName();
      String operationId = name.startsWith("execute-") ? name.substring("execute-".length()) : null;
      String rpc = operationId != null ? "ExecutePlan" : name;
      retry.getEventPublisher().onRetry(e -> {
        Throwable cause = e.getLastThrowable();
        RetryEvent event = new RetryEvent(sessionId, rpc, operationId, e.getNumberOfRetryAttempts(),
            e.getWaitInterval(), cause != null ? cause : new IllegalStateException("retry without an error"));
        dispatch(l -> l.onRetry(event));
      });
    }
    return retry;
  }

  /** {@code source} as one operation: start on subscribe, end before the terminal signal or on cancel. */
  <T> Flux<T> operation(String rpc, Flux<T> source) {
    if (!enabled()) {
      return source;
    }
    return Flux.deferContextual(ctx -> {
      OperationScope op = start(rpc, ctx);
      return source
          .doOnComplete(() -> end(op, OperationOutcome.SUCCESS, null))
          .doOnError(e -> end(op, OperationOutcome.ERROR, e))
          .doOnCancel(() -> end(op, OperationOutcome.CANCELLED, null))
          .contextWrite(c -> c.put(SCOPE_KEY, op));
    });
  }

  /** {@code source} as one operation; see {@link #operation(String, Flux)}. */
  <T> Mono<T> operation(String rpc, Mono<T> source) {
    if (!enabled()) {
      return source;
    }
    return Mono.deferContextual(ctx -> {
      OperationScope op = start(rpc, ctx);
      return source
          .doOnSuccess(v -> end(op, OperationOutcome.SUCCESS, null))
          .doOnError(e -> end(op, OperationOutcome.ERROR, e))
          .doOnCancel(() -> end(op, OperationOutcome.CANCELLED, null))
          .contextWrite(c -> c.put(SCOPE_KEY, op));
    });
  }

  /** The operation whose subscription {@code ctx} belongs to, or {@code null} outside any. */
  static @Nullable OperationScope scope(ContextView ctx) {
    return ctx.getOrDefault(SCOPE_KEY, null);
  }

  private OperationScope start(String rpc, ContextView ctx) {
    OperationStartedEvent event = new OperationStartedEvent(sessionId, sequence.getAndIncrement(), rpc,
        System.nanoTime(), ctx);
    OperationScope op = new OperationScope(event);
    dispatch(l -> l.onOperationStarted(event));
    return op;
  }

  private void end(OperationScope op, OperationOutcome outcome, @Nullable Throwable error) {
    if (!op.end()) {
      return;
    }
    String errorClass = error instanceof SparkConnectException sce ? sce.errorClass() : null;
    OperationEndedEvent event = new OperationEndedEvent(op.started, op.operationId, outcome, error, errorClass,
        Duration.ofNanos(System.nanoTime() - op.started.startNanos()), op.responses, op.responseBytes,
        op.arrowBatches, op.rows, op.arrowBytes, op.reattaches);
    dispatch(l -> l.onOperationEnded(event));
  }

  // the two calls made per response: plain loops, no lambda per event

  void response(ResponseEvent event) {
    for (int i = 0; i < listeners.length; i++) {
      try {
        listeners[i].onResponse(event);
      } catch (Throwable e) {
        failed(i, e);
      }
    }
  }

  void arrowBatch(ArrowBatchEvent event) {
    for (int i = 0; i < listeners.length; i++) {
      try {
        listeners[i].onArrowBatch(event);
      } catch (Throwable e) {
        failed(i, e);
      }
    }
  }

  void progress(ProgressEvent event) {
    dispatch(l -> l.onProgress(event));
  }

  void reattach(ReattachEvent event) {
    dispatch(l -> l.onReattach(event));
  }

  String sessionId() {
    return sessionId;
  }

  private void dispatch(Consumer<SparkConnectListener> call) {
    for (int i = 0; i < listeners.length; i++) {
      try {
        call.accept(listeners[i]);
      } catch (Throwable e) {
        failed(i, e);
      }
    }
  }

  /** A listener threw: logged (WARN the first time, DEBUG afterwards), never passed on; JVM-fatal errors are. */
  private void failed(int i, Throwable e) {
    Exceptions.throwIfJvmFatal(e);
    if (!warned[i]) {
      warned[i] = true; // racy by design: at worst a second WARN
      log.warn("SparkConnectListener {} of session {} threw; the query goes on (further failures of it are"
          + " logged at DEBUG)", listeners[i].getClass().getName(), sessionId, e);
    } else {
      log.debug("SparkConnectListener {} of session {} threw", listeners[i].getClass().getName(), sessionId, e);
    }
  }
}
