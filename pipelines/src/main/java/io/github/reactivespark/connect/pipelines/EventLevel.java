package io.github.reactivespark.connect.pipelines;

/**
 * The level of a {@link PipelineEvent}. Spark Connect 4.1.2 does not send the server's event level (its
 * {@code PipelineEvent} message has a timestamp and a message only), so the client derives it from the message:
 * see {@link PipelineEvent#level()}.
 */
public enum EventLevel {
  /** Progress. */
  INFO,
  /** A flow skipped or failed because of an upstream failure. */
  WARN,
  /** The event carries an error (a failed flow, a flow that failed to resolve). */
  ERROR
}
