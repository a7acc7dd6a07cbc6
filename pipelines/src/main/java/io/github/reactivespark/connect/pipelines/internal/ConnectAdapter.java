package io.github.reactivespark.connect.pipelines.internal;

import io.github.reactivespark.connect.ConnectionString;
import io.github.reactivespark.connect.DataFrame;
import io.github.reactivespark.connect.SparkSession;
import io.github.reactivespark.connect.internal.ConnectInternals;
import io.github.reactivespark.connect.internal.proto.Command;
import io.github.reactivespark.connect.internal.proto.ExecutePlanResponse;
import io.github.reactivespark.connect.internal.proto.Relation;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
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
   * A new session on the server of {@code like}, with its user, token, TLS, user agent, headers and message size,
   * and a fresh session id (the server creates it on first use). Does no I/O. The new session has the default
   * client options (retry policy, chunking): the seam does not hand out {@code like}'s.
   *
   * @param like the session whose server and identity to use
   * @return a new session; the caller stops it
   */
  public static SparkSession newSessionLike(SparkSession like) {
    ConnectionString c = like.connectionString();
    StringBuilder url = new StringBuilder("sc://");
    url.append(c.host().contains(":") ? "[" + c.host() + "]" : c.host()).append(':').append(c.port()).append('/');
    c.token().ifPresent(t -> param(url, "token", t));
    if (c.useSsl()) {
      param(url, "use_ssl", "true");
    }
    c.userId().ifPresent(u -> param(url, "user_id", u));
    param(url, "user_agent", c.userAgent());
    param(url, "grpc_max_message_size", Integer.toString(c.grpcMaxMessageSize()));
    c.headers().forEach((k, v) -> param(url, k, v));
    param(url, "session_id", UUID.randomUUID().toString());
    return SparkSession.builder().remote(url.toString()).create();
  }

  private static void param(StringBuilder url, String key, String value) {
    url.append(';').append(key).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
  }
}
