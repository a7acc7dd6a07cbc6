package io.github.reactivespark.connect.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.reactivespark.connect.Row;
import io.github.reactivespark.connect.SparkSession;
import io.github.reactivespark.connect.exceptions.SessionNotFoundException;
import io.github.reactivespark.connect.exceptions.SparkConnectException;
import io.github.reactivespark.connect.localserver.LocalSparkConnectServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * The server killed mid-query and back on the same port. Two dedicated embedded servers stand for the server
 * before and after the restart; the client talks to them through one {@link CuttingProxy} port, which refuses
 * connections while "the server is down" and then forwards to the second server: from the client's side, the
 * same address, a fresh server with no sessions and no operations. Behaviour checked against Spark's:
 *
 * <ul>
 *   <li>the client retries per its policy while connections are refused;
 *   <li>a query whose ExecutePlan never reached the server is re-sent and completes;
 *   <li>a query that was streaming when the server died fails with a typed {@link SessionNotFoundException}
 *       naming the lost operation;
 *   <li>the old session's next query fails typed: the new server refuses a client that observed another
 *       server-side session ({@code INVALID_HANDLE.SESSION_CHANGED}), as Spark defines it;
 *   <li>a new session works.
 * </ul>
 */
class ServerRestartIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(120);
  private static final String TOKEN = java.util.UUID.randomUUID().toString();

  private static LocalSparkConnectServer start(String name) {
    // distinct conf maps: never shared with the suite's server or with each other
    // both with the same token: the second is the first one "restarted" with the same configuration
    return LocalSparkConnectServer.start(Map.of("spark.sql.shuffle.partitions", "2", "spark.driver.memory", "1g",
        "spark.reactivespark.it.instance", name, "spark.connect.authenticate.token", TOKEN));
  }

  @Test
  void aRestartedServerLosesRunningOperationsTypedAndNewPlansAreResent() throws Exception {
    // its own servers: the forced-reattach pass of the suite would only repeat it
    assumeFalse(TestServer.forcedReattach(), "runs in the default pass only");
    CompletableFuture<LocalSparkConnectServer> before = CompletableFuture.supplyAsync(() -> start("before-restart"));
    CompletableFuture<LocalSparkConnectServer> after = CompletableFuture.supplyAsync(() -> start("after-restart"));
    LocalSparkConnectServer a = before.get(5, TimeUnit.MINUTES);
    try (LocalSparkConnectServer b = after.get(5, TimeUnit.MINUTES);
        CuttingProxy proxy = new CuttingProxy("127.0.0.1", a.port())) {
      String remote = "sc://127.0.0.1:" + proxy.port() + "/;token=" + TOKEN;
      SparkSession old = SparkSession.builder().remote(remote).create();
      SparkSession fresh = SparkSession.builder().remote(remote).create(); // no RPC yet: unknown to both servers
      try {
        assertEquals(5L, old.range(5).count().block(TIMEOUT));

        // a query streaming one row per partition, 300 ms each
        List<Long> ids = new CopyOnWriteArrayList<>();
        AtomicReference<Throwable> lost = new AtomicReference<>();
        Disposable streaming = old.range(0, 60, 1, 60)
            .selectExpr("id", "reflect('java.lang.Thread', 'sleep', cast(300 AS bigint)) AS s")
            .rows()
            .subscribe(r -> ids.add(r.getLong(0)), lost::set);
        Mono.delay(Duration.ofMillis(50)).repeat(ids::isEmpty).blockLast(TIMEOUT);

        // the server dies: connections refused, the open one reset, the process stopped
        proxy.refuse(true);
        proxy.cutAll();
        a.close();
        assertTrue(!a.isRunning(), "the first server is stopped");

        // a plan sent while the server is down never reaches it
        CompletableFuture<Long> resent = fresh.range(7).count().toFuture();
        Thread.sleep(1_500); // retries with 50, 200, 800 ms backoff meet refused connections
        assertTrue(!resent.isDone(), "still retrying while the server is down");

        // the server is back on the same address
        proxy.retarget("127.0.0.1", b.port());
        proxy.refuse(false);

        assertEquals(7L, resent.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS), "the plan was re-sent and ran");

        Mono.delay(Duration.ofMillis(50)).repeat(() -> lost.get() == null).blockLast(TIMEOUT);
        streaming.dispose();
        Throwable e = lost.get();
        SessionNotFoundException gone = assertInstanceOf(SessionNotFoundException.class, e, e::toString);
        assertEquals("INVALID_HANDLE.SESSION_NOT_FOUND", gone.errorClass());
        assertTrue(gone.getMessage().startsWith("Operation ") && gone.getMessage().contains("was lost"),
            gone.getMessage());
        assertTrue(ids.size() < 60, "the query had not finished: " + ids.size() + " rows");
        assertEquals(ids.stream().sorted().distinct().toList(), ids, "rows before the loss arrived once, in order");

        // the old session's next query: typed, as Spark defines (a new server-side session is not adopted)
        Throwable next = assertThrows(Throwable.class, () -> old.range(3).count().block(TIMEOUT));
        SparkConnectException typed = assertInstanceOf(SparkConnectException.class, next, next::toString);
        assertNotNull(typed.errorClass(), typed::toString);
        assertTrue(typed.errorClass().startsWith("INVALID_HANDLE.SESSION"), typed::toString);

        // a new session on the restarted server works
        try (SparkSession again = SparkSession.builder().remote(remote).create()) {
          List<Row> rows = again.range(4).collectAsList().block(TIMEOUT);
          assertEquals(4, rows.size());
        }
        assertEquals(0, old.arrowAllocatedBytes());
        assertEquals(0, fresh.arrowAllocatedBytes());
        System.out.printf("restart: %d rows before the loss; lost query: %s; old session next: %s%n", ids.size(),
            gone.getMessage(), typed.errorClass());
      } finally {
        fresh.close();
        old.close();
      }
    } finally {
      a.close();
    }
  }
}
