package io.github.reactivespark.connect.exceptions;

import org.jspecify.annotations.Nullable;

/**
 * An arithmetic error at run time, for example {@code DIVIDE_BY_ZERO} or {@code ARITHMETIC_OVERFLOW} under ANSI
 * mode. Mirrors {@code org.apache.spark.SparkArithmeticException} (an {@code ArithmeticException} on the
 * server).
 */
public class SparkArithmeticException extends SparkConnectException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param details what the server reported
   * @param cause the next exception of the server's cause chain, or a client-side cause, or {@code null}
   */
  public SparkArithmeticException(ErrorDetails details, @Nullable Throwable cause) {
    super(details, cause);
  }
}
