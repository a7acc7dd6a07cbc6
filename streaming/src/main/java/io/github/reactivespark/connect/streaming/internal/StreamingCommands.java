package io.github.reactivespark.connect.streaming.internal;

import io.github.reactivespark.connect.SparkSession;
import io.github.reactivespark.connect.internal.ConnectInternals;
import io.github.reactivespark.connect.internal.proto.Command;
import io.github.reactivespark.connect.internal.proto.ExecutePlanResponse;
import io.github.reactivespark.connect.internal.proto.StreamingQueryCommand;
import io.github.reactivespark.connect.internal.proto.StreamingQueryCommandResult;
import io.github.reactivespark.connect.internal.proto.StreamingQueryManagerCommand;
import io.github.reactivespark.connect.internal.proto.StreamingQueryManagerCommandResult;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.LongFunction;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
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
    return ConnectInternals.client(session).execute(command)
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

  /**
   * The non-blocking wait behind {@code awaitTermination} and {@code awaitAnyTermination}: sends server-side waits of
   * at most {@code slice} each ({@code waitUpToMs} gets the slice in milliseconds and emits whether the server saw a
   * termination), one after another, until one reports a termination ({@code true}) or {@code timeout} has passed
   * ({@code false}). A {@code null} timeout waits forever. Cold; the loop is a {@code repeat}, so a wait of days does
   * not deepen the operator chain; cancelling stops it between or during slices.
   *
   * @throws IllegalArgumentException when the timeout is negative
   */
  public static Mono<Boolean> awaitInSlices(@Nullable Duration timeout, Duration slice,
      LongFunction<Mono<Boolean>> waitUpToMs) {
    if (timeout != null && timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must not be negative: " + timeout);
    }
    return Mono.defer(() -> {
      long now = System.nanoTime();
      long deadline = timeout == null || now + timeout.toNanos() < now ? Long.MAX_VALUE : now + timeout.toNanos();
      return Mono.defer(() -> {
        long left = deadline == Long.MAX_VALUE ? Long.MAX_VALUE
            : Math.max(0, (deadline - System.nanoTime()) / 1_000_000);
        return waitUpToMs.apply(Math.min(left, slice.toMillis())).flatMap(terminated -> {
          if (terminated) {
            return Mono.just(true);
          }
          return deadline != Long.MAX_VALUE && System.nanoTime() - deadline >= 0 ? Mono.just(false) : Mono.empty();
        });
      }).repeatWhenEmpty(Integer.MAX_VALUE, attempts -> attempts);
    });
  }
}
