package io.github.reactivespark.connect.events;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A client operation ended, with its outcome and what it received.
 *
 * @param start the event of its start (the same instance)
 * @param operationId the operation id the client gave the server, for an {@code ExecutePlan} (a UUID); {@code null}
 *     for unary calls, and for an {@code ExecutePlan} that ended before its request was sent
 * @param outcome success, error or cancellation
 * @param error the error the subscriber receives (a typed {@code SparkConnectException} for server and transport
 *     errors), or {@code null} unless the outcome is {@link OperationOutcome#ERROR}
 * @param errorClass Spark's error class of {@code error} (for example {@code PARSE_SYNTAX_ERROR}), or {@code null}
 *     when there is no error or it carries none
 * @param duration from the start to the end
 * @param responses streamed responses received (0 for unary calls)
 * @param responseBytes their serialized size, in bytes
 * @param arrowBatches complete Arrow record batches received
 * @param rows rows in those batches
 * @param arrowBytes Arrow IPC bytes in those batches
 * @param reattaches {@code ReattachExecute} calls made
 * @since 0.1.0
 */
public record OperationEndedEvent(OperationStartedEvent start, @Nullable String operationId,
    OperationOutcome outcome, @Nullable Throwable error, @Nullable String errorClass, Duration duration,
    long responses, long responseBytes, long arrowBatches, long rows, long arrowBytes, int reattaches) {

  /**
   * Checks the fields.
   *
   * @throws NullPointerException if a required reference is null
   */
  public OperationEndedEvent {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(duration, "duration");
  }

  /**
   * The client-side session id.
   *
   * @return {@code start().sessionId()}
   */
  public String sessionId() {
    return start.sessionId();
  }

  /**
   * The operation's RPC.
   *
   * @return {@code start().rpc()}
   */
  public String rpc() {
    return start.rpc();
  }
}
