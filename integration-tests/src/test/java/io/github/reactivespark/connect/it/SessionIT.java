package io.github.reactivespark.connect.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.reactivespark.connect.SparkSession;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

class SessionIT extends ServerTestBase {

  @Test
  void serverIsSpark412() {
    assertEquals("4.1.2", spark.version().block(TIMEOUT));
  }

  @Test
  void runtimeConfigRoundTrips() {
    String key = "spark.sql.session.timeZone";
    spark.conf().set(key, "America/Los_Angeles").block(TIMEOUT);
    assertEquals("America/Los_Angeles", spark.conf().get(key).block(TIMEOUT));
    assertEquals(Optional.of("America/Los_Angeles"), spark.conf().getOption(key).block(TIMEOUT));
    Map<String, String> all = spark.conf().getAll().block(TIMEOUT);
    assertEquals("America/Los_Angeles", all.get(key));
    assertTrue(spark.conf().isModifiable(key).block(TIMEOUT));
    assertFalse(spark.conf().isModifiable("spark.master").block(TIMEOUT));
    spark.conf().unset(key).block(TIMEOUT);
    assertEquals("fallback", spark.conf().get("spark.it.not.set", "fallback").block(TIMEOUT));
    assertEquals(Optional.empty(), spark.conf().getOption("spark.it.not.set").block(TIMEOUT));
  }

  @Test
  void confIsPerSession() {
    spark.conf().set("spark.sql.shuffle.partitions", "3").block(TIMEOUT);
    try (SparkSession other = TestServer.newSession()) {
      assertEquals("4", other.conf().get("spark.sql.shuffle.partitions").block(TIMEOUT));
    }
    assertEquals("3", spark.conf().get("spark.sql.shuffle.partitions").block(TIMEOUT));
  }

  @Test
  void sessionsAreIsolatedForTempViews() {
    spark.range(5).createOrReplaceTempView("only_here").block(TIMEOUT);
    assertEquals(5L, spark.table("only_here").count().block(TIMEOUT));
    try (SparkSession other = TestServer.newSession()) {
      StepVerifier.create(other.table("only_here").count())
          .expectErrorSatisfies(e -> assertTrue(e.getMessage().contains("TABLE_OR_VIEW_NOT_FOUND"), e.getMessage()))
          .verify(TIMEOUT);
    }
  }

  @Test
  void closedSessionRefusesWorkAndCloseIsIdempotent() {
    SparkSession s = TestServer.newSession();
    assertEquals(3L, s.range(3).count().block(TIMEOUT));
    s.close();
    s.close();
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.range(3).count().block(TIMEOUT));
    assertTrue(e.getMessage().contains("closed"), e.getMessage());
  }

  @Test
  void rejoiningAClosedSessionIdIsRefusedByTheServer() {
    SparkSession s = TestServer.newSession();
    String id = s.sessionId();
    assertEquals(1L, s.range(1).count().block(TIMEOUT));
    s.close();
    try (SparkSession again = SparkSession.builder().remote(TestServer.remote("session_id=" + id)).create()) {
      StepVerifier.create(again.range(1).count())
          .expectErrorSatisfies(e -> assertTrue(e.getMessage().contains("SESSION_CLOSED"), e.getMessage()))
          .verify(TIMEOUT);
    }
  }
}
