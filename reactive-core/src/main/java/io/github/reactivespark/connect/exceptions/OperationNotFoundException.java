package io.github.reactivespark.connect.exceptions;

import org.jspecify.annotations.Nullable;

/**
 * The server does not know the operation (error class {@code INVALID_HANDLE.OPERATION_NOT_FOUND}): it finished
 * and was released, was removed after being detached for too long, or never arrived. The reattach logic handles
 * this itself when it is harmless; emitted to the application only when results were lost.
 */
public class OperationNotFoundException extends SparkConnectException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param details what the server reported
   * @param cause the next exception of the server's cause chain, or a client-side cause, or {@code null}
   */
  public OperationNotFoundException(ErrorDetails details, @Nullable Throwable cause) {
    super(details, cause);
  }
}
