package io.github.reactivespark.connect.it;

import static io.github.reactivespark.connect.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.reactivespark.connect.DataFrame;
import io.github.reactivespark.connect.exceptions.SparkConnectException;
import io.github.reactivespark.connect.internal.ConnectInternals;
import io.github.reactivespark.connect.internal.client.CachedRelationCleaner;
import io.github.reactivespark.connect.internal.proto.CachedRemoteRelation;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * Checkpointed DataFrames are freed on the server ({@code RemoveCachedRemoteRelationCommand}) when unpersisted, and
 * when no DataFrame of this JVM embeds them any more (the session's cleaner, after garbage collection), not only
 * when the session closes. The observable is the server's own DataFrame cache: a fresh plan naming the same
 * {@code CachedRemoteRelation} id runs while the server holds the relation and fails with the server's
 * {@code No DataFrame with id … is found in the session …} once it was freed.
 */
class CheckpointReleaseIT extends ServerTestBase {

  private static final Duration GC_TIMEOUT = Duration.ofSeconds(30);

  /** A new plan over the server's cached relation {@code id} (another message object than any DataFrame's). */
  private DataFrame sameRelation(String id) {
    return ConnectInternals.dataFrame(spark, b -> b.setCachedRemoteRelation(
        CachedRemoteRelation.newBuilder().setRelationId(id)));
  }

  private static String relationId(DataFrame checkpointed) {
    return ConnectInternals.relation(checkpointed).getCachedRemoteRelation().getRelationId();
  }

  private CachedRelationCleaner cleaner() {
    return ConnectInternals.client(spark).cachedRelations();
  }

  private void assertForgotten(String id, DataFrame df) {
    SparkConnectException e = assertThrows(SparkConnectException.class, () -> df.count().block(TIMEOUT));
    assertTrue(e.getMessage().contains("No DataFrame with id " + id), e.getMessage());
  }

  /**
   * Freed at once. The server's plan cache ({@code spark.connect.session.planCache.enabled}, on by default) may keep
   * running a plan it already resolved, such as {@code cp.count()} run before: a fresh plan over the same relation
   * always fails; with the plan cache off, the checkpointed DataFrame and those derived from it fail too.
   */
  @Test
  void unpersistFreesTheCheckpointOnTheServer() {
    spark.conf().set("spark.connect.session.planCache.enabled", "false").block(TIMEOUT);
    DataFrame cp = spark.range(0, 1000, 1, 4).selectExpr("id", "id * 2 AS twice").localCheckpoint().block(TIMEOUT);
    String id = relationId(cp);
    DataFrame derived = cp.filter(col("id").lt(10));
    assertEquals(1000L, cp.count().block(TIMEOUT));
    assertEquals(10L, derived.count().block(TIMEOUT));
    assertEquals(1000L, sameRelation(id).count().block(TIMEOUT), "the server holds the relation");
    assertTrue(cleaner().isLive(id));

    assertEquals(cp, cp.unpersist().block(TIMEOUT));

    assertForgotten(id, sameRelation(id));
    assertForgotten(id, cp);
    assertForgotten(id, derived);
    assertTrue(!cleaner().isLive(id));
    // unpersisting again asks the server about a relation it no longer has: the same error
    assertThrows(SparkConnectException.class, () -> cp.unpersist().block(TIMEOUT));
    // a DataFrame derived from a checkpoint does not free it
    DataFrame other = spark.range(5).localCheckpoint().block(TIMEOUT);
    other.filter(col("id").gt(1)).unpersist().block(TIMEOUT);
    assertEquals(5L, sameRelation(relationId(other)).count().block(TIMEOUT));
  }

  @Test
  void anUnreachableCheckpointIsFreedOnceNoDataFrameEmbedsIt() throws InterruptedException {
    String[] id = new String[1];
    DataFrame derived = checkpointAndDerive(id);
    // the checkpointed DataFrame itself is unreachable, the derived one still embeds its relation
    gcFor(Duration.ofSeconds(2));
    assertTrue(cleaner().isLive(id[0]), "a derived DataFrame keeps the checkpoint");
    assertEquals(500L, derived.count().block(TIMEOUT));
    assertEquals(1000L, sameRelation(id[0]).count().block(TIMEOUT));

    derived = null; // now nothing embeds it
    awaitGc(() -> !cleaner().isLive(id[0]));
    // the remove RPC is sent asynchronously by the cleaner: wait for the server to forget it
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (true) {
      try {
        sameRelation(id[0]).count().block(TIMEOUT);
      } catch (SparkConnectException e) {
        assertTrue(e.getMessage().contains("No DataFrame with id " + id[0]), e.getMessage());
        break;
      }
      assertTrue(System.nanoTime() < deadline, "the server still holds the relation 20 s after the cleaner ran");
      Thread.sleep(200);
    }
  }

  /** Checkpoints a range and returns a DataFrame derived from it; only the relation id escapes otherwise. */
  private DataFrame checkpointAndDerive(String[] id) {
    DataFrame cp = spark.range(0, 1000, 1, 4).localCheckpoint().block(TIMEOUT);
    id[0] = relationId(cp);
    return cp.filter(col("id").lt(500));
  }

  private static void gcFor(Duration duration) throws InterruptedException {
    long end = System.nanoTime() + duration.toNanos();
    while (System.nanoTime() < end) {
      System.gc();
      Thread.sleep(50);
    }
  }

  private static void awaitGc(BooleanSupplier done) throws InterruptedException {
    long deadline = System.nanoTime() + GC_TIMEOUT.toNanos();
    while (!done.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "not collected within " + GC_TIMEOUT + " of System.gc()");
      System.gc();
      Thread.sleep(50);
    }
  }
}
