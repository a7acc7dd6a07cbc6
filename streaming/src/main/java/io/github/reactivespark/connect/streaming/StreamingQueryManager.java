package io.github.reactivespark.connect.streaming;

import io.github.reactivespark.connect.SparkSession;
import io.github.reactivespark.connect.internal.proto.StreamingQueryManagerCommand;
import io.github.reactivespark.connect.internal.proto.StreamingQueryManagerCommandResult;
import io.github.reactivespark.connect.streaming.internal.StreamingCommands;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.UnaryOperator;
import reactor.core.publisher.Mono;

/**
 * The streaming queries of one session; mirrors {@code org.apache.spark.sql.streaming.StreamingQueryManager} (Scala
 * Connect client {@code StreamingQueryManager.scala}, PySpark {@code connect/streaming/query.py}). Obtained from
 * {@link SparkStreaming#streams}. Every method is a cold {@code Mono} sending one {@code
 * StreamingQueryManagerCommand} per subscription (several for the waits); cancelling releases the RPC.
 */
public final class StreamingQueryManager {

  /** The longest the server waits inside one {@code await_any_termination} command; the client repeats it. */
  public static final Duration AWAIT_ANY_TERMINATION_POLL = StreamingQuery.AWAIT_TERMINATION_POLL;

  private final SparkSession session;

  StreamingQueryManager(SparkSession session) {
    this.session = Objects.requireNonNull(session, "session");
  }

  /** The session's running queries (possibly empty). Cold. */
  public Mono<List<StreamingQuery>> active() {
    return command(b -> b.setActive(true)).map(r -> r.getActive().getActiveQueriesList().stream()
        .map(this::query).toList());
  }

  /** The active query with this id; empty when none runs with it. Cold. */
  public Mono<StreamingQuery> get(UUID id) {
    Objects.requireNonNull(id, "id");
    return command(b -> b.setGetQuery(id.toString()))
        .flatMap(r -> r.hasQuery() ? Mono.just(query(r.getQuery())) : Mono.empty());
  }

  /** {@link #get(UUID)} by the id's text. @throws IllegalArgumentException when it is not a UUID */
  public Mono<StreamingQuery> get(String id) {
    return get(UUID.fromString(id));
  }

  /**
   * Completes when any query of the session has terminated since the session started or since {@link
   * #resetTerminated()}; emits {@link io.github.reactivespark.connect.exceptions.StreamingQueryException} if that
   * query failed. Polls without holding a thread, as {@link StreamingQuery#awaitTermination()}. Cold.
   */
  public Mono<Void> awaitAnyTermination() {
    return StreamingCommands.awaitInSlices(null, AWAIT_ANY_TERMINATION_POLL, this::waitUpTo).then();
  }

  /**
   * {@code true} once a query terminated, {@code false} after {@code timeout} otherwise. Cold.
   *
   * @throws IllegalArgumentException when the timeout is negative
   */
  public Mono<Boolean> awaitAnyTermination(Duration timeout) {
    return StreamingCommands.awaitInSlices(timeout, AWAIT_ANY_TERMINATION_POLL, this::waitUpTo);
  }

  /** Forgets terminated queries, so that {@link #awaitAnyTermination()} waits for a new one. Cold. */
  public Mono<Void> resetTerminated() {
    return command(b -> b.setResetTerminated(true)).then();
  }

  private Mono<Boolean> waitUpTo(long timeoutMs) {
    return command(b -> b.setAwaitAnyTermination(
        StreamingQueryManagerCommand.AwaitAnyTerminationCommand.newBuilder().setTimeoutMs(timeoutMs))).map(r -> r.getAwaitAnyTermination().getTerminated());
  }


  private StreamingQuery query(StreamingQueryManagerCommandResult.StreamingQueryInstance q) {
    return new StreamingQuery(session, UUID.fromString(q.getId().getId()), UUID.fromString(q.getId().getRunId()),
        q.hasName() && !q.getName().isEmpty() ? q.getName() : null);
  }

  private Mono<StreamingQueryManagerCommandResult> command(UnaryOperator<StreamingQueryManagerCommand.Builder> f) {
    return Mono.defer(() -> StreamingCommands.manager(session, f.apply(StreamingQueryManagerCommand.newBuilder())
        .build()));
  }
}
