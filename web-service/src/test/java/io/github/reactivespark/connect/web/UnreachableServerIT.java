package io.github.reactivespark.connect.web;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The service whose Spark server cannot be reached: 503 problem details with Retry-After, health DOWN. */
@SpringBootTest(classes = WebServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"reactive-spark.web.register-datasets=false", "reactive-spark.web.retry-after=7s",
        "reactive-spark.connect.retry.max-retries=1", "reactive-spark.connect.retry.initial-backoff=10ms",
        "reactive-spark.connect.shutdown-timeout=2s"})
class UnreachableServerIT {

  @LocalServerPort
  int port;

  @DynamicPropertySource
  static void deadRemote(DynamicPropertyRegistry registry) throws IOException {
    int free;
    try (ServerSocket socket = new ServerSocket(0)) {
      free = socket.getLocalPort();
    }
    registry.add("reactive-spark.connect.remote", () -> "sc://127.0.0.1:" + free);
  }

  @Test
  void queriesAre503WithRetryAfterAndHealthIsDown() {
    WebTestClient client = WebTestClient.bindToServer().baseUrl("http://localhost:" + port)
        .responseTimeout(Duration.ofMinutes(1)).build();
    client.post().uri("/api/spark/parquet/query").accept(MediaType.APPLICATION_NDJSON)
        .bodyValue(Map.of("sql", "SELECT 1 AS x")).exchange()
        .expectStatus().isEqualTo(503)
        .expectHeader().valueEquals("Retry-After", "7")
        .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody().jsonPath("$.status").isEqualTo(503).jsonPath("$.title").isEqualTo("Spark server unavailable");
    client.get().uri("/api/spark/health").exchange()
        .expectStatus().isEqualTo(503)
        .expectBody().jsonPath("$.status").isEqualTo("DOWN");
  }
}
