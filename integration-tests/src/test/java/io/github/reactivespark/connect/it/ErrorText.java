package io.github.reactivespark.connect.it;

import io.github.reactivespark.connect.exceptions.SparkConnectException;

/** An exception's whole text for asserts: each cause's class and message, and Spark's error class where there is one. */
public final class ErrorText {

  private ErrorText() {}

  public static String of(Throwable e) {
    StringBuilder b = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      b.append(t.getClass().getName()).append(": ").append(t.getMessage()).append('\n');
      if (t instanceof SparkConnectException s) {
        b.append("  errorClass=").append(s.errorClass()).append('\n');
      }
    }
    return b.toString();
  }
}
