package io.github.reactivespark.connect.internal.client;

import io.github.reactivespark.connect.internal.proto.UserContext;
import java.util.Objects;

/**
 * Who a request speaks for: the client-chosen session id (a UUID), the user context and the client type.
 * Every request of a session carries the same three values ({@code base.proto}: {@code session_id},
 * {@code user_context}, {@code client_type}).
 *
 * @param sessionId client-side session id, a UUID string
 * @param userContext user id (and name) sent on every request
 * @param clientType free-form client description sent on every request (our user agent)
 */
public record SessionIdentity(String sessionId, UserContext userContext, String clientType) {
  public SessionIdentity {
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(userContext, "userContext");
    Objects.requireNonNull(clientType, "clientType");
  }
}
