package io.github.reactivespark.connect.internal.client;

import com.salesforce.reactorgrpc.stub.ReactorCallOptions;
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
import io.github.reactivespark.connect.internal.proto.ReactorSparkConnectServiceGrpc;
import io.github.reactivespark.connect.internal.proto.ReattachExecuteRequest;
import io.github.reactivespark.connect.internal.proto.ReleaseExecuteRequest;
import io.github.reactivespark.connect.internal.proto.ReleaseExecuteResponse;
import io.github.reactivespark.connect.internal.proto.ReleaseSessionRequest;
import io.github.reactivespark.connect.internal.proto.ReleaseSessionResponse;
import io.grpc.CallCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import io.github.reactivespark.connect.internal.proto.AddArtifactsRequest;
import io.github.reactivespark.connect.internal.proto.AddArtifactsResponse;
import io.github.reactivespark.connect.internal.proto.ArtifactStatusesRequest;
import io.github.reactivespark.connect.internal.proto.ArtifactStatusesResponse;
import io.github.reactivespark.connect.internal.proto.CloneSessionRequest;
import io.github.reactivespark.connect.internal.proto.CloneSessionResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@link SparkConnectTransport} over one grpc-java channel (Netty, shaded) and the reactor-grpc stubs.
 *
 * <p>One channel per session, shared by all its RPCs. Every returned publisher starts a new gRPC call per
 * subscription (reactor-grpc's own call publishers refuse a second subscription, which retries need). Streaming responses are requested from gRPC in a bounded
 * window of {@link ClientOptions#prefetchMessages()} (reactor-grpc's {@code CALL_OPTIONS_PREFETCH}; its default of
 * 512 would queue up to 512 responses of up to {@code grpc_max_message_size} each behind a slow subscriber): the
 * session's byte budget converted to messages.
 */
public final class ReactorGrpcTransport implements SparkConnectTransport {

  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private final ManagedChannel channel;
  private final ReactorSparkConnectServiceGrpc.ReactorSparkConnectServiceStub unary;
  private final ReactorSparkConnectServiceGrpc.ReactorSparkConnectServiceStub streaming;
  private final ChannelWatchdog watchdog;
  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * Opens a channel (lazily connected: no I/O happens until the first RPC).
   *
   * @param cs the session's options: address, TLS, token, headers, message limit, user agent, prefetch window
   * @throws IllegalArgumentException naming the file when a TLS file of {@link ClientOptions#tls()} is unusable
   */
  public ReactorGrpcTransport(ClientOptions cs) {
    NettyChannelBuilder builder = NettyChannelBuilder.forAddress(cs.host(), cs.port())
        .maxInboundMessageSize(cs.grpcMaxMessageSize())
        .userAgent(cs.userAgent());
    if (cs.useSsl()) {
      builder.useTransportSecurity().sslContext(TlsCredentials.sslContext(cs)); // CA, client certificate: TlsOptions
    } else {
      builder.usePlaintext();
    }
    if (!cs.headers().isEmpty()) {
      Metadata md = new Metadata();
      cs.headers().forEach((k, v) -> md.put(Metadata.Key.of(k, Metadata.ASCII_STRING_MARSHALLER), v));
      builder.intercept(MetadataUtils.newAttachHeadersInterceptor(md));
    }
    this.channel = builder.build();
    this.watchdog = new ChannelWatchdog(channel, cs.host() + ":" + cs.port());
    ReactorSparkConnectServiceGrpc.ReactorSparkConnectServiceStub stub = ReactorSparkConnectServiceGrpc.newReactorStub(channel);
    if (cs.token().isPresent()) {
      stub = stub.withCallCredentials(new BearerToken(cs.token().get()));
    }
    int prefetch = Math.max(1, cs.prefetchMessages());
    this.unary = stub;
    this.streaming = stub
        .withOption(ReactorCallOptions.CALL_OPTIONS_PREFETCH, prefetch)
        .withOption(ReactorCallOptions.CALL_OPTIONS_LOW_TIDE, Math.max(0, prefetch / 4));
  }

  @Override
  public Flux<ExecutePlanResponse> executePlan(ExecutePlanRequest request) {
    return Flux.defer(() -> streaming.executePlan(request));
  }

  @Override
  public Flux<ExecutePlanResponse> reattachExecute(ReattachExecuteRequest request) {
    return Flux.defer(() -> streaming.reattachExecute(request));
  }

  @Override
  public Mono<ReleaseExecuteResponse> releaseExecute(ReleaseExecuteRequest request) {
    return Mono.defer(() -> unary.releaseExecute(request));
  }

  @Override
  public Mono<AnalyzePlanResponse> analyzePlan(AnalyzePlanRequest request) {
    return Mono.defer(() -> unary.analyzePlan(request));
  }

  @Override
  public Mono<ConfigResponse> config(ConfigRequest request) {
    return Mono.defer(() -> unary.config(request));
  }

  @Override
  public Mono<InterruptResponse> interrupt(InterruptRequest request) {
    return Mono.defer(() -> unary.interrupt(request));
  }

  @Override
  public Mono<ReleaseSessionResponse> releaseSession(ReleaseSessionRequest request) {
    return Mono.defer(() -> unary.releaseSession(request));
  }

  @Override
  public Mono<FetchErrorDetailsResponse> fetchErrorDetails(FetchErrorDetailsRequest request) {
    return Mono.defer(() -> unary.fetchErrorDetails(request));
  }

  @Override
  public Mono<AddArtifactsResponse> addArtifacts(Flux<AddArtifactsRequest> requests) {
    return Mono.defer(() -> unary.addArtifacts(requests));
  }

  @Override
  public Mono<ArtifactStatusesResponse> artifactStatus(ArtifactStatusesRequest request) {
    return Mono.defer(() -> unary.artifactStatus(request));
  }

  @Override
  public ConnectionWatchdog watchdog() {
    return watchdog;
  }

  @Override
  public Mono<CloneSessionResponse> cloneSession(CloneSessionRequest request) {
    return Mono.defer(() -> unary.cloneSession(request));
  }

  @Override
  public Mono<Void> close() {
    return Mono.defer(() -> {
      if (!closed.compareAndSet(false, true)) {
        return Mono.empty();
      }
      channel.shutdown();
      // awaitTermination blocks: run it where blocking is allowed.
      return Mono.fromCallable(() -> {
        if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
          channel.shutdownNow();
          channel.awaitTermination(5, TimeUnit.SECONDS);
        }
        return true;
      }).subscribeOn(Schedulers.boundedElastic()).then();
    });
  }

  private static final class BearerToken extends CallCredentials {
    private final String token;

    BearerToken(String token) {
      this.token = token;
    }

    @Override
    public void applyRequestMetadata(RequestInfo info, Executor executor, MetadataApplier applier) {
      Metadata md = new Metadata();
      md.put(AUTHORIZATION, "Bearer " + token);
      applier.apply(md);
    }

    @Override
    public String toString() {
      return "BearerToken[***]";
    }
  }
}
