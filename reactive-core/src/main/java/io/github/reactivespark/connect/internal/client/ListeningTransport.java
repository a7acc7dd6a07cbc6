package io.github.reactivespark.connect.internal.client;

import io.github.reactivespark.connect.events.ArrowBatchEvent;
import io.github.reactivespark.connect.events.ProgressEvent;
import io.github.reactivespark.connect.events.ReattachEvent;
import io.github.reactivespark.connect.events.ResponseEvent;
import io.github.reactivespark.connect.internal.proto.ExecutePlanRequest;
import io.github.reactivespark.connect.internal.proto.ExecutePlanResponse;
import io.github.reactivespark.connect.internal.proto.ReattachExecuteRequest;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import reactor.core.publisher.Flux;

/**
 * The transport of a session that has listeners: every call goes to the real transport unchanged; the streamed
 * calls ({@code ExecutePlan}, {@code ReattachExecute}) are watched on the way. From the {@link OperationScope} of the
 * operation that makes a call (found in the call's Reactor context) it learns which operation a call belongs to, and
 * it reports to {@link ClientEvents}: the operation id of an {@code ExecutePlan}, each reattach, each response, each
 * complete Arrow batch (chunks are counted across reattaches, in the scope) and each progress report. Calls made
 * outside any operation (the asynchronous {@code release_until}, {@code ReleaseSession}) pass unwatched, as do the
 * other RPCs ({@link ForwardingTransport}).
 */
final class ListeningTransport extends ForwardingTransport {

  private static final Map<ExecutePlanResponse.ResponseTypeCase, String> TYPES =
      new EnumMap<>(ExecutePlanResponse.ResponseTypeCase.class);

  static {
    for (ExecutePlanResponse.ResponseTypeCase c : ExecutePlanResponse.ResponseTypeCase.values()) {
      TYPES.put(c, c.name().toLowerCase(Locale.ROOT));
    }
  }

  private final ClientEvents events;

  ListeningTransport(SparkConnectTransport delegate, ClientEvents events) {
    super(delegate);
    this.events = events;
  }

  @Override
  public Flux<ExecutePlanResponse> executePlan(ExecutePlanRequest request) {
    return watched("ExecutePlan", op -> op.operationId = request.getOperationId(), delegate().executePlan(request));
  }

  @Override
  public Flux<ExecutePlanResponse> reattachExecute(ReattachExecuteRequest request) {
    return watched("ReattachExecute", op -> {
      int n = ++op.reattaches;
      events.reattach(new ReattachEvent(events.sessionId(), request.getOperationId(),
          request.hasLastResponseId() ? request.getLastResponseId() : null, n));
    }, delegate().reattachExecute(request));
  }

  /** {@code call}, reported against the operation of its subscription: {@code onCall} once, then each response. */
  private Flux<ExecutePlanResponse> watched(String rpc, Consumer<OperationScope> onCall,
      Flux<ExecutePlanResponse> call) {
    return Flux.deferContextual(ctx -> {
      OperationScope op = ClientEvents.scope(ctx);
      if (op == null) {
        return call;
      }
      onCall.accept(op);
      return call.doOnNext(r -> onResponse(op, rpc, r));
    });
  }

  private void onResponse(OperationScope op, String rpc, ExecutePlanResponse r) {
    if (op.ended()) {
      return; // delivered while a cancel ended the operation: not reported after its end
    }
    String operationId = r.getOperationId().isEmpty() ? String.valueOf(op.operationId) : r.getOperationId();
    int bytes = r.getSerializedSize();
    op.responses++;
    op.responseBytes += bytes;
    events.response(new ResponseEvent(events.sessionId(), operationId, rpc, type(r), bytes));
    if (r.hasArrowBatch()) {
      arrowBatch(op, operationId, r.getArrowBatch());
    } else if (r.hasExecutionProgress()) {
      progress(operationId, r.getExecutionProgress());
    }
  }

  private void arrowBatch(OperationScope op, String operationId, ExecutePlanResponse.ArrowBatch ab) {
    long size = ab.getData().size();
    long chunksInBatch = ab.hasNumChunksInBatch() ? ab.getNumChunksInBatch() : 1;
    if (chunksInBatch <= 1) {
      batch(op, operationId, ab.getRowCount(), size, 1);
      return;
    }
    if (ab.getChunkIndex() == 0) {
      op.pendingRows = ab.getRowCount();
      op.pendingBytes = 0;
      op.pendingChunks = 0;
    }
    op.pendingBytes += size;
    int chunks = ++op.pendingChunks;
    if (chunks >= chunksInBatch) {
      batch(op, operationId, op.pendingRows, op.pendingBytes, chunks);
      op.pendingChunks = 0;
    }
  }

  private void batch(OperationScope op, String operationId, long rows, long bytes, int chunks) {
    op.arrowBatches++;
    op.rows += rows;
    op.arrowBytes += bytes;
    events.arrowBatch(new ArrowBatchEvent(events.sessionId(), operationId, rows, bytes, chunks));
  }

  private void progress(String operationId, ExecutePlanResponse.ExecutionProgress p) {
    int done = 0;
    long tasks = 0;
    long completed = 0;
    long input = 0;
    for (ExecutePlanResponse.ExecutionProgress.StageInfo s : p.getStagesList()) {
      done += s.getDone() ? 1 : 0;
      tasks += s.getNumTasks();
      completed += s.getNumCompletedTasks();
      input += s.getInputBytesRead();
    }
    events.progress(new ProgressEvent(events.sessionId(), operationId, p.getStagesCount(), done, tasks, completed,
        input, p.getNumInflightTasks()));
  }

  /** What a response carries, in the proto's own names. */
  static String type(ExecutePlanResponse r) {
    ExecutePlanResponse.ResponseTypeCase c = r.getResponseTypeCase();
    if (c != ExecutePlanResponse.ResponseTypeCase.RESPONSETYPE_NOT_SET) {
      return TYPES.get(c);
    }
    if (r.hasSchema()) {
      return "schema";
    }
    if (r.hasMetrics()) {
      return "metrics";
    }
    return r.getObservedMetricsCount() > 0 ? "observed_metrics" : "none";
  }
}
