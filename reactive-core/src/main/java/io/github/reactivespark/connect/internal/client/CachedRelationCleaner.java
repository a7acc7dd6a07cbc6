package io.github.reactivespark.connect.internal.client;

import io.github.reactivespark.connect.internal.proto.CachedRemoteRelation;
import java.lang.ref.Cleaner;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Frees the relations a session's server keeps for it ({@code CachedRemoteRelation}s: the results of
 * {@code checkpoint}/{@code localCheckpoint}, which the server holds in its session's DataFrame cache until told
 * otherwise) by sending {@code RemoveCachedRemoteRelationCommand}: when the user releases one ({@link #release}),
 * or, as the Scala client's {@code SessionCleaner} does, once the client can no longer reach it. Reachability is
 * that of the relation's protobuf message: every DataFrame derived from a checkpointed one embeds the same message
 * object, so the relation is freed only when none of them is reachable any more.
 *
 * <p>The unreachable path runs on the JVM-wide cleaner thread of this class (one daemon thread for all sessions);
 * it never blocks there: it subscribes to the remove RPC and returns, and the RPC's error, if any, is logged (at
 * WARN, with the relation id). Nothing is sent for a relation already released, nor after the session closed (the
 * server then drops the whole session with its DataFrame cache).
 */
public final class CachedRelationCleaner {

  private static final Logger log = LoggerFactory.getLogger(CachedRelationCleaner.class);

  private static final Cleaner CLEANER = Cleaner.create(r -> {
    Thread t = new Thread(r, "reactive-spark-connect-relation-cleaner");
    t.setDaemon(true);
    return t;
  });

  private final Function<String, Mono<Void>> remove;
  private final BooleanSupplier closed;
  /** Ids registered and neither released nor cleaned yet. */
  private final Set<String> live = ConcurrentHashMap.newKeySet();

  /**
   * A cleaner for one session.
   *
   * @param remove sends {@code RemoveCachedRemoteRelationCommand} for a relation id; cold
   * @param closed whether the session is closed (then nothing is sent)
   */
  public CachedRelationCleaner(Function<String, Mono<Void>> remove, BooleanSupplier closed) {
    this.remove = Objects.requireNonNull(remove, "remove");
    this.closed = Objects.requireNonNull(closed, "closed");
  }

  /**
   * Frees {@code relation} on the server once this exact message object is unreachable, unless it was released
   * before.
   *
   * @param relation the message the server returned, which the checkpointed DataFrame embeds
   */
  public void register(CachedRemoteRelation relation) {
    String id = relation.getRelationId();
    if (live.add(id)) {
      CLEANER.register(relation, new Unreachable(this, id)); // the action must not refer to the relation
    }
  }

  /**
   * Frees the relation now. Cold: the first subscription for a registered id sends one
   * {@code RemoveCachedRemoteRelationCommand} and completes when the server answered; later subscriptions, and
   * those for ids never registered, complete at once without an RPC.
   *
   * @param relationId the relation's id
   * @return completes when the server forgot it; emits the RPC's typed error otherwise
   */
  public Mono<Void> release(String relationId) {
    return Mono.defer(() -> live.remove(relationId) ? remove.apply(relationId) : Mono.empty());
  }

  /**
   * Whether {@code relationId} is registered and neither released nor cleaned yet.
   *
   * @param relationId the relation's id
   * @return true while the server is expected to hold it for this session
   */
  public boolean isLive(String relationId) {
    return live.contains(relationId);
  }

  private void unreachable(String id) {
    if (!live.remove(id) || closed.getAsBoolean()) {
      return;
    }
    log.debug("Freeing the unreachable cached relation {} on the server", id);
    remove.apply(id).subscribe(v -> { }, e -> log.warn("RemoveCachedRemoteRelation of unreachable relation {}"
        + " failed: {}", id, e.toString()));
  }

  /** The cleaning action: holds the session's cleaner and the id, never the relation. */
  private record Unreachable(CachedRelationCleaner cleaner, String id) implements Runnable {
    @Override
    public void run() {
      try {
        cleaner.unreachable(id);
      } catch (RuntimeException e) { // the cleaner thread must survive whatever happens here
        log.warn("Could not free the cached relation {}: {}", id, e.toString());
      }
    }
  }
}
