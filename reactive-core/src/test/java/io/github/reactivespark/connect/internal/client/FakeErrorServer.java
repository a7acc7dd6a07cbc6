package io.github.reactivespark.connect.internal.client;

import com.google.protobuf.Any;
import com.google.rpc.ErrorInfo;
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
import io.github.reactivespark.connect.internal.proto.SparkConnectServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * In-process stand-in for a Spark Connect server that fails ExecutePlan the way a real Spark 4.1.2 server does
 * (status INTERNAL, an ErrorInfo detail) and answers FetchErrorDetails from a scripted function. Modelled on
 * Spark's {@code DummySparkConnectService}.
 */
final class FakeErrorServer implements AutoCloseable {

  final List<FetchErrorDetailsRequest> fetchRequests = new CopyOnWriteArrayList<>();
  volatile com.google.rpc.Status executeError = com.google.rpc.Status.getDefaultInstance();
  /** What FetchErrorDetails does: a response, or a thrown StatusRuntimeException; null = never answer. */
  volatile Function<FetchErrorDetailsRequest, FetchErrorDetailsResponse> fetch =
      r -> FetchErrorDetailsResponse.getDefaultInstance();

  private final Server server;
  private final ManagedChannel channel;

  FakeErrorServer() throws Exception {
    String name = "fake-errors-" + UUID.randomUUID();
    server = InProcessServerBuilder.forName(name).directExecutor().addService(new Service()).build().start();
    channel = InProcessChannelBuilder.forName(name).directExecutor().build();
  }

  /** Runs ExecutePlan on the fake and returns the StatusRuntimeException the client sees. */
  StatusRuntimeException executeAndFail() {
    try {
      SparkConnectServiceGrpc.newBlockingStub(channel)
          .executePlan(ExecutePlanRequest.getDefaultInstance())
          .forEachRemaining(r -> {});
    } catch (StatusRuntimeException e) {
      return e;
    }
    throw new AssertionError("ExecutePlan did not fail");
  }

  /** A transport whose FetchErrorDetails goes to this fake; every other RPC is unsupported. */
  SparkConnectTransport transport() {
    ReactorSparkConnectServiceGrpc.ReactorSparkConnectServiceStub stub =
        ReactorSparkConnectServiceGrpc.newReactorStub(channel);
    return new SparkConnectTransport() {
      @Override
      public Mono<FetchErrorDetailsResponse> fetchErrorDetails(FetchErrorDetailsRequest request) {
        return stub.fetchErrorDetails(request);
      }

      @Override
      public Flux<ExecutePlanResponse> executePlan(ExecutePlanRequest request) {
        throw new UnsupportedOperationException();
      }

      @Override
      public Flux<ExecutePlanResponse> reattachExecute(ReattachExecuteRequest request) {
        throw new UnsupportedOperationException();
      }

      @Override
      public Mono<ReleaseExecuteResponse> releaseExecute(ReleaseExecuteRequest request) {
        throw new UnsupportedOperationException();
      }

      @Override
      public Mono<AnalyzePlanResponse> analyzePlan(AnalyzePlanRequest request) {
        throw new UnsupportedOperationException();
      }

      @Override
      public Mono<ConfigResponse> config(ConfigRequest request) {
        throw new UnsupportedOperationException();
      }

      @Override
      public Mono<InterruptResponse> interrupt(InterruptRequest request) {
        throw new UnsupportedOperationException();
      }

      @Override
      public Mono<ReleaseSessionResponse> releaseSession(ReleaseSessionRequest request) {
        throw new UnsupportedOperationException();
      }

      @Override
      public Mono<Void> close() {
        return Mono.empty();
      }
    };
  }

  @Override
  public void close() throws Exception {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  /** A status as a Spark 4.1.2 server sends it: INTERNAL, description, one ErrorInfo. */
  static com.google.rpc.Status sparkStatus(String description, String reason, Map<String, String> metadata) {
    ErrorInfo info = ErrorInfo.newBuilder()
        .setReason(reason).setDomain("org.apache.spark").putAllMetadata(metadata).build();
    return com.google.rpc.Status.newBuilder()
        .setCode(Status.Code.INTERNAL.value()).setMessage(description).addDetails(Any.pack(info)).build();
  }

  private final class Service extends SparkConnectServiceGrpc.SparkConnectServiceImplBase {
    @Override
    public void executePlan(ExecutePlanRequest request, StreamObserver<ExecutePlanResponse> observer) {
      observer.onError(StatusProto.toStatusRuntimeException(executeError));
    }

    @Override
    public void fetchErrorDetails(
        FetchErrorDetailsRequest request, StreamObserver<FetchErrorDetailsResponse> observer) {
      fetchRequests.add(request);
      Function<FetchErrorDetailsRequest, FetchErrorDetailsResponse> f = fetch;
      if (f == null) {
        return; // never answers
      }
      try {
        observer.onNext(f.apply(request));
        observer.onCompleted();
      } catch (StatusRuntimeException e) {
        observer.onError(e);
      }
    }
  }
}
