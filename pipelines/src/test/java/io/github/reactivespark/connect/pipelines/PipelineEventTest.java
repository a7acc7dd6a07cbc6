package io.github.reactivespark.connect.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The structure read back from the messages a Spark Connect 4.1.2 server sends (copied from real runs). */
class PipelineEventTest {

  private static final Instant T = Instant.parse("2026-12-01T09:54:46.123Z");

  @Test
  void flowProgress() {
    PipelineEvent e = PipelineEvent.of(T, "Flow spark_catalog.default.a_mv is QUEUED.");
    assertEquals(Optional.of("spark_catalog.default.a_mv"), e.flowName());
    assertEquals(Optional.of(FlowStatus.QUEUED), e.flowStatus());
    assertEquals(Optional.empty(), e.runState());
    assertEquals(Optional.empty(), e.error());
    assertEquals(EventLevel.INFO, e.level());
    assertFalse(e.isFailure());
    assertEquals(FlowStatus.COMPLETED,
        PipelineEvent.of(T, "Flow spark_catalog.default.b_mv has COMPLETED.").flowStatus().orElseThrow());
    assertEquals(Optional.of("to_sink"), PipelineEvent.of(T, "Flow to_sink is RUNNING.").flowName());
    assertEquals(FlowStatus.IDLE, PipelineEvent.of(T, "Flow 'x' is IDLE, waiting for new data.").flowStatus()
        .orElseThrow());
    assertEquals(FlowStatus.EXCLUDED, PipelineEvent.of(T, "Flow 'spark_catalog.default.st' is EXCLUDED.")
        .flowStatus().orElseThrow());
  }

  @Test
  void failedFlowCarriesTheError() {
    PipelineEvent e = PipelineEvent.of(T, "Flow 'spark_catalog.default.boom' has FAILED.\n"
        + "Error: [USER_RAISED_EXCEPTION] '(id < 3)' is not true! SQLSTATE: P0001");
    assertEquals(Optional.of("spark_catalog.default.boom"), e.flowName());
    assertEquals(Optional.of(FlowStatus.FAILED), e.flowStatus());
    assertEquals(Optional.of("[USER_RAISED_EXCEPTION] '(id < 3)' is not true! SQLSTATE: P0001"), e.error());
    assertEquals(EventLevel.ERROR, e.level());
    assertTrue(e.isFailure());
  }

  @Test
  void resolutionFailuresDirectAndUpstream() {
    PipelineEvent direct = PipelineEvent.of(T, "Failed to resolve flow: 'spark_catalog.default.x'.\n"
        + "Error: [TABLE_OR_VIEW_NOT_FOUND] The table or view `missing` cannot be found.");
    assertEquals(Optional.of("spark_catalog.default.x"), direct.flowName());
    assertEquals(Optional.of(FlowStatus.FAILED), direct.flowStatus());
    assertEquals(EventLevel.ERROR, direct.level());
    PipelineEvent upstream = PipelineEvent.of(T, "Failed to resolve flow due to upstream failure:"
        + " 'spark_catalog.default.y'.\nError: Failed to read dataset 'spark_catalog.default.x'.");
    assertEquals(Optional.of("spark_catalog.default.y"), upstream.flowName());
    assertEquals(EventLevel.WARN, upstream.level());
    assertTrue(upstream.isFailure());
    PipelineEvent skipped = PipelineEvent.of(T, "Flow 'spark_catalog.default.z' SKIPPED due to upstream failure(s).");
    assertEquals(Optional.of(FlowStatus.SKIPPED), skipped.flowStatus());
    assertEquals(EventLevel.WARN, skipped.level());
  }

  @Test
  void runProgress() {
    PipelineEvent done = PipelineEvent.of(T, "Run is COMPLETED.");
    assertEquals(Optional.of(RunState.COMPLETED), done.runState());
    assertEquals(Optional.empty(), done.flowName());
    assertEquals(RunState.FAILED, PipelineEvent.of(T, "Run is FAILED since flow 'x' has failed more than 2 times.")
        .runState().orElseThrow());
    assertEquals(RunState.FAILED, PipelineEvent.of(T, "Run FAILED unexpectedly.").runState().orElseThrow());
  }

  @Test
  void unknownMessageKeepsItsTextOnly() {
    PipelineEvent e = PipelineEvent.of(T, "Something new in Spark 4.2");
    assertEquals("Something new in Spark 4.2", e.message());
    assertEquals(Optional.empty(), e.flowName());
    assertEquals(Optional.empty(), e.runState());
    assertEquals(EventLevel.INFO, e.level());
    assertEquals("2026-12-01T09:54:46.123Z INFO  Something new in Spark 4.2", e.format());
  }
}
