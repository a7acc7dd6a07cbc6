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
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;
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
 * <p>One main channel per session for its unary RPCs, and result streams ({@code ExecutePlan},
 * {@code ReattachExecute}) each on a connection of their own while they run (see {@link #streamed}). Every returned publisher starts a new gRPC call per
 * subscription (reactor-grpc's own call publishers refuse a second subscription, which retries need). Streaming responses are requested from gRPC in a bounded
 * window of {@link ClientOptions#prefetchMessages()} (reactor-grpc's {@code CALL_OPTIONS_PREFETCH}; its default of
 * 512 would queue up to 512 responses of up to {@code grpc_max_message_size} each behind a slow subscriber): the
 * session's byte budget converted to messages.
 */
public final class ReactorGrpcTransport implements SparkConnectTransport {

  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  /** At most this many result-stream connections per session; past it, streams share the least busy one. */
  static final int MAX_STREAM_CONNECTIONS = 64;
  /** A result-stream connection unused for this long is closed (the next lease that finds it does it). */
  static final long IDLE_STREAM_CONNECTION_NANOS = TimeUnit.SECONDS.toNanos(60);

  private final Supplier<ManagedChannel> channels;
  private final ManagedChannel channel;
  private final ReactorSparkConnectServiceGrpc.ReactorSparkConnectServiceStub unary;
  /** The stub of a result-stream connection: the prefetch window on top of the credentials. */
  private final Function<ManagedChannel, ReactorSparkConnectServiceGrpc.ReactorSparkConnectServiceStub> streamStub;
  private final ChannelWatchdog watchdog;
  /** The result-stream connections; guarded by {@code this}. */
  private final List<StreamConnection> streamConnections = new ArrayList<>();
  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * Opens the session's main channel (lazily connected: no I/O happens until the first RPC); result-stream
   * connections open as streams need them.
   *
   * @param cs the session's options: address, TLS, token, headers, message limit, user agent, prefetch window
   * @throws IllegalArgumentException naming the file when a TLS file of {@link ClientOptions#tls()} is unusable
   */
  public ReactorGrpcTransport(ClientOptions cs) {
    SslContext ssl = cs.useSsl() ? TlsCredentials.sslContext(cs) : null; // CA, client certificate: TlsOptions
    Metadata headers = new Metadata();
    cs.headers().forEach((k, v) -> headers.put(Metadata.Key.of(k, Metadata.ASCII_STRING_MARSHALLER), v));
    this.channels = () -> {
      NettyChannelBuilder builder = NettyChannelBuilder.forAddress(cs.host(), cs.port())
          .maxInboundMessageSize(cs.grpcMaxMessageSize())
          .userAgent(cs.userAgent());
      if (ssl != null) {
        builder.useTransportSecurity().sslContext(ssl);
      } else {
        builder.usePlaintext();
      }
      if (!cs.headers().isEmpty()) {
        builder.intercept(MetadataUtils.newAttachHeadersInterceptor(headers));
      }
      return builder.build();
    };
    int prefetch = Math.max(1, cs.prefetchMessages());
    Function<ManagedChannel, ReactorSparkConnectServiceGrpc.ReactorSparkConnectServiceStub> stubs = ch -> {
      ReactorSparkConnectServiceGrpc.ReactorSparkConnectServiceStub stub = ReactorSparkConnectServiceGrpc.newReactorStub(ch);
      if (cs.token().isPresent()) {
        stub = stub.withCallCredentials(new BearerToken(cs.token().get()));
      }
      return stub;
    };
    this.channel = channels.get();
    this.watchdog = new ChannelWatchdog(channel, cs.host() + ":" + cs.port());
    this.unary = stubs.apply(channel);
    this.streamStub = ch -> stubs.apply(ch)
        .withOption(ReactorCallOptions.CALL_OPTIONS_PREFETCH, prefetch)
        .withOption(ReactorCallOptions.CALL_OPTIONS_LOW_TIDE, Math.max(0, prefetch / 4));
  }

  @Override
  public Flux<ExecutePlanResponse> executePlan(ExecutePlanRequest request) {
    return streamed(stub -> stub.executePlan(request));
  }

  @Override
  public Flux<ExecutePlanResponse> reattachExecute(ReattachExecuteRequest request) {
    return streamed(stub -> stub.reattachExecute(request));
  }

  /**
   * {@code call} on a result-stream connection of its own while it runs. HTTP/2 flow control is per connection as
   * well as per stream: the bytes the server sent to a stream whose subscriber has no demand count against the
   * connection's window until they are read, and grpc-java sizes both windows alike, so one paused result stream
   * (a slow subscriber, an HTTP client that reads slowly) would stall every other call on its connection. A stream
   * therefore leases an idle connection (a new one when none is idle, up to {@link #MAX_STREAM_CONNECTIONS}; past
   * that the least busy one is shared) and gives it back when it terminates or is cancelled; unary RPCs (release,
   * interrupt, analyze, config, artifacts) keep the main channel, so a paused stream never holds them up.
   */
  private Flux<ExecutePlanResponse> streamed(
      Function<ReactorSparkConnectServiceGrpc.ReactorSparkConnectServiceStub, Flux<ExecutePlanResponse>> call) {
    return Flux.defer(() -> {
      StreamConnection lease = lease();
      return call.apply(lease.stub).doFinally(signal -> giveBack(lease));
    });
  }

  private synchronized StreamConnection lease() {
    if (closed.get()) {
      throw new IllegalStateException("The transport is closed");
    }
    long now = System.nanoTime();
    StreamConnection chosen = null;
    for (Iterator<StreamConnection> it = streamConnections.iterator(); it.hasNext(); ) {
      StreamConnection c = it.next();
      if (c.active == 0 && chosen == null) {
        chosen = c;
      } else if (c.active == 0 && now - c.lastUsedNanos > IDLE_STREAM_CONNECTION_NANOS) {
        it.remove();
        c.channel.shutdown();
      }
    }
    if (chosen == null && streamConnections.size() < MAX_STREAM_CONNECTIONS) {
      ManagedChannel ch = channels.get();
      watchdog.follow(ch);
      chosen = new StreamConnection(ch, streamStub.apply(ch));
      streamConnections.add(chosen);
    }
    if (chosen == null) {
      chosen = streamConnections.stream().min(Comparator.comparingInt(c -> c.active)).orElseThrow();
    }
    chosen.active++;
    return chosen;
  }

  private synchronized void giveBack(StreamConnection lease) {
    lease.active--;
    lease.lastUsedNanos = System.nanoTime();
  }

  /**
   * The number of result-stream connections open now (for tests).
   *
   * @return open stream connections
   */
  synchronized int streamConnections() {
    return streamConnections.size();
  }

  /** A result-stream connection: its channel, its stub and how many streams use it now. */
  private static final class StreamConnection {
    final ManagedChannel channel;
    final ReactorSparkConnectServiceGrpc.ReactorSparkConnectServiceStub stub;
    int active;
    long lastUsedNanos = System.nanoTime();

    StreamConnection(ManagedChannel channel, ReactorSparkConnectServiceGrpc.ReactorSparkConnectServiceStub stub) {
      this.channel = channel;
      this.stub = stub;
    }
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
      List<ManagedChannel> all = new ArrayList<>();
      synchronized (this) {
        streamConnections.forEach(c -> all.add(c.channel));
        streamConnections.clear();
      }
      all.add(channel);
      all.forEach(ManagedChannel::shutdown);
      // awaitTermination blocks: run it where blocking is allowed.
      return Mono.fromCallable(() -> {
        for (ManagedChannel ch : all) {
          if (!ch.awaitTermination(5, TimeUnit.SECONDS)) {
            ch.shutdownNow();
            ch.awaitTermination(5, TimeUnit.SECONDS);
          }
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
