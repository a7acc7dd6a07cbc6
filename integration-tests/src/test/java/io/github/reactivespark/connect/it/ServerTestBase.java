package io.github.reactivespark.connect.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.reactivespark.connect.SparkSession;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of integration tests: a fresh session on the real server per test, closed afterwards, and a check that
 * every Arrow batch the test received was closed (the session's allocator is empty).
 */
public abstract class ServerTestBase {

  /** Generous bound for one query on 2 cores. */
  protected static final Duration TIMEOUT = Duration.ofSeconds(120);

  protected SparkSession spark;

  @BeforeEach
  void openSession() {
    spark = TestServer.newSession();
  }

  @AfterEach
  void closeSession() {
    try {
      assertEquals(0, spark.arrowAllocatedBytes(), "Arrow memory still held after the test");
    } finally {
      spark.close();
    }
  }
}
