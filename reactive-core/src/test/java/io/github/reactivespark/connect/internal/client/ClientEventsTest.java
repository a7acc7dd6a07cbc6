package io.github.reactivespark.connect.internal.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.github.reactivespark.connect.RetryPolicy;
import io.github.reactivespark.connect.events.ArrowBatchEvent;
import io.github.reactivespark.connect.events.OperationEndedEvent;
import io.github.reactivespark.connect.events.OperationOutcome;
import io.github.reactivespark.connect.events.OperationStartedEvent;
import io.github.reactivespark.connect.events.ProgressEvent;
import io.github.reactivespark.connect.events.ReattachEvent;
import io.github.reactivespark.connect.events.ResponseEvent;
import io.github.reactivespark.connect.events.RetryEvent;
import io.github.reactivespark.connect.events.SparkConnectListener;
import io.github.reactivespark.connect.exceptions.ParseException;
import io.github.reactivespark.connect.internal.proto.AnalyzePlanRequest;
import io.github.reactivespark.connect.internal.proto.AnalyzePlanResponse;
import io.github.reactivespark.connect.internal.proto.ConfigRequest;
import io.github.reactivespark.connect.internal.proto.ConfigResponse;
import io.github.reactivespark.connect.internal.proto.DataType;
import io.github.reactivespark.connect.internal.proto.ExecutePlanRequest;
import io.github.reactivespark.connect.internal.proto.ExecutePlanResponse;
import io.github.reactivespark.connect.internal.proto.FetchErrorDetailsRequest;
import io.github.reactivespark.connect.internal.proto.FetchErrorDetailsResponse;
import io.github.reactivespark.connect.internal.proto.InterruptRequest;
import io.github.reactivespark.connect.internal.proto.InterruptResponse;
import io.github.reactivespark.connect.internal.proto.Plan;
import io.github.reactivespark.connect.internal.proto.ReattachExecuteRequest;
import io.github.reactivespark.connect.internal.proto.Relation;
import io.github.reactivespark.connect.internal.proto.ReleaseExecuteRequest;
import io.github.reactivespark.connect.internal.proto.ReleaseExecuteResponse;
import io.github.reactivespark.connect.internal.proto.ReleaseSessionRequest;
import io.github.reactivespark.connect.internal.proto.ReleaseSessionResponse;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.context.Context;

/**
 * The events a session's listeners get, from a scripted transport (chunked batches cut by the server, a retried call,
 * a failing query and a throwing listener are easier to script here than to provoke; {@code MicrometerIT} checks the
 * same events against the real server).
 */
class ClientEventsTest {

  private static final Duration T = Duration.ofSeconds(10);
  private static final RetryPolicy FAST = RetryPolicy.builder().maxRetries(3)
      .initialBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(2)).build();
  private static final Plan PLAN = Plan.newBuilder().setRoot(Relation.getDefaultInstance()).build();

  /** Every event, in order. */
  private static final class Recorder implements SparkConnectListener {
    final List<Object> events = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void onOperationStarted(OperationStartedEvent event) {
      events.add(event);
    }

    @Override
    public void onOperationEnded(OperationEndedEvent event) {
      events.add(event);
    }

    @Override
    public void onResponse(ResponseEvent event) {
      events.add(event);
    }

    @Override
    public void onArrowBatch(ArrowBatchEvent event) {
      events.add(event);
    }

    @Override
    public void onProgress(ProgressEvent event) {
      events.add(event);
    }

    @Override
    public void onRetry(RetryEvent event) {
      events.add(event);
    }

    @Override
    public void onReattach(ReattachEvent event) {
      events.add(event);
    }

    <E> List<E> of(Class<E> type) {
      synchronized (events) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
      }
    }
  }

  /** One call of the script: given the operation id and the next response number, what the server streams. */
  private interface Call extends Function<String, Flux<ExecutePlanResponse>> {}

  /** A transport playing one scripted call after another (ExecutePlan first, then every ReattachExecute). */
  private static final class ScriptedTransport implements SparkConnectTransport {
    final Deque<Call> calls;
    final List<Object> requests = Collections.synchronizedList(new ArrayList<>());

    ScriptedTransport(Call... calls) {
      this.calls = new ArrayDeque<>(List.of(calls));
    }

    private Flux<ExecutePlanResponse> next(String operationId) {
      Call c = calls.poll();
      return c == null ? Flux.error(new IllegalStateException("script ended")) : c.apply(operationId);
    }

    @Override
    public Flux<ExecutePlanResponse> executePlan(ExecutePlanRequest request) {
      return Flux.defer(() -> {
        requests.add(request);
        return next(request.getOperationId());
      });
    }

    @Override
    public Flux<ExecutePlanResponse> reattachExecute(ReattachExecuteRequest request) {
      return Flux.defer(() -> {
        requests.add(request);
        return next(request.getOperationId());
      });
    }

    @Override
    public Mono<ReleaseExecuteResponse> releaseExecute(ReleaseExecuteRequest request) {
      return Mono.fromCallable(ReleaseExecuteResponse::getDefaultInstance);
    }

    @Override
    public Mono<AnalyzePlanResponse> analyzePlan(AnalyzePlanRequest request) {
      return Mono.error(new UnsupportedOperationException());
    }

    @Override
    public Mono<ConfigResponse> config(ConfigRequest request) {
      return Mono.fromCallable(() -> ConfigResponse.newBuilder().setSessionId(request.getSessionId()).build());
    }

    @Override
    public Mono<InterruptResponse> interrupt(InterruptRequest request) {
      return Mono.error(new UnsupportedOperationException());
    }

    @Override
    public Mono<ReleaseSessionResponse> releaseSession(ReleaseSessionRequest request) {
      return Mono.fromCallable(ReleaseSessionResponse::getDefaultInstance);
    }

    @Override
    public Mono<FetchErrorDetailsResponse> fetchErrorDetails(FetchErrorDetailsRequest request) {
      return Mono.error(Status.UNIMPLEMENTED.asRuntimeException());
    }

    @Override
    public Mono<Void> close() {
      return Mono.empty();
    }
  }

  private static ExecutePlanResponse.Builder response(String op, String id) {
    return ExecutePlanResponse.newBuilder().setOperationId(op).setResponseId(id).setServerSideSessionId("srv");
  }

  private static ExecutePlanResponse batch(String op, String id, long rows, int bytes, int chunk, int chunks) {
    ExecutePlanResponse.ArrowBatch.Builder b = ExecutePlanResponse.ArrowBatch.newBuilder().setRowCount(rows)
        .setData(ByteString.copyFrom(new byte[bytes]));
    if (chunks > 1) {
      b.setChunkIndex(chunk).setNumChunksInBatch(chunks);
    }
    return response(op, id).setArrowBatch(b).build();
  }

  private static ExecutePlanResponse progress(String op, String id) {
    return response(op, id).setExecutionProgress(ExecutePlanResponse.ExecutionProgress.newBuilder()
        .addStages(ExecutePlanResponse.ExecutionProgress.StageInfo.newBuilder().setStageId(0).setNumTasks(4)
            .setNumCompletedTasks(4).setInputBytesRead(1000).setDone(true))
        .addStages(ExecutePlanResponse.ExecutionProgress.StageInfo.newBuilder().setStageId(1).setNumTasks(2)
            .setNumCompletedTasks(1).setInputBytesRead(24))
        .setNumInflightTasks(1)).build();
  }

  private static ExecutePlanResponse complete(String op, String id) {
    return response(op, id).setResultComplete(ExecutePlanResponse.ResultComplete.getDefaultInstance()).build();
  }

  private static ConnectClient client(SparkConnectTransport transport, SparkConnectListener... listeners) {
    ClientOptions.Builder options = ClientOptions.builder().retryConfig(FAST.toRetryConfig());
    for (SparkConnectListener l : listeners) {
      options.listener(l);
    }
    return new ConnectClient(options.build(), transport);
  }

  @Test
  void withoutListenersNothingIsDecoratedOrWrapped() {
    ClientEvents none = ClientEvents.of(ClientOptions.builder().build());
    ScriptedTransport transport = new ScriptedTransport();
    Flux<Integer> flux = Flux.just(1);
    Mono<Integer> mono = Mono.just(1);
    assertFalse(none.enabled());
    assertSame(transport, none.decorate(transport));
    assertSame(flux, none.operation("ExecutePlan", flux));
    assertSame(mono, none.operation("Config", mono));
    io.github.resilience4j.retry.Retry retry = io.github.resilience4j.retry.Retry.ofDefaults("x");
    assertSame(retry, none.observe(retry));
    assertInstanceOf(ListeningTransport.class,
        ClientEvents.of(ClientOptions.builder().listener(new Recorder()).build()).decorate(transport));
  }

  @Test
  void aQueryCutMidBatchReportsEveryResponseBatchReattachAndItsTotals() {
    ScriptedTransport transport = new ScriptedTransport(
        op -> Flux.just(response(op, "r0").setSchema(DataType.getDefaultInstance()).build(),
            batch(op, "r1", 10, 100, 0, 1), batch(op, "r2", 20, 60, 0, 2)), // the stream ends between two chunks
        op -> Flux.just(batch(op, "r3", 20, 40, 1, 2), progress(op, "r4"), complete(op, "r5")));
    Recorder recorder = new Recorder();
    List<ExecutePlanResponse> got = client(transport, recorder).execute(PLAN)
        .contextWrite(Context.of("caller", "yes")).collectList().block(T);
    assertEquals(6, got.size());

    String op = ((ExecutePlanRequest) transport.requests.get(0)).getOperationId();
    OperationStartedEvent start = recorder.of(OperationStartedEvent.class).get(0);
    assertEquals("ExecutePlan", start.rpc());
    assertEquals("yes", start.context().get("caller"), "the subscriber's context, for a parent span");
    assertEquals(List.of("schema", "arrow_batch", "arrow_batch", "arrow_batch", "execution_progress",
        "result_complete"), recorder.of(ResponseEvent.class).stream().map(ResponseEvent::type).toList());
    assertEquals(List.of("ExecutePlan", "ExecutePlan", "ExecutePlan", "ReattachExecute", "ReattachExecute",
        "ReattachExecute"), recorder.of(ResponseEvent.class).stream().map(ResponseEvent::rpc).toList());
    assertEquals(List.of(new ReattachEvent(start.sessionId(), op, "r2", 1)), recorder.of(ReattachEvent.class));
    assertEquals(List.of(new ArrowBatchEvent(start.sessionId(), op, 10, 100, 1),
        new ArrowBatchEvent(start.sessionId(), op, 20, 100, 2)), recorder.of(ArrowBatchEvent.class));
    assertEquals(List.of(new ProgressEvent(start.sessionId(), op, 2, 1, 6, 5, 1024, 1)),
        recorder.of(ProgressEvent.class));

    OperationEndedEvent end = recorder.of(OperationEndedEvent.class).get(0);
    assertSame(start, end.start());
    assertEquals(op, end.operationId());
    assertEquals(OperationOutcome.SUCCESS, end.outcome());
    assertNull(end.error());
    assertEquals(6, end.responses());
    assertEquals(recorder.of(ResponseEvent.class).stream().mapToLong(ResponseEvent::bytes).sum(), end.responseBytes());
    assertEquals(2, end.arrowBatches());
    assertEquals(30, end.rows());
    assertEquals(200, end.arrowBytes());
    assertEquals(1, end.reattaches());
    assertSame(start, recorder.events.get(0), "the start comes first");
    assertSame(end, recorder.events.get(recorder.events.size() - 1), "the end comes last");
  }

  @Test
  void aRetriedCallReportsTheRetryWithItsCauseThenTheReattachThatResumes() {
    ScriptedTransport transport = new ScriptedTransport(
        op -> Flux.error(Status.UNAVAILABLE.withDescription("connection refused").asRuntimeException()),
        op -> Flux.just(batch(op, "r0", 5, 10, 0, 1), complete(op, "r1")));
    Recorder recorder = new Recorder();
    assertEquals(2, client(transport, recorder).execute(PLAN).count().block(T));
    RetryEvent retry = recorder.of(RetryEvent.class).get(0);
    String op = ((ExecutePlanRequest) transport.requests.get(0)).getOperationId();
    assertEquals("ExecutePlan", retry.rpc());
    assertEquals(op, retry.operationId());
    assertEquals(1, retry.attempt());
    assertTrue(retry.backoff().toMillis() <= 2, retry.backoff().toString());
    assertEquals(Status.Code.UNAVAILABLE, Status.fromThrowable(retry.cause()).getCode());
    assertEquals(List.of(new ReattachEvent(retry.sessionId(), op, null, 1)), recorder.of(ReattachEvent.class));
    assertTrue(recorder.events.indexOf(retry) < recorder.events.indexOf(recorder.of(ReattachEvent.class).get(0)));
    assertEquals(OperationOutcome.SUCCESS, recorder.of(OperationEndedEvent.class).get(0).outcome());
  }

  @Test
  void aFailedQueryEndsWithTheTypedErrorAndSparksErrorClass() {
    ScriptedTransport transport = new ScriptedTransport(op -> Flux.error(StatusProto.toStatusRuntimeException(
        FakeErrorServer.sparkStatus("[PARSE_SYNTAX_ERROR] Syntax error at or near 'SELEC'. SQLSTATE: 42601",
            "org.apache.spark.sql.catalyst.parser.ParseException",
            Map.of("errorClass", "PARSE_SYNTAX_ERROR", "sqlState", "42601")))));
    Recorder recorder = new Recorder();
    Throwable e = assertThrows(ParseException.class, () -> client(transport, recorder).execute(PLAN).blockLast(T));
    OperationEndedEvent end = recorder.of(OperationEndedEvent.class).get(0);
    assertEquals(OperationOutcome.ERROR, end.outcome());
    assertSame(e, end.error(), "the error the subscriber gets");
    assertEquals("PARSE_SYNTAX_ERROR", end.errorClass());
    assertEquals(0, end.responses());
    assertEquals(((ExecutePlanRequest) transport.requests.get(0)).getOperationId(), end.operationId());
  }

  @Test
  void aCancelledQueryEndsCancelledAndUnaryCallsAreOperationsWithoutOperationId() {
    ScriptedTransport transport = new ScriptedTransport(
        op -> Flux.just(batch(op, "r0", 5, 10, 0, 1), batch(op, "r1", 5, 10, 0, 1)).concatWith(Flux.never()));
    Recorder recorder = new Recorder();
    ConnectClient client = client(transport, recorder);
    assertEquals(1, client.execute(PLAN).take(1).count().block(T));
    assertEquals(OperationOutcome.CANCELLED, recorder.of(OperationEndedEvent.class).get(0).outcome());

    client.config(ConfigRequest.Operation.newBuilder()
        .setGetAll(ConfigRequest.GetAll.getDefaultInstance())).block(T);
    OperationEndedEvent config = recorder.of(OperationEndedEvent.class).get(1);
    assertEquals("Config", config.rpc());
    assertEquals(OperationOutcome.SUCCESS, config.outcome());
    assertNull(config.operationId());
    assertEquals(List.of(0L, 1L),
        recorder.of(OperationStartedEvent.class).stream().map(OperationStartedEvent::sequence).toList());
  }

  @Test
  void aThrowingListenerNeverBreaksAQueryAndTheNextListenerStillHearsEverything() {
    SparkConnectListener broken = new SparkConnectListener() {
      @Override
      public void onOperationStarted(OperationStartedEvent event) {
        throw new IllegalStateException("broken listener");
      }

      @Override
      public void onResponse(ResponseEvent event) {
        throw new IllegalStateException("broken listener");
      }

      @Override
      public void onArrowBatch(ArrowBatchEvent event) {
        throw new IllegalStateException("broken listener");
      }

      @Override
      public void onOperationEnded(OperationEndedEvent event) {
        throw new IllegalStateException("broken listener");
      }
    };
    Recorder recorder = new Recorder();
    ScriptedTransport transport = new ScriptedTransport(
        op -> Flux.just(batch(op, "r0", 5, 10, 0, 1), complete(op, "r1")));
    // on a parallel (non-blocking) thread, as gRPC delivers: the guard must not block either
    List<ExecutePlanResponse> got = client(transport, broken, recorder).execute(PLAN)
        .subscribeOn(Schedulers.parallel()).collectList().block(T);
    assertEquals(2, got.size());
    assertEquals(1, recorder.of(OperationStartedEvent.class).size());
    assertEquals(2, recorder.of(ResponseEvent.class).size());
    assertEquals(OperationOutcome.SUCCESS, recorder.of(OperationEndedEvent.class).get(0).outcome());
  }
}
