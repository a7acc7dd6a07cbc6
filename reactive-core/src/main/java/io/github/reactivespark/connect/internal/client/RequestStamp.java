package io.github.reactivespark.connect.internal.client;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.github.reactivespark.connect.internal.proto.FetchErrorDetailsRequest;
import io.github.reactivespark.connect.internal.proto.UserContext;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Says, on every request of a session, who it speaks for: the one place that writes {@code session_id},
 * {@code user_context}, {@code client_type} and {@code client_observed_server_side_session_id} into a request
 * ({@code base.proto}: every request message carries these fields under the same names), and the keeper of the
 * server-side session id those requests report ({@link ServerSessionTracker}).
 *
 * <p>{@code client_observed_server_side_session_id} is written once the tracker has seen one, into every request
 * that has the field except {@code FetchErrorDetails}: an error's details belong to whatever server-side session
 * produced it, and a session change must not hide them (Spark's {@code GrpcExceptionConverter} sends it without
 * too). Thread-safe.
 */
public final class RequestStamp {

  /** The four fields of one request type, looked up once per message type. */
  private record Fields(FieldDescriptor sessionId, FieldDescriptor userContext, @Nullable FieldDescriptor clientType,
      @Nullable FieldDescriptor observedServerSession) {}

  private static final Map<Descriptor, Fields> FIELDS = new ConcurrentHashMap<>();

  private final SessionIdentity identity;
  private final ServerSessionTracker serverSession = new ServerSessionTracker();

  /**
   * Creates the stamp of one session.
   *
   * @param identity the session id, user context and client type every request carries
   */
  public RequestStamp(SessionIdentity identity) {
    this.identity = Objects.requireNonNull(identity, "identity");
  }

  /**
   * The stamp of the session that {@code options} describe.
   *
   * @param options the session's options
   * @return a stamp with the options' session id, user id and client type
   */
  public static RequestStamp of(ClientOptions options) {
    return new RequestStamp(new SessionIdentity(options.sessionId(),
        UserContext.newBuilder().setUserId(options.userId()).build(), options.clientType()));
  }

  /**
   * The identity this stamp writes.
   *
   * @return the session id, user context and client type written into every request
   */
  public SessionIdentity identity() {
    return identity;
  }

  /**
   * The tracker of the server-side session id.
   *
   * @return the session-wide tracker of {@code server_side_session_id}, which checks every response
   */
  public ServerSessionTracker serverSession() {
    return serverSession;
  }

  /**
   * Writes the session's identity (and, once known, the observed server-side session id) into a request.
   *
   * @param request a builder of one of {@code base.proto}'s request messages
   * @param <B> the builder type
   * @return {@code request}, for chaining
   * @throws IllegalArgumentException if the message has no {@code session_id} or {@code user_context} field (it
   *     is not a Spark Connect request)
   */
  public <B extends Message.Builder> B stamp(B request) {
    Fields f = FIELDS.computeIfAbsent(request.getDescriptorForType(), RequestStamp::fieldsOf);
    request.setField(f.sessionId(), identity.sessionId());
    request.setField(f.userContext(), identity.userContext());
    if (f.clientType() != null) {
      request.setField(f.clientType(), identity.clientType());
    }
    String observed = serverSession.expected();
    if (observed != null && f.observedServerSession() != null) {
      request.setField(f.observedServerSession(), observed);
    }
    return request;
  }

  private static Fields fieldsOf(Descriptor type) {
    FieldDescriptor sessionId = type.findFieldByName("session_id");
    FieldDescriptor userContext = type.findFieldByName("user_context");
    if (sessionId == null || userContext == null) {
      throw new IllegalArgumentException(type.getFullName() + " is not a Spark Connect request: it has no"
          + " session_id and user_context");
    }
    FieldDescriptor observed = type.equals(FetchErrorDetailsRequest.getDescriptor())
        ? null : type.findFieldByName("client_observed_server_side_session_id");
    return new Fields(sessionId, userContext, type.findFieldByName("client_type"), observed);
  }
}
