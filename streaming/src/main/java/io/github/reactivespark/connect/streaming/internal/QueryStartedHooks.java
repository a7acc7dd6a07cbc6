package io.github.reactivespark.connect.streaming.internal;

import io.github.reactivespark.connect.SparkSession;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the listeners module learns of query starts. Spark Connect does not send {@code QueryStartedEvent} over the
 * listener bus: while a client-side listener is registered, the server puts it into
 * {@code WriteStreamOperationStartResult.query_started_event_json}, and the client posts it to its own listeners
 * (Scala {@code DataStreamWriter.startInternal}). {@code DataStreamWriter} calls {@link #fire} with that JSON; the
 * listeners module registers one consumer per session. Not an API.
 */
public final class QueryStartedHooks {

  private static final Logger log = LoggerFactory.getLogger(QueryStartedHooks.class);
  private static final Map<SparkSession, Consumer<String>> HOOKS = new WeakHashMap<>();

  private QueryStartedHooks() {}

  /** Sets the consumer of {@code session}'s QueryStartedEvent JSON (replacing any earlier one). */
  public static synchronized void register(SparkSession session, Consumer<String> onStartedJson) {
    HOOKS.put(session, onStartedJson);
  }

  /** Hands {@code json} to the session's consumer, if any; a failing consumer is logged, never rethrown. */
  public static void fire(SparkSession session, String json) {
    Consumer<String> c;
    synchronized (QueryStartedHooks.class) {
      c = HOOKS.get(session);
    }
    if (c == null) {
      log.debug("QueryStartedEvent with no listener registered: {}", json);
      return;
    }
    try {
      c.accept(json);
    } catch (RuntimeException e) {
      log.warn("QueryStartedEvent consumer failed", e);
    }
  }
}
