package io.github.reactivespark.connect.bench.udf;

import org.apache.spark.sql.api.java.UDF1;

/** The benchmark's lambda, created in a class that references only Spark's API (the server loads it). */
public final class BenchUdfs {
  private BenchUdfs() {}

  public static UDF1<Long, Long> plusOne() {
    return x -> x + 1;
  }
}
