package io.github.reactivespark.connect.exceptions;

/**
 * The status code of a failed call, as the transport reported it: the 17 codes of gRPC, under gRPC's names and
 * numbers ({@code grpc/status.proto}), without a dependency on gRPC's own types. A Spark 4.1 server reports every
 * query error, and invalid session and operation handles, as {@link #INTERNAL}; {@link #UNAVAILABLE} means the
 * server could not be reached; {@link #UNKNOWN} also stands for errors that did not come from a call at all.
 *
 * @since 0.1.0
 */
public enum StatusCode {
  /** 0: not an error. */
  OK(0),
  /** 1: the call was cancelled, typically by the caller. */
  CANCELLED(1),
  /** 2: an unknown error, or an error that did not come from a call. */
  UNKNOWN(2),
  /** 3: the client sent an invalid argument. */
  INVALID_ARGUMENT(3),
  /** 4: the deadline expired before the call completed. */
  DEADLINE_EXCEEDED(4),
  /** 5: a requested entity was not found. */
  NOT_FOUND(5),
  /** 6: an entity the client tried to create exists already. */
  ALREADY_EXISTS(6),
  /** 7: the caller may not run the call. */
  PERMISSION_DENIED(7),
  /** 8: a resource ran out, for example a message larger than {@code grpc_max_message_size}. */
  RESOURCE_EXHAUSTED(8),
  /** 9: the system is not in a state the call needs. */
  FAILED_PRECONDITION(9),
  /** 10: the call was aborted, typically by a concurrency conflict. */
  ABORTED(10),
  /** 11: the call went past a valid range. */
  OUT_OF_RANGE(11),
  /** 12: the server does not implement the call. */
  UNIMPLEMENTED(12),
  /** 13: an internal error of the server; how Spark reports query errors. */
  INTERNAL(13),
  /** 14: the server is unavailable (not reachable, or the connection broke); usually transient. */
  UNAVAILABLE(14),
  /** 15: unrecoverable data loss. */
  DATA_LOSS(15),
  /** 16: the call lacks valid credentials. */
  UNAUTHENTICATED(16);

  private static final StatusCode[] BY_VALUE = values();

  private final int value;

  StatusCode(int value) {
    this.value = value;
  }

  /**
   * The code's number, as on the wire.
   *
   * @return 0 to 16
   */
  public int value() {
    return value;
  }

  /**
   * The code with a given number.
   *
   * @param value a gRPC status code number
   * @return its code; {@link #UNKNOWN} for a number outside 0 to 16
   */
  public static StatusCode forValue(int value) {
    return value >= 0 && value < BY_VALUE.length ? BY_VALUE[value] : UNKNOWN;
  }
}
