package io.github.reactivespark.connect.delta;

import io.github.reactivespark.connect.Row;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A Delta table's details: the row of {@code DESCRIBE DETAIL}, as Delta's {@code DeltaTable.detail()} returns it.
 *
 * @param format {@code delta}
 * @param id the table's unique id (a UUID string)
 * @param name the table's name in the catalog, or null for a table known only by its path
 * @param description the table's comment, or null
 * @param location where its files are, as a URI ({@code file:/...})
 * @param createdAt when the table was created
 * @param lastModified when it was last written
 * @param partitionColumns the partition columns, in order
 * @param clusteringColumns the clustering columns (liquid clustering), in order
 * @param numFiles the number of data files of the current version
 * @param sizeInBytes their total size in bytes
 * @param properties the table properties ({@code delta.enableTypeWidening}, ...)
 * @param minReaderVersion the protocol's minimum reader version
 * @param minWriterVersion the protocol's minimum writer version
 * @param tableFeatures the table features the protocol lists ({@code deletionVectors}, {@code typeWidening}, ...)
 */
public record DeltaTableDetail(String format, @Nullable String id, @Nullable String name,
    @Nullable String description, @Nullable String location, @Nullable Instant createdAt,
    @Nullable Instant lastModified, List<String> partitionColumns, List<String> clusteringColumns, long numFiles,
    long sizeInBytes, Map<String, String> properties, int minReaderVersion, int minWriterVersion,
    List<String> tableFeatures) {

  /** Copies the collections. */
  public DeltaTableDetail {
    Objects.requireNonNull(format, "format");
    partitionColumns = List.copyOf(partitionColumns);
    clusteringColumns = List.copyOf(clusteringColumns);
    properties = Map.copyOf(properties);
    tableFeatures = List.copyOf(tableFeatures);
  }

  /** The details from the row of {@code DESCRIBE DETAIL} (its column names). */
  static DeltaTableDetail of(Row row) {
    Integer reader = Rows.intValue(row, "minReaderVersion");
    Integer writer = Rows.intValue(row, "minWriterVersion");
    String format = Rows.string(row, "format");
    return new DeltaTableDetail(format == null ? "" : format, Rows.string(row, "id"), Rows.string(row, "name"),
        Rows.string(row, "description"), Rows.string(row, "location"), Rows.instant(row, "createdAt"),
        Rows.instant(row, "lastModified"), Rows.strings(row, "partitionColumns"),
        Rows.strings(row, "clusteringColumns"), Rows.longOrZero(row, "numFiles"),
        Rows.longOrZero(row, "sizeInBytes"), Rows.map(row, "properties"), reader == null ? 0 : reader,
        writer == null ? 0 : writer, Rows.strings(row, "tableFeatures"));
  }
}
