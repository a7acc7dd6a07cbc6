package io.github.reactivespark.connect.listeners;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.reactivespark.connect.exceptions.ErrorDetails;
import io.github.reactivespark.connect.exceptions.StreamingQueryException;
import io.github.reactivespark.connect.streaming.StreamingQueryProgress;
import io.github.reactivespark.connect.streaming.internal.Json;
import io.github.reactivespark.connect.exceptions.StatusCode;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * An event of a streaming query's life; mirrors {@code org.apache.spark.sql.streaming.StreamingQueryListener.Event}
 * and its four subclasses. Each event keeps the server's JSON text ({@link #json()}).
 */
public sealed interface StreamingQueryEvent {

  /** The query's id (stable across restarts from one checkpoint). */
  UUID id();

  /** The id of the run the event belongs to. */
  UUID runId();

  /** The server's JSON text of the event. */
  String json();

  /**
   * A query started (Spark's {@code QueryStartedEvent}). Spark Connect delivers it in the answer to the start
   * command, not over the bus, so it is seen only for queries started through this client's {@code
   * DataStreamWriter} while {@link StreamingListeners#events()} has a subscriber.
   *
   * @param id the query's id
   * @param runId the run's id
   * @param name the query's name, or {@code null}
   * @param timestamp when it started
   * @param jobTags the job tags the query runs with (empty when none)
   * @param json the server's JSON
   */
  record QueryStarted(UUID id, UUID runId, @Nullable String name, Instant timestamp, List<String> jobTags,
      String json) implements StreamingQueryEvent {

    /** Checks nulls, copies the list. */
    public QueryStarted {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(runId, "runId");
      Objects.requireNonNull(timestamp, "timestamp");
      jobTags = List.copyOf(jobTags);
      Objects.requireNonNull(json, "json");
    }

    /** Parses Spark's {@code QueryStartedEvent.json}. @throws IllegalArgumentException when it is not one */
    public static QueryStarted fromJson(String json) {
      JsonNode n = Json.parse(json, "QueryStartedEvent");
      String ts = Json.text(n, "timestamp");
      return new QueryStarted(requireUuid(n, "id", json), requireUuid(n, "runId", json), Json.text(n, "name"),
          ts == null ? Instant.EPOCH : Instant.parse(ts), Json.list(n, "jobTags", Json::raw), json);
    }
  }

  /**
   * A trigger completed (Spark's {@code QueryProgressEvent}).
   *
   * @param progress the trigger's progress
   * @param json the server's JSON ({@code {"progress": {...}}})
   */
  record QueryProgress(StreamingQueryProgress progress, String json) implements StreamingQueryEvent {

    /** Checks nulls. */
    public QueryProgress {
      Objects.requireNonNull(progress, "progress");
      Objects.requireNonNull(json, "json");
    }

    @Override
    public UUID id() {
      return progress.id();
    }

    @Override
    public UUID runId() {
      return progress.runId();
    }

    /** Parses Spark's {@code QueryProgressEvent.json}. @throws IllegalArgumentException when it is not one */
    public static QueryProgress fromJson(String json) {
      JsonNode n = Json.parse(json, "QueryProgressEvent");
      JsonNode p = n.get("progress");
      if (p == null || !p.isObject()) {
        throw new IllegalArgumentException("not a QueryProgressEvent JSON (no progress object): " + json);
      }
      return new QueryProgress(StreamingQueryProgress.fromJson(p.toString()), json);
    }
  }

  /**
   * A query found no new data and did not run a batch (Spark's {@code QueryIdleEvent}).
   *
   * @param id the query's id
   * @param runId the run's id
   * @param timestamp when
   * @param json the server's JSON
   */
  record QueryIdle(UUID id, UUID runId, Instant timestamp, String json) implements StreamingQueryEvent {

    /** Checks nulls. */
    public QueryIdle {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(runId, "runId");
      Objects.requireNonNull(timestamp, "timestamp");
      Objects.requireNonNull(json, "json");
    }

    /** Parses Spark's {@code QueryIdleEvent.json}. @throws IllegalArgumentException when it is not one */
    public static QueryIdle fromJson(String json) {
      JsonNode n = Json.parse(json, "QueryIdleEvent");
      String ts = Json.text(n, "timestamp");
      return new QueryIdle(requireUuid(n, "id", json), requireUuid(n, "runId", json),
          ts == null ? Instant.EPOCH : Instant.parse(ts), json);
    }
  }

  /**
   * A query stopped or failed (Spark's {@code QueryTerminatedEvent}).
   *
   * @param id the query's id
   * @param runId the run's id
   * @param exception the error that stopped it, as the server's text (message and stack trace), or {@code null}
   *     when it was stopped without error
   * @param errorClassOnException Spark's error class of that error (for example {@code DIVIDE_BY_ZERO}), or
   *     {@code null}
   * @param json the server's JSON
   */
  record QueryTerminated(UUID id, UUID runId, @Nullable String exception, @Nullable String errorClassOnException,
      String json) implements StreamingQueryEvent {

    /** Checks nulls. */
    public QueryTerminated {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(runId, "runId");
      Objects.requireNonNull(json, "json");
    }

    /** Parses Spark's {@code QueryTerminatedEvent.json}. @throws IllegalArgumentException when it is not one */
    public static QueryTerminated fromJson(String json) {
      JsonNode n = Json.parse(json, "QueryTerminatedEvent");
      return new QueryTerminated(requireUuid(n, "id", json), requireUuid(n, "runId", json),
          Json.text(n, "exception"), Json.text(n, "errorClassOnException"), json);
    }

    /**
     * The error as a {@link StreamingQueryException} (message = {@link #exception()}, {@code errorClass()} =
     * {@link #errorClassOnException()}), or {@code null} when the query stopped without error.
     */
    public @Nullable StreamingQueryException toException() {
      if (exception == null) {
        return null;
      }
      String first = exception.lines().findFirst().orElse(exception);
      return new StreamingQueryException(ErrorDetails.of(
          "Query " + id + " (runId " + runId + ") terminated with exception: " + first + "\n" + exception,
          errorClassOnException, StatusCode.UNKNOWN), null);
    }
  }

  private static UUID requireUuid(JsonNode n, String field, String json) {
    UUID u = Json.uuid(n, field);
    if (u == null) {
      throw new IllegalArgumentException("streaming listener event JSON without " + field + ": " + json);
    }
    return u;
  }
}
