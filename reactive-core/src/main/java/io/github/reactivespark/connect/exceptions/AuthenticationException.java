package io.github.reactivespark.connect.exceptions;

import org.jspecify.annotations.Nullable;

/**
 * The server refused the call because the client did not authenticate: gRPC status {@code UNAUTHENTICATED}, as
 * Spark's {@code PreSharedKeyAuthenticationInterceptor} answers a call without an {@code Authorization: Bearer}
 * header ("No authentication token provided") or with a token other than its {@code spark.connect.authenticate.token}
 * ("Invalid authentication token"). Never retried: the same call fails the same way. Check the connection string's
 * {@code token}. The message is the server's and never contains the token.
 *
 * <p>Not a Spark type: Spark's clients surface the raw {@code StatusRuntimeException}.
 *
 * @since 0.1.0
 */
public class AuthenticationException extends SparkConnectException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param details what the server reported (status {@code UNAUTHENTICATED} and its description)
   * @param cause the raw gRPC error, or {@code null}
   */
  public AuthenticationException(ErrorDetails details, @Nullable Throwable cause) {
    super(details, cause);
  }
}
