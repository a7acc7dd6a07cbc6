package io.github.reactivespark.connect.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class StreamingQueryProgressTest {

  /** Batch 1 of a rate-micro-batch query to a memory sink, as a Spark Connect 4.1.2 server sent it. */
  static final String RATE_BATCH_1 = "{\"id\":\"25406f66-9171-4d57-b79d-abc716bc622f\","
      + "\"runId\":\"2fb26d77-55a5-47bd-bbb8-28e9b45c4854\",\"name\":\"st_rmb_ec9035f6e5\","
      + "\"timestamp\":\"2026-11-23T18:03:26.335Z\",\"batchId\":1,\"batchDuration\":784,"
      + "\"durationMs\":{\"triggerExecution\":784,\"queryPlanning\":3,\"getBatch\":1,\"commitOffsets\":358,"
      + "\"latestOffset\":1,\"addBatch\":172,\"walCommit\":209},\"eventTime\":{},\"stateOperators\":[],"
      + "\"sources\":[{\"description\":\"RatePerMicroBatchStream[rowsPerBatch=25, numPartitions=2, startTimestamp=0,"
      + " advanceMsPerBatch=1000]\",\"startOffset\":\"{\\\"offset\\\":25,\\\"timestamp\\\":1000}\","
      + "\"endOffset\":\"{\\\"offset\\\":50,\\\"timestamp\\\":2000}\",\"latestOffset\":null,\"numInputRows\":25,"
      + "\"inputRowsPerSecond\":57.870370370370374,\"processedRowsPerSecond\":31.887755102040813,\"metrics\":{}}],"
      + "\"sink\":{\"description\":\"MemorySink\",\"numOutputRows\":25,\"metrics\":{}},\"observedMetrics\":{}}";

  @Test
  void parsesEveryFieldOfTheServersJsonAndSumsTheTotalsOverTheSources() {
    StreamingQueryProgress p = StreamingQueryProgress.fromJson(RATE_BATCH_1);
    assertEquals(UUID.fromString("25406f66-9171-4d57-b79d-abc716bc622f"), p.id());
    assertEquals(UUID.fromString("2fb26d77-55a5-47bd-bbb8-28e9b45c4854"), p.runId());
    assertEquals("st_rmb_ec9035f6e5", p.name());
    assertEquals(Instant.parse("2026-11-23T18:03:26.335Z"), p.timestamp());
    assertEquals(1, p.batchId());
    assertEquals(784, p.batchDuration());
    assertEquals(25, p.numInputRows());
    assertEquals(57.870370370370374, p.inputRowsPerSecond());
    assertEquals(31.887755102040813, p.processedRowsPerSecond());
    assertEquals(7, p.durationMs().size());
    assertEquals(784L, p.durationMs().get("triggerExecution"));
    assertTrue(p.eventTime().isEmpty());
    assertTrue(p.stateOperators().isEmpty());
    StreamingQueryProgress.SourceProgress s = p.sources().get(0);
    assertTrue(s.description().startsWith("RatePerMicroBatchStream[rowsPerBatch=25"));
    assertEquals("{\"offset\":25,\"timestamp\":1000}", s.startOffset());
    assertEquals("{\"offset\":50,\"timestamp\":2000}", s.endOffset());
    assertNull(s.latestOffset());
    assertEquals(25, s.numInputRows());
    assertEquals("MemorySink", p.sink().description());
    assertEquals(25, p.sink().numOutputRows());
    assertTrue(p.observedMetrics().isEmpty());
    assertEquals(RATE_BATCH_1, p.json());
  }

  @Test
  void statefulFieldsAndOmittedRatesAreRead() {
    String json = RATE_BATCH_1
        .replace("\"eventTime\":{}", "\"eventTime\":{\"avg\":\"2001-01-01T10:00:00.000Z\","
            + "\"watermark\":\"1991-01-03T00:00:00.000Z\"}")
        .replace("\"stateOperators\":[]", "\"stateOperators\":[{\"operatorName\":\"stateStoreSave\","
            + "\"numRowsTotal\":181,\"numRowsUpdated\":30,\"allUpdatesTimeMs\":12,\"numRowsRemoved\":0,"
            + "\"allRemovalsTimeMs\":0,\"commitTimeMs\":40,\"memoryUsedBytes\":90000,\"numRowsDroppedByWatermark\":0,"
            + "\"numShufflePartitions\":2,\"numStateStoreInstances\":2,\"customMetrics\":{\"loadedMapCacheHitCount\":4}}]")
        .replace("\"inputRowsPerSecond\":57.870370370370374,", "")
        .replace("\"observedMetrics\":{}", "\"observedMetrics\":{\"m\":{\"rows\":25}}");
    StreamingQueryProgress p = StreamingQueryProgress.fromJson(json);
    assertEquals("1991-01-03T00:00:00.000Z", p.eventTime().get("watermark"));
    StreamingQueryProgress.StateOperatorProgress op = p.stateOperators().get(0);
    assertEquals("stateStoreSave", op.operatorName());
    assertEquals(181, op.numRowsTotal());
    assertEquals(2, op.numShufflePartitions());
    assertEquals(4L, op.customMetrics().get("loadedMapCacheHitCount"));
    assertTrue(Double.isNaN(p.sources().get(0).inputRowsPerSecond()), "Spark omits NaN rates");
    assertEquals("{\"rows\":25}", p.observedMetrics().get("m"));
  }

  @Test
  void notAProgressIsAnIllegalArgumentNamingIt() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> StreamingQueryProgress.fromJson("{\"batchId\":1}"));
    assertTrue(e.getMessage().contains("StreamingQueryProgress"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> StreamingQueryProgress.fromJson("not json"));
  }

  @Test
  void triggersCarryMillisecondsAndRejectNegativeIntervals() {
    assertEquals("1500 milliseconds", Trigger.processingTime(Duration.ofMillis(1500)).interval());
    assertEquals(Trigger.processingTime(1500), Trigger.processingTime(Duration.ofMillis(1500)));
    assertEquals("Continuous(1000 ms)", Trigger.continuous(1000).toString());
    assertThrows(IllegalArgumentException.class, () -> Trigger.processingTime(-1));
    assertEquals("{\"message\":\"Stopped\",\"isDataAvailable\":false,\"isTriggerActive\":false}",
        new StreamingQueryStatus("Stopped", false, false, false).json());
  }
}
