package io.github.reactivespark.connect.internal;

import io.github.reactivespark.connect.ArrowBatch;
import io.github.reactivespark.connect.Column;
import io.github.reactivespark.connect.DataFrame;
import io.github.reactivespark.connect.SparkSession;
import io.github.reactivespark.connect.internal.proto.AnalyzePlanRequest;
import io.github.reactivespark.connect.internal.proto.AnalyzePlanResponse;
import io.github.reactivespark.connect.internal.proto.Command;
import io.github.reactivespark.connect.internal.proto.ExecutePlanResponse;
import io.github.reactivespark.connect.internal.proto.Expression;
import io.github.reactivespark.connect.internal.proto.Plan;
import io.github.reactivespark.connect.internal.proto.Relation;
import java.util.Objects;
import java.util.function.UnaryOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The seam through which reactive-spark-connect's own modules ({@code streaming}, {@code listeners}) reach a
 * session's plumbing: plan ids, the reattachable {@code ExecutePlan} path, {@code AnalyzePlan}, and the protobuf
 * messages behind {@link DataFrame} and {@link Column}. <b>Not an API</b>: it exposes generated protobuf types from
 * the internal package and may change in any release. The implementation is registered by {@link SparkSession}'s
 * class initialiser (the "shared secrets" pattern), so the public classes keep these members package-private.
 *
 * <p>Every publisher returned here has the semantics of the session's own actions: cold, one RPC per subscription,
 * retried with the session's {@code RetryPolicy}, errors converted to typed
 * {@link io.github.reactivespark.connect.exceptions.SparkConnectException}s, cancellation releases the operation.
 */
public interface ConnectInternals {

  /** The registered implementation; initialises {@link SparkSession} if needed. */
  static ConnectInternals get() {
    ConnectInternals impl = Holder.impl;
    if (impl == null) {
      try {
        Class.forName(SparkSession.class.getName(), true, SparkSession.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException(e);
      }
      impl = Objects.requireNonNull(Holder.impl, "SparkSession did not register ConnectInternals");
    }
    return impl;
  }

  /** Called once by {@link SparkSession}'s class initialiser. */
  static void register(ConnectInternals impl) {
    Holder.impl = impl;
  }

  /** A new relation whose {@code common.plan_id} is the session's next plan id. */
  Relation newRelation(SparkSession session, UnaryOperator<Relation.Builder> builder);

  /** A DataFrame over {@code relation} in {@code session}. */
  DataFrame dataFrame(SparkSession session, Relation relation);

  /** The relation behind {@code df}. */
  Relation relation(DataFrame df);

  /** The expression behind {@code column}. */
  Expression expression(Column column);

  /** A Column over {@code expression}. */
  Column column(Expression expression);

  /**
   * Every {@code ExecutePlanResponse} of one execution of {@code plan} (reattachable, with the session's tags and
   * Reactor-Context tags). Cold; cancelling sends {@code ReleaseExecute(release_all)}.
   */
  Flux<ExecutePlanResponse> execute(SparkSession session, Plan plan);

  /** {@link #execute} for a plan that is a {@code Command}. */
  Flux<ExecutePlanResponse> executeCommand(SparkSession session, Command command);

  /** The Arrow batches of one execution of {@code plan}; the subscriber owns and closes each batch. */
  Flux<ArrowBatch> executeArrow(SparkSession session, Plan plan);

  /** One {@code AnalyzePlan} RPC; session id, user context and client type are filled in. Cold. */
  Mono<AnalyzePlanResponse> analyze(SparkSession session, UnaryOperator<AnalyzePlanRequest.Builder> request);

  /** Lazily set holder, kept out of the interface's public constants. */
  final class Holder {
    private static volatile ConnectInternals impl;

    private Holder() {}
  }
}
