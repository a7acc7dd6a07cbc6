package io.github.reactivespark.connect.listeners;

import java.util.ArrayDeque;
import java.util.Iterator;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.FluxSink;

/**
 * The per-subscriber buffer of {@link StreamingListeners#events()}: events wait here until the subscriber requests
 * them. Lifecycle events are never dropped (unbounded); a progress event replaces the undelivered progress event of
 * the same query run, so at most one progress per run waits. Terminal signals are delivered after the buffered
 * events. Thread-safe (every method synchronises on the buffer).
 */
final class CoalescingBuffer {

  private final FluxSink<StreamingQueryEvent> sink;
  private final ArrayDeque<StreamingQueryEvent> queue = new ArrayDeque<>();
  private boolean done;
  private @Nullable Throwable error;

  CoalescingBuffer(FluxSink<StreamingQueryEvent> sink) {
    this.sink = sink;
  }

  synchronized void add(StreamingQueryEvent e) {
    if (e instanceof StreamingQueryEvent.QueryProgress) {
      for (Iterator<StreamingQueryEvent> it = queue.iterator(); it.hasNext(); ) {
        StreamingQueryEvent q = it.next();
        if (q instanceof StreamingQueryEvent.QueryProgress && q.runId().equals(e.runId())) {
          it.remove();
        }
      }
    }
    queue.add(e);
    drain();
  }

  synchronized void error(Throwable t) {
    done = true;
    error = t;
    drain();
  }

  synchronized void complete() {
    done = true;
    drain();
  }

  /** Delivers as many buffered events as requested, then the terminal signal once the buffer is empty. */
  synchronized void drain() {
    while (!queue.isEmpty() && sink.requestedFromDownstream() > 0 && !sink.isCancelled()) {
      sink.next(queue.poll());
    }
    if (done && queue.isEmpty()) {
      if (error != null) {
        sink.error(error);
      } else {
        sink.complete();
      }
    }
  }

  /** How many events wait (for tests). */
  synchronized int size() {
    return queue.size();
  }
}
