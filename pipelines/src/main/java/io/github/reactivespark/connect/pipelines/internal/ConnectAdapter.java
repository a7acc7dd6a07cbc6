package io.github.reactivespark.connect.pipelines.internal;

import io.github.reactivespark.connect.DataFrame;
import io.github.reactivespark.connect.SparkSession;
import io.github.reactivespark.connect.internal.ConnectInternals;
import io.github.reactivespark.connect.internal.proto.Command;
import io.github.reactivespark.connect.internal.proto.ExecutePlanResponse;
import io.github.reactivespark.connect.internal.proto.Relation;
import reactor.core.publisher.Flux;

/**
 * The pipelines module's only door to the session's plumbing: every use of reactive-core's internal seam
 * ({@link ConnectInternals}) is here, so that a change of the seam is a change of this class. Not an API.
 *
 * <p>What the module needs from a session: the protobuf plan behind a {@link DataFrame}, executing a
 * {@code Command} as a reattachable {@code ExecutePlan} (the session's retry policy, typed errors, and
 * {@code ReleaseExecute(release_all)} on cancel), and a second session on the same server for a run.
 */
public final class ConnectAdapter {

  private ConnectAdapter() {}

  /**
   * The relation (plan) behind a DataFrame.
   *
   * @param df the DataFrame
   * @return its relation
   */
  public static Relation relation(DataFrame df) {
    return ConnectInternals.relation(df);
  }

  /**
   * Every response of one execution of {@code command} in {@code session}: cold, one reattachable
   * {@code ExecutePlan} per subscription, errors converted to typed {@code SparkConnectException}s, cancel sends
   * {@code ReleaseExecute(release_all)}.
   *
   * @param session the session
   * @param command the command
   * @return the responses
   */
  public static Flux<ExecutePlanResponse> execute(SparkSession session, Command command) {
    return ConnectInternals.client(session).execute(command);
  }

  /**
   * A new session on the server of {@code like}, with its identity and client options and a fresh session id
   * ({@link SparkSession#newSession()}; the server creates it on first use). Does no I/O.
   *
   * @param like the session whose server and identity to use
   * @return a new session; the caller stops it
   */
  public static SparkSession newSessionLike(SparkSession like) {
    return like.newSession();
  }

}
