package io.github.reactivespark.connect.internal.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.reactivespark.connect.internal.proto.CachedRemoteRelation;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * When the session's cleaner sends {@code RemoveCachedRemoteRelationCommand}: once per relation, on release or
 * when the relation's message is unreachable, never after the session closed; a failing remove is only logged.
 * The real server's side is {@code CheckpointReleaseIT}.
 */
class CachedRelationCleanerTest {

  private final List<String> removed = new CopyOnWriteArrayList<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final CachedRelationCleaner cleaner = new CachedRelationCleaner(
      id -> Mono.fromRunnable(() -> removed.add(id)), closed::get);

  private static CachedRemoteRelation relation(String id) {
    return CachedRemoteRelation.newBuilder().setRelationId(id).build();
  }

  @Test
  void releaseSendsOneRemovePerRelation() {
    CachedRemoteRelation r = relation("r1");
    cleaner.register(r);
    assertTrue(cleaner.isLive("r1"));
    Mono<Void> release = cleaner.release("r1");
    assertEquals(List.of(), removed, "cold: nothing before subscription");
    StepVerifier.create(release).verifyComplete();
    StepVerifier.create(release).verifyComplete();
    StepVerifier.create(cleaner.release("never-registered")).verifyComplete();
    assertEquals(List.of("r1"), removed);
    assertFalse(cleaner.isLive("r1"));
    assertEquals("r1", r.getRelationId()); // r stays reachable up to here
  }

  @Test
  void anUnreachableRelationIsRemovedOnceAndAReachableOneIsNot() throws InterruptedException {
    CachedRemoteRelation kept = relation("kept");
    cleaner.register(kept);
    registerUnreachable("gone");
    awaitGc(() -> removed.contains("gone"));
    assertEquals(List.of("gone"), removed);
    assertTrue(cleaner.isLive("kept"), "still reachable");
    assertEquals("kept", kept.getRelationId());
  }

  @Test
  void nothingIsSentAfterTheSessionClosedAndAFailingRemoveIsOnlyLogged() throws InterruptedException {
    CachedRelationCleaner failing = new CachedRelationCleaner(
        id -> Mono.error(new IllegalStateException("server gone")), closed::get);
    registerUnreachable(failing, "fails");
    awaitGc(() -> !failing.isLive("fails")); // the cleaner thread survived the error: see the next registration
    closed.set(true);
    registerUnreachable("after-close");
    awaitGc(() -> !cleaner.isLive("after-close"));
    assertEquals(List.of(), removed);
  }

  private void registerUnreachable(String id) {
    registerUnreachable(cleaner, id);
  }

  private static void registerUnreachable(CachedRelationCleaner c, String id) {
    c.register(relation(id)); // no reference survives this method
  }

  private static void awaitGc(java.util.function.BooleanSupplier done) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!done.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "the cleaner did not run within 20 s of System.gc()");
      System.gc();
      Thread.sleep(20);
    }
  }
}
