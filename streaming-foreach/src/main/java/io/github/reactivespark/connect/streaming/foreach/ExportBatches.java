package io.github.reactivespark.connect.streaming.foreach;

import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The server-side half of {@link MicroBatchStream}: the foreachBatch function that exports each micro-batch into its
 * own partition of the export table. It runs on the server, so this class references only Spark's API (the server
 * deserializes the lambda through this class; our client classes do not exist there).
 */
final class ExportBatches {

  private ExportBatches() {}

  /**
   * Writes the batch's rows into the partition {@code idColumn = batchId} with {@code INSERT OVERWRITE TABLE ...
   * PARTITION (...)}, which replaces that one partition only: a micro-batch that Spark re-runs after a restart replaces its earlier
   * attempt instead of duplicating it, as the foreachBatch guide recommends for exactly-once output.
   */
  static VoidFunction2<Dataset<Row>, Long> into(String table, String idColumn) {
    return (df, batchId) -> {
      String view = "rsc_export_batch_" + batchId;
      df.createOrReplaceTempView(view);
      try {
        df.sparkSession().sql("INSERT OVERWRITE TABLE " + table + " PARTITION (" + idColumn + " = " + batchId
            + ") SELECT * FROM " + view);
      } finally {
        df.sparkSession().catalog().dropTempView(view);
      }
    };
  }
}
