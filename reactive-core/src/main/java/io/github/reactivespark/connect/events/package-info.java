/**
 * What a session does on the wire, as events for metrics, tracing and logs: one {@link
 * io.github.reactivespark.connect.events.SparkConnectListener} interface and the immutable event records it
 * receives. The client's own instrumentation hook, with no monitoring library in it; the
 * {@code reactive-spark-connect-micrometer} module turns these events into Micrometer observations and meters.
 *
 * <p>Register listeners with {@code SparkSession.builder().listener(...)}. A session without listeners creates no
 * event and decorates nothing: the cost is one check per operation.
 *
 * <p><b>Threads, order, blocking.</b> Events are delivered synchronously, on the thread where the client sees what
 * they report: the subscribing thread for {@link io.github.reactivespark.connect.events.OperationStartedEvent}, a
 * gRPC event-loop thread for responses, Arrow batches and progress, a Reactor scheduler thread (or a gRPC thread)
 * for retries, reattaches and ends. Listener methods must therefore be fast, thread-safe and must never block: they
 * run on non-blocking threads (BlockHound fails the client's own tests on a blocking call there). The events of one
 * operation arrive one after another (never concurrently), in the order they happened: the start first, the end
 * last; events of different operations and sessions may interleave and arrive concurrently. A listener that throws
 * does not disturb the query: the exception is logged (at {@code WARN} the first time for each listener, at
 * {@code DEBUG} afterwards) and the remaining listeners still get the event.
 *
 * @since 0.1.0
 */
@NullMarked
package io.github.reactivespark.connect.events;

import org.jspecify.annotations.NullMarked;
