package io.github.reactivespark.connect.delta;

import io.github.reactivespark.connect.Row;

/**
 * What a merge did, as Delta's {@code MERGE INTO} reports it in its result row (Delta's
 * {@code DeltaMergeBuilder.execute()} returns the same four columns).
 *
 * @param numAffectedRows target rows updated, deleted or inserted ({@code num_affected_rows})
 * @param numUpdatedRows target rows updated ({@code num_updated_rows})
 * @param numDeletedRows target rows deleted ({@code num_deleted_rows})
 * @param numInsertedRows rows inserted ({@code num_inserted_rows})
 */
public record MergeMetrics(long numAffectedRows, long numUpdatedRows, long numDeletedRows, long numInsertedRows) {

  static MergeMetrics of(Row row) {
    return new MergeMetrics(Rows.longOrZero(row, "num_affected_rows"), Rows.longOrZero(row, "num_updated_rows"),
        Rows.longOrZero(row, "num_deleted_rows"), Rows.longOrZero(row, "num_inserted_rows"));
  }
}
