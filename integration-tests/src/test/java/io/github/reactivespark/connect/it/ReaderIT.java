package io.github.reactivespark.connect.it;

import static io.github.reactivespark.connect.functions.col;
import static io.github.reactivespark.connect.functions.count;
import static io.github.reactivespark.connect.functions.sum;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.reactivespark.connect.DataFrame;
import io.github.reactivespark.connect.Row;
import io.github.reactivespark.connect.exceptions.AnalysisException;
import io.github.reactivespark.connect.samples.VegaDatasets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * DataFrameReader on real data no one here wrote: the 3M BTS flights (parquet) and the airports (csv) of npm
 * vega-datasets@3.2.1, and json/orc/text files Spark writes from them. The server reads these paths, so this
 * test needs a server on this machine (the embedded one, or one sharing its file system).
 */
class ReaderIT extends ServerTestBase {

  private static Path flights;
  private static Path airports;
  private Path scratch;

  @BeforeAll
  static void data() {
    VegaDatasets data = VegaDatasets.fromSystemProperties();
    flights = data.flights3m();
    airports = data.airports();
  }

  @BeforeEach
  void scratchDir() throws IOException {
    scratch = Files.createTempDirectory("reader-it");
  }

  @AfterEach
  void deleteScratch() throws IOException {
    try (Stream<Path> s = Files.walk(scratch)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Test
  void parquetFlights() {
    DataFrame df = spark.read().parquet(flights.toString());
    assertEquals(List.of("date", "delay", "distance", "origin", "destination"),
        Arrays.asList(df.schema().block(TIMEOUT).fieldNames()));
    assertEquals(3_000_000L, df.count().block(TIMEOUT));
    Row seaToSfo = df.filter(col("origin").equalTo("SEA").and(col("destination").equalTo("SFO")))
        .agg(count("*"), sum("distance")).first().block(TIMEOUT);
    long flightsSeaSfo = seaToSfo.getLong(0);
    assertTrue(flightsSeaSfo > 1000, "SEA→SFO is a busy route: " + flightsSeaSfo);
    assertEquals(flightsSeaSfo * 679L, seaToSfo.getLong(1), "every SEA→SFO flight is 679 miles");
  }

  @Test
  void csvWithHeaderInferredAndGivenSchema() {
    DataFrame inferred = spark.read().option("header", true).option("inferSchema", true).csv(airports.toString());
    assertEquals(List.of("iata", "name", "city", "state", "country", "latitude", "longitude"),
        Arrays.asList(inferred.schema().block(TIMEOUT).fieldNames()));
    assertEquals(3376L, inferred.count().block(TIMEOUT));
    assertEquals("double", inferred.schema().block(TIMEOUT).fields().get(5).dataType().simpleString());

    DataFrame typed = spark.read().format("csv").option("header", "true")
        .schema("iata STRING, name STRING, city STRING, state STRING, country STRING, latitude DOUBLE, longitude DOUBLE")
        .load(airports.toString());
    Row sea = typed.filter(col("iata").equalTo("SEA")).first().block(TIMEOUT);
    assertEquals("Seattle", sea.getString(2));
    assertEquals("WA", sea.getString(3));
    assertEquals(47.4, sea.getDouble(5), 0.1);
  }

  @Test
  void jsonOrcAndTextWrittenBySparkFromTheFlightsReadBack() {
    spark.read().parquet(flights.toString()).createOrReplaceTempView("flights_it").block(TIMEOUT);
    String sea = "SELECT * FROM flights_it WHERE origin = 'SEA'";
    long expectedRows = spark.sql(sea).count().block(TIMEOUT);
    long expectedDelay = spark.sql("SELECT sum(delay) FROM flights_it WHERE origin = 'SEA'").first().block(TIMEOUT)
        .getLong(0);
    for (String format : List.of("json", "orc")) {
      Path dir = scratch.resolve(format);
      spark.sql("INSERT OVERWRITE DIRECTORY '" + dir + "' USING " + format + " " + sea).collectAsList().block(TIMEOUT);
      DataFrame back = format.equals("json") ? spark.read().json(dir.toString()) : spark.read().orc(dir.toString());
      Row r = back.agg(count("*"), sum("delay")).first().block(TIMEOUT);
      assertEquals(expectedRows, r.getLong(0), format);
      assertEquals(expectedDelay, r.getLong(1), format);
    }
    Path text = scratch.resolve("text");
    spark.sql("INSERT OVERWRITE DIRECTORY '" + text + "' USING text SELECT concat_ws('>', origin, destination) AS v"
        + " FROM flights_it WHERE origin = 'SEA'").collectAsList().block(TIMEOUT);
    DataFrame lines = spark.read().text(text.toString());
    assertEquals(List.of("value"), Arrays.asList(lines.schema().block(TIMEOUT).fieldNames()));
    assertEquals(expectedRows, lines.count().block(TIMEOUT));
    assertEquals(expectedRows, lines.filter(col("value").like("SEA>%")).count().block(TIMEOUT));
  }

  @Test
  void aMissingPathIsAnAnalysisExceptionNamingThePath() {
    Path missing = scratch.resolve("no-such-file.parquet");
    Throwable e = assertThrows(Throwable.class, () -> spark.read().parquet(missing.toString()).count().block(TIMEOUT));
    AnalysisException a = assertInstanceOf(AnalysisException.class, e);
    assertEquals("PATH_NOT_FOUND", a.errorClass());
    assertTrue(a.getMessage().contains("no-such-file.parquet"), a.getMessage());
  }
}
