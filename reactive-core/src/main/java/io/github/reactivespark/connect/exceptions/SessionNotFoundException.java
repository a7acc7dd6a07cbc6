package io.github.reactivespark.connect.exceptions;

import org.jspecify.annotations.Nullable;

/**
 * The server does not know the session (error class {@code INVALID_HANDLE.SESSION_NOT_FOUND}: never created,
 * expired, or the server restarted) or it was closed ({@code INVALID_HANDLE.SESSION_CLOSED}). The session cannot
 * be used any more; create a new one.
 */
public class SessionNotFoundException extends SparkConnectException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param details what the server reported
   * @param cause the next exception of the server's cause chain, or a client-side cause, or {@code null}
   */
  public SessionNotFoundException(ErrorDetails details, @Nullable Throwable cause) {
    super(details, cause);
  }
}
