package io.github.reactivespark.connect.listeners;

import io.github.reactivespark.connect.SparkSession;
import io.github.reactivespark.connect.exceptions.StreamingQueryException;
import io.github.reactivespark.connect.internal.ConnectInternals;
import io.github.reactivespark.connect.internal.proto.Command;
import io.github.reactivespark.connect.internal.proto.ExecutePlanResponse;
import io.github.reactivespark.connect.internal.proto.StreamingQueryListenerBusCommand;
import io.github.reactivespark.connect.internal.proto.StreamingQueryListenerEvent;
import io.github.reactivespark.connect.internal.proto.StreamingQueryListenerEventsResult;
import io.github.reactivespark.connect.streaming.StreamingQuery;
import io.github.reactivespark.connect.streaming.StreamingQueryProgress;
import io.github.reactivespark.connect.streaming.internal.QueryStartedHooks;
import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.Objects;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

/**
 * The streaming query listener events of one session, fed by the server's listener bus; mirrors Spark's Scala
 * Connect client {@code StreamingQueryListenerBus} (and {@code spark.streams().addListener}). Obtain it with {@link
 * #of(SparkSession)} (one per session).
 *
 * <p><b>Protocol.</b> The first subscriber of {@link #events()} sends {@code
 * StreamingQueryListenerBusCommand(add_listener_bus_listener)}: a long-running {@code ExecutePlan} whose responses
 * carry {@code StreamingQueryListenerEventsResult}s (progress, idle and terminated events of every query of the
 * session). It goes through the session's reattachable execution, so it survives the server ending the response
 * stream. When the last subscriber cancels, the client sends {@code remove_listener_bus_listener} (and releases the
 * execution); a later first subscriber registers again, after that removal completed. {@code QueryStarted} events
 * do not travel over the bus: the server attaches them to the answer of the start command while the bus listener
 * is registered, and {@code DataStreamWriter} hands them to this class.
 */
public final class StreamingListeners {

  private static final Logger log = LoggerFactory.getLogger(StreamingListeners.class);
  private static final Map<SparkSession, StreamingListeners> ALL = new WeakHashMap<>();

  private static final Command ADD = Command.newBuilder().setStreamingQueryListenerBusCommand(
      StreamingQueryListenerBusCommand.newBuilder().setAddListenerBusListener(true)).build();
  private static final Command REMOVE = Command.newBuilder().setStreamingQueryListenerBusCommand(
      StreamingQueryListenerBusCommand.newBuilder().setRemoveListenerBusListener(true)).build();

  // weak: this object is the value of ALL, a WeakHashMap keyed by the session
  private final WeakReference<SparkSession> sessionRef;
  private final String sessionId;
  private final Sinks.Many<StreamingQueryEvent> started = Sinks.many().multicast().directBestEffort();
  private final Flux<StreamingQueryEvent> shared;
  private final AtomicReference<Mono<Void>> pendingRemoval = new AtomicReference<>(Mono.empty());
  private volatile Registration registration = new Registration();

  private StreamingListeners(SparkSession session) {
    this.sessionRef = new WeakReference<>(session);
    this.sessionId = session.sessionId();
    this.shared = Flux.defer(this::connect).publish().refCount(1);
    QueryStartedHooks.register(session, this::onStartedJson);
  }

  /** The listener events of {@code session}; the same instance for the same session. */
  public static StreamingListeners of(SparkSession session) {
    Objects.requireNonNull(session, "session");
    synchronized (ALL) {
      return ALL.computeIfAbsent(session, StreamingListeners::new);
    }
  }

  /** {@code of(session).events()}. */
  public static Flux<StreamingQueryEvent> events(SparkSession session) {
    return of(session).events();
  }

  /**
   * The events of every streaming query of the session: {@link StreamingQueryEvent.QueryStarted}, {@link
   * StreamingQueryEvent.QueryProgress}, {@link StreamingQueryEvent.QueryIdle}, {@link
   * StreamingQueryEvent.QueryTerminated}. <b>Hot</b>: a subscriber sees the events that happen after it subscribed
   * (after the server registered the bus listener, for the first one), never earlier ones. Subscribers share one
   * server registration: the first subscription registers it, the last cancel removes it.
   *
   * <p><b>Backpressure.</b> The server does not wait for slow clients, so each subscriber has its own buffer:
   * lifecycle events (started, idle, terminated) are never dropped (the buffer is unbounded for them); for progress
   * events, only the latest not-yet-delivered progress of each query run is kept (a newer progress replaces an
   * undelivered older one of the same run). A subscriber that keeps up (requests unbounded) sees every event.
   *
   * <p>Completes when the server ends the bus (another client of the same session removed it); emits an error when
   * the bus RPC fails (after the session's retries and reattaches), or {@link IllegalStateException} when the
   * server ended the command without registering. If a bus listener of this server-side session exists already
   * (another client object on the same session), a Spark 4.1 server holds the new command until that one is
   * removed: no events arrive and {@link #registered()} does not complete meanwhile. Events are emitted on gRPC
   * threads.
   */
  public Flux<StreamingQueryEvent> events() {
    return Flux.create(sink -> {
      CoalescingBuffer buffer = new CoalescingBuffer(sink);
      Disposable upstream = shared.subscribe(buffer::add, buffer::error, buffer::complete);
      sink.onRequest(n -> buffer.drain());
      sink.onDispose(upstream);
    }, FluxSink.OverflowStrategy.BUFFER);
  }

  /**
   * Registers a classic listener: {@code events()} dispatched to its callbacks (see {@link StreamingQueryListener}
   * for the threads), with {@link #events()}'s backpressure policy. Dispose the returned {@link Disposable} to
   * remove it (the last removal also removes the server-side registration). An error of the bus is logged and ends
   * the registration.
   */
  public Disposable addListener(StreamingQueryListener listener) {
    Objects.requireNonNull(listener, "listener");
    return events().publishOn(Schedulers.boundedElastic()).subscribe(e -> dispatch(listener, e),
        err -> log.warn("streaming listener bus failed; listener {} removed", listener, err));
  }

  /**
   * The progress of one query run: each {@link StreamingQueryProgress} of {@code query}'s run from the
   * subscription on (earlier triggers are in {@link StreamingQuery#recentProgress()}); completes when the query
   * stops, emits {@link StreamingQueryException} (with Spark's error class of the cause, as in {@link
   * StreamingQueryEvent.QueryTerminated#toException()}) when it fails. Subscribing when the query has already
   * terminated completes (or fails) at once, from {@link StreamingQuery#exception()}. Cold in that each
   * subscription filters {@link #events()} (and registers the bus if it is the first); the events it filters are
   * hot, with the same backpressure policy (a slow subscriber may skip intermediate progress).
   */
  public Flux<StreamingQueryProgress> progress(StreamingQuery query) {
    Objects.requireNonNull(query, "query");
    return Flux.defer(() -> {
      Flux<Object> mine = events().filter(e -> e.runId().equals(query.runId())).cast(Object.class);
      // registered(): events() above connected (or joined) the registration synchronously
      Mono<Object> over = registered()
          .then(query.isActive())
          .flatMap(active -> active ? Mono.never() : query.exception()
              .map(ex -> (Object) new Ended(ex))
              .defaultIfEmpty(new Ended(null)));
      return Flux.merge(mine, over)
          .takeUntil(e -> e instanceof StreamingQueryEvent.QueryTerminated || e instanceof Ended)
          .<StreamingQueryProgress>handle((e, sink) -> {
            if (e instanceof StreamingQueryEvent.QueryProgress p) {
              sink.next(p.progress());
            } else if (e instanceof StreamingQueryEvent.QueryTerminated t) {
              StreamingQueryException ex = t.toException();
              if (ex != null) {
                sink.error(ex);
              } else {
                sink.complete();
              }
            } else if (e instanceof Ended ended) {
              if (ended.exception != null) {
                sink.error(ended.exception);
              } else {
                sink.complete();
              }
            }
          });
    });
  }

  /** {@code of(query.sparkSession()).progress(query)}. */
  public static Flux<StreamingQueryProgress> progressOf(StreamingQuery query) {
    return of(query.sparkSession()).progress(query);
  }

  // ---- the shared upstream: one server registration per connection of the refCount ----

  /**
   * Completes once the server has registered the bus listener for the current (or, if {@link #events()} has no
   * subscriber now, the next) subscription of {@link #events()}; emits an error if that registration fails. A query
   * started after this completes has its {@link StreamingQueryEvent.QueryStarted} delivered to the subscribers of
   * the registration (Spark's {@code addListener} returns only after the same step). Cold: each subscription
   * waits on the registration current at subscribe time; it does not register anything itself.
   */
  public Mono<Void> registered() {
    return Mono.defer(() -> registration.sink.asMono());
  }

  private SparkSession session() {
    SparkSession s = sessionRef.get();
    if (s == null) {
      throw new IllegalStateException("session " + sessionId + " is no longer referenced");
    }
    return s;
  }

  private Flux<StreamingQueryEvent> connect() {
    SparkSession session = session();
    Registration reg;
    synchronized (this) {
      reg = registration;
      if (reg.used) {
        reg = new Registration();
        registration = reg;
      }
      reg.used = true;
    }
    Sinks.Empty<Void> ready = reg.sink;
    Sinks.Empty<Void> end = Sinks.empty();
    AtomicBoolean added = new AtomicBoolean();
    Flux<StreamingQueryEvent> bus = pendingRemoval.get()
        .thenMany(Flux.defer(() -> ConnectInternals.client(session).execute(ADD)))
        .filter(ExecutePlanResponse::hasStreamingQueryListenerEventsResult)
        .map(ExecutePlanResponse::getStreamingQueryListenerEventsResult)
        .<StreamingQueryEvent>concatMapIterable(r -> {
          if (r.hasListenerBusListenerAdded() && r.getListenerBusListenerAdded() && added.compareAndSet(false, true)) {
            log.debug("listener bus listener registered for session {}", session.sessionId());
            ready.tryEmitEmpty();
          }
          return parse(r);
        })
        .concatWith(Mono.defer(() -> added.get() ? Mono.empty() : Mono.error(new IllegalStateException(
            "the server ended the add_listener_bus_listener command of session " + session.sessionId()
                + " without registering the listener bus"))))
        .doOnError(e -> ready.tryEmitError(e))
        .doFinally(signal -> {
          end.tryEmitEmpty();
          ready.tryEmitError(new IllegalStateException("the streaming listener bus ended (" + signal
              + ") before the server registered it"));
          if (signal != SignalType.ON_COMPLETE && added.get()) {
            removeOnServer();
          }
        });
    return Flux.merge(bus, started.asFlux().takeUntilOther(end.asMono()));
  }

  private void removeOnServer() {
    SparkSession session = sessionRef.get();
    if (session == null) {
      return;
    }
    Mono<Void> removal = ConnectInternals.client(session).execute(REMOVE).then()
        .doOnSuccess(v -> log.debug("listener bus listener removed for session {}", session.sessionId()))
        .onErrorResume(e -> {
          log.debug("removing the listener bus listener of session {} failed", session.sessionId(), e);
          return Mono.empty();
        })
        .cache();
    pendingRemoval.set(removal);
    removal.subscribe();
  }

  private static Iterable<StreamingQueryEvent> parse(StreamingQueryListenerEventsResult r) {
    java.util.List<StreamingQueryEvent> out = new java.util.ArrayList<>(r.getEventsCount());
    for (StreamingQueryListenerEvent e : r.getEventsList()) {
      try {
        switch (e.getEventType()) {
          case QUERY_PROGRESS_EVENT -> out.add(StreamingQueryEvent.QueryProgress.fromJson(e.getEventJson()));
          case QUERY_IDLE_EVENT -> out.add(StreamingQueryEvent.QueryIdle.fromJson(e.getEventJson()));
          case QUERY_TERMINATED_EVENT -> out.add(StreamingQueryEvent.QueryTerminated.fromJson(e.getEventJson()));
          default -> log.warn("unknown streaming listener event type {}: {}", e.getEventType(), e.getEventJson());
        }
      } catch (RuntimeException ex) {
        log.warn("unparseable streaming listener event {}: {}", e.getEventType(), e.getEventJson(), ex);
      }
    }
    return out;
  }

  private void onStartedJson(String json) {
    StreamingQueryEvent.QueryStarted event;
    try {
      event = StreamingQueryEvent.QueryStarted.fromJson(json);
    } catch (RuntimeException e) {
      log.warn("unparseable QueryStartedEvent: {}", json, e);
      return;
    }
    synchronized (started) {
      started.tryEmitNext(event);
    }
  }

  private static void dispatch(StreamingQueryListener l, StreamingQueryEvent e) {
    try {
      if (e instanceof StreamingQueryEvent.QueryStarted s) {
        l.onQueryStarted(s);
      } else if (e instanceof StreamingQueryEvent.QueryProgress p) {
        l.onQueryProgress(p);
      } else if (e instanceof StreamingQueryEvent.QueryIdle i) {
        l.onQueryIdle(i);
      } else if (e instanceof StreamingQueryEvent.QueryTerminated t) {
        l.onQueryTerminated(t);
      }
    } catch (RuntimeException ex) {
      log.warn("streaming query listener {} failed on {}", l, e.getClass().getSimpleName(), ex);
    }
  }

  /** One server registration's readiness; {@code used} once a connection took it. */
  private static final class Registration {
    final Sinks.Empty<Void> sink = Sinks.empty();
    boolean used;
  }

  /** progress(): the query had already ended when checked (not an event of the bus). */
  private record Ended(@Nullable StreamingQueryException exception) {}
}
