package io.github.reactivespark.connect.listeners;

/**
 * The classic callback form of the listener events; mirrors {@code
 * org.apache.spark.sql.streaming.StreamingQueryListener}. Register with {@link
 * StreamingListeners#addListener(StreamingQueryListener)}. Every method does nothing by default. Callbacks run one
 * at a time per listener, in event order, on a {@code boundedElastic} worker (so they may block); an exception
 * thrown by a callback is logged and the listener keeps receiving events.
 */
public interface StreamingQueryListener {

  /** A query started (only queries started through this client while the listener is registered). */
  default void onQueryStarted(StreamingQueryEvent.QueryStarted event) {}

  /** A trigger of a query completed. */
  default void onQueryProgress(StreamingQueryEvent.QueryProgress event) {}

  /** A query had no new data. */
  default void onQueryIdle(StreamingQueryEvent.QueryIdle event) {}

  /** A query stopped or failed. */
  default void onQueryTerminated(StreamingQueryEvent.QueryTerminated event) {}
}
