package io.github.reactivespark.connect.bench.udf;

import org.apache.spark.sql.api.java.UDF1;

/** {@code x -> x + 1} as a class, for registration by name. References only Spark's API. */
public class PlusOne implements UDF1<Long, Long> {
  private static final long serialVersionUID = 1L;

  @Override
  public Long call(Long x) {
    return x + 1;
  }
}
