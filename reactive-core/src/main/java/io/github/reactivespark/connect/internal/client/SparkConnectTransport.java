package io.github.reactivespark.connect.internal.client;

import io.github.reactivespark.connect.internal.proto.AnalyzePlanRequest;
import io.github.reactivespark.connect.internal.proto.AnalyzePlanResponse;
import io.github.reactivespark.connect.internal.proto.ConfigRequest;
import io.github.reactivespark.connect.internal.proto.ConfigResponse;
import io.github.reactivespark.connect.internal.proto.ExecutePlanRequest;
import io.github.reactivespark.connect.internal.proto.ExecutePlanResponse;
import io.github.reactivespark.connect.internal.proto.FetchErrorDetailsRequest;
import io.github.reactivespark.connect.internal.proto.FetchErrorDetailsResponse;
import io.github.reactivespark.connect.internal.proto.InterruptRequest;
import io.github.reactivespark.connect.internal.proto.InterruptResponse;
import io.github.reactivespark.connect.internal.proto.ReattachExecuteRequest;
import io.github.reactivespark.connect.internal.proto.ReleaseExecuteRequest;
import io.github.reactivespark.connect.internal.proto.ReleaseExecuteResponse;
import io.github.reactivespark.connect.internal.proto.ReleaseSessionRequest;
import io.github.reactivespark.connect.internal.proto.ReleaseSessionResponse;
import io.github.reactivespark.connect.internal.proto.AddArtifactsRequest;
import io.github.reactivespark.connect.internal.proto.AddArtifactsResponse;
import io.github.reactivespark.connect.internal.proto.ArtifactStatusesRequest;
import io.github.reactivespark.connect.internal.proto.ArtifactStatusesResponse;
import io.github.reactivespark.connect.internal.proto.CloneSessionRequest;
import io.github.reactivespark.connect.internal.proto.CloneSessionResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The one seam that knows how RPCs reach the server (today: reactor-grpc over a grpc-java channel).
 *
 * <p>Every method is a cold publisher: subscribing sends the RPC, cancelling cancels the gRPC call (which
 * for ExecutePlan/ReattachExecute only <em>detaches</em> from the server-side operation; stopping server work
 * is ReleaseExecute's job). Errors are emitted raw, as {@link io.grpc.StatusRuntimeException}, so that retry
 * predicates can read the status; conversion to typed exceptions happens once, above retry.
 *
 * <p>Modelled on the RPC surface of {@code SparkConnectServiceGrpc} ({@code base.proto}).
 */
public interface SparkConnectTransport {

  /** Server-streaming ExecutePlan; demand is bounded by the transport's prefetch window. */
  Flux<ExecutePlanResponse> executePlan(ExecutePlanRequest request);

  /** Server-streaming ReattachExecute: resumes the responses of an operation after {@code last_response_id}. */
  Flux<ExecutePlanResponse> reattachExecute(ReattachExecuteRequest request);

  /** Unary ReleaseExecute (release_until or release_all). */
  Mono<ReleaseExecuteResponse> releaseExecute(ReleaseExecuteRequest request);

  /** Unary AnalyzePlan. */
  Mono<AnalyzePlanResponse> analyzePlan(AnalyzePlanRequest request);

  /** Unary Config. */
  Mono<ConfigResponse> config(ConfigRequest request);

  /** Unary Interrupt. */
  Mono<InterruptResponse> interrupt(InterruptRequest request);

  /** Unary ReleaseSession. */
  Mono<ReleaseSessionResponse> releaseSession(ReleaseSessionRequest request);

  /** Unary FetchErrorDetails. */
  Mono<FetchErrorDetailsResponse> fetchErrorDetails(FetchErrorDetailsRequest request);

  /** Shuts the underlying channel down; completes when it has terminated. Idempotent. */
  Mono<Void> close();

  /**
   * {@code AddArtifacts}: a client-streaming call; the request Flux is subscribed once per call. Default: not
   * supported (test fakes).
   */
  default Mono<AddArtifactsResponse> addArtifacts(Flux<AddArtifactsRequest> requests) {
    return Mono.error(new UnsupportedOperationException("AddArtifacts is not supported by this transport"));
  }

  /**
   * What this transport can tell the session's retries about its connection (see {@link ConnectionWatchdog}). A
   * transport that decorates another should return the other's. Default: {@link ConnectionWatchdog#NONE} (retries
   * wait their full backoff).
   *
   * @return the watchdog, the same instance on every call
   */
  default ConnectionWatchdog watchdog() {
    return ConnectionWatchdog.NONE;
  }

  /**
   * {@code CloneSession} (Spark 4.1): a copy of the session's state under a new session id. Default: not supported
   * (test fakes).
   */
  default Mono<CloneSessionResponse> cloneSession(CloneSessionRequest request) {
    return Mono.error(new UnsupportedOperationException("CloneSession is not supported by this transport"));
  }

  /** {@code ArtifactStatus}: which artifact names exist in the session. Default: not supported (test fakes). */
  default Mono<ArtifactStatusesResponse> artifactStatus(ArtifactStatusesRequest request) {
    return Mono.error(new UnsupportedOperationException("ArtifactStatus is not supported by this transport"));
  }
}
