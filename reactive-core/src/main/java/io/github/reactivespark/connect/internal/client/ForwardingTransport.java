package io.github.reactivespark.connect.internal.client;

import io.github.reactivespark.connect.internal.proto.AddArtifactsRequest;
import io.github.reactivespark.connect.internal.proto.AddArtifactsResponse;
import io.github.reactivespark.connect.internal.proto.AnalyzePlanRequest;
import io.github.reactivespark.connect.internal.proto.AnalyzePlanResponse;
import io.github.reactivespark.connect.internal.proto.ArtifactStatusesRequest;
import io.github.reactivespark.connect.internal.proto.ArtifactStatusesResponse;
import io.github.reactivespark.connect.internal.proto.CloneSessionRequest;
import io.github.reactivespark.connect.internal.proto.CloneSessionResponse;
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
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A {@link SparkConnectTransport} that hands every call to another one unchanged: the base of decorators that
 * observe some calls (the listeners' {@code ListeningTransport}, tests' recording transports) and override only
 * those, so that a call the interface gains later is forwarded, never dropped to the interface's default.
 *
 * <p>Publishers are the delegate's, with its semantics (cold; cancelling cancels the call). {@link #close()} closes
 * the delegate: a decorator owns what it wraps.
 */
public abstract class ForwardingTransport implements SparkConnectTransport {

  private final SparkConnectTransport delegate;

  /**
   * A decorator of {@code delegate}.
   *
   * @param delegate the transport every call goes to
   */
  protected ForwardingTransport(SparkConnectTransport delegate) {
    this.delegate = delegate;
  }

  /**
   * The transport calls go to.
   *
   * @return the delegate
   */
  protected final SparkConnectTransport delegate() {
    return delegate;
  }

  @Override
  public Flux<ExecutePlanResponse> executePlan(ExecutePlanRequest request) {
    return delegate.executePlan(request);
  }

  @Override
  public Flux<ExecutePlanResponse> reattachExecute(ReattachExecuteRequest request) {
    return delegate.reattachExecute(request);
  }

  @Override
  public Mono<ReleaseExecuteResponse> releaseExecute(ReleaseExecuteRequest request) {
    return delegate.releaseExecute(request);
  }

  @Override
  public Mono<AnalyzePlanResponse> analyzePlan(AnalyzePlanRequest request) {
    return delegate.analyzePlan(request);
  }

  @Override
  public Mono<ConfigResponse> config(ConfigRequest request) {
    return delegate.config(request);
  }

  @Override
  public Mono<InterruptResponse> interrupt(InterruptRequest request) {
    return delegate.interrupt(request);
  }

  @Override
  public Mono<ReleaseSessionResponse> releaseSession(ReleaseSessionRequest request) {
    return delegate.releaseSession(request);
  }

  @Override
  public Mono<FetchErrorDetailsResponse> fetchErrorDetails(FetchErrorDetailsRequest request) {
    return delegate.fetchErrorDetails(request);
  }

  @Override
  public Mono<AddArtifactsResponse> addArtifacts(Flux<AddArtifactsRequest> requests) {
    return delegate.addArtifacts(requests);
  }

  @Override
  public Mono<ArtifactStatusesResponse> artifactStatus(ArtifactStatusesRequest request) {
    return delegate.artifactStatus(request);
  }

  @Override
  public Mono<CloneSessionResponse> cloneSession(CloneSessionRequest request) {
    return delegate.cloneSession(request);
  }

  /** The delegate's watchdog: a decorator reports its delegate's connection. */
  @Override
  public ConnectionWatchdog watchdog() {
    return delegate.watchdog();
  }

  @Override
  public Mono<Void> close() {
    return delegate.close();
  }
}
