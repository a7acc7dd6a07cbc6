package io.github.reactivespark.connect.micrometer;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.reactivespark.connect.events.ArrowBatchEvent;
import io.github.reactivespark.connect.events.OperationEndedEvent;
import io.github.reactivespark.connect.events.OperationOutcome;
import io.github.reactivespark.connect.events.OperationStartedEvent;
import io.github.reactivespark.connect.events.ReattachEvent;
import io.github.reactivespark.connect.events.ResponseEvent;
import io.github.reactivespark.connect.events.RetryEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.util.context.Context;

/**
 * The adapters on their own, fed the events the core emits ({@code MicrometerIT} in integration-tests checks them on
 * real queries): the parent observation found in the subscriber's Reactor context, a cancelled operation, a no-op
 * registry, the meters' arithmetic.
 */
class ObservationSparkConnectListenerTest {

  private static OperationEndedEvent end(OperationStartedEvent start, OperationOutcome outcome, Throwable error) {
    return new OperationEndedEvent(start, "op-1", outcome, error, null, Duration.ofMillis(3), 2, 100, 1, 10, 80, 0);
  }

  @Test
  void theSubscribersObservationIsTheParent() {
    TestObservationRegistry registry = TestObservationRegistry.create();
    Observation http = Observation.start("http.server.requests", registry);
    ObservationSparkConnectListener listener = new ObservationSparkConnectListener(registry);
    OperationStartedEvent start = new OperationStartedEvent("s-1", 0, "ExecutePlan", System.nanoTime(),
        Context.of(ObservationSparkConnectListener.OBSERVATION_CONTEXT_KEY, http));
    listener.onOperationStarted(start);
    assertThat(listener.running()).isEqualTo(1);
    listener.onOperationEnded(end(start, OperationOutcome.CANCELLED, null));
    http.stop();
    assertThat(listener.running()).isZero();
    assertThat(registry).hasNumberOfObservationsEqualTo(2)
        .hasAnObservation(o -> o.hasNameEqualTo("spark.connect.execute")
            .hasLowCardinalityKeyValue("spark.connect.outcome", "cancelled")
            .hasHighCardinalityKeyValue("spark.connect.operation.id", "op-1")
            .hasParentObservationEqualTo(http)
            .doesNotHaveError());
  }

  @Test
  void aNoopRegistryCostsNothingAndAnUnknownEndIsIgnored() {
    ObservationSparkConnectListener listener = new ObservationSparkConnectListener(ObservationRegistry.NOOP);
    OperationStartedEvent start = new OperationStartedEvent("s-1", 0, "Config", System.nanoTime(), Context.empty());
    listener.onOperationStarted(start);
    assertThat(listener.running()).isZero();
    listener.onOperationEnded(end(start, OperationOutcome.SUCCESS, null));
  }

  @Test
  void metersAddUpTheEvents() {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    MeterSparkConnectListener listener = new MeterSparkConnectListener(meters);
    OperationStartedEvent start = new OperationStartedEvent("s-1", 0, "ExecutePlan", System.nanoTime(),
        Context.empty());
    listener.onOperationStarted(start);
    assertThat(meters.get(MeterSparkConnectListener.OPERATIONS_ACTIVE).gauge().value()).isEqualTo(1.0);
    listener.onResponse(new ResponseEvent("s-1", "op-1", "ExecutePlan", "arrow_batch", 300));
    listener.onResponse(new ResponseEvent("s-1", "op-1", "ReattachExecute", "arrow_batch", 200));
    listener.onArrowBatch(new ArrowBatchEvent("s-1", "op-1", 10_000, 450, 2));
    listener.onReattach(new ReattachEvent("s-1", "op-1", "r1", 1));
    listener.onRetry(new RetryEvent("s-1", "ExecutePlan", "op-1", 1, Duration.ofMillis(50),
        new IllegalStateException("cut")));
    listener.onRetry(new RetryEvent("s-1", "AnalyzePlan", null, 1, Duration.ofMillis(50),
        new IllegalStateException("cut")));
    listener.onOperationEnded(end(start, OperationOutcome.SUCCESS, null));
    assertThat(meters.get(MeterSparkConnectListener.OPERATIONS_ACTIVE).gauge().value()).isZero();
    assertThat(meters.get(MeterSparkConnectListener.RESPONSES).counter().count()).isEqualTo(2);
    assertThat(meters.get(MeterSparkConnectListener.RESPONSE_BYTES).counter().count()).isEqualTo(500);
    assertThat(meters.get(MeterSparkConnectListener.ARROW_BATCHES).counter().count()).isEqualTo(1);
    assertThat(meters.get(MeterSparkConnectListener.ARROW_BYTES).counter().count()).isEqualTo(450);
    assertThat(meters.get(MeterSparkConnectListener.ROWS).counter().count()).isEqualTo(10_000);
    assertThat(meters.get(MeterSparkConnectListener.REATTACHES).counter().count()).isEqualTo(1);
    assertThat(meters.get(MeterSparkConnectListener.RETRIES).tag("spark.connect.rpc", "ExecutePlan").counter()
        .count()).isEqualTo(1);
    assertThat(meters.get(MeterSparkConnectListener.RETRIES).counters()).hasSize(2);
  }
}
