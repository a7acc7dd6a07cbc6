package io.github.reactivespark.connect.delta;

import io.github.reactivespark.connect.Row;

/**
 * What a restore did: the result row of Delta's {@code RESTORE TABLE} (Delta's {@code restoreToVersion} returns the
 * same columns). Sizes in bytes.
 *
 * @param tableSizeAfterRestore the table's size after the restore ({@code table_size_after_restore})
 * @param numOfFilesAfterRestore its number of files after the restore ({@code num_of_files_after_restore})
 * @param numRemovedFiles files the restore removed from the table ({@code num_removed_files})
 * @param numRestoredFiles files it added back ({@code num_restored_files})
 * @param removedFilesSize bytes of the removed files ({@code removed_files_size})
 * @param restoredFilesSize bytes of the restored files ({@code restored_files_size})
 */
public record RestoreMetrics(long tableSizeAfterRestore, long numOfFilesAfterRestore, long numRemovedFiles,
    long numRestoredFiles, long removedFilesSize, long restoredFilesSize) {

  static RestoreMetrics of(Row row) {
    return new RestoreMetrics(Rows.longOrZero(row, "table_size_after_restore"),
        Rows.longOrZero(row, "num_of_files_after_restore"), Rows.longOrZero(row, "num_removed_files"),
        Rows.longOrZero(row, "num_restored_files"), Rows.longOrZero(row, "removed_files_size"),
        Rows.longOrZero(row, "restored_files_size"));
  }
}
