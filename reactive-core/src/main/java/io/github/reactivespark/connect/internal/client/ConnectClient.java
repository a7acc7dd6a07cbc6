package io.github.reactivespark.connect.internal.client;

import io.github.reactivespark.connect.exceptions.SparkConnectException;
import io.github.reactivespark.connect.internal.proto.AddArtifactsRequest;
import io.github.reactivespark.connect.internal.proto.AddArtifactsResponse;
import io.github.reactivespark.connect.internal.proto.AnalyzePlanRequest;
import io.github.reactivespark.connect.internal.proto.AnalyzePlanResponse;
import io.github.reactivespark.connect.internal.proto.ArtifactStatusesRequest;
import io.github.reactivespark.connect.internal.proto.ArtifactStatusesResponse;
import io.github.reactivespark.connect.internal.proto.Command;
import io.github.reactivespark.connect.internal.proto.ConfigRequest;
import io.github.reactivespark.connect.internal.proto.ConfigResponse;
import io.github.reactivespark.connect.internal.proto.ExecutePlanRequest;
import io.github.reactivespark.connect.internal.proto.ExecutePlanResponse;
import io.github.reactivespark.connect.internal.proto.InterruptRequest;
import io.github.reactivespark.connect.internal.proto.InterruptResponse;
import io.github.reactivespark.connect.internal.proto.Plan;
import io.github.reactivespark.connect.internal.proto.Relation;
import io.github.reactivespark.connect.internal.proto.RelationCommon;
import io.github.reactivespark.connect.internal.proto.ReleaseSessionRequest;
import io.github.reactivespark.connect.internal.proto.ResultChunkingOptions;
import io.github.resilience4j.retry.Retry;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.context.ContextView;

/**
 * The session core: one Spark Connect session's connection to its server, built once from a {@link ClientOptions}
 * snapshot. {@code SparkSession} is the public face over it, as Spark's {@code SparkSession} sits over
 * {@code SparkConnectClient}; the other modules reach it through {@code internal.ConnectInternals.client(session)}.
 *
 * <p>It owns, for the whole session:
 * <ul>
 *   <li>the transport ({@link SparkConnectTransport}, one gRPC channel), the only thing that sends RPCs;
 *   <li>the {@link RequestStamp}: every request it sends is stamped there (session id, user context, client type,
 *       observed server-side session id), and every response's server-side session id is checked there;
 *   <li>the retry of every RPC ({@link #newRetry}), the reattachable execution of every plan
 *       ({@link ReattachableExecution}, {@link Resumable}) and the conversion of every error into a typed
 *       exception ({@link GrpcErrorConverter}), applied once, above retry and reattach;
 *   <li>the Arrow root allocator that every result batch of the session is a child of;
 *   <li>the plan ids and the session-wide operation tags.
 * </ul>
 *
 * <p>Every publisher is cold: a subscription builds and sends its request (a new operation id for an
 * {@code ExecutePlan}), and emits typed {@link SparkConnectException}s.
 *
 * <p><b>Where instrumentation goes.</b> Every RPC of the session starts and ends in the transport this class
 * chose in its constructor (a decorating {@link SparkConnectTransport} sees each start, end, error and cancel, and
 * each streamed response); every retry is made by a {@link Retry} from {@link #newRetry} (its event publisher
 * reports each retry and its wait); a reattach is a {@code reattachExecute} call of the transport; and every
 * response of every operation passes {@link #onResponse} once, in order, before it reaches its subscriber: the
 * place for per-query side channels ({@code execution_progress}, {@code metrics}) next to the observed metrics
 * that are dispatched there today. The session's {@code SparkConnectListener}s ({@link ClientOptions#listeners()})
 * are served from those places by {@link ClientEvents}: it wraps every operation ({@link #execute(Plan)} and each
 * unary RPC), decorates the transport ({@link ListeningTransport}) and observes every {@link #newRetry retry};
 * without listeners it changes nothing.
 */
public final class ConnectClient {

  /**
   * Reactor {@link reactor.util.context.Context} key under which a subscriber gives per-query operation tags (a
   * {@code Collection<String>}); the value of {@code SparkSession.TAGS_CONTEXT_KEY}.
   */
  public static final String TAGS_CONTEXT_KEY = "io.github.reactivespark.connect.operationTags";

  /**
   * Reactor Context key of the {@link ExecutionObserver}s of one subscription (a {@code List}); see
   * {@link #withObserver}.
   */
  public static final String OBSERVERS_CONTEXT_KEY = "io.github.reactivespark.connect.executionObservers";

  private static final Logger log = LoggerFactory.getLogger(ConnectClient.class);

  private final ClientOptions options;
  private final SparkConnectTransport transport;
  private final RequestStamp stamp;
  private final ReattachableExecution execution;
  private final GrpcErrorConverter errors;
  private final ClientEvents events;
  private final BufferAllocator allocator = new RootAllocator(Long.MAX_VALUE);
  private final AtomicLong planIds = new AtomicLong();
  private final Set<String> tags = new CopyOnWriteArraySet<>();
  private final Map<Long, Consumer<ExecutePlanResponse.ObservedMetrics>> observedMetrics = new ConcurrentHashMap<>();
  private final List<ExecutionObserver> observers = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final LocalRelations localRelations = new LocalRelations(this);

  /**
   * A core over a gRPC channel to the server the options name. Does no network I/O (the channel connects on
   * first use).
   *
   * @param options the session's settings
   */
  public ConnectClient(ClientOptions options) {
    this(options, new ReactorGrpcTransport(options));
  }

  /**
   * A core over a given transport (tests: an in-process fake).
   *
   * @param options the session's settings (the transport ones are not read)
   * @param transport the transport every RPC goes through
   */
  public ConnectClient(ClientOptions options, SparkConnectTransport transport) {
    this.options = Objects.requireNonNull(options, "options");
    this.events = ClientEvents.of(options); // the listeners' decorator of the transport, when there are listeners
    this.transport = events.decorate(Objects.requireNonNull(transport, "transport"));
    this.stamp = RequestStamp.of(options);
    this.execution = new ReattachableExecution(this.transport, stamp, this::newRetry);
    this.errors = GrpcErrorConverter.of(this.transport, stamp, options.fetchErrorDetailsTimeout());
  }

  /**
   * The snapshot this core was built from.
   *
   * @return the options
   */
  public ClientOptions options() {
    return options;
  }

  /**
   * The client-side session id, sent with every request.
   *
   * @return a UUID string
   */
  public String sessionId() {
    return options.sessionId();
  }

  /**
   * The server-side session id the responses reported so far.
   *
   * @return the id, or {@code null} before the first response
   */
  public @Nullable String serverSideSessionId() {
    return stamp.serverSession().expected();
  }

  /**
   * The session's Arrow root allocator: every result batch is a child of it, so its allocated memory is what
   * batches not closed yet hold. Closed by {@link #close()} when nothing is left in it.
   *
   * @return the allocator
   */
  public BufferAllocator allocator() {
    return allocator;
  }

  // ---------------------------------------------------------------- plans and tags

  /**
   * A new relation whose {@code common.plan_id} is the session's next plan id (ids are per session, never
   * process-wide).
   *
   * @param builder fills in the relation
   * @return the relation
   */
  public Relation newRelation(UnaryOperator<Relation.Builder> builder) {
    Relation.Builder b = Relation.newBuilder()
        .setCommon(RelationCommon.newBuilder().setPlanId(planIds.getAndIncrement()));
    return builder.apply(b).build();
  }

  /**
   * Adds a session-wide operation tag, sent with every {@code ExecutePlan} from now on.
   *
   * @param tag a tag, checked by {@link #checkTag}
   * @throws IllegalArgumentException if the tag is empty or contains {@code ','}
   */
  public void addTag(String tag) {
    tags.add(checkTag(tag));
  }

  /**
   * Removes a session-wide tag (no-op if absent).
   *
   * @param tag the tag
   */
  public void removeTag(String tag) {
    tags.remove(tag);
  }

  /**
   * The session-wide tags.
   *
   * @return an unmodifiable copy
   */
  public Set<String> tags() {
    return Set.copyOf(tags);
  }

  /** Removes every session-wide tag. */
  public void clearTags() {
    tags.clear();
  }

  /**
   * Spark's rule for an operation tag.
   *
   * @param tag the tag
   * @return {@code tag}
   * @throws IllegalArgumentException if the tag is empty or contains {@code ','}
   */
  public static String checkTag(String tag) {
    Objects.requireNonNull(tag, "tag");
    if (tag.isEmpty() || tag.contains(",")) {
      throw new IllegalArgumentException("An operation tag must be non-empty and must not contain ',': '" + tag + "'");
    }
    return tag;
  }

  // ---------------------------------------------------------------- ExecutePlan

  /**
   * Every response of one execution of {@code plan}: reattachable, retried and resumed, with the session's tags,
   * the Reactor Context's tags ({@link #TAGS_CONTEXT_KEY}) and the result chunking options. Cold: each
   * subscription is one operation with a new operation id; cancelling sends {@code ReleaseExecute(release_all)}.
   * Emits typed {@link SparkConnectException}s.
   *
   * @param plan the plan (a relation or a command)
   * @return each response once, in order, ending after {@code ResultComplete}
   */
  public Flux<ExecutePlanResponse> execute(Plan plan) {
    return Flux.deferContextual(ctx -> {
      checkOpen();
      List<ExecutionObserver> own = ctx.<List<ExecutionObserver>>getOrEmpty(OBSERVERS_CONTEXT_KEY).orElse(List.of());
      // placeholders of groupBy(..).avg() without names become real aggregates first (an AnalyzePlan each)
      return NumericAggregates.resolve(this::analyzeResolved, plan)
          .flatMap(localRelations::resolve) // inline local data over the threshold becomes cache artifacts
          .flatMapMany(p -> execution.execute(executeRequest(p, ctx)))
          .doOnNext(r -> onResponse(r, own));
    }).onErrorResume(e -> errors.convert(e).flatMap(Mono::error))
        .transform(f -> events.operation("ExecutePlan", f));
  }

  /**
   * {@link #execute(Plan)} of a plan that is {@code command}.
   *
   * @param command the command
   * @return each response once, in order
   */
  public Flux<ExecutePlanResponse> execute(Command command) {
    return execute(Plan.newBuilder().setCommand(command).build());
  }

  /**
   * Hands the {@code observed_metrics} that a response reports for {@code planId} to {@code receiver}, once
   * (Spark's {@code Observation}: the first action that reports them wins).
   *
   * @param planId the plan id of the {@code CollectMetrics} relation
   * @param receiver called on the thread that delivers the response
   */
  public void onObservedMetrics(long planId, Consumer<ExecutePlanResponse.ObservedMetrics> receiver) {
    observedMetrics.put(planId, Objects.requireNonNull(receiver, "receiver"));
  }

  private ExecutePlanRequest executeRequest(Plan plan, ContextView ctx) {
    Set<String> opTags = new LinkedHashSet<>(tags);
    ctx.<Collection<String>>getOrEmpty(TAGS_CONTEXT_KEY).ifPresent(opTags::addAll);
    long chunkSize = options.resultChunkSize();
    return ExecutePlanRequest.newBuilder()
        .setPlan(plan)
        .addAllTags(opTags)
        .addRequestOptions(ExecutePlanRequest.RequestOption.newBuilder().setResultChunkingOptions(
            ResultChunkingOptions.newBuilder().setAllowArrowBatchChunking(chunkSize > 0)
                .setPreferredArrowChunkSize(Math.max(1024, chunkSize))))
        .build();
  }

  /**
   * Every response of every operation of the session passes here once, in order, on the thread that delivers it,
   * before its subscriber sees it: observed metrics to their receivers; progress and plan metrics to the session's
   * observers and to those of the subscription ({@code own}).
   */
  private void onResponse(ExecutePlanResponse r, List<ExecutionObserver> own) {
    for (ExecutePlanResponse.ObservedMetrics m : r.getObservedMetricsList()) {
      Consumer<ExecutePlanResponse.ObservedMetrics> receiver = observedMetrics.remove(m.getPlanId());
      if (receiver != null) {
        receiver.accept(m);
      }
    }
    boolean progress = r.hasExecutionProgress();
    if ((progress || r.hasMetrics()) && !(observers.isEmpty() && own.isEmpty())) {
      notify(observers, r, progress);
      notify(own, r, progress);
    }
  }

  private static void notify(List<ExecutionObserver> to, ExecutePlanResponse r, boolean progress) {
    for (ExecutionObserver o : to) {
      try {
        if (progress) {
          o.onProgress(r.getOperationId(), r.getExecutionProgress());
        }
        if (r.hasMetrics()) {
          o.onMetrics(r.getOperationId(), r.getMetrics());
        }
      } catch (RuntimeException e) {
        log.warn("An execution observer failed on operation {} (ignored): {}", r.getOperationId(), e.toString());
      }
    }
  }

  /**
   * Adds a session-wide observer: it sees the progress and metrics of every operation of the session from now on.
   *
   * @param observer the observer
   */
  public void addObserver(ExecutionObserver observer) {
    observers.add(Objects.requireNonNull(observer, "observer"));
  }

  /**
   * Removes a session-wide observer (no-op if absent).
   *
   * @param observer the observer
   */
  public void removeObserver(ExecutionObserver observer) {
    observers.remove(observer);
  }

  /** Removes every session-wide observer. */
  public void clearObservers() {
    observers.clear();
  }

  /**
   * A context writer that adds {@code observer} to the observers of the subscription it is applied to (and to those
   * a Context above it already names).
   *
   * @param observer the observer
   * @return a function for {@code contextWrite}
   */
  public static Function<reactor.util.context.Context, reactor.util.context.Context> withObserver(
      ExecutionObserver observer) {
    Objects.requireNonNull(observer, "observer");
    return ctx -> {
      List<ExecutionObserver> all = new java.util.ArrayList<>(
          ctx.<List<ExecutionObserver>>getOrEmpty(OBSERVERS_CONTEXT_KEY).orElse(List.of()));
      all.add(observer);
      return ctx.put(OBSERVERS_CONTEXT_KEY, List.copyOf(all));
    };
  }

  // ---------------------------------------------------------------- unary RPCs

  /**
   * One {@code AnalyzePlan}. Cold; retried; the response's server-side session id checked.
   *
   * @param request fills in the analysis (the stamp fields are set already)
   * @return the response
   */
  public Mono<AnalyzePlanResponse> analyze(UnaryOperator<AnalyzePlanRequest.Builder> request) {
    return Mono.defer(() -> NumericAggregates.resolve(this::analyzeResolved,
            request.apply(AnalyzePlanRequest.newBuilder()).build()))
        .flatMap(localRelations::resolve)
        .flatMap(resolved -> analyzeResolved(b -> b.mergeFrom(resolved)));
  }

  /** {@link #analyze} of a request that holds no placeholder. */
  private Mono<AnalyzePlanResponse> analyzeResolved(UnaryOperator<AnalyzePlanRequest.Builder> request) {
    return unary("AnalyzePlan", () -> request.apply(stamp.stamp(AnalyzePlanRequest.newBuilder())).build(),
        transport::analyzePlan, AnalyzePlanResponse::getServerSideSessionId);
  }

  /**
   * One {@code Config} RPC. Cold; retried.
   *
   * @param operation the config operation
   * @return the response
   */
  public Mono<ConfigResponse> config(ConfigRequest.Operation.Builder operation) {
    return unary("Config", () -> stamp.stamp(ConfigRequest.newBuilder()).setOperation(operation).build(),
        transport::config, ConfigResponse::getServerSideSessionId);
  }

  /**
   * One {@code Interrupt} RPC. Cold; retried.
   *
   * @param request what to interrupt (the stamp fields are set here, on a copy)
   * @return the response, with the ids of the interrupted operations
   */
  public Mono<InterruptResponse> interrupt(InterruptRequest.Builder request) {
    return unary("Interrupt", () -> stamp.stamp(request.clone()).build(), transport::interrupt,
        InterruptResponse::getServerSideSessionId);
  }

  /**
   * One client-streaming {@code AddArtifacts} RPC for {@code artifacts} (see {@link ArtifactUpload}), retried as a
   * whole (the files are read again). The requests read files as gRPC asks for them: blocking reads, kept on
   * Reactor's bounded-elastic scheduler, off the event loop.
   *
   * @param artifacts the artifacts, in order
   * @return completes empty when the server has stored all of them; emits a {@link SparkConnectException} naming
   *     the artifacts whose CRC check failed on the server
   */
  public Mono<Void> addArtifacts(List<ArtifactUpload.Artifact> artifacts) {
    Supplier<AddArtifactsRequest.Builder> header = () -> stamp.stamp(AddArtifactsRequest.newBuilder());
    return unary("AddArtifacts", () -> ArtifactUpload.requests(artifacts, header)
            .subscribeOn(Schedulers.boundedElastic()), transport::addArtifacts,
        AddArtifactsResponse::getServerSideSessionId)
        .flatMap(response -> {
          List<String> failed = response.getArtifactsList().stream()
              .filter(summary -> !summary.getIsCrcSuccessful()).map(AddArtifactsResponse.ArtifactSummary::getName)
              .toList();
          return failed.isEmpty() ? Mono.<Void>empty() : Mono.error(new SparkConnectException(
              "The server discarded artifacts whose CRC check failed: " + failed, null));
        });
  }

  /**
   * One {@code ArtifactStatus} RPC: which of {@code names} the session has. Cold; retried.
   *
   * @param names artifact names, e.g. {@code cache/<sha256>} or {@code jars/app.jar}
   * @return each name to whether the server reports it as existing (a name missing from the reply counts as not)
   */
  public Mono<Map<String, Boolean>> artifactStatus(List<String> names) {
    return unary("ArtifactStatus", () -> stamp.stamp(ArtifactStatusesRequest.newBuilder()).addAllNames(names).build(),
        transport::artifactStatus, ArtifactStatusesResponse::getServerSideSessionId)
        .map(r -> {
          Map<String, Boolean> out = new java.util.LinkedHashMap<>();
          for (String n : names) {
            ArtifactStatusesResponse.ArtifactStatus st = r.getStatusesMap().get(n);
            out.put(n, st != null && st.getExists());
          }
          return out;
        });
  }

  /**
   * The session's local data: the server's local relation confs and the upload of cache artifacts
   * ({@link LocalRelations}).
   *
   * @return the session's one instance
   */
  public LocalRelations localRelations() {
    return localRelations;
  }

  /**
   * One unary RPC as a cold Mono: the request is built per subscription, retried with the session's retry, the
   * response's server-side session id checked, and errors converted once, above the retry.
   */
  private <Q, R> Mono<R> unary(String rpc, Supplier<Q> request, Function<Q, Mono<R>> call,
      Function<R, String> serverSessionIdOf) {
    return Mono.defer(() -> {
      checkOpen();
      return RetryOperators.retry(call.apply(request.get()), newRetry(rpc));
    }).doOnNext(r -> stamp.serverSession().check(serverSessionIdOf.apply(r), rpc))
        .onErrorResume(e -> errors.convert(e).flatMap(Mono::error))
        .transform(m -> events.operation(rpc, m));
  }

  /**
   * The one place where the retries of the session's RPCs are made: a Resilience4j {@link Retry} with the
   * session's configuration, one per RPC (and per operation for {@code ExecutePlan}).
   *
   * @param name the RPC, or {@code execute-<operation id>}
   * @return a new retry
   */
  Retry newRetry(String name) {
    return events.observe(Retry.of(name, options.retryConfig()));
  }

  // ---------------------------------------------------------------- lifecycle

  /**
   * Whether {@link #close()} was subscribed.
   *
   * @return true once closing started
   */
  public boolean isClosed() {
    return closed.get();
  }

  private void checkOpen() {
    if (closed.get()) {
      throw new IllegalStateException("SparkSession " + sessionId() + " is closed");
    }
  }

  /**
   * Releases the session on the server ({@code ReleaseSession}), shuts the channel down and closes the allocator.
   * Cold and idempotent: the first subscription does the work, later ones complete at once. A failing
   * {@code ReleaseSession} is logged and does not stop the local clean-up; batches still open are reported in
   * the log as a leak of their owner (the allocator then stays open for them).
   *
   * @return completes when the channel has terminated
   */
  public Mono<Void> close() {
    return Mono.defer(() -> {
      if (!closed.compareAndSet(false, true)) {
        return Mono.empty();
      }
      ReleaseSessionRequest req = stamp.stamp(ReleaseSessionRequest.newBuilder()).build();
      return transport.releaseSession(req)
          .timeout(options.releaseSessionTimeout())
          .doOnError(e -> log.warn("ReleaseSession for session {} failed: {}", sessionId(), e.toString()))
          .onErrorResume(e -> Mono.empty())
          .then(transport.close())
          .doFinally(s -> {
            long leaked = allocator.getAllocatedMemory();
            if (leaked > 0) {
              log.warn("SparkSession {} closed while {} bytes of ArrowBatch memory were not closed by their owners",
                  sessionId(), leaked);
            } else {
              allocator.close();
            }
          });
    });
  }

  @Override
  public String toString() {
    return "ConnectClient[" + options + "]";
  }
}
