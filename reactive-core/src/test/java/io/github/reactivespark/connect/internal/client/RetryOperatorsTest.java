package io.github.reactivespark.connect.internal.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Any;
import com.google.rpc.RetryInfo;
import io.github.reactivespark.connect.RetryPolicy;
import io.github.reactivespark.connect.exceptions.RetriesExceededException;
import io.github.resilience4j.retry.Retry;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class RetryOperatorsTest {

  static final Duration VERIFY = Duration.ofSeconds(10);

  /** Spark's default policy with a fixed jitter of 250 ms (0.5 x 500 ms). */
  static final RetryPolicy POLICY = RetryPolicy.defaultPolicy().mutate().jitterSource(() -> 0.5).build();

  /** 50 + 200 + 800 + 3200 + 12800 + 51200 + 9 x 60000, plus 250 ms jitter on the 12 waits of 2 s or more. */
  static final Duration TOTAL_WAIT = Duration.ofMillis(608_250 + 12 * 250);

  static StatusRuntimeException unavailable(int attempt) {
    return Status.UNAVAILABLE.withDescription("attempt " + attempt).asRuntimeException();
  }

  /** A cold source that fails with a new UNAVAILABLE on every subscription and counts subscriptions. */
  static Flux<String> alwaysUnavailable(AtomicInteger subscriptions) {
    return Flux.defer(() -> Flux.error(unavailable(subscriptions.incrementAndGet())));
  }

  @Test
  void fifteenRetriesThenRetriesExceededWithSixteenAttempts() {
    AtomicInteger subscriptions = new AtomicInteger();
    StepVerifier.withVirtualTime(() -> RetryOperators.retry(alwaysUnavailable(subscriptions), POLICY.toRetryConfig(), "test"))
        .expectSubscription()
        .thenAwait(TOTAL_WAIT)
        .expectErrorSatisfies(e -> {
          RetriesExceededException r = assertInstanceOf(RetriesExceededException.class, e);
          assertEquals(16, r.attempts().size());
          assertEquals(16, r.getSuppressed().length);
          assertArrayEquals(r.attempts().toArray(), r.getSuppressed());
          for (int i = 0; i < 16; i++) {
            StatusRuntimeException attempt = assertInstanceOf(StatusRuntimeException.class, r.attempts().get(i));
            assertEquals("attempt " + (i + 1), attempt.getStatus().getDescription());
          }
          assertEquals(io.github.reactivespark.connect.exceptions.StatusCode.UNAVAILABLE, r.statusCode());
        })
        .verify(VERIFY);
    assertEquals(16, subscriptions.get());
  }

  @Test
  void waitsFollowTheBackoffExactly() {
    AtomicInteger subscriptions = new AtomicInteger();
    long[] waits = {50, 200, 800, 3450, 13050, 51450, 60250, 60250, 60250, 60250, 60250, 60250, 60250, 60250, 60250};
    StepVerifier.FirstStep<String> steps =
        StepVerifier.withVirtualTime(() -> RetryOperators.retry(alwaysUnavailable(subscriptions), POLICY.toRetryConfig(), "test"));
    StepVerifier.Step<String> step = steps.expectSubscription().then(() -> assertEquals(1, subscriptions.get()));
    for (int i = 0; i < waits.length; i++) {
      int expectedBefore = i + 1;
      step = step.thenAwait(Duration.ofMillis(waits[i] - 1))
          .then(() -> assertEquals(expectedBefore, subscriptions.get(), "still waiting"))
          .thenAwait(Duration.ofMillis(1))
          .then(() -> assertEquals(expectedBefore + 1, subscriptions.get(), "retried after the wait"));
    }
    step.expectError(RetriesExceededException.class).verify(VERIFY);
  }

  @Test
  void recoversWhenAnAttemptSucceeds() {
    AtomicInteger subscriptions = new AtomicInteger();
    Flux<String> source = Flux.defer(() -> subscriptions.incrementAndGet() < 3
        ? Flux.error(unavailable(subscriptions.get()))
        : Flux.just("a", "b"));
    StepVerifier.withVirtualTime(() -> RetryOperators.retry(source, POLICY.toRetryConfig(), "test"))
        .expectSubscription()
        .thenAwait(Duration.ofMillis(250))
        .expectNext("a", "b")
        .verifyComplete();
    assertEquals(3, subscriptions.get());
  }

  @Test
  void nonRetryableErrorsPassThroughUnchangedWithoutRetry() {
    AtomicInteger subscriptions = new AtomicInteger();
    StatusRuntimeException invalid = Status.INVALID_ARGUMENT.withDescription("bad").asRuntimeException();
    Flux<String> source = Flux.defer(() -> {
      subscriptions.incrementAndGet();
      return Flux.error(invalid);
    });
    StepVerifier.withVirtualTime(() -> RetryOperators.retry(source, POLICY.toRetryConfig(), "test"))
        .expectSubscription()
        .expectErrorSatisfies(e -> assertSame(invalid, e))
        .verify(VERIFY);
    assertEquals(1, subscriptions.get());
  }

  @Test
  void aNonRetryableErrorAfterRetriesIsNotWrapped() {
    AtomicInteger subscriptions = new AtomicInteger();
    StatusRuntimeException internal = Status.INTERNAL.withDescription("[DIVIDE_BY_ZERO]").asRuntimeException();
    Flux<String> source = Flux.defer(() -> subscriptions.incrementAndGet() < 3
        ? Flux.error(unavailable(subscriptions.get()))
        : Flux.error(internal));
    StepVerifier.withVirtualTime(() -> RetryOperators.retry(source, POLICY.toRetryConfig(), "test"))
        .expectSubscription()
        .thenAwait(Duration.ofMillis(250))
        .expectErrorSatisfies(e -> assertSame(internal, e))
        .verify(VERIFY);
    assertEquals(3, subscriptions.get());
  }

  @Test
  void eachSubscriptionGetsAFreshBudget() {
    AtomicInteger subscriptions = new AtomicInteger();
    StepVerifier.withVirtualTime(() -> {
          Flux<String> retried = RetryOperators.retry(alwaysUnavailable(subscriptions), POLICY.toRetryConfig(), "test");
          // the same assembled Flux, subscribed twice one after the other
          return retried.onErrorResume(first -> retried.onErrorMap(second -> new CompositeFailure(first, second)));
        })
        .expectSubscription()
        .thenAwait(TOTAL_WAIT.multipliedBy(2))
        .expectErrorSatisfies(e -> {
          CompositeFailure both = assertInstanceOf(CompositeFailure.class, e);
          RetriesExceededException first = assertInstanceOf(RetriesExceededException.class, both.first);
          RetriesExceededException second = assertInstanceOf(RetriesExceededException.class, both.second);
          assertEquals(16, first.attempts().size());
          assertEquals(16, second.attempts().size());
          assertEquals("attempt 17",
              ((StatusRuntimeException) second.attempts().get(0)).getStatus().getDescription());
        })
        .verify(VERIFY);
    assertEquals(32, subscriptions.get());
  }

  @Test
  void serverRetryDelayIsHonoured() {
    AtomicInteger subscriptions = new AtomicInteger();
    RetryInfo info = RetryInfo.newBuilder()
        .setRetryDelay(com.google.protobuf.Duration.newBuilder().setSeconds(30)).build();
    Flux<String> source = Flux.defer(() -> subscriptions.incrementAndGet() == 1
        ? Flux.error(StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
            .setCode(Status.Code.RESOURCE_EXHAUSTED.value()).addDetails(Any.pack(info)).build()))
        : Flux.just("ok"));
    RetryPolicy noJitter = POLICY.mutate().jitter(Duration.ZERO).build();
    StepVerifier.withVirtualTime(() -> RetryOperators.retry(source, noJitter.toRetryConfig(), "test"))
        .expectSubscription()
        .thenAwait(Duration.ofMillis(29_999))
        .then(() -> assertEquals(1, subscriptions.get()))
        .thenAwait(Duration.ofMillis(1))
        .expectNext("ok")
        .verifyComplete();
  }

  @Test
  void monoVariant() {
    AtomicInteger subscriptions = new AtomicInteger();
    Mono<String> source = Mono.defer(() -> Mono.error(unavailable(subscriptions.incrementAndGet())));
    RetryPolicy three = POLICY.mutate().maxRetries(3).build();
    StepVerifier.withVirtualTime(() -> RetryOperators.retry(source, three.toRetryConfig(), "test"))
        .expectSubscription()
        .thenAwait(Duration.ofMillis(50 + 200 + 800))
        .expectErrorSatisfies(e -> assertEquals(4, ((RetriesExceededException) e).attempts().size()))
        .verify(VERIFY);
    assertEquals(4, subscriptions.get());
  }

  @Test
  void monoVariantRecovers() {
    AtomicInteger subscriptions = new AtomicInteger();
    Mono<Integer> source = Mono.defer(() -> subscriptions.incrementAndGet() < 2
        ? Mono.error(unavailable(1))
        : Mono.just(42));
    StepVerifier.withVirtualTime(() -> RetryOperators.retry(source, POLICY.toRetryConfig(), "test"))
        .expectSubscription()
        .thenAwait(Duration.ofMillis(50))
        .expectNext(42)
        .verifyComplete();
  }

  @Test
  void noneLetsTheFirstErrorThrough() {
    AtomicInteger subscriptions = new AtomicInteger();
    StepVerifier.create(RetryOperators.retry(alwaysUnavailable(subscriptions), RetryPolicy.none().toRetryConfig(), "test"))
        .expectErrorSatisfies(e -> assertEquals("attempt 1",
            assertInstanceOf(StatusRuntimeException.class, e).getStatus().getDescription()))
        .verify(VERIFY);
    assertEquals(1, subscriptions.get());
  }

  @Test
  void retryEventsCanBeObserved() {
    AtomicInteger subscriptions = new AtomicInteger();
    List<Duration> waits = new ArrayList<>();
    AtomicInteger errors = new AtomicInteger();
    Retry retry = Retry.of("observed", POLICY.mutate().maxRetries(4).build().toRetryConfig());
    retry.getEventPublisher().onRetry(event -> waits.add(event.getWaitInterval()));
    retry.getEventPublisher().onError(event -> errors.incrementAndGet());
    StepVerifier.withVirtualTime(() -> RetryOperators.retry(alwaysUnavailable(subscriptions), retry))
        .expectSubscription()
        .thenAwait(Duration.ofMillis(50 + 200 + 800 + 3450))
        .expectError(RetriesExceededException.class)
        .verify(VERIFY);
    assertEquals(List.of(Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofMillis(800),
        Duration.ofMillis(3450)), waits);
    assertEquals(1, errors.get());
    assertEquals(5, subscriptions.get());
  }

  @Test
  void cancellingDuringAWaitStopsRetrying() {
    AtomicInteger subscriptions = new AtomicInteger();
    StepVerifier.withVirtualTime(() -> RetryOperators.retry(alwaysUnavailable(subscriptions), POLICY.toRetryConfig(), "test"))
        .expectSubscription()
        .thenAwait(Duration.ofMillis(100))
        .thenCancel()
        .verify(VERIFY);
    assertEquals(2, subscriptions.get());
  }

  @Test
  void serverRetryDelayIsCappedAtTenMinutesInVirtualTime() {
    AtomicInteger subscriptions = new AtomicInteger();
    RetryInfo hour = RetryInfo.newBuilder()
        .setRetryDelay(com.google.protobuf.Duration.newBuilder().setSeconds(3600)).build();
    Flux<String> source = Flux.defer(() -> subscriptions.incrementAndGet() == 1
        ? Flux.error(StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
            .setCode(Status.Code.UNAVAILABLE.value()).addDetails(Any.pack(hour)).build()))
        : Flux.just("ok"));
    // 10 min (the cap) is above the jitter threshold: + 250 ms of fixed jitter
    StepVerifier.withVirtualTime(() -> RetryOperators.retry(source, POLICY.toRetryConfig(), "test"))
        .expectSubscription()
        .thenAwait(Duration.ofMinutes(10).plusMillis(249))
        .then(() -> assertEquals(1, subscriptions.get(), "still waiting: the server's delay counts up to 10 min"))
        .thenAwait(Duration.ofMillis(1))
        .expectNext("ok")
        .verifyComplete();
  }

  @Test
  void serverRetryDelayMakesAnyStatusRetryableAndWaitsAtLeastThatLong() {
    AtomicInteger subscriptions = new AtomicInteger();
    RetryInfo info = RetryInfo.newBuilder()
        .setRetryDelay(com.google.protobuf.Duration.newBuilder().setNanos(700_000_000)).build();
    // RESOURCE_EXHAUSTED is not retried by status, only because it carries RetryInfo; 700 ms > 50 ms backoff,
    // below the jitter threshold: exactly 700 ms
    Flux<String> source = Flux.defer(() -> subscriptions.incrementAndGet() == 1
        ? Flux.error(StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
            .setCode(Status.Code.RESOURCE_EXHAUSTED.value()).addDetails(Any.pack(info)).build()))
        : Flux.just("ok"));
    StepVerifier.withVirtualTime(() -> RetryOperators.retry(source, POLICY.toRetryConfig(), "test"))
        .expectSubscription()
        .thenAwait(Duration.ofMillis(699))
        .then(() -> assertEquals(1, subscriptions.get()))
        .thenAwait(Duration.ofMillis(1))
        .expectNext("ok")
        .verifyComplete();
  }

  @Test
  void randomJitterIsBelow500MsAndOnlyOnWaitsOfTwoSecondsOrMore() {
    AtomicInteger subscriptions = new AtomicInteger();
    AtomicInteger draws = new AtomicInteger();
    java.util.Random random = new java.util.Random(42);
    RetryPolicy randomJitter = RetryPolicy.defaultPolicy().mutate().jitterSource(() -> {
      draws.incrementAndGet();
      return random.nextDouble();
    }).build();
    Retry retry = Retry.of("jitter", randomJitter.toRetryConfig());
    List<Duration> waits = new ArrayList<>();
    retry.getEventPublisher().onRetry(event -> waits.add(event.getWaitInterval()));
    StepVerifier.withVirtualTime(() -> RetryOperators.retry(alwaysUnavailable(subscriptions), retry))
        .expectSubscription()
        .thenAwait(Duration.ofMinutes(20))
        .expectErrorSatisfies(e -> assertEquals(16,
            assertInstanceOf(RetriesExceededException.class, e).attempts().size()))
        .verify(VERIFY);
    long[] base = {50, 200, 800, 3200, 12800, 51200, 60000, 60000, 60000, 60000, 60000, 60000, 60000, 60000, 60000};
    assertEquals(15, waits.size());
    assertEquals(12, draws.get(), "one jitter draw per wait of 2 s or more, none below");
    long total = 0;
    for (int i = 0; i < 15; i++) {
      long ms = waits.get(i).toMillis();
      total += ms;
      if (base[i] < 2000) {
        assertEquals(base[i], ms, "no jitter below 2 s, retry " + (i + 1));
      } else {
        assertTrue(ms >= base[i] && ms < base[i] + 500, "retry " + (i + 1) + " waited " + ms);
      }
    }
    assertTrue(total >= Duration.ofMinutes(10).toMillis(), "Spark's policy tolerates at least 10 min: " + total);
    assertEquals(16, subscriptions.get());
  }

  /** A watchdog whose reconnections the test makes: {@link #reconnect()} starts a new epoch. */
  static final class ScriptedWatchdog implements ConnectionWatchdog {
    final java.util.concurrent.atomic.AtomicLong epoch = new java.util.concurrent.atomic.AtomicLong();
    final reactor.core.publisher.Sinks.Many<Long> epochs =
        reactor.core.publisher.Sinks.many().multicast().directBestEffort();
    final AtomicInteger waiting = new AtomicInteger();

    void reconnect() {
      epochs.tryEmitNext(epoch.incrementAndGet());
    }

    @Override
    public long epoch() {
      return epoch.get();
    }

    @Override
    public Mono<Void> reconnected(long since) {
      return Flux.merge(epochs.asFlux(), Mono.fromSupplier(epoch::get)).filter(e -> e > since).next().then()
          .doOnSubscribe(s -> waiting.incrementAndGet()).doFinally(s -> waiting.decrementAndGet());
    }

    @Override
    public String target() {
      return "127.0.0.1:15002";
    }
  }

  @Test
  void aReconnectEndsTheWaitEarlyAndTheBackoffStillGrows() {
    AtomicInteger subscriptions = new AtomicInteger();
    ScriptedWatchdog watchdog = new ScriptedWatchdog();
    Retry retry = Retry.of("execute-x", POLICY.toRetryConfig());
    List<Duration> waits = new ArrayList<>();
    retry.getEventPublisher().onRetry(event -> waits.add(event.getWaitInterval()));
    Flux<String> source = Flux.defer(() -> subscriptions.incrementAndGet() < 4
        ? Flux.error(unavailable(subscriptions.get()))
        : Flux.just("back"));
    StepVerifier.withVirtualTime(() -> RetryOperators.retry(source, retry, watchdog))
        .expectSubscription()
        .thenAwait(Duration.ofMillis(50))
        .then(() -> assertEquals(2, subscriptions.get(), "the first wait, 50 ms, ran out"))
        .thenAwait(Duration.ofMillis(120))
        .then(() -> assertEquals(2, subscriptions.get(), "waiting up to 200 ms"))
        .then(() -> assertEquals(1, watchdog.waiting.get(), "the wait watches the connection"))
        .then(watchdog::reconnect)
        .then(() -> assertEquals(3, subscriptions.get(), "retried as soon as the connection was back"))
        .thenAwait(Duration.ofMillis(799))
        .then(() -> assertEquals(3, subscriptions.get(), "the next wait is Spark's 800 ms again"))
        .thenAwait(Duration.ofMillis(1))
        .expectNext("back")
        .verifyComplete();
    assertEquals(List.of(Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofMillis(800)), waits,
        "Resilience4j decided every wait");
    assertEquals(0, watchdog.waiting.get(), "nothing watches once done");
  }

  @Test
  void anAttemptThatSawAReconnectIsRetriedAtOnceOnlyOnce() {
    // the connection came back while the attempt ran (it had a connection then): one immediate retry, after that
    // a failure on the same connection waits the full backoff
    AtomicInteger subscriptions = new AtomicInteger();
    ScriptedWatchdog watchdog = new ScriptedWatchdog();
    Flux<String> source = Flux.defer(() -> {
      if (subscriptions.incrementAndGet() == 1) {
        watchdog.reconnect();
      }
      return subscriptions.get() < 3 ? Flux.error(unavailable(subscriptions.get())) : Flux.just("ok");
    });
    StepVerifier.withVirtualTime(() -> RetryOperators.retry(source, Retry.of("t", POLICY.toRetryConfig()), watchdog))
        .expectSubscription()
        .then(() -> assertEquals(2, subscriptions.get(), "retried at once"))
        .thenAwait(Duration.ofMillis(199))
        .then(() -> assertEquals(2, subscriptions.get(), "then Spark's wait"))
        .thenAwait(Duration.ofMillis(1))
        .expectNext("ok")
        .verifyComplete();
  }

  @Test
  void retriesExceededNamesTheCallItsAddressAndHowLongItTried() {
    AtomicInteger subscriptions = new AtomicInteger();
    RetryPolicy three = POLICY.mutate().maxRetries(3).build();
    StepVerifier.withVirtualTime(() -> RetryOperators.retry(alwaysUnavailable(subscriptions),
            Retry.of("AnalyzePlan", three.toRetryConfig()), new ScriptedWatchdog()))
        .expectSubscription()
        .thenAwait(Duration.ofMillis(50 + 200 + 800))
        .expectErrorSatisfies(e -> {
          RetriesExceededException r = assertInstanceOf(RetriesExceededException.class, e);
          assertEquals("Retries exceeded: AnalyzePlan to 127.0.0.1:15002 failed 4 times in 1.1 s; last error:"
              + " UNAVAILABLE: attempt 4", r.getMessage());
          assertEquals(Duration.ofMillis(1050), r.elapsed());
        })
        .verify(VERIFY);
  }

  static final class CompositeFailure extends RuntimeException {
    final Throwable first;
    final Throwable second;

    CompositeFailure(Throwable first, Throwable second) {
      this.first = first;
      this.second = second;
    }
  }
}
