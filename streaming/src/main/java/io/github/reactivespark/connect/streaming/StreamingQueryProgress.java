package io.github.reactivespark.connect.streaming;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.reactivespark.connect.streaming.internal.Json;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The progress of one trigger (micro-batch) of a streaming query, parsed from the JSON the server sends (Spark's
 * {@code StreamingQueryProgress.json}); mirrors {@code org.apache.spark.sql.streaming.StreamingQueryProgress}.
 * Spark leaves NaN and infinite rates out of its JSON; they read back as {@link Double#NaN} here. The server's JSON
 * text stays available as {@link #json()}.
 *
 * @param id the query's id, stable across restarts from the same checkpoint
 * @param runId the id of this run of the query
 * @param name the query's name, or {@code null} when it has none
 * @param timestamp when the trigger started
 * @param batchId the micro-batch id (0-based)
 * @param batchDuration how long the batch took, in milliseconds
 * @param numInputRows rows read by all sources in this trigger (Spark's sum over {@code sources}; Spark 4.1's JSON
 *     omits the totals, so they are summed here when absent)
 * @param inputRowsPerSecond the rate data arrived at, rows per second (sum over the sources), or NaN
 * @param processedRowsPerSecond the rate data was processed at, rows per second (sum over the sources), or NaN
 * @param durationMs milliseconds spent in each phase ({@code triggerExecution}, {@code addBatch},
 *     {@code getBatch}, {@code latestOffset}, {@code queryPlanning}, {@code walCommit}, {@code commitOffsets}, ...)
 * @param eventTime event-time statistics of the batch ({@code min}, {@code max}, {@code avg}, {@code watermark} as
 *     ISO-8601 strings); empty when the query has no event-time column
 * @param stateOperators one entry per stateful operator
 * @param sources one entry per source
 * @param sink the sink
 * @param observedMetrics the rows of {@code observe(...)} metrics, by name, each as its JSON text
 * @param json the server's JSON text of this progress
 */
public record StreamingQueryProgress(
    UUID id,
    UUID runId,
    @Nullable String name,
    Instant timestamp,
    long batchId,
    long batchDuration,
    long numInputRows,
    double inputRowsPerSecond,
    double processedRowsPerSecond,
    Map<String, Long> durationMs,
    Map<String, String> eventTime,
    List<StateOperatorProgress> stateOperators,
    List<SourceProgress> sources,
    SinkProgress sink,
    Map<String, String> observedMetrics,
    String json) {

  /**
   * Parses Spark's {@code StreamingQueryProgress} JSON.
   *
   * @param json the JSON text
   * @return the progress
   * @throws IllegalArgumentException when the text is not such JSON (no {@code id}, {@code runId} or {@code
   *     timestamp})
   */
  public static StreamingQueryProgress fromJson(String json) {
    return fromJson(Json.parse(json, "StreamingQueryProgress"), json);
  }

  /** Parses a progress object already read as a tree; {@code text} becomes {@link #json()}. Internal use. */
  static StreamingQueryProgress fromJson(JsonNode n, String text) {
    UUID id = Json.uuid(n, "id");
    UUID runId = Json.uuid(n, "runId");
    String ts = Json.text(n, "timestamp");
    if (id == null || runId == null || ts == null) {
      throw new IllegalArgumentException("not a StreamingQueryProgress JSON (id, runId or timestamp missing): "
          + abbreviate(text));
    }
    JsonNode sink = n.get("sink");
    List<SourceProgress> sources = Json.list(n, "sources", SourceProgress::fromJson);
    // Spark 4.1's JSON leaves out the totals; Spark defines them as the sums over the sources
    long numInputRows = n.has("numInputRows") ? Json.longOr(n, "numInputRows", 0)
        : sources.stream().mapToLong(SourceProgress::numInputRows).sum();
    double inputRate = n.has("inputRowsPerSecond") ? Json.doubleOrNaN(n, "inputRowsPerSecond")
        : sources.stream().mapToDouble(SourceProgress::inputRowsPerSecond).sum();
    double processedRate = n.has("processedRowsPerSecond") ? Json.doubleOrNaN(n, "processedRowsPerSecond")
        : sources.stream().mapToDouble(SourceProgress::processedRowsPerSecond).sum();
    return new StreamingQueryProgress(id, runId, Json.text(n, "name"), Instant.parse(ts),
        Json.longOr(n, "batchId", -1), Json.longOr(n, "batchDuration", 0), numInputRows, inputRate, processedRate,
        Json.map(n, "durationMs", JsonNode::asLong), Json.map(n, "eventTime", Json::raw),
        Json.list(n, "stateOperators", StateOperatorProgress::fromJson),
        sources,
        sink == null ? new SinkProgress("", -1, Map.of()) : SinkProgress.fromJson(sink),
        Json.map(n, "observedMetrics", Json::raw), text);
  }

  /** Canonical constructor: checks nulls and keeps the collections as given (they are unmodifiable when parsed). */
  public StreamingQueryProgress {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(timestamp, "timestamp");
    durationMs = Map.copyOf(durationMs);
    eventTime = Map.copyOf(eventTime);
    stateOperators = List.copyOf(stateOperators);
    sources = List.copyOf(sources);
    Objects.requireNonNull(sink, "sink");
    observedMetrics = Map.copyOf(observedMetrics);
    Objects.requireNonNull(json, "json");
  }

  static String abbreviate(String s) {
    return s.length() <= 200 ? s : s.substring(0, 200) + "...";
  }

  @Override
  public String toString() {
    return json;
  }

  /**
   * Progress of one stateful operator; mirrors {@code org.apache.spark.sql.streaming.StateOperatorProgress}.
   *
   * @param operatorName the operator, for example {@code stateStoreSave} or {@code dedupe}
   * @param numRowsTotal rows in the state after the batch
   * @param numRowsUpdated rows updated in the batch
   * @param allUpdatesTimeMs milliseconds spent updating
   * @param numRowsRemoved rows removed (for example evicted by the watermark)
   * @param allRemovalsTimeMs milliseconds spent removing
   * @param commitTimeMs milliseconds spent committing the state
   * @param memoryUsedBytes memory the state store uses, in bytes
   * @param numRowsDroppedByWatermark input rows dropped as later than the watermark
   * @param numShufflePartitions the number of state partitions
   * @param numStateStoreInstances the number of state store instances
   * @param customMetrics the provider's own metrics, by name
   */
  public record StateOperatorProgress(String operatorName, long numRowsTotal, long numRowsUpdated,
      long allUpdatesTimeMs, long numRowsRemoved, long allRemovalsTimeMs, long commitTimeMs, long memoryUsedBytes,
      long numRowsDroppedByWatermark, long numShufflePartitions, long numStateStoreInstances,
      Map<String, Long> customMetrics) {

    /** Checks nulls, copies the map. */
    public StateOperatorProgress {
      Objects.requireNonNull(operatorName, "operatorName");
      customMetrics = Map.copyOf(customMetrics);
    }

    static StateOperatorProgress fromJson(JsonNode n) {
      return new StateOperatorProgress(Json.textOr(n, "operatorName", ""), Json.longOr(n, "numRowsTotal", 0),
          Json.longOr(n, "numRowsUpdated", 0), Json.longOr(n, "allUpdatesTimeMs", 0),
          Json.longOr(n, "numRowsRemoved", 0), Json.longOr(n, "allRemovalsTimeMs", 0),
          Json.longOr(n, "commitTimeMs", 0), Json.longOr(n, "memoryUsedBytes", 0),
          Json.longOr(n, "numRowsDroppedByWatermark", 0), Json.longOr(n, "numShufflePartitions", 0),
          Json.longOr(n, "numStateStoreInstances", 0), Json.map(n, "customMetrics", JsonNode::asLong));
    }
  }

  /**
   * Progress of one source in a trigger; mirrors {@code org.apache.spark.sql.streaming.SourceProgress}. Offsets are
   * the source's own JSON (a number for {@code rate}, an object for files and Kafka), kept as text.
   *
   * @param description the source, as Spark describes it (for example {@code RateStreamV2[...]})
   * @param startOffset the offset the batch started at (JSON text), or {@code null} for the first batch
   * @param endOffset the offset the batch ended at (JSON text), or {@code null}
   * @param latestOffset the latest offset the source had (JSON text), or {@code null}
   * @param numInputRows rows read from this source
   * @param inputRowsPerSecond arrival rate, rows per second, or NaN
   * @param processedRowsPerSecond processing rate, rows per second, or NaN
   * @param metrics the source's own metrics, by name
   */
  public record SourceProgress(String description, @Nullable String startOffset, @Nullable String endOffset,
      @Nullable String latestOffset, long numInputRows, double inputRowsPerSecond, double processedRowsPerSecond,
      Map<String, String> metrics) {

    /** Checks nulls, copies the map. */
    public SourceProgress {
      Objects.requireNonNull(description, "description");
      metrics = Map.copyOf(metrics);
    }

    static SourceProgress fromJson(JsonNode n) {
      return new SourceProgress(Json.textOr(n, "description", ""), Json.text(n, "startOffset"),
          Json.text(n, "endOffset"), Json.text(n, "latestOffset"), Json.longOr(n, "numInputRows", 0),
          Json.doubleOrNaN(n, "inputRowsPerSecond"), Json.doubleOrNaN(n, "processedRowsPerSecond"),
          Json.map(n, "metrics", Json::raw));
    }
  }

  /**
   * Progress of the sink in a trigger; mirrors {@code org.apache.spark.sql.streaming.SinkProgress}.
   *
   * @param description the sink, as Spark describes it (for example {@code MemorySink})
   * @param numOutputRows rows written, or {@code -1} when the sink does not report it
   * @param metrics the sink's own metrics, by name
   */
  public record SinkProgress(String description, long numOutputRows, Map<String, String> metrics) {

    /** Checks nulls, copies the map. */
    public SinkProgress {
      Objects.requireNonNull(description, "description");
      metrics = Map.copyOf(metrics);
    }

    static SinkProgress fromJson(JsonNode n) {
      return new SinkProgress(Json.textOr(n, "description", ""), Json.longOr(n, "numOutputRows", -1),
          Json.map(n, "metrics", Json::raw));
    }
  }
}
