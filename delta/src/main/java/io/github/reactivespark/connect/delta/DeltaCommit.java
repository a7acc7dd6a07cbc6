package io.github.reactivespark.connect.delta;

import io.github.reactivespark.connect.Row;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * One commit of a Delta table's history: a row of {@code DESCRIBE HISTORY}, as Delta's {@code DeltaTable.history()}
 * returns it (Delta's {@code CommitInfo}). The Databricks-only columns ({@code job}, {@code notebook}) are left out;
 * they are null on open-source Delta.
 *
 * @param version the table version this commit produced (0 for the table's creation)
 * @param timestamp when it was committed
 * @param userId the committing user's id, if the engine recorded one (null on open-source Spark)
 * @param userName the committing user's name, if recorded
 * @param operation what the commit did, in Delta's words: {@code CREATE TABLE}, {@code WRITE}, {@code UPDATE},
 *     {@code DELETE}, {@code MERGE}, {@code RESTORE}, {@code OPTIMIZE}, {@code CHANGE COLUMN},
 *     {@code SET TBLPROPERTIES}, {@code VACUUM START}/{@code END}, ...
 * @param operationParameters the operation's parameters as Delta recorded them (a predicate, a mode, ...)
 * @param clusterId the cluster id, if recorded
 * @param readVersion the version the operation read, or null (for a creation)
 * @param isolationLevel {@code Serializable} or {@code WriteSerializable}, or null
 * @param isBlindAppend whether the commit only added data without reading the table, or null
 * @param operationMetrics the operation's metrics as strings ({@code numOutputRows}, {@code numTargetRowsUpdated},
 *     {@code numDeletedRows}, ...); see {@link #metric(String)}
 * @param userMetadata the commit's user metadata ({@code spark.databricks.delta.commitInfo.userMetadata}), or null
 * @param engineInfo the engine that committed, for example {@code Apache-Spark/4.1.2 Delta-Lake/4.3.1}
 */
public record DeltaCommit(long version, Instant timestamp, @Nullable String userId, @Nullable String userName,
    String operation, Map<String, String> operationParameters, @Nullable String clusterId,
    @Nullable Long readVersion, @Nullable String isolationLevel, @Nullable Boolean isBlindAppend,
    Map<String, String> operationMetrics, @Nullable String userMetadata, @Nullable String engineInfo) {

  /** Copies the maps. */
  public DeltaCommit {
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(operation, "operation");
    operationParameters = Map.copyOf(operationParameters);
    operationMetrics = Map.copyOf(operationMetrics);
  }

  /**
   * One of the {@link #operationMetrics()} as a number.
   *
   * @param name for example {@code numOutputRows} or {@code numTargetRowsInserted}
   * @return its value, or empty when the commit has no such metric
   * @throws NumberFormatException if the metric is not an integer
   */
  public OptionalLong metric(String name) {
    String v = operationMetrics.get(name);
    return v == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(v));
  }

  /** A commit from a row of {@code DESCRIBE HISTORY} (its column names). */
  static DeltaCommit of(Row row) {
    Long version = Rows.longValue(row, "version");
    Instant timestamp = Rows.instant(row, "timestamp");
    String operation = Rows.string(row, "operation");
    if (version == null || timestamp == null || operation == null) {
      throw new IllegalStateException("A DESCRIBE HISTORY row without version, timestamp or operation: " + row);
    }
    return new DeltaCommit(version, timestamp, Rows.string(row, "userId"), Rows.string(row, "userName"), operation,
        nonNullValues(Rows.map(row, "operationParameters")), Rows.string(row, "clusterId"),
        Rows.longValue(row, "readVersion"), Rows.string(row, "isolationLevel"), Rows.bool(row, "isBlindAppend"),
        nonNullValues(Rows.map(row, "operationMetrics")), Rows.string(row, "userMetadata"),
        Rows.string(row, "engineInfo"));
  }

  private static Map<String, String> nonNullValues(Map<String, String> m) {
    Map<String, String> out = new LinkedHashMap<>();
    m.forEach((k, v) -> {
      if (v != null) {
        out.put(k, v);
      }
    });
    return out;
  }
}
