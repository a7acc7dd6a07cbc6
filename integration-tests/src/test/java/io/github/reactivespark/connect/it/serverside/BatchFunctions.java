package io.github.reactivespark.connect.it.serverside;

import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * foreachBatch functions that the integration tests ship to the server. They live in a class of their own that
 * references only Spark's API: the server deserializes a lambda through the class that created it, so that class
 * must load on the server, where our client's classes do not exist.
 */
public final class BatchFunctions {

  private BatchFunctions() {}

  /** Writes each micro-batch as parquet to {@code <dir>/batch=<batchId>}, replacing an earlier attempt (idempotent). */
  public static VoidFunction2<Dataset<Row>, Long> writeParquet(String dir) {
    return (df, batchId) -> df.write().mode("overwrite").parquet(dir + "/batch=" + batchId);
  }

  /** Fails on batch {@code failingBatch} with an exception naming it; passes other batches through untouched. */
  public static VoidFunction2<Dataset<Row>, Long> failOnBatch(long failingBatch) {
    return (df, batchId) -> {
      if (batchId == failingBatch) {
        throw new IllegalStateException("foreachBatch refused batch " + batchId);
      }
    };
  }
}
