package udfjar;

import org.apache.spark.sql.api.java.UDF2;

/** The text upper-cased with n exclamation marks. */
public class Shout implements UDF2<String, Integer, String> {
  @Override
  public String call(String s, Integer n) {
    return s == null ? null : s.toUpperCase(java.util.Locale.ROOT) + "!".repeat(n == null ? 0 : n);
  }
}
