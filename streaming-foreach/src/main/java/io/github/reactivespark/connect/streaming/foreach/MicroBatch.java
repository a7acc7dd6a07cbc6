package io.github.reactivespark.connect.streaming.foreach;

import io.github.reactivespark.connect.DataFrame;
import java.util.Objects;
import java.util.function.LongFunction;
import reactor.core.publisher.Mono;

/**
 * One micro-batch of a {@link MicroBatchStream}, delivered to the client: its batch id and a {@link DataFrame} over
 * exactly that micro-batch's rows (with the streaming DataFrame's schema), which the subscriber consumes like any
 * DataFrame ({@code rows()}, {@code toArrow()}, aggregations run on the server...).
 *
 * <p>The rows stay on the server until {@link #commit()}: committing records the batch as delivered (it is never
 * delivered again, also after a client restart) and drops its partition of the export table.
 */
public final class MicroBatch {

  private final long batchId;
  private final DataFrame rows;
  private final LongFunction<Mono<Void>> committer;

  MicroBatch(long batchId, DataFrame rows, LongFunction<Mono<Void>> committer) {
    this.batchId = batchId;
    this.rows = rows;
    this.committer = committer;
  }

  /** Spark's id of this micro-batch (0, 1, 2, ... per checkpoint). */
  public long batchId() {
    return batchId;
  }

  /** The micro-batch's rows: a lazy DataFrame over this batch's partition of the export table. */
  public DataFrame rows() {
    return rows;
  }

  /**
   * Marks this batch, and every earlier one, as delivered: sets the export table's committed batch id (a table
   * property) and then drops the committed partitions. Cold: each subscription sends the two SQL commands.
   * Once it completes, a restarted {@link MicroBatchStream} over the same export table starts after this batch.
   *
   * @return completes empty when recorded; emits the server's typed error if the table is gone
   */
  public Mono<Void> commit() {
    return committer.apply(batchId);
  }

  @Override
  public String toString() {
    return "MicroBatch[batchId=" + batchId + "]";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MicroBatch m && m.batchId == batchId && m.rows == rows;
  }

  @Override
  public int hashCode() {
    return Objects.hash(batchId);
  }
}
