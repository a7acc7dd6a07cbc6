package io.github.reactivespark.connect.delta;

import io.github.reactivespark.connect.Row;
import org.jspecify.annotations.Nullable;

/**
 * What an {@code OPTIMIZE} did: the main fields of the {@code metrics} struct of its result row (Delta's
 * {@code OptimizeMetrics}). Sizes in bytes.
 *
 * @param path the table's location
 * @param numFilesAdded files written by the compaction
 * @param numFilesRemoved files it replaced
 * @param bytesAdded total size of the files written ({@code filesAdded.totalSize})
 * @param bytesRemoved total size of the files replaced ({@code filesRemoved.totalSize})
 * @param partitionsOptimized partitions that were rewritten
 * @param totalConsideredFiles files the command looked at
 * @param totalFilesSkipped files it left alone
 * @param zOrdered whether the data was Z-ordered ({@code executeZOrderBy})
 */
public record OptimizeMetrics(@Nullable String path, long numFilesAdded, long numFilesRemoved, long bytesAdded,
    long bytesRemoved, long partitionsOptimized, long totalConsideredFiles, long totalFilesSkipped,
    boolean zOrdered) {

  static OptimizeMetrics of(Row row) {
    Row m = Rows.struct(row, "metrics");
    if (m == null) {
      return new OptimizeMetrics(Rows.string(row, "path"), 0, 0, 0, 0, 0, 0, 0, false);
    }
    Row added = Rows.struct(m, "filesAdded");
    Row removed = Rows.struct(m, "filesRemoved");
    return new OptimizeMetrics(Rows.string(row, "path"), Rows.longOrZero(m, "numFilesAdded"),
        Rows.longOrZero(m, "numFilesRemoved"), added == null ? 0 : Rows.longOrZero(added, "totalSize"),
        removed == null ? 0 : Rows.longOrZero(removed, "totalSize"), Rows.longOrZero(m, "partitionsOptimized"),
        Rows.longOrZero(m, "totalConsideredFiles"), Rows.longOrZero(m, "totalFilesSkipped"),
        Rows.struct(m, "zOrderStats") != null);
  }
}
