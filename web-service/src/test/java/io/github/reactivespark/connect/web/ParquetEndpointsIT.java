package io.github.reactivespark.connect.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.reactivespark.connect.Row;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;

/** The Parquet endpoints over the registered flights and airports, in every format, with their errors. */
class ParquetEndpointsIT extends ServiceTestBase {

  private static final Duration WAIT = Duration.ofMinutes(2);
  private static final String BY_ORIGIN = "SELECT origin, count(*) AS n, round(avg(delay), 3) AS avg_delay"
      + " FROM flights WHERE origin IN ('SEA', 'PDX', 'SFO') GROUP BY origin ORDER BY origin";

  @SuppressWarnings({"rawtypes", "unchecked"})
  private List<Map<String, Object>> ndjson(String sql) {
    List rows = client.post().uri("/api/spark/parquet/query").accept(MediaType.APPLICATION_NDJSON)
        .bodyValue(Map.of("sql", sql)).exchange()
        .expectStatus().isOk()
        .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_NDJSON)
        .returnResult(Map.class).getResponseBody().collectList().block(WAIT);
    return rows;
  }

  @Test
  void ndjsonStreamsTheRowsOfAQueryOverTheRegisteredFiles() {
    List<Map<String, Object>> airports = ndjson("SELECT * FROM airports");
    assertThat(airports).hasSize(3376);
    assertThat(airports.get(0)).containsOnlyKeys("iata", "name", "city", "state", "country", "latitude",
        "longitude");
    List<Map<String, Object>> byOrigin = ndjson(BY_ORIGIN);
    List<Row> direct = spark.sql(BY_ORIGIN).collectAsList().block(WAIT);
    assertThat(byOrigin).extracting(m -> m.get("origin")).containsExactly("PDX", "SEA", "SFO");
    for (int i = 0; i < direct.size(); i++) {
      assertThat(((Number) byOrigin.get(i).get("n")).longValue()).isEqualTo(direct.get(i).getLong(1));
      assertThat(((Number) byOrigin.get(i).get("avg_delay")).doubleValue()).isEqualTo(direct.get(i).getDouble(2));
    }
    assertThat(((Number) ndjson("SELECT count(*) AS n FROM flights").get(0).get("n")).longValue())
        .isEqualTo(3_000_000L);
    // a limit, a trailing ';' and a trailing comment are fine
    assertThat(client.post().uri("/api/spark/parquet/query").accept(MediaType.APPLICATION_NDJSON)
        .bodyValue(Map.of("sql", "SELECT * FROM flights ORDER BY date, origin; -- first ones", "limit", 7))
        .exchange().expectStatus().isOk().returnResult(Map.class).getResponseBody().collectList().block(WAIT))
        .hasSize(7);
  }

  @Test
  void sseSendsProgressThenRowsThenASummary() {
    String sql = "SELECT hour(date) AS hour, avg(delay) AS avg_delay FROM flights GROUP BY hour(date) ORDER BY hour";
    List<ServerSentEvent<Map<String, Object>>> events = client.post().uri("/api/spark/parquet/query")
        .accept(MediaType.TEXT_EVENT_STREAM).bodyValue(Map.of("sql", sql)).exchange()
        .expectStatus().isOk()
        .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_EVENT_STREAM)
        .returnResult(new ParameterizedTypeReference<ServerSentEvent<Map<String, Object>>>() {})
        .getResponseBody().collectList().block(WAIT);
    List<String> names = events.stream().map(ServerSentEvent::event).toList();
    assertThat(names).contains("progress");
    assertThat(names.get(names.size() - 1)).isEqualTo("summary");
    assertThat(names.stream().filter("row"::equals).count()).isEqualTo(24);
    Map<String, Object> lastProgress = events.stream().filter(e -> "progress".equals(e.event()))
        .reduce((a, b) -> b).orElseThrow().data();
    // the last report is the one that closes the run: every stage done (stages that adaptive execution skipped
    // keep the task counts the server reported for them)
    assertThat(lastProgress).containsEntry("done", true);
    assertThat(((Number) lastProgress.get("completedTasks")).longValue()).isPositive()
        .isLessThanOrEqualTo(((Number) lastProgress.get("totalTasks")).longValue());
    assertThat(((Number) events.get(events.size() - 1).data().get("rows")).longValue()).isEqualTo(24);
    // no row comes after the summary, and the hours arrive in order
    List<Object> hours = events.stream().filter(e -> "row".equals(e.event())).map(e -> e.data().get("hour"))
        .toList();
    assertThat(hours).containsExactlyElementsOf(java.util.stream.IntStream.range(0, 24).boxed().toList());
  }

  @Test
  void arrowStreamIsReadableByArrowsOwnReader() throws Exception {
    byte[] body = client.post().uri("/api/spark/parquet/query")
        .accept(MediaType.parseMediaType(ResultStreams.ARROW_STREAM))
        .bodyValue(Map.of("sql", "SELECT origin, delay, distance FROM flights WHERE origin = 'SEA'")).exchange()
        .expectStatus().isOk()
        .expectHeader().contentType(ResultStreams.ARROW_STREAM)
        .expectBody(byte[].class).returnResult().getResponseBody();
    long expected = spark.sql("SELECT * FROM flights WHERE origin = 'SEA'").count().block(WAIT);
    long rows = 0;
    long delaySum = 0;
    List<String> names = new ArrayList<>();
    try (BufferAllocator allocator = new RootAllocator();
        ArrowStreamReader reader = new ArrowStreamReader(new ByteArrayInputStream(body), allocator)) {
      VectorSchemaRoot root = reader.getVectorSchemaRoot();
      root.getSchema().getFields().forEach(f -> names.add(f.getName()));
      while (reader.loadNextBatch()) {
        rows += root.getRowCount();
        for (int i = 0; i < root.getRowCount(); i++) {
          delaySum += ((Number) root.getVector("delay").getObject(i)).longValue();
        }
      }
    }
    assertThat(names).containsExactly("origin", "delay", "distance");
    assertThat(rows).isEqualTo(expected).isGreaterThan(10_000);
    assertThat(delaySum).isEqualTo(spark.sql("SELECT sum(delay) FROM flights WHERE origin = 'SEA'")
        .first().block(WAIT).getLong(0));
    // an empty result is still a valid stream with its schema
    byte[] empty = client.post().uri("/api/spark/parquet/query")
        .accept(MediaType.parseMediaType(ResultStreams.ARROW_STREAM))
        .bodyValue(Map.of("sql", "SELECT origin FROM flights WHERE origin = 'nowhere'")).exchange()
        .expectStatus().isOk().expectBody(byte[].class).returnResult().getResponseBody();
    try (BufferAllocator allocator = new RootAllocator();
        ArrowStreamReader reader = new ArrowStreamReader(new ByteArrayInputStream(empty), allocator)) {
      assertThat(reader.getVectorSchemaRoot().getSchema().getFields()).extracting(f -> f.getName())
          .containsExactly("origin");
      long n = 0;
      while (reader.loadNextBatch()) {
        n += reader.getVectorSchemaRoot().getRowCount();
      }
      assertThat(n).isZero();
    }
  }

  @Test
  void badSqlIs400WithSparksErrorClassAndSqlState() {
    client.post().uri("/api/spark/parquet/query").accept(MediaType.APPLICATION_NDJSON)
        .bodyValue(Map.of("sql", "SELECT origin FROM flights WHERE delay >")).exchange()
        .expectStatus().isBadRequest()
        .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.status").isEqualTo(400)
        .jsonPath("$.errorClass").isEqualTo("PARSE_SYNTAX_ERROR")
        .jsonPath("$.sqlState").isEqualTo("42601");
    client.post().uri("/api/spark/parquet/query").accept(MediaType.TEXT_EVENT_STREAM)
        .bodyValue(Map.of("sql", "SELECT no_such_column FROM flights")).exchange()
        .expectStatus().isBadRequest()
        .expectBody()
        .jsonPath("$.errorClass").isEqualTo("UNRESOLVED_COLUMN.WITH_SUGGESTION")
        .jsonPath("$.sqlState").isEqualTo("42703");
  }

  @Test
  void unknownTableOrFileIs404() {
    client.post().uri("/api/spark/parquet/query").accept(MediaType.APPLICATION_NDJSON)
        .bodyValue(Map.of("sql", "SELECT * FROM no_such_table")).exchange()
        .expectStatus().isNotFound()
        .expectBody().jsonPath("$.errorClass").isEqualTo("TABLE_OR_VIEW_NOT_FOUND");
    client.post().uri("/api/spark/parquet/modify").headers(h -> h.setBearerAuth(TOKEN))
        .bodyValue(Map.of("source", "no_such_file", "output", "x")).exchange()
        .expectStatus().isNotFound()
        .expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("no_such_file"));
  }

  @Test
  void statementsOtherThanQueriesAreRefusedAndNothingRuns() {
    spark.sql("CREATE TABLE web_guard_t USING parquet AS SELECT 1 AS x").count().block(WAIT);
    try {
      for (String statement : List.of("DROP TABLE web_guard_t", "drop table web_guard_t;",
          "/* hi */ DELETE FROM web_guard_t", "SELECT 1; DROP TABLE web_guard_t",
          "SELECT 1) AS q; DROP TABLE web_guard_t; SELECT * FROM (SELECT 1",
          "WITH c AS (SELECT 2 AS x) INSERT INTO web_guard_t SELECT * FROM c",
          "FROM web_guard_t INSERT INTO web_guard_t SELECT *", "INSERT INTO web_guard_t VALUES (3)",
          "CREATE TABLE web_guard_u AS SELECT 1", "SET spark.sql.ansi.enabled=false")) {
        client.post().uri("/api/spark/parquet/query").accept(MediaType.APPLICATION_NDJSON)
            .bodyValue(Map.of("sql", statement)).exchange()
            .expectStatus().isBadRequest()
            .expectBody().jsonPath("$.status").isEqualTo(400);
      }
      assertThat(spark.catalog().tableExists("web_guard_t").block(WAIT)).isTrue();
      assertThat(spark.catalog().tableExists("web_guard_u").block(WAIT)).isFalse();
      assertThat(spark.sql("SELECT * FROM web_guard_t").collectAsList().block(WAIT))
          .extracting(r -> r.getInt(0)).containsExactly(1);
    } finally {
      spark.sql("DROP TABLE IF EXISTS web_guard_t").count().block(WAIT);
    }
  }

  @Test
  void invalidRequestsAre400NamingTheField() {
    client.post().uri("/api/spark/parquet/query").accept(MediaType.APPLICATION_NDJSON)
        .bodyValue(Map.of("sql", " ", "limit", 0)).exchange()
        .expectStatus().isBadRequest()
        .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.errors[*].field").value(f -> assertThat((List<Object>) f).containsExactlyInAnyOrder((Object) "sql", "limit"))
        .jsonPath("$.detail").value(d -> assertThat((String) d).contains("sql").contains("limit"));
    client.post().uri("/api/spark/parquet/modify").headers(h -> h.setBearerAuth(TOKEN))
        .bodyValue(Map.of("source", "flights", "output", "../escape")).exchange()
        .expectStatus().isBadRequest()
        .expectBody().jsonPath("$.errors[0].field").isEqualTo("output");
  }

  @Test
  void modifyAndMergeNeedTheTokenAndWriteNewRegisteredFiles() {
    Map<String, Object> sea = Map.of("source", "flights", "filter", "origin = 'SEA'",
        "columns", List.of("date", "delay", "origin", "destination"), "output", "flights_sea");
    client.post().uri("/api/spark/parquet/modify").bodyValue(sea).exchange()
        .expectStatus().isUnauthorized().expectHeader().valueEquals("WWW-Authenticate", "Bearer");
    client.post().uri("/api/spark/parquet/modify").headers(h -> h.setBearerAuth("wrong")).bodyValue(sea).exchange()
        .expectStatus().isUnauthorized();
    long seaRows = spark.sql("SELECT * FROM flights WHERE origin = 'SEA'").count().block(WAIT);
    long pdxRows = spark.sql("SELECT * FROM flights WHERE origin = 'PDX'").count().block(WAIT);
    client.post().uri("/api/spark/parquet/modify").headers(h -> h.setBearerAuth(TOKEN)).bodyValue(sea).exchange()
        .expectStatus().isOk()
        .expectBody().jsonPath("$.rows").isEqualTo(seaRows).jsonPath("$.output").isEqualTo("flights_sea");
    client.post().uri("/api/spark/parquet/modify").headers(h -> h.setBearerAuth(TOKEN))
        .bodyValue(Map.of("source", "flights", "filter", "origin = 'PDX'", "output", "flights_pdx")).exchange()
        .expectStatus().isOk().expectBody().jsonPath("$.rows").isEqualTo(pdxRows);
    try {
      // the new file is registered: a query sees its columns
      assertThat(ndjson("SELECT * FROM flights_sea LIMIT 1").get(0))
          .containsOnlyKeys("date", "delay", "origin", "destination");
      client.post().uri("/api/spark/parquet/merge").headers(h -> h.setBearerAuth(TOKEN))
          .bodyValue(Map.of("sources", List.of("flights_sea", "flights_pdx"), "output", "flights_nw")).exchange()
          .expectStatus().isOk().expectBody().jsonPath("$.rows").isEqualTo(seaRows + pdxRows);
      // union by name: the distance column only PDX's file has is null for SEA's rows
      Map<String, Object> merged = ndjson("SELECT count(*) AS n, count(distance) AS with_distance FROM flights_nw")
          .get(0);
      assertThat(((Number) merged.get("n")).longValue()).isEqualTo(seaRows + pdxRows);
      assertThat(((Number) merged.get("with_distance")).longValue()).isEqualTo(pdxRows);
    } finally {
      for (String view : List.of("flights_sea", "flights_pdx", "flights_nw")) {
        spark.catalog().dropTempView(view).block(WAIT);
      }
    }
  }
}
