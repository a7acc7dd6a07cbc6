package io.github.reactivespark.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.github.reactivespark.connect.exceptions.RetriesExceededException;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class ConnectOperatorsTest {

  static final Duration VERIFY = Duration.ofSeconds(10);
  static final RetryPolicy POLICY = RetryPolicy.defaultPolicy().mutate().jitterSource(() -> 0.5).build();

  static StatusRuntimeException unavailable(int attempt) {
    return Status.UNAVAILABLE.withDescription("attempt " + attempt).asRuntimeException();
  }

  /** Fails with UNAVAILABLE until subscription number {@code successAt}, then emits a, b. */
  static Flux<String> failingUntil(int successAt, AtomicInteger subscriptions) {
    return Flux.defer(() -> {
      int n = subscriptions.incrementAndGet();
      return n < successAt ? Flux.error(unavailable(n)) : Flux.just("a", "b");
    });
  }

  @Test
  void fluxTransformRetriesWithSparksBackoff() {
    AtomicInteger subscriptions = new AtomicInteger();
    StepVerifier.withVirtualTime(() -> failingUntil(3, subscriptions).transform(ConnectOperators.retry(POLICY)))
        .expectSubscription()
        .thenAwait(Duration.ofMillis(49))
        .then(() -> assertEquals(1, subscriptions.get()))
        .thenAwait(Duration.ofMillis(1))
        .then(() -> assertEquals(2, subscriptions.get()))
        .thenAwait(Duration.ofMillis(199))
        .then(() -> assertEquals(2, subscriptions.get()))
        .thenAwait(Duration.ofMillis(1))
        .expectNext("a", "b")
        .verifyComplete();
    assertEquals(3, subscriptions.get());
  }

  @Test
  void monoStaysMono() {
    AtomicInteger subscriptions = new AtomicInteger();
    Mono<Integer> source = Mono.defer(() -> subscriptions.incrementAndGet() < 2
        ? Mono.error(unavailable(1)) : Mono.just(42));
    StepVerifier.withVirtualTime(() -> {
          Mono<Integer> retried = source.transform(ConnectOperators.retry(POLICY));
          return retried;
        })
        .expectSubscription()
        .thenAwait(Duration.ofMillis(50))
        .expectNext(42)
        .verifyComplete();
    assertEquals(2, subscriptions.get());
  }

  @Test
  void retriesSwitchedOffLetTheFirstErrorThroughUnchanged() {
    AtomicInteger subscriptions = new AtomicInteger();
    List<Throwable> seen = new ArrayList<>();
    Flux<String> source = Flux.defer(() -> {
      StatusRuntimeException e = unavailable(subscriptions.incrementAndGet());
      seen.add(e);
      return Flux.error(e);
    });
    StepVerifier.create(source.transform(ConnectOperators.retry(RetryPolicy.none())))
        .expectErrorSatisfies(e -> assertSame(seen.get(0), e))
        .verify(VERIFY);
    assertEquals(1, subscriptions.get());
  }

  @Test
  void customRetryConfigEndsInRetriesExceededWithEveryAttempt() {
    AtomicInteger subscriptions = new AtomicInteger();
    RetryConfig config = RetryConfig.custom()
        .maxAttempts(3)
        .waitDuration(Duration.ofSeconds(1))
        .retryOnException(RetryPolicy.DEFAULT_RETRY_PREDICATE)
        .build();
    StepVerifier.withVirtualTime(() -> failingUntil(100, subscriptions)
            .transform(ConnectOperators.retry("custom", config)))
        .expectSubscription()
        .thenAwait(Duration.ofMillis(1999))
        .then(() -> assertEquals(2, subscriptions.get()))
        .thenAwait(Duration.ofMillis(1))
        .expectErrorSatisfies(e -> {
          RetriesExceededException r = assertInstanceOf(RetriesExceededException.class, e);
          assertEquals(3, r.attempts().size());
          for (int i = 0; i < 3; i++) {
            assertEquals("attempt " + (i + 1),
                ((StatusRuntimeException) r.attempts().get(i)).getStatus().getDescription());
          }
          assertEquals(3, r.getSuppressed().length);
        })
        .verify(VERIFY);
    assertEquals(3, subscriptions.get());
  }

  @Test
  void customPredicateRetriesConvertedErrorsToo() {
    AtomicInteger subscriptions = new AtomicInteger();
    RetryPolicy policy = POLICY.mutate().retryPredicate(e -> e instanceof IllegalStateException).build();
    Flux<String> source = Flux.defer(() -> subscriptions.incrementAndGet() < 2
        ? Flux.error(new IllegalStateException("busy")) : Flux.just("ok"));
    StepVerifier.withVirtualTime(() -> source.transform(ConnectOperators.retry(policy)))
        .expectSubscription()
        .thenAwait(Duration.ofMillis(50))
        .expectNext("ok")
        .verifyComplete();
  }

  @Test
  void retryEventsAreObservableThroughResilience4j() {
    AtomicInteger subscriptions = new AtomicInteger();
    Retry retry = Retry.of("observed", POLICY.toRetryConfig());
    List<Duration> waits = new ArrayList<>();
    List<Integer> successes = new ArrayList<>();
    retry.getEventPublisher().onRetry(e -> waits.add(e.getWaitInterval()));
    retry.getEventPublisher().onSuccess(e -> successes.add(e.getNumberOfRetryAttempts()));
    StepVerifier.withVirtualTime(() -> failingUntil(4, subscriptions).transform(ConnectOperators.retry(retry)))
        .expectSubscription()
        .thenAwait(Duration.ofMillis(50 + 200 + 800))
        .expectNext("a", "b")
        .verifyComplete();
    assertEquals(List.of(Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofMillis(800)), waits);
    assertEquals(List.of(3), successes);
    assertEquals(1, retry.getMetrics().getNumberOfSuccessfulCallsWithRetryAttempt());
  }

  @Test
  void oneTransformedFluxGivesEverySubscriptionItsOwnBudget() {
    AtomicInteger subscriptions = new AtomicInteger();
    RetryPolicy two = POLICY.mutate().maxRetries(2).build();
    Flux<String> retried = failingUntil(1000, subscriptions).transform(ConnectOperators.retry(two));
    for (int round = 1; round <= 2; round++) {
      StepVerifier.withVirtualTime(() -> retried)
          .expectSubscription()
          .thenAwait(Duration.ofMillis(250))
          .expectErrorSatisfies(e -> assertEquals(3, ((RetriesExceededException) e).attempts().size()))
          .verify(VERIFY);
      assertEquals(3 * round, subscriptions.get());
    }
  }

  // ------------------------------------------------------------------ resumable

  /**
   * A source of 0..19 that continues after the given element; its calls behave by script: cut the stream after
   * a few elements, fail after progress, or fail before any element.
   */
  static final class ScriptedSource {
    final List<Optional<Integer>> calls = new ArrayList<>();
    final List<String> script;

    ScriptedSource(String... script) {
      this.script = List.of(script);
    }

    Flux<Integer> call(Optional<Integer> last) {
      int n = calls.size();
      calls.add(last);
      int from = last.map(i -> i + 1).orElse(0);
      Flux<Integer> rest = Flux.range(from, 20 - from);
      String what = n < script.size() ? script.get(n) : "rest";
      return switch (what) {
        case "cut3" -> rest.take(3);
        case "fail2" -> rest.take(2).concatWith(Flux.error(unavailable(n)));
        case "fail0" -> Flux.error(unavailable(n));
        case "empty" -> Flux.empty();
        case "bad" -> rest.take(1).concatWith(Flux.error(new IllegalArgumentException("bad")));
        default -> rest;
      };
    }
  }

  @Test
  void resumableContinuesFromTheLastElementAfterCutsAndErrors() {
    ScriptedSource src = new ScriptedSource("cut3", "fail2", "empty", "fail0", "fail0", "cut3");
    StepVerifier.withVirtualTime(() -> ConnectOperators.resumable(src::call, i -> i == 19, POLICY))
        .expectSubscription()
        .expectNext(0, 1, 2, 3, 4)
        .thenAwait(Duration.ofMillis(49))
        .then(() -> assertEquals(4, src.calls.size(), "first retry without progress waits 50 ms"))
        .thenAwait(Duration.ofMillis(1))
        .thenAwait(Duration.ofMillis(200))
        .expectNextSequence(IntStream.range(5, 20).boxed().toList())
        .verifyComplete();
    assertEquals(List.of(Optional.empty(), Optional.of(2), Optional.of(4), Optional.of(4), Optional.of(4),
        Optional.of(4), Optional.of(7)), src.calls);
  }

  @Test
  void resumableBeforeTheFirstElementStartsAgainFromNothing() {
    ScriptedSource src = new ScriptedSource("empty", "fail0");
    StepVerifier.withVirtualTime(() -> ConnectOperators.resumable(src::call, i -> i == 19, POLICY))
        .expectSubscription()
        .thenAwait(Duration.ofMillis(50))
        .expectNextCount(20)
        .verifyComplete();
    assertEquals(List.of(Optional.<Integer>empty(), Optional.<Integer>empty(), Optional.<Integer>empty()),
        src.calls);
  }

  @Test
  void resumableEmitsOtherErrorsUnchanged() {
    ScriptedSource src = new ScriptedSource("cut3", "bad");
    StepVerifier.create(ConnectOperators.resumable(src::call, i -> i == 19, POLICY))
        .expectNext(0, 1, 2, 3)
        .expectErrorSatisfies(e -> assertEquals("bad", assertInstanceOf(IllegalArgumentException.class, e)
            .getMessage()))
        .verify(VERIFY);
  }

  @Test
  void resumableRunsOutOfRetriesOnlyWithoutProgress() {
    // 2 elements, then three failures in a row with a budget of 2 retries
    ScriptedSource src = new ScriptedSource("cut3", "fail0", "fail0", "fail0");
    RetryPolicy two = POLICY.mutate().maxRetries(2).build();
    StepVerifier.withVirtualTime(() -> ConnectOperators.resumable(src::call, i -> i == 19, two))
        .expectSubscription()
        .expectNext(0, 1, 2)
        .thenAwait(Duration.ofMillis(250))
        .expectErrorSatisfies(e -> assertEquals(3,
            assertInstanceOf(RetriesExceededException.class, e).attempts().size()))
        .verify(VERIFY);
    assertEquals(4, src.calls.size());
  }

  @Test
  void resumableWithRetriesOffStillResumesCutStreams() {
    ScriptedSource src = new ScriptedSource("cut3", "cut3", "fail0");
    StepVerifier.create(ConnectOperators.resumable(src::call, i -> i == 19, RetryPolicy.none()))
        .expectNext(0, 1, 2, 3, 4, 5)
        .expectErrorSatisfies(e -> assertInstanceOf(StatusRuntimeException.class, e))
        .verify(VERIFY);
  }
}
