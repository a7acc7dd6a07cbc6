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
   * PARTITION (...)}, which replaces that one partition only. A micro-batch that Spark re-runs after a restart (same
   * offsets, same rows) is written only if its partition is not in the catalog yet: the catalog registers a
   * partition after its files are committed, so a registered partition is complete, and skipping it keeps a client
   * that is reading it from seeing it rewritten. An unregistered partial attempt is overwritten.
   */
  static VoidFunction2<Dataset<Row>, Long> into(String table, String idColumn) {
    return (df, batchId) -> {
      if (!df.sparkSession().sql("SHOW PARTITIONS " + table + " PARTITION (" + idColumn + " = " + batchId + ")")
          .isEmpty()) {
        return; // a re-run of a batch already exported: the catalog registered it only once its files were complete
      }
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
