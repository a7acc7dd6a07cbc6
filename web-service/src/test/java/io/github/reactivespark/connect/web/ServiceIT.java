package io.github.reactivespark.connect.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Health and the OpenAPI description of the ten endpoints, with its UI page. */
class ServiceIT extends ServiceTestBase {

  @Test
  void healthIsUpWithTheServersVersion() {
    client.get().uri("/api/spark/health").exchange()
        .expectStatus().isOk()
        .expectBody().jsonPath("$.status").isEqualTo("UP").jsonPath("$.sparkVersion").isEqualTo("4.1.2");
  }

  @Test
  @SuppressWarnings("unchecked")
  void openApiDescribesTheTenEndpointsAndServesItsUi() {
    Map<String, Object> api = client.get().uri("/v3/api-docs").exchange()
        .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
    Map<String, Object> paths = (Map<String, Object>) api.get("paths");
    assertThat(paths).containsKeys("/api/spark/parquet/query", "/api/spark/parquet/modify",
        "/api/spark/parquet/merge", "/api/spark/delta/read", "/api/spark/delta/update", "/api/spark/delta/delete",
        "/api/spark/delta/merge", "/api/spark/delta/history", "/api/spark/health");
    assertThat(paths.toString()).contains("application/vnd.apache.arrow.stream", "text/event-stream");
    client.get().uri("/swagger-ui/index.html").exchange()
        .expectStatus().isOk()
        .expectBody(String.class).value(html -> assertThat(html).containsIgnoringCase("swagger"));
  }
}
