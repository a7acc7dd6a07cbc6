package io.github.reactivespark.connect.bench.udf;

import org.apache.spark.sql.api.java.UDF1;

/** The benchmark's lambda, created in a class that references only Spark's API (the server loads it). */
public final class BenchUdfs {
  private BenchUdfs() {}

  /**
   * The lambda {@code x -> x + 1}, serialized as the server sees it.
   *
   * @return a {@code UDF1<Long, Long>} adding one (a null input fails with a {@code NullPointerException} on the
   *     server)
   */
  public static UDF1<Long, Long> plusOne() {
    return x -> x + 1;
  }
}
