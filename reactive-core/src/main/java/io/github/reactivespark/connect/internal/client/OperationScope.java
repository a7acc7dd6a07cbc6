package io.github.reactivespark.connect.internal.client;

import io.github.reactivespark.connect.events.OperationStartedEvent;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * The state of one operation while listeners watch it: its start, the operation id its {@code ExecutePlan} carries,
 * its totals, and an Arrow batch whose chunks are still arriving. Written by the calls of the operation, which run one
 * after another (the reattach loop never runs two at once), and read at its end; the fields are volatile for the
 * hand-over between the threads those calls run on.
 */
final class OperationScope {

  final OperationStartedEvent started;
  volatile @Nullable String operationId;
  volatile long responses;
  volatile long responseBytes;
  volatile long arrowBatches;
  volatile long rows;
  volatile long arrowBytes;
  volatile int reattaches;
  /** Of a chunked batch not complete yet: its rows, its bytes so far, its chunks so far. */
  volatile long pendingRows;
  volatile long pendingBytes;
  volatile int pendingChunks;
  private final AtomicBoolean ended = new AtomicBoolean();

  OperationScope(OperationStartedEvent started) {
    this.started = started;
  }

  /** Marks the end; true only the first time (later events of a cancelled call are dropped). */
  boolean end() {
    return ended.compareAndSet(false, true);
  }

  boolean ended() {
    return ended.get();
  }
}
