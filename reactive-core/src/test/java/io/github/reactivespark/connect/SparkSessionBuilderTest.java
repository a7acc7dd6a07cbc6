package io.github.reactivespark.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How the builder picks its server. No RPC is sent: creating a session does no network I/O. */
class SparkSessionBuilderTest {

  @AfterEach
  void clear() {
    System.clearProperty("spark.remote");
  }

  @Test
  void explicitRemoteWins() {
    System.setProperty("spark.remote", "sc://from-property:1");
    try (SparkSession s = SparkSession.builder().remote("sc://explicit:2").create()) {
      assertEquals("explicit", s.connectionString().host());
      assertEquals(2, s.connectionString().port());
    }
  }

  @Test
  void systemPropertyIsTheFallback() {
    System.setProperty("spark.remote", "sc://from-property:1/;user_id=ann");
    try (SparkSession s = SparkSession.builder().create()) {
      assertEquals("from-property", s.connectionString().host());
      assertEquals("ann", s.connectionString().userId().orElseThrow());
    }
  }

  @Test
  void withoutAnyServerOrLocalServerTheMessageSaysWhatToDo() {
    if (System.getenv("SPARK_REMOTE") != null) {
      return; // the environment names a server: nothing to check here
    }
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> SparkSession.builder().create());
    assertTrue(e.getMessage().contains("SPARK_REMOTE") && e.getMessage().contains("local-server"), e.getMessage());
    assertThrows(IllegalStateException.class, () -> SparkSession.builder().remote("local").create());
  }

  @Test
  void sessionIdFromTheConnectionStringIsKept() {
    String id = "0b7a7f7e-1c2d-4e5f-8a9b-0c1d2e3f4a5b";
    try (SparkSession s = SparkSession.builder().remote("sc://h/;session_id=" + id).create()) {
      assertEquals(id, s.sessionId());
    }
  }

  @Test
  void malformedRemoteFailsAtCreate() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SparkSession.builder().remote("sc://host:notaport").create());
    assertTrue(e.getMessage().contains("notaport"), e.getMessage());
  }

  @Test
  void userAgentOfTheBuilderUnlessTheConnectionStringNamesOne() {
    try (SparkSession s = SparkSession.builder().remote("sc://h").userAgent("flights-service").create()) {
      assertEquals("flights-service", s.client().options().userAgent());
      assertTrue(s.client().options().clientType().startsWith("flights-service/"));
    }
    try (SparkSession s = SparkSession.builder().remote("sc://h/;user_agent=cli").userAgent("flights-service")
        .create()) {
      assertEquals("cli", s.client().options().userAgent());
    }
    assertThrows(IllegalArgumentException.class, () -> SparkSession.builder().userAgent(""));
  }

  @Test
  void listenersGoIntoTheSessionsOptionsInOrder() {
    io.github.reactivespark.connect.events.SparkConnectListener a =
        new io.github.reactivespark.connect.events.SparkConnectListener() {};
    io.github.reactivespark.connect.events.SparkConnectListener b =
        new io.github.reactivespark.connect.events.SparkConnectListener() {};
    try (SparkSession s = SparkSession.builder().remote("sc://h").listener(a).listener(b).create()) {
      assertEquals(java.util.List.of(a, b), s.client().options().listeners());
    }
  }
}
