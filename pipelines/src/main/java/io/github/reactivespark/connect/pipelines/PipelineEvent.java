package io.github.reactivespark.connect.pipelines;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One event of a pipeline run: what the server sends as {@code ExecutePlanResponse.pipeline_event_result}
 * ({@code PipelineEvent{timestamp, message}} of {@code pipelines.proto}, built by the server's
 * {@code PipelineEventSender}). Immutable.
 *
 * <p>On the wire a Spark Connect 4.1.2 event is only a timestamp and a message; the server's level, origin and
 * details stay on the server. The message follows fixed templates (Spark's {@code FlowProgressEventLogger},
 * {@code RunTerminationReason}, {@code PipelineExecution}), so the structure is read back from it:
 * {@link #flowName()} and {@link #flowStatus()} for flow progress ({@code "Flow spark_catalog.default.x is
 * RUNNING."}), {@link #runState()} for run progress ({@code "Run is COMPLETED."}), and {@link #error()} for the
 * error messages the server appends after {@code "\nError: "}. A message that matches no template has none of
 * them; {@link #message()} is always the server's text unchanged.
 */
public final class PipelineEvent {

  private static final String ERROR_MARK = "\nError: ";
  private static final Pattern FLOW_STATUS =
      Pattern.compile("^Flow '?(?<name>[^' ]+)'? (?:is|has) (?<status>[A-Z]+)\\b");
  private static final Pattern FLOW_SKIPPED = Pattern.compile("^Flow '(?<name>[^']+)' (?:SKIPPED due to upstream"
      + " failure|has been processed by a previous iteration)");
  private static final Pattern FLOW_RESOLUTION_FAILED =
      Pattern.compile("^Failed to resolve flow(?<upstream> due to upstream failure)?: '(?<name>[^']+)'");
  private static final Pattern RUN_STATE = Pattern.compile("^Run (?:is |has )?(?<state>[A-Z]+)\\b");

  private final Instant timestamp;
  private final String message;
  private final @Nullable String error;
  private final @Nullable String flowName;
  private final @Nullable FlowStatus flowStatus;
  private final @Nullable RunState runState;
  private final EventLevel level;

  private PipelineEvent(Instant timestamp, String message) {
    this.timestamp = timestamp;
    this.message = message;
    int mark = message.indexOf(ERROR_MARK);
    this.error = mark < 0 ? null : message.substring(mark + ERROR_MARK.length()).strip();
    String head = mark < 0 ? message : message.substring(0, mark);
    String name = null;
    FlowStatus status = null;
    RunState run = null;
    boolean upstreamFailure = false;
    Matcher m;
    if ((m = FLOW_RESOLUTION_FAILED.matcher(head)).find()) {
      name = m.group("name");
      status = FlowStatus.FAILED;
      upstreamFailure = m.group("upstream") != null;
    } else if ((m = FLOW_SKIPPED.matcher(head)).find()) {
      name = m.group("name");
      status = FlowStatus.SKIPPED;
      upstreamFailure = head.contains("upstream");
    } else if ((m = FLOW_STATUS.matcher(head)).find()) {
      name = m.group("name");
      status = flowStatusOf(m.group("status"));
    } else if ((m = RUN_STATE.matcher(head)).find()) {
      run = runStateOf(m.group("state"));
    }
    this.flowName = status == null ? null : name;
    this.flowStatus = status;
    this.runState = run;
    if (upstreamFailure) {
      this.level = EventLevel.WARN;
    } else if (error != null || status == FlowStatus.FAILED || run == RunState.FAILED) {
      this.level = EventLevel.ERROR;
    } else {
      this.level = EventLevel.INFO;
    }
  }

  /**
   * An event as the server sent it; the structure is read from the message.
   *
   * @param timestamp when the event occurred on the server
   * @param message the server's message
   * @return the event
   */
  public static PipelineEvent of(Instant timestamp, String message) {
    return new PipelineEvent(Objects.requireNonNull(timestamp, "timestamp"),
        Objects.requireNonNull(message, "message"));
  }

  private static @Nullable FlowStatus flowStatusOf(String s) {
    for (FlowStatus f : FlowStatus.values()) {
      if (f.name().equals(s)) {
        return f;
      }
    }
    return null;
  }

  private static @Nullable RunState runStateOf(String s) {
    for (RunState r : RunState.values()) {
      if (r.name().equals(s)) {
        return r;
      }
    }
    return null;
  }

  /**
   * When the event occurred on the server ({@code PipelineEvent.timestamp}).
   *
   * @return the instant, UTC
   */
  public Instant timestamp() {
    return timestamp;
  }

  /**
   * The server's message, unchanged; for an event with an error it includes {@code "\nError: "} and the messages
   * of the error and its causes.
   *
   * @return the message
   */
  public String message() {
    return message;
  }

  /**
   * The error the server appended to the message: the messages of the exception and its causes, one per line.
   *
   * @return the error text, or empty for an event without an error
   */
  public Optional<String> error() {
    return Optional.ofNullable(error);
  }

  /**
   * The flow this event is about, as the server names it: usually fully qualified
   * ({@code spark_catalog.default.x}); one part for flows into sinks and temporary views.
   *
   * @return the flow's name, or empty for a run event or an unrecognised message
   */
  public Optional<String> flowName() {
    return Optional.ofNullable(flowName);
  }

  /**
   * The flow's status this event reports; {@link FlowStatus#FAILED} also for a flow that failed to resolve.
   *
   * @return the status, or empty for a run event or an unrecognised message
   */
  public Optional<FlowStatus> flowStatus() {
    return Optional.ofNullable(flowStatus);
  }

  /**
   * The run's state this event reports ({@code "Run is COMPLETED."} is the last event of a successful run).
   *
   * @return the state, or empty for a flow event or an unrecognised message
   */
  public Optional<RunState> runState() {
    return Optional.ofNullable(runState);
  }

  /**
   * The event's level, derived from the message (4.1.2 does not send the server's level): {@link EventLevel#WARN}
   * for a flow skipped or failed because of an upstream failure (the server logs those at WARN too, before the
   * failure that caused them); {@link EventLevel#ERROR} for any other event with an error, a failed flow or a failed
   * run; {@link EventLevel#INFO} otherwise.
   *
   * @return the level
   */
  public EventLevel level() {
    return level;
  }

  /**
   * Whether this event reports a failure: an error, a failed flow, a failed run.
   *
   * @return true for a failure event
   */
  public boolean isFailure() {
    return error != null || flowStatus == FlowStatus.FAILED || runState == RunState.FAILED;
  }

  /**
   * The event as one log entry: timestamp, level and message, for example
   * {@code 2026-12-01T09:54:46.123Z INFO  Flow spark_catalog.default.a is QUEUED.} (the message may span lines).
   *
   * @return the formatted event
   */
  public String format() {
    return timestamp + " " + String.format(Locale.ROOT, "%-5s", level) + " " + message;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PipelineEvent e && e.timestamp.equals(timestamp) && e.message.equals(message);
  }

  @Override
  public int hashCode() {
    return Objects.hash(timestamp, message);
  }

  @Override
  public String toString() {
    return "PipelineEvent[" + format() + "]";
  }
}
