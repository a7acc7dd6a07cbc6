package io.github.reactivespark.connect.internal.client;

import io.github.reactivespark.connect.exceptions.ErrorDetails;
import io.github.reactivespark.connect.exceptions.SessionNotFoundException;
import io.github.reactivespark.connect.exceptions.StatusCode;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * Remembers the {@code server_side_session_id} a session first saw and rejects responses from another one: a
 * change means the server restarted or the session was replaced, and results cannot be trusted to belong to this
 * session any more. Mirrors Spark's {@code ResponseValidator.verifyResponse}.
 */
public final class ServerSessionTracker {

  private final AtomicReference<@Nullable String> serverSideSessionId = new AtomicReference<>();

  /** The server-side session id seen so far, or {@code null} before the first response. */
  public @Nullable String expected() {
    return serverSideSessionId.get();
  }

  /**
   * Records the id of a response, or fails if it differs from the one seen before.
   *
   * @throws SessionNotFoundException (error class {@code INVALID_HANDLE.SESSION_CHANGED}) naming both ids when the server-side session changed
   */
  public void check(String observed, String context) {
    if (observed.isEmpty()) {
      return;
    }
    String before = serverSideSessionId.compareAndExchange(null, observed);
    if (before != null && !before.equals(observed)) {
      throw new SessionNotFoundException(ErrorDetails.of("The server-side session changed from " + before + " to "
          + observed + " (in " + context + "): the server restarted or the session was closed; create a new"
          + " SparkSession", "INVALID_HANDLE.SESSION_CHANGED", StatusCode.FAILED_PRECONDITION), null);
    }
  }
}
