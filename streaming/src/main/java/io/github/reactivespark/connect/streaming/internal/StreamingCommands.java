package io.github.reactivespark.connect.streaming.internal;

import io.github.reactivespark.connect.SparkSession;
import io.github.reactivespark.connect.internal.ConnectInternals;
import io.github.reactivespark.connect.internal.proto.Command;
import io.github.reactivespark.connect.internal.proto.ExecutePlanResponse;
import io.github.reactivespark.connect.internal.proto.StreamingQueryCommand;
import io.github.reactivespark.connect.internal.proto.StreamingQueryCommandResult;
import io.github.reactivespark.connect.internal.proto.StreamingQueryManagerCommand;
import io.github.reactivespark.connect.internal.proto.StreamingQueryManagerCommandResult;
import java.util.function.Function;
import java.util.function.Predicate;
import reactor.core.publisher.Mono;

/**
 * Sends the streaming commands of commands.proto through the session's {@code ExecutePlan} path and picks the one
 * result message out of the response stream (the stream is read to its end, so the operation completes normally
 * on the server). Not an API.
 */
public final class StreamingCommands {

  private StreamingCommands() {}

  /**
   * One command; the last response that carries the wanted result.
   *
   * @throws IllegalStateException (emitted) when the server answered without that result
   */
  public static <T> Mono<T> run(SparkSession session, Command command, Predicate<ExecutePlanResponse> has,
      Function<ExecutePlanResponse, T> get, String what) {
    return ConnectInternals.get().executeCommand(session, command)
        .filter(has)
        .map(get)
        .reduce((a, b) -> b)
        .switchIfEmpty(Mono.error(() -> new IllegalStateException("the server sent no " + what)));
  }

  /** A {@code StreamingQueryCommand}; its {@code StreamingQueryCommandResult}. */
  public static Mono<StreamingQueryCommandResult> query(SparkSession session, StreamingQueryCommand command) {
    return run(session, Command.newBuilder().setStreamingQueryCommand(command).build(),
        ExecutePlanResponse::hasStreamingQueryCommandResult, ExecutePlanResponse::getStreamingQueryCommandResult,
        "StreamingQueryCommandResult");
  }

  /** A {@code StreamingQueryManagerCommand}; its {@code StreamingQueryManagerCommandResult}. */
  public static Mono<StreamingQueryManagerCommandResult> manager(SparkSession session,
      StreamingQueryManagerCommand command) {
    return run(session, Command.newBuilder().setStreamingQueryManagerCommand(command).build(),
        ExecutePlanResponse::hasStreamingQueryManagerCommandResult,
        ExecutePlanResponse::getStreamingQueryManagerCommandResult, "StreamingQueryManagerCommandResult");
  }
}
