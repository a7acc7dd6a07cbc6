package io.github.reactivespark.connect.it;

import static io.github.reactivespark.connect.functions.avg;
import static io.github.reactivespark.connect.functions.col;
import static io.github.reactivespark.connect.functions.count;
import static io.github.reactivespark.connect.functions.lit;
import static io.github.reactivespark.connect.functions.max;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.reactivespark.connect.DataFrame;
import io.github.reactivespark.connect.Row;
import io.github.reactivespark.connect.exceptions.SparkConnectException;
import io.github.reactivespark.connect.samples.VegaDatasets;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Scalar, EXISTS and IN subqueries built from DataFrames ({@link DataFrame#scalar()}, {@link DataFrame#exists()},
 * {@code Column.isin(DataFrame)}), sent as {@code WithRelations} references, on the real flights and airports;
 * scalar results are checked against the same subqueries written in the server's SQL, EXISTS/IN against a fact of
 * the data (all 229 origin airports of the flights are among the 3,376 of airports.csv).
 */
class SubqueryIT extends ServerTestBase {

  private static String flightsPath;
  private static String airportsPath;
  private DataFrame flights;
  private DataFrame airports;

  @BeforeAll
  static void data() {
    VegaDatasets data = VegaDatasets.fromSystemProperties();
    flightsPath = data.flights3m().toString();
    airportsPath = data.airports().toString();
  }

  @BeforeEach
  void frames() {
    flights = spark.read().parquet(flightsPath);
    airports = spark.read().option("header", true).csv(airportsPath);
    flights.createOrReplaceTempView("col_it_flights").block(TIMEOUT);
    airports.createOrReplaceTempView("col_it_airports").block(TIMEOUT);
  }

  @Test
  void uncorrelatedScalarSubqueryInFilterAndSelect() {
    DataFrame sea = flights.filter(col("origin").equalTo("SEA"));
    DataFrame late = sea.filter(col("delay").gt(sea.agg(avg("delay")).scalar()));
    Row api = spark.range(1).select(late.agg(count("*")).scalar().alias("late"),
        sea.agg(max("delay")).scalar().alias("mx"), sea.agg(count("*")).scalar().alias("n")).first().block(TIMEOUT);
    Row sql = spark.sql("SELECT"
        + " (SELECT count(*) FROM col_it_flights WHERE origin = 'SEA'"
        + "    AND delay > (SELECT avg(delay) FROM col_it_flights WHERE origin = 'SEA')),"
        + " (SELECT max(delay) FROM col_it_flights WHERE origin = 'SEA'),"
        + " (SELECT count(*) FROM col_it_flights WHERE origin = 'SEA')").first().block(TIMEOUT);
    assertEquals(sql.toList(), api.toList());
    long lateCount = api.getLong(0);
    assertTrue(lateCount > 0 && lateCount < api.getLong(2), lateCount + " of " + api.getLong(2));
    assertEquals(lateCount, late.count().block(TIMEOUT), "the scalar subquery in a filter, counted directly");
  }

  @Test
  void correlatedScalarSubqueryCountsFlightsPerAirport() {
    DataFrame wa = airports.alias("a").filter(col("state").equalTo("WA"));
    DataFrame perAirport = wa.select(col("iata"),
        flights.filter(col("origin").equalTo(col("a.iata").outer())).agg(count("*")).scalar().alias("n"));
    List<String> api = perAirport.collectAsList().block(TIMEOUT).stream()
        .map(x -> x.toList().toString()).sorted().toList();
    List<String> sql = spark.sql("SELECT a.iata, (SELECT count(*) FROM col_it_flights f WHERE f.origin = a.iata)"
        + " FROM col_it_airports a WHERE a.state = 'WA'").collectAsList().block(TIMEOUT).stream()
        .map(x -> x.toList().toString()).sorted().toList();
    assertEquals(sql, api);
    long sea = flights.filter(col("origin").equalTo("SEA")).count().block(TIMEOUT);
    assertTrue(api.contains("[SEA, " + sea + "]"), api.toString());
  }

  @Test
  void existsAndInSubqueries() {
    DataFrame served = airports.alias("a").filter(
        flights.filter(col("origin").equalTo(col("a.iata").outer())).exists());
    assertEquals(229L, served.count().block(TIMEOUT), "all 229 origin codes are airports");

    DataFrame in = airports.filter(col("iata").isin(flights.select("origin")));
    assertEquals(229L, in.count().block(TIMEOUT));
    DataFrame notIn = airports.filter(col("iata").isin(flights.select("origin")).not());
    assertEquals(3376L - 229L, notIn.count().block(TIMEOUT));

    DataFrame flagged = airports.alias("a").withColumn("served",
        flights.filter(col("origin").equalTo(col("a.iata").outer())).exists())
        .filter(col("served")).orderBy(col("iata").asc()).select("iata");
    assertEquals(229L, flagged.count().block(TIMEOUT));
  }

  @Test
  void scalarSubqueryWithSeveralRowsFailsOnTheServer() {
    DataFrame bad = spark.range(3).select(col("id"), spark.range(2).scalar().alias("x"));
    SparkConnectException e = assertThrows(SparkConnectException.class, () -> bad.collectAsList().block(TIMEOUT));
    assertTrue(String.valueOf(e.errorClass()).contains("SCALAR_SUBQUERY_TOO_MANY_ROWS")
        || e.getMessage().contains("more than one row"), e.errorClass() + ": " + e.getMessage());
    DataFrame withSubquery = spark.range(3).select(col("id"), spark.range(1).scalar().alias("z"));
    assertEquals(List.of("[0, 0]", "[1, 0]", "[2, 0]"), withSubquery
        .select(withSubquery.col("id"), withSubquery.col("z")).orderBy(withSubquery.col("id"))
        .collectAsList().block(TIMEOUT).stream().map(x -> x.toList().toString()).toList(),
        "columns of a DataFrame sent as WithRelations resolve by its plan id");
    assertEquals(List.of(0L, 0L), spark.range(2).select(spark.range(1).scalar().plus(lit(0L)))
        .collectAsList().block(TIMEOUT).stream().map(x -> x.getLong(0)).toList());
  }
}
