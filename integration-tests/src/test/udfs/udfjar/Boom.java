package udfjar;

import org.apache.spark.sql.api.java.UDF1;

/** Fails on 3 with an exception of its own; x otherwise. */
public class Boom implements UDF1<Long, Long> {
  @Override
  public Long call(Long x) {
    if (x == 3L) {
      throw new IllegalStateException("udfjar.Boom refuses " + x);
    }
    return x;
  }
}
