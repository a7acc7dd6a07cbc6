package io.github.reactivespark.connect.internal.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.reactivespark.connect.RetryPolicy;
import io.github.reactivespark.connect.exceptions.OperationNotFoundException;
import io.github.reactivespark.connect.exceptions.RetriesExceededException;
import io.github.reactivespark.connect.exceptions.SessionNotFoundException;
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
import io.github.reactivespark.connect.internal.proto.UserContext;
import io.grpc.Status;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * Reattach, resume and release logic against a scripted fake transport: these are the faults (cut streams, lost
 * operations, a replaced server session) that a healthy real server does not produce on demand.
 */
class ReattachableExecutionTest {

  private static final Duration T = Duration.ofSeconds(10);
  private static final RetryPolicy FAST = RetryPolicy.builder().maxRetries(3)
      .initialBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(2)).build();
  private static final SessionIdentity ID =
      new SessionIdentity("11111111-2222-3333-4444-555555555555", UserContext.newBuilder().setUserId("u").build(), "t");

  /** What one RPC does: emit {@code count} responses from where it starts, then end as {@code ending}. */
  private record Step(int count, Ending ending) {}

  private enum Ending { COMPLETE, UNAVAILABLE, NOT_FOUND, SESSION_NOT_FOUND, ORPHANED, ABANDONED, REST }

  private static Step cut(int n) {
    return new Step(n, Ending.COMPLETE);
  }

  private static Step fail(int n) {
    return new Step(n, Ending.UNAVAILABLE);
  }

  private static Step notFound() {
    return new Step(0, Ending.NOT_FOUND);
  }

  private static Step sessionNotFound() {
    return new Step(0, Ending.SESSION_NOT_FOUND);
  }

  /** Spark 4.1.2's answer to a ReattachExecute that finds the operation's thread not started yet. */
  private static Step orphaned() {
    return new Step(0, Ending.ORPHANED);
  }

  /** Spark 4.1.2's answer to an ExecutePlan whose operation id the session has seen before. */
  private static Step abandoned() {
    return new Step(0, Ending.ABANDONED);
  }

  private static Step rest() {
    return new Step(Integer.MAX_VALUE, Ending.REST);
  }

  /** A server whose one operation has {@code total} responses, the last carrying ResultComplete. */
  private static final class FakeServer implements SparkConnectTransport {
    final int total;
    final Deque<Step> script;
    IntFunction<String> serverSession = i -> "srv-1";
    final List<ExecutePlanRequest> executes = Collections.synchronizedList(new ArrayList<>());
    final List<ReattachExecuteRequest> reattaches = Collections.synchronizedList(new ArrayList<>());
    final List<ReleaseExecuteRequest> releases = Collections.synchronizedList(new ArrayList<>());

    FakeServer(int total, Step... steps) {
      this.total = total;
      this.script = new ArrayDeque<>(List.of(steps));
    }

    ExecutePlanResponse response(String op, int i) {
      ExecutePlanResponse.Builder b = ExecutePlanResponse.newBuilder().setOperationId(op).setResponseId("r" + i)
          .setServerSideSessionId(serverSession.apply(i)).setSessionId(ID.sessionId());
      if (i == total - 1) {
        b.setResultComplete(ExecutePlanResponse.ResultComplete.getDefaultInstance());
      }
      return b.build();
    }

    Flux<ExecutePlanResponse> serve(String op, int from) {
      Step step = script.isEmpty() ? rest() : script.poll();
      if (step.ending == Ending.SESSION_NOT_FOUND) {
        return Flux.error(Status.INTERNAL.withDescription("[INVALID_HANDLE.SESSION_NOT_FOUND] The handle "
            + ID.sessionId() + " is invalid. Session not found.").asRuntimeException());
      }
      if (step.ending == Ending.ORPHANED) {
        return Flux.error(Status.INTERNAL.withDescription("Operation was orphaned because of an internal error.")
            .asRuntimeException());
      }
      if (step.ending == Ending.ABANDONED) {
        return Flux.error(Status.INTERNAL.withDescription("[INVALID_HANDLE.OPERATION_ABANDONED] The handle " + op
            + " is invalid. Operation was considered abandoned because of inactivity and removed. SQLSTATE: HY000")
            .asRuntimeException());
      }
      if (step.ending == Ending.NOT_FOUND) {
        return Flux.error(Status.INTERNAL.withDescription("[INVALID_HANDLE.OPERATION_NOT_FOUND] Operation " + op
            + " not found").asRuntimeException());
      }
      int to = (int) Math.min(total, (long) from + step.count);
      Flux<ExecutePlanResponse> body = Flux.range(from, to - from).map(i -> response(op, i));
      return step.ending == Ending.UNAVAILABLE
          ? body.concatWith(Flux.error(Status.UNAVAILABLE.withDescription("cut").asRuntimeException()))
          : body;
    }

    @Override
    public Flux<ExecutePlanResponse> executePlan(ExecutePlanRequest request) {
      return Flux.defer(() -> {
        executes.add(request);
        return serve(request.getOperationId(), 0);
      });
    }

    @Override
    public Flux<ExecutePlanResponse> reattachExecute(ReattachExecuteRequest request) {
      return Flux.defer(() -> {
        reattaches.add(request);
        int from = request.hasLastResponseId() ? Integer.parseInt(request.getLastResponseId().substring(1)) + 1 : 0;
        return serve(request.getOperationId(), from);
      });
    }

    @Override
    public Mono<ReleaseExecuteResponse> releaseExecute(ReleaseExecuteRequest request) {
      return Mono.fromCallable(() -> {
        releases.add(request);
        return ReleaseExecuteResponse.getDefaultInstance();
      });
    }

    boolean releasedAll() {
      return releases.stream().anyMatch(ReleaseExecuteRequest::hasReleaseAll);
    }

    @Override
    public Mono<AnalyzePlanResponse> analyzePlan(AnalyzePlanRequest request) {
      return Mono.error(new UnsupportedOperationException());
    }

    @Override
    public Mono<ConfigResponse> config(ConfigRequest request) {
      return Mono.error(new UnsupportedOperationException());
    }

    @Override
    public Mono<InterruptResponse> interrupt(InterruptRequest request) {
      return Mono.error(new UnsupportedOperationException());
    }

    @Override
    public Mono<ReleaseSessionResponse> releaseSession(ReleaseSessionRequest request) {
      return Mono.error(new UnsupportedOperationException());
    }

    @Override
    public Mono<FetchErrorDetailsResponse> fetchErrorDetails(FetchErrorDetailsRequest request) {
      return Mono.error(new UnsupportedOperationException());
    }

    @Override
    public Mono<Void> close() {
      return Mono.empty();
    }
  }

  private static Flux<ExecutePlanResponse> run(FakeServer server) {
    return new ReattachableExecution(server, new RequestStamp(ID), FAST.toRetryConfig())
        .execute(ExecutePlanRequest.getDefaultInstance());
  }

  /** A query: a plan with a root relation (a range). */
  private static final ExecutePlanRequest QUERY = ExecutePlanRequest.newBuilder()
      .setPlan(io.github.reactivespark.connect.internal.proto.Plan.newBuilder().setRoot(
          io.github.reactivespark.connect.internal.proto.Relation.newBuilder().setRange(
              io.github.reactivespark.connect.internal.proto.Range.newBuilder().setEnd(5).setStep(1))))
      .build();

  private static Flux<ExecutePlanResponse> run(FakeServer server, ExecutePlanRequest request) {
    return new ReattachableExecution(server, new RequestStamp(ID), FAST.toRetryConfig()).execute(request);
  }

  private static List<String> ids(List<ExecutePlanResponse> rs) {
    return rs.stream().map(ExecutePlanResponse::getResponseId).toList();
  }

  private static List<String> expected(int n) {
    List<String> l = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      l.add("r" + i);
    }
    return l;
  }

  @Test
  void streamsEndingWithoutResultCompleteAreResumedFromTheLastResponse() {
    FakeServer server = new FakeServer(10, cut(3), cut(0), cut(4), rest());
    List<ExecutePlanResponse> got = run(server).collectList().block(T);
    assertEquals(expected(10), ids(got));
    assertEquals(1, server.executes.size());
    assertEquals(List.of("r2", "r2", "r6"), server.reattaches.stream().map(ReattachExecuteRequest::getLastResponseId).toList());
    String op = server.executes.get(0).getOperationId();
    assertTrue(server.reattaches.stream().allMatch(r -> r.getOperationId().equals(op)));
    assertTrue(server.executes.get(0).getRequestOptionsList().stream().anyMatch(o -> o.getReattachOptions().getReattachable()));
    assertTrue(server.releasedAll(), "release_all after ResultComplete");
  }

  @Test
  void transientErrorsAreRetriedByResumingNeverByRestarting() {
    FakeServer server = new FakeServer(8, fail(3), fail(0), fail(2), rest());
    assertEquals(expected(8), ids(run(server).collectList().block(T)));
    assertEquals(1, server.executes.size(), "the plan must not be executed twice");
    assertEquals(3, server.reattaches.size());
  }

  @Test
  void operationNotFoundBeforeTheFirstResponseResendsThePlan() {
    FakeServer server = new FakeServer(5, fail(0), notFound(), rest());
    assertEquals(expected(5), ids(run(server).collectList().block(T)));
    assertEquals(2, server.executes.size());
    assertEquals(server.executes.get(0).getOperationId(), server.executes.get(1).getOperationId());
  }

  @Test
  void sessionNotFoundBeforeTheFirstResponseResendsThePlan() {
    // The session's very first ExecutePlan was lost on the way: the server knows neither operation nor session.
    FakeServer server = new FakeServer(5, fail(0), sessionNotFound(), rest());
    assertEquals(expected(5), ids(run(server).collectList().block(T)));
    assertEquals(2, server.executes.size());
  }

  @Test
  void sessionNotFoundAfterResponsesIsNotHiddenByAResend() {
    FakeServer server = new FakeServer(5, cut(2), sessionNotFound());
    StepVerifier.create(run(server))
        .expectNextCount(2)
        .expectErrorSatisfies(e -> {
          SessionNotFoundException s = assertInstanceOf(SessionNotFoundException.class, e);
          assertEquals("INVALID_HANDLE.SESSION_NOT_FOUND", s.errorClass());
          assertTrue(s.getMessage().contains(server.executes.get(0).getOperationId()), s.getMessage());
          assertTrue(io.github.reactivespark.connect.internal.grpc.GrpcErrors.hasErrorClass(s.getCause(), "INVALID_HANDLE.SESSION_NOT_FOUND"));
        })
        .verify(T);
    assertEquals(1, server.executes.size());
  }

  @Test
  void operationNotFoundAfterResponsesIsFatalAndTyped() {
    FakeServer server = new FakeServer(5, cut(2), notFound());
    StepVerifier.create(run(server))
        .expectNextCount(2)
        .expectErrorSatisfies(e -> {
          OperationNotFoundException o = assertInstanceOf(OperationNotFoundException.class, e);
          assertEquals("INVALID_HANDLE.OPERATION_NOT_FOUND", o.errorClass());
        })
        .verify(T);
    assertTrue(server.releasedAll());
  }

  @Test
  void aChangedServerSideSessionIsFatalAndTyped() {
    FakeServer server = new FakeServer(5, rest());
    server.serverSession = i -> i < 2 ? "srv-1" : "srv-2";
    StepVerifier.create(run(server))
        .expectNextCount(2)
        .expectErrorSatisfies(e -> assertEquals("INVALID_HANDLE.SESSION_CHANGED",
            assertInstanceOf(SessionNotFoundException.class, e).errorClass()))
        .verify(T);
  }

  @Test
  void retriesRunOutIntoRetriesExceededWithEveryAttempt() {
    FakeServer server = new FakeServer(5, fail(0), fail(0), fail(0), fail(0), fail(0));
    StepVerifier.create(run(server))
        .expectErrorSatisfies(e -> assertEquals(4,
            assertInstanceOf(RetriesExceededException.class, e).attempts().size()))
        .verify(T);
    assertTrue(server.releasedAll(), "release_all after a fatal error");
  }

  @Test
  void progressRenewsTheRetryBudget() {
    // 6 failures, each after progress: more than maxRetries (3) in total, but never 4 in a row without progress.
    FakeServer server = new FakeServer(20, fail(2), fail(2), fail(2), fail(2), fail(2), fail(2), rest());
    assertEquals(expected(20), ids(run(server).collectList().block(T)));
  }

  @Test
  void cancellingReleasesTheOperationAndReleaseUntilFollowsConsumption() {
    FakeServer server = new FakeServer(1000, rest());
    StepVerifier.create(run(server), 70)
        .expectNextCount(70)
        .thenCancel()
        .verify(T);
    Mono.delay(Duration.ofMillis(100)).block();
    assertTrue(server.releasedAll(), "release_all on cancel");
    List<Integer> until = server.releases.stream().filter(ReleaseExecuteRequest::hasReleaseUntil)
        .map(r -> Integer.parseInt(r.getReleaseUntil().getResponseId().substring(1))).toList();
    assertTrue(!until.isEmpty(), "release_until sent while consuming");
    assertTrue(until.stream().allMatch(i -> i < 70 && (i + 1) % ReattachableExecution.RELEASE_EVERY_RESPONSES == 0),
        "released every " + ReattachableExecution.RELEASE_EVERY_RESPONSES + " responses, never beyond what was"
            + " received: " + until);
  }

  @Test
  void reattachWaitsFollowSparksPolicyInVirtualTime() {
    // every call fails before any response: ExecutePlan, then 15 reattaches, then RetriesExceeded
    Step[] failures = new Step[16];
    java.util.Arrays.fill(failures, fail(0));
    FakeServer server = new FakeServer(5, failures);
    RetryPolicy spark = RetryPolicy.defaultPolicy().mutate().jitterSource(() -> 0.5).build();
    long[] waits = {50, 200, 800, 3450, 13050, 51450, 60250, 60250, 60250, 60250, 60250, 60250, 60250, 60250, 60250};
    StepVerifier.Step<ExecutePlanResponse> step = StepVerifier.withVirtualTime(() ->
            new ReattachableExecution(server, new RequestStamp(ID), spark.toRetryConfig())
                .execute(ExecutePlanRequest.getDefaultInstance()))
        .expectSubscription()
        .then(() -> assertEquals(1, server.executes.size()));
    for (int i = 0; i < waits.length; i++) {
      int before = i;
      step = step.thenAwait(Duration.ofMillis(waits[i] - 1))
          .then(() -> assertEquals(before, server.reattaches.size(), "still waiting"))
          .thenAwait(Duration.ofMillis(1))
          .then(() -> assertEquals(before + 1, server.reattaches.size(), "reattached after the wait"));
    }
    step.expectErrorSatisfies(e -> assertEquals(16,
            assertInstanceOf(RetriesExceededException.class, e).attempts().size()))
        .verify(T);
    assertEquals(1, server.executes.size(), "retries resume by reattach, the plan is sent once");
  }

  @Test
  void aFailureAfterProgressReattachesAtOnceAndTheNextFailureStartsTheBackoffAgain() {
    FakeServer server = new FakeServer(10, fail(1), fail(0), fail(2), fail(0), rest());
    StepVerifier.withVirtualTime(() -> new ReattachableExecution(server, new RequestStamp(ID),
                RetryPolicy.defaultPolicy().toRetryConfig()).execute(ExecutePlanRequest.getDefaultInstance()))
        .expectSubscription()
        .expectNextCount(1)
        .then(() -> assertEquals(1, server.reattaches.size(), "no wait after progress"))
        .thenAwait(Duration.ofMillis(49))
        .then(() -> assertEquals(1, server.reattaches.size()))
        .thenAwait(Duration.ofMillis(1))
        .expectNextCount(2)
        .then(() -> assertEquals(3, server.reattaches.size()))
        .thenAwait(Duration.ofMillis(49))
        .then(() -> assertEquals(3, server.reattaches.size(), "backoff starts again at 50 ms"))
        .thenAwait(Duration.ofMillis(1))
        .expectNextCount(7)
        .verifyComplete();
    assertEquals(1, server.executes.size());
  }

  @Test
  void eachSubscriptionIsANewOperation() {
    FakeServer server = new FakeServer(3, rest(), rest());
    Flux<ExecutePlanResponse> flux = run(server);
    flux.blockLast(T);
    flux.blockLast(T);
    assertEquals(2, server.executes.size());
    assertTrue(!server.executes.get(0).getOperationId().equals(server.executes.get(1).getOperationId()));
  }

  @Test
  void aQueryOrphanedBeforeItsFirstResponseStartsOverUnderANewOperationId() {
    // ExecutePlan cut before any response; the reattach lands before the server started the execution thread,
    // and Spark 4.1.2 removes the operation as an orphan: the query runs again, under a new id.
    FakeServer server = new FakeServer(5, fail(0), orphaned(), rest());
    List<ExecutePlanResponse> got = run(server, QUERY).collectList().block(T);
    assertEquals(expected(5), ids(got));
    assertEquals(2, server.executes.size());
    String first = server.executes.get(0).getOperationId();
    String second = server.executes.get(1).getOperationId();
    assertTrue(!first.equals(second), "a new operation id: 4.1.2 refuses a seen one");
    assertTrue(got.stream().allMatch(r -> r.getOperationId().equals(second)));
  }

  @Test
  void aQueryWhoseResentPlanIsRefusedAsAbandonedStartsOverUnderANewOperationId() {
    // OPERATION_NOT_FOUND before any response: the plan is re-sent with the same id, and Spark 4.1.2 refuses an id
    // it has seen before with OPERATION_ABANDONED.
    FakeServer server = new FakeServer(5, fail(0), notFound(), abandoned(), rest());
    assertEquals(expected(5), ids(run(server, QUERY).collectList().block(T)));
    assertEquals(3, server.executes.size());
    assertEquals(server.executes.get(0).getOperationId(), server.executes.get(1).getOperationId());
    assertTrue(!server.executes.get(1).getOperationId().equals(server.executes.get(2).getOperationId()));
  }

  @Test
  void aCommandDroppedBeforeItsFirstResponseIsNotSentAgain() {
    FakeServer server = new FakeServer(5, fail(0), orphaned(), rest());
    StepVerifier.create(run(server)) // a command plan (no root relation)
        .expectErrorSatisfies(e -> {
          OperationNotFoundException o = assertInstanceOf(OperationNotFoundException.class, e);
          assertTrue(o.getMessage().contains("it is a command"), o.getMessage());
          assertTrue(o.getMessage().contains(server.executes.get(0).getOperationId()), o.getMessage());
        })
        .verify(T);
    assertEquals(1, server.executes.size(), "a command may have run: never sent twice");
  }

  @Test
  void anOrphanErrorAfterResponsesIsNotHiddenByARestart() {
    FakeServer server = new FakeServer(5, cut(2), orphaned());
    StepVerifier.create(run(server, QUERY))
        .expectNextCount(2)
        .expectErrorSatisfies(e -> assertTrue(e.getMessage().contains("orphaned"), e::toString))
        .verify(T);
    assertEquals(1, server.executes.size());
  }

  @Test
  void restartsAreBounded() {
    FakeServer server = new FakeServer(5, fail(0), orphaned(), fail(0), orphaned(), fail(0), orphaned(),
        fail(0), orphaned(), rest());
    RetryPolicy patient = FAST.mutate().maxRetries(20).build();
    StepVerifier.create(new ReattachableExecution(server, new RequestStamp(ID), patient.toRetryConfig()).execute(QUERY))
        .expectErrorSatisfies(e -> assertTrue(assertInstanceOf(OperationNotFoundException.class, e).getMessage()
            .contains("started over " + ReattachableExecution.MAX_RESTARTS + " times"), e::getMessage))
        .verify(T);
    assertEquals(1 + ReattachableExecution.MAX_RESTARTS, server.executes.size());
  }
}
