package io.github.reactivespark.connect.exceptions;

import org.jspecify.annotations.Nullable;

/**
 * The responses of an operation do not form a valid result: Arrow data before the schema, result chunks out of
 * order or missing (a stream that ends in the middle of a chunked batch), a batch that starts at another row than
 * the rows received before it, a declared row count that its Arrow data does not hold, or Arrow IPC bytes that do
 * not decode. The checks are those of Spark's {@code SparkResult.processResponses}; the message names the
 * operation and what was expected. No batch of a malformed response is emitted, and its Arrow memory is freed.
 *
 * @since 0.1.0
 */
public class MalformedResultException extends SparkConnectException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what was wrong, naming the operation
   * @param cause the decoding error, or {@code null}
   */
  public MalformedResultException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
