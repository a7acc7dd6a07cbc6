package io.github.reactivespark.connect.it;

import static io.github.reactivespark.connect.functions.col;
import static io.github.reactivespark.connect.functions.count;
import static io.github.reactivespark.connect.functions.sum;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.reactivespark.connect.DataFrame;
import io.github.reactivespark.connect.Row;
import io.github.reactivespark.connect.exceptions.SparkConnectException;
import io.github.reactivespark.connect.samples.PagedJsonServer;
import io.github.reactivespark.connect.samples.RestDataSourceSample;
import io.github.reactivespark.connect.samples.VegaDatasets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A Java DSv2 data source (the REST sample's {@code RestJsonSource}) shipped as a session artifact at run time and read
 * with {@code spark.read().format(className).load()}: real data (vega-datasets' {@code seattle-weather.csv}, 1,461
 * days) served as JSON pages by a JDK {@code HttpServer} on loopback. Checks the rows against the CSV in Java, that
 * every page was fetched exactly once per scan, and the errors of a missing artifact and a failing endpoint. Runs in
 * the default (Spark-free) pass: this JVM never loads the data source's classes.
 */
class RestDataSourceIT extends ServerTestBase {

  static PagedJsonServer api;

  @BeforeAll
  static void serve() {
    api = PagedJsonServer.ofCsv(VegaDatasets.fromSystemProperties().file("seattle-weather.csv"));
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @Test
  void theDataSourceReadsEveryPageFromASessionArtifact() {
    spark.addArtifact(RestDataSourceSample.dataSourceJar(), "rest-json-source.jar").block(TIMEOUT);
    Map<Integer, Integer> before = api.requestsPerPage();
    DataFrame weather = RestDataSourceSample.weather(spark, api.url(), 100);
    List<Row> byKind = weather.groupBy("weather").agg(count("*").as("days"), sum(col("precipitation")).as("p"))
        .orderBy("weather").collectAsList().block(TIMEOUT);

    Map<String, long[]> expectedDays = new TreeMap<>();
    Map<String, Double> expectedRain = new TreeMap<>();
    for (Map<String, Object> r : api.rows()) {
      String kind = (String) r.get("weather");
      expectedDays.computeIfAbsent(kind, k -> new long[1])[0]++;
      expectedRain.merge(kind, ((Number) r.get("precipitation")).doubleValue(), Double::sum);
    }
    assertEquals(expectedDays.size(), byKind.size(), byKind.toString());
    for (Row r : byKind) {
      assertEquals(expectedDays.get(r.getString(0))[0], r.getLong(1), r.toString());
      assertEquals(expectedRain.get(r.getString(0)), r.getDouble(2), 1e-6, r.toString());
    }
    assertEquals(1461, api.rows().size());
    // 15 pages of 100: the driver asks page 0 for the page count (once per planning of the scan), each partition
    // fetches its own page exactly once
    Map<Integer, Integer> after = api.requestsPerPage();
    assertEquals(15, after.size(), after.toString());
    for (int p = 0; p < 15; p++) {
      int delta = after.getOrDefault(p, 0) - before.getOrDefault(p, 0);
      if (p == 0) {
        assertTrue(delta >= 2, "requests of page 0: " + after);
      } else {
        assertEquals(1, delta, "requests of page " + p + ": " + after);
      }
    }
    // typed values: DATE and DOUBLE columns from JSON text and numbers
    Row first = weather.orderBy("date").first().block(TIMEOUT);
    assertEquals(java.time.LocalDate.of(2012, 1, 1), first.get(0));
    assertEquals(12.8, first.getDouble(2), 1e-9);
  }

  @Test
  void withoutTheArtifactTheServerReportsTheMissingClass() {
    SparkConnectException e = assertThrows(SparkConnectException.class,
        () -> RestDataSourceSample.weather(spark, api.url(), 100).count().block(TIMEOUT));
    String all = ErrorText.of(e);
    assertTrue(all.contains("RestJsonSource"), all);
    assertEquals(1L, spark.range(1).count().block(TIMEOUT));
  }

  @Test
  void anEndpointThatFailsFailsTheQueryNamingTheRequest() {
    spark.addArtifact(RestDataSourceSample.dataSourceJar(), "rest-json-source.jar").block(TIMEOUT);
    String missing = api.url().replace("/rows", "/nothing-here");
    SparkConnectException e = assertThrows(SparkConnectException.class,
        () -> RestDataSourceSample.weather(spark, missing, 100).count().block(TIMEOUT));
    String all = ErrorText.of(e);
    assertTrue(all.contains("HTTP 404") && all.contains("/nothing-here"), all);
  }
}
