/**
 * Streaming query listener events over Spark Connect's listener bus: {@link
 * io.github.reactivespark.connect.listeners.StreamingListeners#events()} (a hot {@code Flux} of typed {@link
 * io.github.reactivespark.connect.listeners.StreamingQueryEvent}s), the per-query {@link
 * io.github.reactivespark.connect.listeners.StreamingListeners#progress progress(query)} and the classic {@link
 * io.github.reactivespark.connect.listeners.StreamingQueryListener} adapter. Mirrors Spark's Scala Connect client
 * {@code StreamingQueryListenerBus} and PySpark's {@code connect/streaming/query.py}.
 */
@NullMarked
package io.github.reactivespark.connect.listeners;

import org.jspecify.annotations.NullMarked;
