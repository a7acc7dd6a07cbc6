package io.github.reactivespark.connect.it.streaming;

import static io.github.reactivespark.connect.functions.col;
import static io.github.reactivespark.connect.functions.expr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.reactivespark.connect.DataFrame;
import io.github.reactivespark.connect.exceptions.StreamingQueryException;
import io.github.reactivespark.connect.internal.ConnectInternals;
import io.github.reactivespark.connect.internal.proto.Command;
import io.github.reactivespark.connect.internal.proto.StreamingQueryListenerBusCommand;
import io.github.reactivespark.connect.listeners.StreamingListeners;
import io.github.reactivespark.connect.listeners.StreamingQueryEvent;
import io.github.reactivespark.connect.listeners.StreamingQueryEvent.QueryProgress;
import io.github.reactivespark.connect.listeners.StreamingQueryEvent.QueryStarted;
import io.github.reactivespark.connect.listeners.StreamingQueryEvent.QueryTerminated;
import io.github.reactivespark.connect.listeners.StreamingQueryListener;
import io.github.reactivespark.connect.streaming.SparkStreaming;
import io.github.reactivespark.connect.streaming.StreamingQuery;
import io.github.reactivespark.connect.streaming.StreamingQueryProgress;
import io.github.reactivespark.connect.streaming.Trigger;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The listener bus: events(), progress(query), the classic listener adapter, and the server registration. */
class ListenersIT extends StreamingTestBase {

  private static final Command ADD = Command.newBuilder().setStreamingQueryListenerBusCommand(
      StreamingQueryListenerBusCommand.newBuilder().setAddListenerBusListener(true)).build();
  private static final Command REMOVE = Command.newBuilder().setStreamingQueryListenerBusCommand(
      StreamingQueryListenerBusCommand.newBuilder().setRemoveListenerBusListener(true)).build();

  private StreamingQuery startRate(String name, long rowsPerBatch, String expression) {
    DataFrame src = SparkStreaming.readStream(spark).format("rate-micro-batch")
        .option("rowsPerBatch", rowsPerBatch).load().select(expr(expression).as("x"));
    return SparkStreaming.writeStream(src).format("memory").queryName(name).trigger(Trigger.processingTime(300))
        .start().block(TIMEOUT);
  }

  /** Polls {@code condition} on the test thread (it may block) every 100 ms, up to {@link #TIMEOUT}. */
  private static void await(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("timed out waiting for " + what);
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  /** The error {@code f} ends with, or {@code null} when it completes. */
  private static Throwable errorOf(Flux<?> f) {
    return f.then(Mono.<Throwable>empty()).onErrorResume(Mono::just).block(TIMEOUT);
  }

  private static List<StreamingQueryEvent> of(List<StreamingQueryEvent> events, StreamingQuery q) {
    return events.stream().filter(e -> e.runId().equals(q.runId())).toList();
  }

  @Test
  void eventsSeeStartedProgressAndTerminatedAndALateSubscriberSeesTheLaterOnes() {
    StreamingListeners listeners = StreamingListeners.of(spark);
    List<StreamingQueryEvent> early = new CopyOnWriteArrayList<>();
    List<StreamingQueryEvent> late = new CopyOnWriteArrayList<>();
    List<StreamingQueryProgress> progress = new CopyOnWriteArrayList<>();
    List<String> progressEnd = new CopyOnWriteArrayList<>();
    Disposable d1 = listeners.events().subscribe(early::add);
    Disposable d2 = null;
    Disposable d3 = null;
    try {
      listeners.registered().block(TIMEOUT);
      String name = uniqueName("ev");
      StreamingQuery q = startRate(name, 10, "value");
      try {
        await(() -> of(early, q).stream().anyMatch(e -> e instanceof QueryProgress), "a progress event");
        d2 = listeners.events().subscribe(late::add);
        d3 = listeners.progress(q).subscribe(progress::add, e -> progressEnd.add("error " + e),
            () -> progressEnd.add("complete"));
        await(() -> of(late, q).stream().anyMatch(e -> e instanceof QueryProgress) && progress.size() >= 1,
            "progress seen by the late subscribers");
      } finally {
        q.stop().block(TIMEOUT);
      }
      await(() -> of(late, q).stream().anyMatch(e -> e instanceof QueryTerminated), "the terminated event");
      await(() -> !progressEnd.isEmpty(), "progress() to end");
      assertEquals(List.of("complete"), progressEnd);

      List<StreamingQueryEvent> mine = of(early, q);
      QueryStarted started = assertInstanceOf(QueryStarted.class, mine.get(0), mine.toString());
      assertEquals(q.id(), started.id());
      assertEquals(name, started.name());
      QueryTerminated terminated = assertInstanceOf(QueryTerminated.class, mine.get(mine.size() - 1));
      assertEquals(q.id(), terminated.id());
      assertNull(terminated.exception());
      assertNull(terminated.toException());
      List<Long> batchIds = mine.stream().filter(e -> e instanceof QueryProgress)
          .map(e -> ((QueryProgress) e).progress().batchId()).toList();
      for (int i = 0; i < batchIds.size(); i++) {
        assertEquals(i, batchIds.get(i), "an unbounded subscriber sees every progress, in order: " + batchIds);
      }
      mine.stream().filter(e -> e instanceof QueryProgress).map(e -> ((QueryProgress) e).progress())
          .forEach(p -> assertEquals(10, p.numInputRows(), p.json()));

      List<StreamingQueryEvent> lateMine = of(late, q);
      assertFalse(lateMine.stream().anyMatch(e -> e instanceof QueryStarted), "hot: no earlier events");
      assertTrue(mine.containsAll(lateMine), "the late subscriber sees a suffix of the same events");
      assertTrue(lateMine.get(0) instanceof QueryProgress && batchIds.get(0) < ((QueryProgress) lateMine.get(0))
          .progress().batchId());
      assertTrue(progress.stream().allMatch(p -> p.runId().equals(q.runId())));
    } finally {
      d1.dispose();
      if (d2 != null) {
        d2.dispose();
      }
      if (d3 != null) {
        d3.dispose();
      }
    }
  }

  @Test
  void aFailingQueryErrorsProgressAndCarriesItsErrorClassInTheTerminatedEvent() {
    StreamingListeners listeners = StreamingListeners.of(spark);
    List<StreamingQueryEvent> events = new CopyOnWriteArrayList<>();
    Disposable d = listeners.events().subscribe(events::add);
    try {
      listeners.registered().block(TIMEOUT);
      // batches of 10 rows at 300 ms: batch 2 (values 20..29) divides by zero (ANSI is Spark 4's default)
      StreamingQuery q = startRate(uniqueName("fail"), 10, "10 div (value - 25)");
      List<StreamingQueryProgress> seen = new CopyOnWriteArrayList<>();
      Throwable error;
      try {
        error = errorOf(listeners.progress(q).doOnNext(seen::add));
      } finally {
        q.stop().block(TIMEOUT);
      }
      StreamingQueryException ex = assertInstanceOf(StreamingQueryException.class, error);
      assertEquals("DIVIDE_BY_ZERO", ex.errorClass(), ex.getMessage());
      assertTrue(seen.size() <= 2, "at most batches 0 and 1 succeeded: " + seen);

      await(() -> of(events, q).stream().anyMatch(e -> e instanceof QueryTerminated), "the terminated event");
      QueryTerminated t = (QueryTerminated) of(events, q).stream().filter(e -> e instanceof QueryTerminated)
          .findFirst().orElseThrow();
      assertEquals("DIVIDE_BY_ZERO", t.errorClassOnException());
      assertTrue(t.exception() != null && t.exception().contains("DIVIDE_BY_ZERO"), t.exception());
      assertEquals("DIVIDE_BY_ZERO", t.toException().errorClass());

      // a progress() subscriber arriving after the failure errors at once, from the query's exception()
      Throwable lateError = errorOf(listeners.progress(q));
      assertInstanceOf(StreamingQueryException.class, lateError);
    } finally {
      d.dispose();
    }
  }

  @Test
  void theClassicListenerIsCalledForEachLifecycleStep() {
    StreamingListeners listeners = StreamingListeners.of(spark);
    List<String> calls = new CopyOnWriteArrayList<>();
    Disposable registration = listeners.addListener(new StreamingQueryListener() {
      @Override
      public void onQueryStarted(QueryStarted event) {
        calls.add("started " + event.runId());
      }

      @Override
      public void onQueryProgress(QueryProgress event) {
        calls.add("progress " + event.runId());
        throw new IllegalStateException("a failing callback is logged; the listener keeps receiving");
      }

      @Override
      public void onQueryTerminated(QueryTerminated event) {
        calls.add("terminated " + event.runId());
      }
    });
    try {
      listeners.registered().block(TIMEOUT);
      StreamingQuery q = startRate(uniqueName("cl"), 5, "value");
      try {
        await(() -> calls.stream().filter(c -> c.equals("progress " + q.runId())).count() >= 2, "two progress calls");
      } finally {
        q.stop().block(TIMEOUT);
      }
      await(() -> calls.contains("terminated " + q.runId()), "the terminated call");
      assertEquals("started " + q.runId(), calls.get(0));
      assertEquals("terminated " + q.runId(), calls.get(calls.size() - 1));
    } finally {
      registration.dispose();
    }
  }

  /**
   * Whether a raw add_listener_bus_listener is accepted: the server answers {@code listener_bus_listener_added} at
   * once when the session has no bus listener; when it has one, the redundant command waits (on the server's latch)
   * until that one is removed, so no answer within a few seconds means "registered already".
   */
  private boolean serverAcceptsAnotherBusListener() {
    Boolean added = ConnectInternals.client(spark).execute(ADD)
        .filter(r -> r.hasStreamingQueryListenerEventsResult()
            && r.getStreamingQueryListenerEventsResult().getListenerBusListenerAdded())
        .next().map(r -> true).timeout(Duration.ofSeconds(3), Mono.just(false)).block(TIMEOUT);
    if (added) {
      ConnectInternals.client(spark).execute(REMOVE).then().block(TIMEOUT);
    }
    return added;
  }

  @Test
  void subscribersShareOneServerRegistrationWhichTheLastCancelRemoves() {
    StreamingListeners listeners = StreamingListeners.of(spark);
    Disposable d1 = listeners.events().subscribe();
    Disposable d2 = listeners.events().subscribe();
    try {
      listeners.registered().block(TIMEOUT);
      assertFalse(serverAcceptsAnotherBusListener(), "the first subscriber registered the session's bus listener");
      d1.dispose();
      assertFalse(serverAcceptsAnotherBusListener(), "one subscriber left: still registered");
    } finally {
      d1.dispose();
      d2.dispose();
    }
    // the removal is sent asynchronously on the last cancel; the server then accepts a new registration
    await(this::serverAcceptsAnotherBusListener, "the server to have removed the bus listener");

    // and a new first subscriber registers again (after that removal)
    Disposable d3 = listeners.events().subscribe();
    try {
      listeners.registered().block(TIMEOUT);
      assertFalse(serverAcceptsAnotherBusListener());
    } finally {
      d3.dispose();
    }
    await(this::serverAcceptsAnotherBusListener, "the removal after the second registration");
  }
}
