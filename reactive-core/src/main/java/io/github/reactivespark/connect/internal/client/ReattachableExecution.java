package io.github.reactivespark.connect.internal.client;

import io.github.reactivespark.connect.internal.grpc.GrpcErrors;
import io.github.reactivespark.connect.internal.proto.ExecutePlanRequest;
import io.github.reactivespark.connect.internal.proto.ExecutePlanResponse;
import io.github.reactivespark.connect.internal.proto.ReattachExecuteRequest;
import io.github.reactivespark.connect.internal.proto.ReattachOptions;
import io.github.reactivespark.connect.internal.proto.ReleaseExecuteRequest;
import io.github.reactivespark.connect.internal.proto.ExecutePlanRequest.RequestOption;
import io.github.reactivespark.connect.exceptions.ErrorDetails;
import io.github.reactivespark.connect.exceptions.OperationNotFoundException;
import io.github.reactivespark.connect.exceptions.SessionNotFoundException;
import io.github.reactivespark.connect.exceptions.StatusCode;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Runs one ExecutePlan as a reattachable operation and exposes its responses as a cold {@link Flux}.
 *
 * <p>Per subscription (each is one operation with a fresh client-generated operation id):
 * <ol>
 *   <li>{@code ExecutePlan} with {@code reattach_options{reattachable=true}};
 *   <li>a stream that ends without {@code ResultComplete} is resumed with {@code ReattachExecute} from the last
 *       response id (an empty reattach stream reattaches again);
 *   <li>a retryable error is retried with the session's retry (a Resilience4j operator applied per subscription)
 *       and the retry <em>resumes</em> from the last response id, never restarts; the retry budget starts afresh
 *       after every response, as in Spark where each {@code next()} of the iterator has its own. Both this and
 *       the previous point are {@link Resumable}'s loop, the one the public {@code ConnectOperators.resumable}
 *       offers;
 *   <li>{@code INVALID_HANDLE.OPERATION_NOT_FOUND} or {@code SESSION_NOT_FOUND} on reattach before any response
 *       means the ExecutePlan never reached the server (a session's first request also creates the session): it is
 *       sent again. After responses it is fatal ({@link OperationNotFoundException}, or
 *       {@link SessionNotFoundException} when the whole session is gone, both naming the operation); a
 *       change of {@code server_side_session_id} is fatal too ({@link ServerSessionTracker});
 *   <li>once {@value #RELEASE_EVERY_RESPONSES} responses or 8 MiB were consumed since the last one,
 *       {@code ReleaseExecute(release_until)} is sent asynchronously (at most one in flight, the latest id wins) so
 *       the server can drop its replay buffer; Spark's clients release after every response, which costs an RPC
 *       per 10,000-row batch for no gain in server memory worth having;
 *   <li>on {@code ResultComplete}, error or cancel, {@code ReleaseExecute(release_all)} ends the server-side
 *       operation (and interrupts it if it still runs: {@code ExecuteHolder.close()}).
 * </ol>
 *
 * <p>Follows {@code ExecutePlanResponseReattachableIterator.scala} and PySpark's {@code client/reattach.py}.
 * Every request is stamped by the session's {@link RequestStamp}. Errors are emitted raw (gRPC status exceptions);
 * the caller ({@link ConnectClient}) converts them once, above this operator.
 */
public final class ReattachableExecution {

  private static final Logger log = LoggerFactory.getLogger(ReattachableExecution.class);

  /** Send {@code release_until} once this many response bytes were consumed since the last one… */
  static final long RELEASE_EVERY_BYTES = 8L * 1024 * 1024;
  /** …or once this many responses were, whichever comes first. */
  static final int RELEASE_EVERY_RESPONSES = 32;
  /** How many times one subscription starts a query over under a new operation id before it gives up. */
  static final int MAX_RESTARTS = 3;

  private final SparkConnectTransport transport;
  private final RequestStamp stamp;
  private final Function<String, Retry> retries;

  /**
   * Creates the execution path of one session.
   *
   * @param transport the session's transport
   * @param stamp the session's request stamp (identity, observed server-side session id)
   * @param retries makes the Resilience4j {@link Retry} of one operation, given its name
   *     ({@code execute-<operation id>}); the session core's single place where retries are created
   */
  public ReattachableExecution(SparkConnectTransport transport, RequestStamp stamp, Function<String, Retry> retries) {
    this.transport = Objects.requireNonNull(transport, "transport");
    this.stamp = Objects.requireNonNull(stamp, "stamp");
    this.retries = Objects.requireNonNull(retries, "retries");
  }

  /**
   * Creates the execution path of one session with a plain retry configuration.
   *
   * @param transport the session's transport
   * @param stamp the session's request stamp
   * @param retryConfig the retry of ExecutePlan/ReattachExecute calls
   */
  public ReattachableExecution(SparkConnectTransport transport, RequestStamp stamp, RetryConfig retryConfig) {
    this(transport, stamp, name -> Retry.of(name, retryConfig));
  }

  /**
   * The responses of one execution of {@code request}. Cold: each subscription starts a new operation.
   *
   * @param request the request without {@code operation_id} (a new one is set per subscription); session id,
   *     user context, client type and the reattach option are filled in here (through the stamp)
   * @return all responses of the operation, in order, each exactly once, ending after {@code ResultComplete}
   */
  public Flux<ExecutePlanResponse> execute(ExecutePlanRequest request) {
    return Flux.usingWhen(
        Mono.fromSupplier(() -> new Operation(request)),
        Operation::responses,
        Operation::releaseAll,
        (op, error) -> op.releaseAll(),
        Operation::releaseAll);
  }

  /** Per-subscription state: mirrors the fields of Spark's reattachable iterator. */
  private final class Operation {
    volatile String operationId = RandomIds.uuid().toString();
    volatile ExecutePlanRequest request;
    volatile boolean executeSent;
    volatile long responseCount;
    /** How many times the operation was started over under a new id before any response ({@link #restart}). */
    private int restarts;
    private long bytesSinceRelease;
    private int responsesSinceRelease;
    final Sinks.Many<String> releaseUntil = Sinks.many().unicast().onBackpressureBuffer();
    final Disposable releasePump;

    Operation(ExecutePlanRequest base) {
      this.request = stamp.stamp(base.toBuilder())
          .setOperationId(operationId)
          .addRequestOptions(RequestOption.newBuilder()
              .setReattachOptions(ReattachOptions.newBuilder().setReattachable(true)))
          .build();
      // Coalescing pump: while one ReleaseExecute(release_until) is in flight, newer ids replace older ones.
      this.releasePump = releaseUntil.asFlux()
          .onBackpressureLatest()
          .concatMap(id -> transport.releaseExecute(releaseRequest().setReleaseUntil(
                  ReleaseExecuteRequest.ReleaseUntil.newBuilder().setResponseId(id)).build())
              .onErrorResume(e -> {
                log.debug("ReleaseExecute(release_until) of operation {} failed (harmless)", operationId, e);
                return Mono.empty();
              }), 1)
          .subscribe();
    }

    Flux<ExecutePlanResponse> responses() {
      return Resumable.stream(this::nextCall, ExecutePlanResponse::hasResultComplete,
          retries.apply("execute-" + operationId), transport.watchdog());
    }

    /** One call of the resume loop: its responses pass {@link #onResponse} first. */
    private Flux<ExecutePlanResponse> nextCall(Optional<ExecutePlanResponse> last) {
      return rpc(last).doOnNext(this::onResponse);
    }

    /** One RPC: ExecutePlan the first time, ReattachExecute from the last response id afterwards. */
    private Flux<ExecutePlanResponse> rpc(Optional<ExecutePlanResponse> last) {
      if (!executeSent) {
        return transport.executePlan(request).doOnSubscribe(s -> executeSent = true).onErrorResume(e -> {
          if (responseCount == 0 && isOperationAbandoned(e)) {
            // Spark 4.1.2 refuses an ExecutePlan whose operation id the session has seen before, whatever became
            // of that operation (SparkConnectExecutionManager.createExecuteHolder): our re-send after
            // OPERATION_NOT_FOUND, when the server had dropped the operation before it started.
            return restart(e);
          }
          return Flux.error(e);
        });
      }
      ReattachExecuteRequest.Builder r = stamp.stamp(ReattachExecuteRequest.newBuilder()).setOperationId(operationId);
      last.ifPresent(response -> r.setLastResponseId(response.getResponseId()));
      return transport.reattachExecute(r.build()).onErrorResume(e -> {
        if (last.isEmpty() && (isOperationNotFound(e) || isSessionNotFound(e))) {
          // The ExecutePlan never reached the server (nor, for a session's first request, did the session):
          // send it again.
          log.debug("Operation {} unknown to the server before any response: re-sending ExecutePlan",
              operationId);
          executeSent = false;
          return Flux.defer(() -> rpc(last));
        }
        if (last.isEmpty() && isOrphaned(e)) {
          // Spark 4.1.2 registers an operation before its execution thread starts; a ReattachExecute that comes
          // in between finds a thread that is not alive, removes the operation as an "orphan" and interrupts it
          // before it ran (SparkConnectExecutionManager.reattachExecuteHolder, ExecuteHolder.isOrphan).
          return restart(e);
        }
        if (isOperationNotFound(e)) {
          return Flux.error(new OperationNotFoundException(ErrorDetails.of("Operation " + operationId
              + " was lost by the server after " + responseCount + " responses: its remaining results cannot be"
              + " recovered (the server restarted or dropped the execution)",
              "INVALID_HANDLE.OPERATION_NOT_FOUND", StatusCode.NOT_FOUND), e));
        }
        if (isSessionNotFound(e)) {
          // The server no longer knows the session (it restarted, or the session was released or timed out):
          // the operation went with it. Typed as the session error Spark raises, naming the lost operation.
          return Flux.error(new SessionNotFoundException(ErrorDetails.of("Operation " + operationId + " was lost"
              + " with its server session after " + responseCount + " responses: its remaining results cannot"
              + " be recovered (the server restarted, or the session was released or expired). Server said: "
              + GrpcErrors.describe(e), "INVALID_HANDLE.SESSION_NOT_FOUND", StatusCode.NOT_FOUND), e));
        }
        return Flux.error(e);
      });
    }

    /**
     * The server dropped the operation before it sent a single response and will not take its id again. A query
     * (a plan with a root relation) is started over under a new operation id: nothing of it was delivered, so
     * nothing is delivered twice. A command might have run, so it fails typed instead of running again.
     */
    private Flux<ExecutePlanResponse> restart(Throwable cause) {
      String old = operationId;
      if (!request.getPlan().hasRoot() || restarts >= MAX_RESTARTS) {
        return Flux.error(new OperationNotFoundException(ErrorDetails.of("Operation " + old + " was dropped by the"
            + " server before its first response and cannot be resumed under its id"
            + (request.getPlan().hasRoot() ? " (started over " + restarts + " times already)"
                : "; it is a command, so it is not sent again (it may or may not have run)")
            + ". Server said: " + GrpcErrors.describe(cause), GrpcErrors.errorClass(cause), StatusCode.NOT_FOUND),
            cause));
      }
      restarts++;
      operationId = RandomIds.uuid().toString();
      request = request.toBuilder().setOperationId(operationId).build();
      executeSent = false;
      log.warn("Operation {} was dropped by the server before its first response ({}); starting the query over as"
          + " operation {}", old, GrpcErrors.describe(cause), operationId);
      return Flux.defer(() -> rpc(Optional.empty()));
    }

    private void onResponse(ExecutePlanResponse r) {
      stamp.serverSession().check(r.getServerSideSessionId(), operationId);
      if (!r.getOperationId().isEmpty() && !r.getOperationId().equals(operationId)) {
        throw new IllegalStateException("Response for operation " + r.getOperationId() + " arrived on operation "
            + operationId);
      }
      responseCount++;
      if (!r.hasResultComplete() && !r.getResponseId().isEmpty()) {
        bytesSinceRelease += r.getSerializedSize();
        if (++responsesSinceRelease >= RELEASE_EVERY_RESPONSES || bytesSinceRelease >= RELEASE_EVERY_BYTES) {
          releaseUntil.tryEmitNext(r.getResponseId());
          responsesSinceRelease = 0;
          bytesSinceRelease = 0;
        }
      }
    }

    private ReleaseExecuteRequest.Builder releaseRequest() {
      return stamp.stamp(ReleaseExecuteRequest.newBuilder()).setOperationId(operationId);
    }

    /** Ends the server-side operation; never fails (a failed release only leaves work to the server's timeout). */
    Mono<Void> releaseAll() {
      return Mono.defer(() -> {
        releaseUntil.tryEmitComplete();
        releasePump.dispose();
        if (!executeSent) {
          return Mono.<Void>empty();
        }
        return transport.releaseExecute(releaseRequest()
                .setReleaseAll(ReleaseExecuteRequest.ReleaseAll.getDefaultInstance()).build())
            .doOnError(e -> log.debug("ReleaseExecute(release_all) of operation {} failed", operationId, e))
            .onErrorResume(e -> Mono.empty())
            .then();
      });
    }
  }

  /** Whether {@code e} is the server refusing an operation id it has seen before ({@code OPERATION_ABANDONED}). */
  static boolean isOperationAbandoned(Throwable e) {
    return GrpcErrors.hasErrorClass(e, "INVALID_HANDLE.OPERATION_ABANDONED");
  }

  /**
   * Whether {@code e} is Spark 4.1's {@code IllegalStateException("Operation was orphaned because of an internal
   * error.")} of {@code SparkConnectExecutionManager.reattachExecuteHolder} (an INTERNAL status without an error
   * class; matched on the message, as Spark's clients match {@code INVALID_CURSOR.DISCONNECTED}).
   */
  static boolean isOrphaned(Throwable e) {
    return e.toString().contains("Operation was orphaned");
  }

  /** Whether {@code e} is the server saying it does not know the operation. */
  static boolean isOperationNotFound(Throwable e) {
    return GrpcErrors.hasErrorClass(e, "INVALID_HANDLE.OPERATION_NOT_FOUND");
  }

  /** Whether {@code e} is the server saying it does not know the session (it never saw a request of it). */
  static boolean isSessionNotFound(Throwable e) {
    return GrpcErrors.hasErrorClass(e, "INVALID_HANDLE.SESSION_NOT_FOUND");
  }
}
