package io.github.reactivespark.connect.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.reactivespark.connect.delta.DeltaTable;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

/**
 * The Delta endpoints on the airports Delta table: read with time travel, update, delete, a merge of posted rows,
 * history. Each test restores the table to the version it found.
 */
class DeltaEndpointsIT extends ServiceTestBase {

  private static final Duration WAIT = Duration.ofMinutes(2);

  @Autowired
  Datasets datasets;

  private long startVersion;

  @BeforeEach
  void version() {
    startVersion = history(1).get(0).get("version") instanceof Number n ? n.longValue() : -1;
  }

  @AfterEach
  void restore() {
    DeltaTable table = DeltaTable.forPath(spark, datasets.deltaPath("airports")).block(WAIT);
    if (table.history(1).blockFirst(WAIT).version() != startVersion) {
      table.restoreToVersion(startVersion).block(WAIT);
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private List<Map<String, Object>> read(Map<String, Object> request) {
    List rows = client.post().uri("/api/spark/delta/read").accept(MediaType.APPLICATION_NDJSON)
        .bodyValue(request).exchange().expectStatus().isOk()
        .returnResult(Map.class).getResponseBody().collectList().block(WAIT);
    return rows;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private List<Map<String, Object>> history(int limit) {
    List commits = client.post().uri("/api/spark/delta/history").bodyValue(Map.of("table", "airports", "limit", limit))
        .exchange().expectStatus().isOk().expectBody(List.class).returnResult().getResponseBody();
    return commits;
  }

  private static Map<String, Object> seaFilter() {
    return Map.of("table", "airports", "filter", "iata = 'SEA'");
  }

  @Test
  void readsTheTableAndFiltersIt() {
    assertThat(read(Map.of("table", "airports"))).hasSize(3376);
    List<Map<String, Object>> sea = read(seaFilter());
    assertThat(sea).hasSize(1);
    assertThat(sea.get(0)).containsEntry("city", "Seattle").containsEntry("state", "WA");
    assertThat(read(Map.of("table", "airports", "filter", "state = 'WA'", "limit", 3))).hasSize(3);
  }

  @Test
  void updateDeleteMergeAndHistoryWithTimeTravel() {
    String originalName = (String) read(seaFilter()).get(0).get("name");

    client.post().uri("/api/spark/delta/update").headers(h -> h.setBearerAuth(TOKEN))
        .bodyValue(Map.of("table", "airports", "condition", "iata = 'SEA'", "set", Map.of("name", "upper(name)")))
        .exchange().expectStatus().isOk().expectBody().jsonPath("$.numUpdatedRows").isEqualTo(1);
    assertThat(read(seaFilter()).get(0)).containsEntry("name", originalName.toUpperCase(java.util.Locale.ROOT));

    Map<String, Object> seaRow = new HashMap<>(read(seaFilter()).get(0));
    seaRow.put("name", "Seattle-Tacoma (merged)");
    Map<String, Object> newRow = Map.of("iata", "ZZQ", "name", "Test Field", "city", "Nowhere", "state", "WA",
        "country", "USA", "latitude", 47.5, "longitude", -122);
    client.post().uri("/api/spark/delta/merge").headers(h -> h.setBearerAuth(TOKEN))
        .bodyValue(Map.of("table", "airports", "keys", List.of("iata"), "rows", List.of(seaRow, newRow)))
        .exchange().expectStatus().isOk().expectBody()
        .jsonPath("$.numUpdatedRows").isEqualTo(1)
        .jsonPath("$.numInsertedRows").isEqualTo(1)
        .jsonPath("$.numDeletedRows").isEqualTo(0);
    assertThat(read(Map.of("table", "airports"))).hasSize(3377);
    assertThat(read(Map.of("table", "airports", "filter", "iata = 'ZZQ'")).get(0))
        .containsEntry("city", "Nowhere").containsEntry("longitude", -122.0);

    client.post().uri("/api/spark/delta/delete").headers(h -> h.setBearerAuth(TOKEN))
        .bodyValue(Map.of("table", "airports", "condition", "state = 'WA' AND city = 'Nowhere'"))
        .exchange().expectStatus().isOk().expectBody().jsonPath("$.numDeletedRows").isEqualTo(1);

    List<Map<String, Object>> commits = history(3);
    assertThat(commits).extracting(c -> c.get("operation")).containsExactly("DELETE", "MERGE", "UPDATE");
    assertThat(commits).extracting(c -> ((Number) c.get("version")).longValue())
        .containsExactly(startVersion + 3, startVersion + 2, startVersion + 1);

    // time travel: by version, and by the timestamp of the update's commit
    Map<String, Object> atStart = new HashMap<>(seaFilter());
    atStart.put("version", startVersion);
    assertThat(read(atStart).get(0)).containsEntry("name", originalName);
    Map<String, Object> atUpdate = new HashMap<>(seaFilter());
    atUpdate.put("timestamp", commits.get(2).get("timestamp"));
    assertThat(read(atUpdate).get(0)).containsEntry("name", originalName.toUpperCase(java.util.Locale.ROOT));
    assertThat(read(seaFilter()).get(0)).containsEntry("name", "Seattle-Tacoma (merged)");
  }

  @Test
  void errorsOfTheDeltaEndpoints() {
    client.post().uri("/api/spark/delta/read").accept(MediaType.APPLICATION_NDJSON)
        .bodyValue(Map.of("table", "no_such_table")).exchange()
        .expectStatus().isNotFound().expectBody().jsonPath("$.detail").value(d ->
            assertThat((String) d).contains("no_such_table"));
    client.post().uri("/api/spark/delta/read").accept(MediaType.APPLICATION_NDJSON)
        .bodyValue(Map.of("table", "airports", "version", 1_000_000)).exchange()
        .expectStatus().isBadRequest().expectBody().jsonPath("$.errorClass").exists();
    client.post().uri("/api/spark/delta/read").accept(MediaType.APPLICATION_NDJSON)
        .bodyValue(Map.of("table", "airports", "version", 0, "timestamp", "2020-01-01")).exchange()
        .expectStatus().isBadRequest();
    client.post().uri("/api/spark/delta/update").bodyValue(Map.of("table", "airports", "condition", "true",
        "set", Map.of("name", "'x'"))).exchange().expectStatus().isUnauthorized();
    client.post().uri("/api/spark/delta/delete").headers(h -> h.setBearerAuth(TOKEN))
        .bodyValue(Map.of("table", "airports")).exchange()
        .expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("condition");
    client.post().uri("/api/spark/delta/merge").headers(h -> h.setBearerAuth(TOKEN))
        .bodyValue(Map.of("table", "airports", "keys", List.of("iata"),
            "rows", List.of(Map.of("iata", "ZZQ", "latitude", "north")))).exchange()
        .expectStatus().isBadRequest().expectBody().jsonPath("$.detail").value(d ->
            assertThat((String) d).contains("rows[0].latitude"));
    client.post().uri("/api/spark/delta/merge").headers(h -> h.setBearerAuth(TOKEN))
        .bodyValue(Map.of("table", "airports", "keys", List.of("code"), "rows", List.of(Map.of("iata", "ZZQ"))))
        .exchange().expectStatus().isBadRequest();
    assertThat(history(1).get(0).get("version")).isEqualTo((int) startVersion);
  }
}
