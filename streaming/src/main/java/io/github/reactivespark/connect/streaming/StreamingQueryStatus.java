package io.github.reactivespark.connect.streaming;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.reactivespark.connect.streaming.internal.Json;
import java.util.Objects;

/**
 * What a streaming query is doing now; mirrors {@code org.apache.spark.sql.streaming.StreamingQueryStatus} (whose
 * JSON has {@code message}, {@code isDataAvailable} and {@code isTriggerActive}) plus the {@code is_active} flag the
 * Connect protocol's {@code StatusResult} carries.
 *
 * @param message what the query is doing, for example {@code "Waiting for data to arrive"} or {@code "Stopped"}
 * @param isDataAvailable whether a source has new data to process
 * @param isTriggerActive whether a trigger is running now
 * @param isActive whether the query is still running
 */
public record StreamingQueryStatus(String message, boolean isDataAvailable, boolean isTriggerActive,
    boolean isActive) {

  /** Checks the message is not null. */
  public StreamingQueryStatus {
    Objects.requireNonNull(message, "message");
  }

  /** Spark's JSON of the status: {@code {"message":..,"isDataAvailable":..,"isTriggerActive":..}}. */
  public String json() {
    ObjectNode n = Json.MAPPER.createObjectNode();
    n.put("message", message);
    n.put("isDataAvailable", isDataAvailable);
    n.put("isTriggerActive", isTriggerActive);
    return n.toString();
  }
}
