package io.github.reactivespark.connect.streaming;

import io.github.reactivespark.connect.SparkSession;
import io.github.reactivespark.connect.exceptions.ErrorDetails;
import io.github.reactivespark.connect.exceptions.StreamingQueryException;
import io.github.reactivespark.connect.internal.proto.StreamingQueryCommand;
import io.github.reactivespark.connect.internal.proto.StreamingQueryCommandResult;
import io.github.reactivespark.connect.internal.proto.StreamingQueryInstanceId;
import io.github.reactivespark.connect.streaming.internal.StreamingCommands;
import io.github.reactivespark.connect.exceptions.StatusCode;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * A handle on a streaming query running on the server; mirrors {@code org.apache.spark.sql.streaming.StreamingQuery}
 * (Scala Connect client {@code RemoteStreamingQuery}, PySpark {@code connect/streaming/query.py}). The handle is a
 * value ({@link #id}, {@link #runId}, {@link #name}); every other method is a cold {@code Mono} that sends one
 * {@code StreamingQueryCommand} per subscription (several for {@link #awaitTermination()}). Cancelling a Mono
 * releases its RPC; it never stops the query (only {@link #stop()} does).
 *
 * <p>Commands on a query the server no longer knows (another session's, or after the session ended) fail with the
 * server's typed error. A query that failed makes {@link #awaitTermination()} and {@link #processAllAvailable()}
 * emit {@link StreamingQueryException}.
 */
public final class StreamingQuery {

  /**
   * The longest the server waits inside one {@code await_termination} command of {@link #awaitTermination()}: the
   * client repeats the command (without holding a thread) until the query ends or the caller's timeout passes.
   */
  public static final Duration AWAIT_TERMINATION_POLL = Duration.ofSeconds(10);

  private final SparkSession session;
  private final UUID id;
  private final UUID runId;
  private final @Nullable String name;

  StreamingQuery(SparkSession session, UUID id, UUID runId, @Nullable String name) {
    this.session = Objects.requireNonNull(session, "session");
    this.id = Objects.requireNonNull(id, "id");
    this.runId = Objects.requireNonNull(runId, "runId");
    this.name = name;
  }

  /** The query's id: the same across restarts from one checkpoint. */
  public UUID id() {
    return id;
  }

  /** The id of this run: new at every start, also when resuming from a checkpoint. */
  public UUID runId() {
    return runId;
  }

  /** The name given by {@link DataStreamWriter#queryName}, or {@code null}. */
  public @Nullable String name() {
    return name;
  }

  /** The session the query runs in. */
  public SparkSession sparkSession() {
    return session;
  }

  /** Whether the query is still running (from {@link #status()}). Cold. */
  public Mono<Boolean> isActive() {
    return status().map(StreamingQueryStatus::isActive);
  }

  /** What the query is doing now. Cold. */
  public Mono<StreamingQueryStatus> status() {
    return command(b -> b.setStatus(true)).map(r -> {
      StreamingQueryCommandResult.StatusResult s = r.getStatus();
      return new StreamingQueryStatus(s.getStatusMessage(), s.getIsDataAvailable(), s.getIsTriggerActive(),
          s.getIsActive());
    });
  }

  /** The progress of the latest trigger; empty before the first trigger completed. Cold. */
  public Mono<StreamingQueryProgress> lastProgress() {
    return command(b -> b.setLastProgress(true)).flatMap(r -> {
      List<String> json = r.getRecentProgress().getRecentProgressJsonList();
      return json.isEmpty() ? Mono.empty() : Mono.just(StreamingQueryProgress.fromJson(json.get(json.size() - 1)));
    });
  }

  /**
   * The progress of the recent triggers, oldest first (the server keeps {@code
   * spark.sql.streaming.numRecentProgressUpdates}, 100 by default). Cold.
   */
  public Mono<List<StreamingQueryProgress>> recentProgress() {
    return command(b -> b.setRecentProgress(true)).map(r -> r.getRecentProgress().getRecentProgressJsonList()
        .stream().map(StreamingQueryProgress::fromJson).toList());
  }

  /**
   * The error that stopped the query, as a {@link StreamingQueryException} whose {@code errorClass()} is Spark's
   * error class of the cause (for example {@code DIVIDE_BY_ZERO}) when it has one; empty while the query runs or
   * when it stopped without error. Cold.
   */
  public Mono<StreamingQueryException> exception() {
    return command(b -> b.setException(true)).flatMap(r -> {
      StreamingQueryCommandResult.ExceptionResult e = r.getException();
      if (!e.hasExceptionMessage()) {
        return Mono.empty();
      }
      String message = e.getExceptionMessage();
      if (e.hasStackTrace() && !e.getStackTrace().isEmpty()) {
        message = message + "\n\nServer stack trace:\n" + e.getStackTrace();
      }
      return Mono.just(new StreamingQueryException(
          ErrorDetails.of(message, e.hasErrorClass() ? e.getErrorClass() : null, StatusCode.UNKNOWN), null));
    });
  }

  /** The physical plan (Spark's {@code explain()}). Cold. */
  public Mono<String> explain() {
    return explain(false);
  }

  /** The physical plan, and with {@code extended} the logical plans too. Cold. */
  public Mono<String> explain(boolean extended) {
    return command(b -> b.setExplain(StreamingQueryCommand.ExplainCommand.newBuilder().setExtended(extended)))
        .map(r -> r.getExplain().getResult());
  }

  /**
   * Completes once everything available in the sources when the server received the command is processed and
   * committed (for tests: the server waits, the client does not hold a thread). Emits {@link
   * StreamingQueryException} if the query fails meanwhile or has failed. Never completes for a query whose source
   * always has data unless it is stopped. Cold.
   */
  public Mono<Void> processAllAvailable() {
    return command(b -> b.setProcessAllAvailable(true)).then();
  }

  /** Stops the query and completes when it has stopped; completes too if it had already stopped. Cold. */
  public Mono<Void> stop() {
    return command(b -> b.setStop(true)).then();
  }

  /**
   * Completes when the query has terminated; emits {@link StreamingQueryException} if it terminated with an
   * error. No thread is held: the client sends {@code await_termination} commands, each waiting at most
   * {@link #AWAIT_TERMINATION_POLL} on the server, one after another until the server says the query terminated.
   * Cancelling stops the polling. Cold.
   */
  public Mono<Void> awaitTermination() {
    return StreamingCommands.awaitInSlices(null, AWAIT_TERMINATION_POLL, this::waitUpTo).then();
  }

  /**
   * Emits {@code true} once the query has terminated, {@code false} if it still runs after {@code timeout};
   * emits {@link StreamingQueryException} if it terminated with an error. Polls as {@link #awaitTermination()}.
   * Cold.
   *
   * @throws IllegalArgumentException when the timeout is negative
   */
  public Mono<Boolean> awaitTermination(Duration timeout) {
    return StreamingCommands.awaitInSlices(timeout, AWAIT_TERMINATION_POLL, this::waitUpTo);
  }

  private Mono<Boolean> waitUpTo(long timeoutMs) {
    return command(b -> b.setAwaitTermination(
        StreamingQueryCommand.AwaitTerminationCommand.newBuilder().setTimeoutMs(timeoutMs))).map(r -> r.getAwaitTermination().getTerminated());
  }


  private Mono<StreamingQueryCommandResult> command(UnaryOperator<StreamingQueryCommand.Builder> f) {
    return Mono.defer(() -> StreamingCommands.query(session, f.apply(StreamingQueryCommand.newBuilder()
        .setQueryId(StreamingQueryInstanceId.newBuilder().setId(id.toString()).setRunId(runId.toString())))
        .build()));
  }

  /** Equal when id and runId are (the session is not compared). */
  @Override
  public boolean equals(Object o) {
    return o instanceof StreamingQuery q && q.id.equals(id) && q.runId.equals(runId);
  }

  @Override
  public int hashCode() {
    return id.hashCode() * 31 + runId.hashCode();
  }

  @Override
  public String toString() {
    return "StreamingQuery[id=" + id + ", runId=" + runId + (name == null ? "" : ", name=" + name) + "]";
  }
}
