package udfjar;

import org.apache.spark.sql.api.java.UDF1;

/** x + 1, null stays null. */
public class PlusOne implements UDF1<Long, Long> {
  @Override
  public Long call(Long x) {
    return x == null ? null : x + 1;
  }
}
