package io.github.reactivespark.connect.listeners;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.github.reactivespark.connect.listeners.StreamingQueryEvent.QueryProgress;
import io.github.reactivespark.connect.listeners.StreamingQueryEvent.QueryStarted;
import io.github.reactivespark.connect.listeners.StreamingQueryEvent.QueryTerminated;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.test.StepVerifier;

class CoalescingBufferTest {

  private static final String RUN_A = "2fb26d77-55a5-47bd-bbb8-28e9b45c4854";
  private static final String RUN_B = "3fb26d77-55a5-47bd-bbb8-28e9b45c4854";

  private static QueryProgress progress(String runId, long batchId) {
    return QueryProgress.fromJson("{\"progress\":{\"id\":\"25406f66-9171-4d57-b79d-abc716bc622f\",\"runId\":\""
        + runId + "\",\"name\":null,\"timestamp\":\"2026-11-23T18:03:26.335Z\",\"batchId\":" + batchId
        + ",\"sources\":[{\"description\":\"rate\",\"numInputRows\":10}],\"sink\":{\"description\":\"noop\"}}}");
  }

  private static QueryStarted started(String runId) {
    return QueryStarted.fromJson("{\"id\":\"25406f66-9171-4d57-b79d-abc716bc622f\",\"runId\":\"" + runId
        + "\",\"name\":\"q\",\"timestamp\":\"2026-11-23T18:03:25.000Z\",\"jobTags\":[]}");
  }

  private static QueryTerminated terminated(String runId) {
    return QueryTerminated.fromJson("{\"id\":\"25406f66-9171-4d57-b79d-abc716bc622f\",\"runId\":\"" + runId
        + "\",\"exception\":\"org.apache.spark.SparkArithmeticException: [DIVIDE_BY_ZERO] Division by zero.\","
        + "\"errorClassOnException\":\"DIVIDE_BY_ZERO\"}");
  }

  @Test
  void aSlowSubscriberKeepsEveryLifecycleEventAndOnlyTheLatestProgressPerRun() {
    AtomicReference<CoalescingBuffer> buffer = new AtomicReference<>();
    Flux<StreamingQueryEvent> flux = Flux.create(sink -> {
      CoalescingBuffer b = new CoalescingBuffer(sink);
      buffer.set(b);
      sink.onRequest(n -> b.drain());
    }, FluxSink.OverflowStrategy.BUFFER);

    StepVerifier.create(flux, 0)
        .then(() -> {
          CoalescingBuffer b = buffer.get();
          b.add(started(RUN_A));
          b.add(progress(RUN_A, 0));
          b.add(progress(RUN_B, 7));
          b.add(progress(RUN_A, 1));
          b.add(progress(RUN_A, 2));
          b.add(terminated(RUN_B));
          b.complete();
          assertEquals(4, b.size(), "started, B#7, A#2, terminated");
        })
        .thenRequest(1)
        .assertNext(e -> assertEquals(started(RUN_A), e))
        .thenRequest(10)
        .assertNext(e -> assertEquals(7, ((QueryProgress) e).progress().batchId()))
        .assertNext(e -> assertEquals(2, ((QueryProgress) e).progress().batchId()))
        .assertNext(e -> assertEquals("DIVIDE_BY_ZERO", ((QueryTerminated) e).toException().errorClass()))
        .expectComplete()
        .verify(Duration.ofSeconds(5));
  }

  @Test
  void anUnboundedSubscriberSeesEveryProgress() {
    Flux<StreamingQueryEvent> flux = Flux.create(sink -> {
      CoalescingBuffer b = new CoalescingBuffer(sink);
      sink.onRequest(n -> b.drain());
      for (int i = 0; i < 5; i++) {
        b.add(progress(RUN_A, i));
      }
      b.error(new IllegalStateException("bus failed"));
    }, FluxSink.OverflowStrategy.BUFFER);
    StepVerifier.create(flux)
        .expectNextCount(5)
        .expectErrorMessage("bus failed")
        .verify(Duration.ofSeconds(5));
  }

  @Test
  void eventsParseSparksJson() {
    QueryTerminated stopped = QueryTerminated.fromJson("{\"id\":\"25406f66-9171-4d57-b79d-abc716bc622f\","
        + "\"runId\":\"" + RUN_A + "\",\"exception\":null,\"errorClassOnException\":null}");
    assertNull(stopped.exception());
    assertNull(stopped.toException());
    assertEquals(10, progress(RUN_A, 3).progress().numInputRows());
    assertEquals("q", started(RUN_A).name());
  }
}
