package io.github.reactivespark.connect;

import io.github.reactivespark.connect.internal.client.ForwardingTransport;
import io.github.reactivespark.connect.internal.client.ReactorGrpcTransport;
import io.github.reactivespark.connect.internal.client.SparkConnectTransport;
import io.github.reactivespark.connect.internal.proto.AddArtifactsRequest;
import io.github.reactivespark.connect.internal.proto.AddArtifactsResponse;
import io.github.reactivespark.connect.internal.proto.AnalyzePlanRequest;
import io.github.reactivespark.connect.internal.proto.AnalyzePlanResponse;
import io.github.reactivespark.connect.internal.proto.ArtifactStatusesRequest;
import io.github.reactivespark.connect.internal.proto.ArtifactStatusesResponse;
import io.github.reactivespark.connect.internal.proto.ExecutePlanRequest;
import io.github.reactivespark.connect.internal.proto.ExecutePlanResponse;
import io.github.reactivespark.connect.internal.proto.ReleaseSessionRequest;
import io.github.reactivespark.connect.internal.proto.ReleaseSessionResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Test helper: the real gRPC transport to the real server, with a record of what the client sent (the plans of
 * {@code ExecutePlan}, the artifact names of {@code AddArtifacts}, the calls of {@code ArtifactStatus} and
 * {@code AnalyzePlan}), so an IT can tell which protocol path the client took. It lives in the session's package
 * to reach the builder's transport seam; it changes nothing that is sent.
 */
public final class RecordingTransport extends ForwardingTransport {

  /** The plans of every {@code ExecutePlan}, in the order sent. */
  public final List<ExecutePlanRequest> executed = new CopyOnWriteArrayList<>();
  /** Every artifact name an {@code AddArtifacts} stream carried (batch or first chunk), in the order sent. */
  public final List<String> uploaded = new CopyOnWriteArrayList<>();
  /** {@code AddArtifacts} calls. */
  public final AtomicInteger addArtifactsCalls = new AtomicInteger();
  /** {@code ArtifactStatus} calls. */
  public final AtomicInteger artifactStatusCalls = new AtomicInteger();
  /** {@code AnalyzePlan} calls. */
  public final AtomicInteger analyzeCalls = new AtomicInteger();
  /** {@code ReleaseSession} requests. */
  public final List<ReleaseSessionRequest> released = new CopyOnWriteArrayList<>();

  private RecordingTransport(SparkConnectTransport real) {
    super(real);
  }

  /**
   * A session on {@code remote} that records into the returned transport (read it with {@link #of}).
   *
   * @param remote an {@code sc://} connection string
   * @param sink receives the recording transport once the session is built
   * @return the session; the caller closes it
   */
  public static SparkSession session(String remote, java.util.function.Consumer<RecordingTransport> sink) {
    return SparkSession.builder().remote(remote).transportFactory(o -> {
      RecordingTransport t = new RecordingTransport(new ReactorGrpcTransport(o));
      sink.accept(t);
      return t;
    }).create();
  }

  /** The plans sent so far, as protobuf text (field names such as {@code chunked_cached_local_relation}). */
  public List<String> plansText() {
    return executed.stream().map(r -> r.getPlan().toString()).toList();
  }

  @Override
  public Flux<ExecutePlanResponse> executePlan(ExecutePlanRequest request) {
    executed.add(request);
    return super.executePlan(request);
  }

  @Override
  public Mono<AnalyzePlanResponse> analyzePlan(AnalyzePlanRequest request) {
    analyzeCalls.incrementAndGet();
    return super.analyzePlan(request);
  }

  @Override
  public Mono<ReleaseSessionResponse> releaseSession(ReleaseSessionRequest request) {
    released.add(request);
    return super.releaseSession(request);
  }

  @Override
  public Mono<AddArtifactsResponse> addArtifacts(Flux<AddArtifactsRequest> requests) {
    addArtifactsCalls.incrementAndGet();
    return super.addArtifacts(requests.doOnNext(r -> {
      if (r.hasBatch()) {
        r.getBatch().getArtifactsList().forEach(a -> uploaded.add(a.getName()));
      } else if (r.hasBeginChunk()) {
        uploaded.add(r.getBeginChunk().getName());
      }
    }));
  }

  @Override
  public Mono<ArtifactStatusesResponse> artifactStatus(ArtifactStatusesRequest request) {
    artifactStatusCalls.incrementAndGet();
    return super.artifactStatus(request);
  }
}
