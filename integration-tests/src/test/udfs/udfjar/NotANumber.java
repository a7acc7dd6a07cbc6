package udfjar;

import org.apache.spark.sql.api.java.UDF1;

/** Declared to return bigint by its registration, but returns text. */
public class NotANumber implements UDF1<Long, Object> {
  @Override
  public Object call(Long x) {
    return "not a number: " + x;
  }
}
