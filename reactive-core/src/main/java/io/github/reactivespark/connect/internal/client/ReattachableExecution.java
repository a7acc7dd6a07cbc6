package io.github.reactivespark.connect.internal.client;

import io.github.reactivespark.connect.RetryPolicy;
import io.github.reactivespark.connect.internal.proto.ExecutePlanRequest;
import io.github.reactivespark.connect.internal.proto.ExecutePlanResponse;
import io.github.reactivespark.connect.internal.proto.ReattachExecuteRequest;
import io.github.reactivespark.connect.internal.proto.ReattachOptions;
import io.github.reactivespark.connect.internal.proto.ReleaseExecuteRequest;
import io.github.reactivespark.connect.internal.proto.ExecutePlanRequest.RequestOption;
import io.github.reactivespark.connect.exceptions.ErrorDetails;
import io.github.reactivespark.connect.exceptions.OperationNotFoundException;
import io.github.reactivespark.connect.exceptions.SessionNotFoundException;
import io.grpc.Status;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
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
 *   <li>a retryable error is retried with the session's {@link RetryPolicy} (a Resilience4j operator applied per
 *       subscription) and the retry <em>resumes</em> from the last response id, never restarts; the retry budget
 *       starts afresh after every response, as in Spark where each {@code next()} of the iterator has its own;
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
 * Errors are emitted raw (gRPC status exceptions); the caller converts them once, above this operator.
 */
public final class ReattachableExecution {

  private static final Logger log = LoggerFactory.getLogger(ReattachableExecution.class);

  /** Send {@code release_until} once this many response bytes were consumed since the last one… */
  static final long RELEASE_EVERY_BYTES = 8L * 1024 * 1024;
  /** …or once this many responses were, whichever comes first. */
  static final int RELEASE_EVERY_RESPONSES = 32;

  private final SparkConnectTransport transport;
  private final SessionIdentity identity;
  private final RetryPolicy retryPolicy;
  private final ServerSessionTracker serverSession;

  /**
   * @param transport the session's transport
   * @param identity the session's identity, sent on every request
   * @param retryPolicy retry policy for ExecutePlan/ReattachExecute
   * @param serverSession the session-wide tracker of {@code server_side_session_id}
   */
  public ReattachableExecution(SparkConnectTransport transport, SessionIdentity identity, RetryPolicy retryPolicy,
      ServerSessionTracker serverSession) {
    this.transport = transport;
    this.identity = identity;
    this.retryPolicy = retryPolicy;
    this.serverSession = serverSession;
  }

  /**
   * The responses of one execution of {@code request}. Cold: each subscription starts a new operation.
   *
   * @param request the request without {@code operation_id} (a new one is set per subscription); session id,
   *     user context, client type and the reattach option are filled in here
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
    final String operationId = UUID.randomUUID().toString();
    final ExecutePlanRequest request;
    @Nullable volatile String lastResponseId;
    volatile boolean executeSent;
    volatile boolean resultComplete;
    volatile long responseCount;
    private long bytesSinceRelease;
    private int responsesSinceRelease;
    final Sinks.Many<String> releaseUntil = Sinks.many().unicast().onBackpressureBuffer();
    final Disposable releasePump;

    Operation(ExecutePlanRequest base) {
      ExecutePlanRequest.Builder b = base.toBuilder()
          .setSessionId(identity.sessionId())
          .setUserContext(identity.userContext())
          .setClientType(identity.clientType())
          .setOperationId(operationId);
      if (serverSession.expected() != null) {
        b.setClientObservedServerSideSessionId(serverSession.expected());
      }
      b.addRequestOptions(RequestOption.newBuilder()
          .setReattachOptions(ReattachOptions.newBuilder().setReattachable(true)));
      this.request = b.build();
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
      Flux<ExecutePlanResponse> oneCall = Flux.defer(this::nextCall);
      return RetryOperators.retry(oneCall, retryPolicy, "execute-" + operationId)
          .repeat(() -> !resultComplete);
    }

    /** One RPC: ExecutePlan the first time, ReattachExecute from the last response id afterwards. */
    private Flux<ExecutePlanResponse> nextCall() {
      if (resultComplete) {
        return Flux.empty();
      }
      long before = responseCount;
      Flux<ExecutePlanResponse> call;
      if (!executeSent) {
        call = transport.executePlan(request).doOnSubscribe(s -> executeSent = true);
      } else {
        ReattachExecuteRequest.Builder r = ReattachExecuteRequest.newBuilder()
            .setSessionId(identity.sessionId())
            .setUserContext(identity.userContext())
            .setClientType(identity.clientType())
            .setOperationId(operationId);
        String last = lastResponseId;
        if (last != null) {
          r.setLastResponseId(last);
        }
        if (serverSession.expected() != null) {
          r.setClientObservedServerSideSessionId(serverSession.expected());
        }
        call = transport.reattachExecute(r.build()).onErrorResume(e -> {
          if (lastResponseId == null && (isOperationNotFound(e) || isSessionNotFound(e))) {
            // The ExecutePlan never reached the server (nor, for a session's first request, did the session):
            // send it again.
            log.debug("Operation {} unknown to the server before any response: re-sending ExecutePlan",
                operationId);
            executeSent = false;
            return Flux.defer(this::nextCall);
          }
          if (isOperationNotFound(e)) {
            return Flux.error(new OperationNotFoundException(ErrorDetails.of("Operation " + operationId
                + " was lost by the server after " + responseCount + " responses: its remaining results cannot be"
                + " recovered (the server restarted or dropped the execution)",
                "INVALID_HANDLE.OPERATION_NOT_FOUND", Status.Code.NOT_FOUND), e));
          }
          if (isSessionNotFound(e)) {
            // The server no longer knows the session (it restarted, or the session was released or timed out):
            // the operation went with it. Typed as the session error Spark raises, naming the lost operation.
            return Flux.error(new SessionNotFoundException(ErrorDetails.of("Operation " + operationId + " was lost"
                + " with its server session after " + responseCount + " responses: its remaining results cannot"
                + " be recovered (the server restarted, or the session was released or expired). Server said: "
                + GrpcErrorConverter.describe(e), "INVALID_HANDLE.SESSION_NOT_FOUND", Status.Code.NOT_FOUND), e));
          }
          return Flux.error(e);
        });
      }
      return call
          .doOnNext(this::onResponse)
          .onErrorResume(e -> {
            // Progress was made in this call: end it and let repeat() reattach with a fresh retry budget.
            if (responseCount > before && retryPolicy.canRetry(e)) {
              log.debug("Operation {} stream failed after progress; reattaching", operationId, e);
              return Flux.empty();
            }
            return Flux.error(e);
          });
    }

    private void onResponse(ExecutePlanResponse r) {
      serverSession.check(r.getServerSideSessionId(), operationId);
      if (!r.getOperationId().isEmpty() && !r.getOperationId().equals(operationId)) {
        throw new IllegalStateException("Response for operation " + r.getOperationId() + " arrived on operation "
            + operationId);
      }
      responseCount++;
      lastResponseId = r.getResponseId();
      if (r.hasResultComplete()) {
        resultComplete = true;
      } else if (!r.getResponseId().isEmpty()) {
        bytesSinceRelease += r.getSerializedSize();
        if (++responsesSinceRelease >= RELEASE_EVERY_RESPONSES || bytesSinceRelease >= RELEASE_EVERY_BYTES) {
          releaseUntil.tryEmitNext(r.getResponseId());
          responsesSinceRelease = 0;
          bytesSinceRelease = 0;
        }
      }
    }

    private ReleaseExecuteRequest.Builder releaseRequest() {
      ReleaseExecuteRequest.Builder b = ReleaseExecuteRequest.newBuilder()
          .setSessionId(identity.sessionId())
          .setUserContext(identity.userContext())
          .setClientType(identity.clientType())
          .setOperationId(operationId);
      if (serverSession.expected() != null) {
        b.setClientObservedServerSideSessionId(serverSession.expected());
      }
      return b;
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

  /** Whether {@code e} is the server saying it does not know the operation. */
  static boolean isOperationNotFound(Throwable e) {
    return GrpcErrorConverter.hasErrorClass(e, "INVALID_HANDLE.OPERATION_NOT_FOUND");
  }

  /** Whether {@code e} is the server saying it does not know the session (it never saw a request of it). */
  static boolean isSessionNotFound(Throwable e) {
    return GrpcErrorConverter.hasErrorClass(e, "INVALID_HANDLE.SESSION_NOT_FOUND");
  }
}
