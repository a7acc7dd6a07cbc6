package io.github.reactivespark.connect.micrometer;

import io.github.reactivespark.connect.events.OperationEndedEvent;
import io.github.reactivespark.connect.events.OperationStartedEvent;
import io.micrometer.observation.Observation;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The {@link Observation.Context} of one Spark Connect operation: its start event, and its end event once it ended
 * (set right before the observation stops). Conventions read the RPC, outcome, error class and ids from here.
 *
 * @since 0.1.0
 */
public class SparkConnectObservationContext extends Observation.Context {

  private final OperationStartedEvent start;
  private volatile @Nullable OperationEndedEvent end;

  /**
   * A context for an operation that started.
   *
   * @param start its start
   */
  public SparkConnectObservationContext(OperationStartedEvent start) {
    this.start = Objects.requireNonNull(start, "start");
  }

  /**
   * The operation's start.
   *
   * @return the start event
   */
  public OperationStartedEvent start() {
    return start;
  }

  /**
   * The operation's end, once it ended.
   *
   * @return the end event, or {@code null} while the operation runs
   */
  public @Nullable OperationEndedEvent end() {
    return end;
  }

  /**
   * Records the operation's end (the listener does this right before stopping the observation).
   *
   * @param end the end event
   */
  public void setEnd(OperationEndedEvent end) {
    this.end = Objects.requireNonNull(end, "end");
  }
}
