package io.github.reactivespark.connect.events;

import java.util.Objects;
import reactor.util.context.ContextView;

/**
 * A client operation started: a subscription to one RPC of the session, with the retries (and, for
 * {@code ExecutePlan}, the reattaches) it takes. The same instance comes back as {@link OperationEndedEvent#start()},
 * and it is unique (its {@link #sequence()} is per session), so a listener can key its per-operation state on it.
 *
 * @param sessionId the client-side session id (a UUID)
 * @param sequence the operation's number in its session, from 0, in the order they started
 * @param rpc the RPC the operation sends: {@code ExecutePlan} (a query or a command), {@code AnalyzePlan},
 *     {@code Config}, {@code Interrupt} or {@code AddArtifacts}
 * @param startNanos {@link System#nanoTime()} when it started
 * @param context the subscriber's Reactor context: where a tracing library finds the parent of the operation's span
 *     (for example Micrometer's current observation under {@code ObservationThreadLocalAccessor.KEY})
 * @since 0.1.0
 */
public record OperationStartedEvent(String sessionId, long sequence, String rpc, long startNanos,
    ContextView context) {

  /**
   * Checks the fields.
   *
   * @throws NullPointerException if a reference is null
   */
  public OperationStartedEvent {
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(rpc, "rpc");
    Objects.requireNonNull(context, "context");
  }
}
