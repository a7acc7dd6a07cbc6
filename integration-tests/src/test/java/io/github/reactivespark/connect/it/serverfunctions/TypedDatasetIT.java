package io.github.reactivespark.connect.it.serverfunctions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.reactivespark.connect.DataFrame;
import io.github.reactivespark.connect.Row;
import io.github.reactivespark.connect.exceptions.SparkConnectException;
import io.github.reactivespark.connect.it.ErrorText;
import io.github.reactivespark.connect.it.ServerTestBase;
import io.github.reactivespark.connect.it.serverside.Airport;
import io.github.reactivespark.connect.it.serverside.TypedFunctions;
import io.github.reactivespark.connect.samples.VegaDatasets;
import io.github.reactivespark.connect.serverfunctions.Dataset;
import io.github.reactivespark.connect.serverfunctions.KeyValueGroupedDataset;
import io.github.reactivespark.connect.serverfunctions.ServerFunctions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.streaming.GroupStateTimeout;
import org.apache.spark.sql.streaming.OutputMode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Typed Dataset operations whose Java functions run on the server, over real data (vega-datasets' 3,376 airports
 * as {@code Encoders.bean(Airport.class)}): each result is checked against the same question asked in SQL.
 */
class TypedDatasetIT extends ServerTestBase {

  static final String AIRPORTS_SCHEMA = "iata STRING, name STRING, city STRING, state STRING, country STRING,"
      + " latitude DOUBLE, longitude DOUBLE";

  ServerFunctions fns;
  DataFrame airportsDf;
  Dataset<Airport> airports;

  @TempDir Path tmp;

  @BeforeEach
  void airports() {
    fns = ServerFunctions.of(spark);
    airportsDf = spark.read().option("header", true).schema(AIRPORTS_SCHEMA)
        .csv(VegaDatasets.fromSystemProperties().airports().toString());
    airports = fns.dataset(airportsDf, Encoders.bean(Airport.class));
  }

  @Test
  void filterMapFlatMapAndMapPartitions() {
    long inCa = airportsDf.where("state = 'CA'").count().block(TIMEOUT);
    assertTrue(inCa > 100, "airports in CA: " + inCa);
    assertEquals(inCa, airports.filter(TypedFunctions.inState("CA")).count().block(TIMEOUT));
    // as(Encoder) changes the view only: Strings, then Airports again, filtered on the server with the last encoder
    assertEquals(inCa, airports.as(Encoders.STRING()).as(Encoders.bean(Airport.class))
        .filter(TypedFunctions.inState("CA")).count().block(TIMEOUT));

    List<String> iatas = airports.filter(TypedFunctions.inState("WA")).map(TypedFunctions.iata(), Encoders.STRING())
        .toDF().orderBy("value").collectAsList().block(TIMEOUT).stream().map(r -> r.getString(0)).toList();
    List<String> expected = airportsDf.where("state = 'WA'").select("iata").orderBy("iata").collectAsList()
        .block(TIMEOUT).stream().map(r -> r.getString(0)).toList();
    assertEquals(expected, iatas);

    long words = airports.flatMap(TypedFunctions.nameWords(), Encoders.STRING()).count().block(TIMEOUT);
    long expectedWords = airportsDf.selectExpr("size(filter(split(trim(name), '\\\\s+'), w -> w != '')) AS n")
        .agg(io.github.reactivespark.connect.functions.sum("n")).first().block(TIMEOUT).getLong(0);
    assertEquals(expectedWords, words);

    List<Row> perPartition = airports.mapPartitions(TypedFunctions.countPartition(), Encoders.LONG())
        .collectAsList().block(TIMEOUT);
    assertEquals(3376L, perPartition.stream().mapToLong(r -> r.getLong(0)).sum());
  }

  @Test
  void groupByKeyMapGroupsReduceGroupsAggCogroupAndFlatMapGroupsWithState() {
    Map<String, Long> sqlCounts = new TreeMap<>();
    for (Row r : airportsDf.selectExpr("coalesce(state, '?') AS s").groupBy("s").count().collectAsList()
        .block(TIMEOUT)) {
      sqlCounts.put(r.getString(0), r.getLong(1));
    }
    KeyValueGroupedDataset<String, Airport> byState = airports.groupByKey(TypedFunctions.state(), Encoders.STRING());

    Map<String, Long> mapped = byState.mapGroups(TypedFunctions.countGroup(), Encoders.STRING()).collectAsList()
        .block(TIMEOUT).stream().map(r -> r.getString(0).split(":"))
        .collect(Collectors.toMap(a -> a[0], a -> Long.parseLong(a[1]), (a, b) -> a, TreeMap::new));
    assertEquals(sqlCounts, mapped);

    Map<String, Double> sqlNorth = new TreeMap<>();
    for (Row r : airportsDf.selectExpr("coalesce(state, '?') AS s", "latitude").groupBy("s")
        .agg(io.github.reactivespark.connect.functions.max("latitude")).collectAsList().block(TIMEOUT)) {
      sqlNorth.put(r.getString(0), r.getDouble(1));
    }
    List<Row> reduced = byState.reduceGroups(TypedFunctions.northernmost()).collectAsList().block(TIMEOUT);
    assertEquals(sqlCounts.size(), reduced.size());
    for (Row r : reduced) {
      assertEquals(sqlNorth.get(r.getString(0)), r.getStruct(1).<Double>getAs("latitude"), 1e-9, r.toString());
    }

    Map<String, Double> sqlMean = new TreeMap<>();
    for (Row r : airportsDf.selectExpr("coalesce(state, '?') AS s", "latitude").groupBy("s")
        .agg(io.github.reactivespark.connect.functions.avg("latitude")).collectAsList().block(TIMEOUT)) {
      sqlMean.put(r.getString(0), r.getDouble(1));
    }
    List<Row> means = byState.agg(new TypedFunctions.MeanLatitude().toColumn()).collectAsList().block(TIMEOUT);
    assertEquals(sqlMean.size(), means.size());
    for (Row r : means) {
      assertEquals(sqlMean.get(r.getString(0)), r.getDouble(1), 1e-9, r.toString());
    }

    // cogroup: airports per state on the left, the states' names (as keys from a second typed Dataset) on the right
    Dataset<String> states = fns.dataset(airportsDf.selectExpr("coalesce(state, '?') AS value").distinct(),
        Encoders.STRING());
    KeyValueGroupedDataset<String, String> stateKeys = states.groupByKey(TypedFunctions.identity(), Encoders.STRING());
    Map<String, String> both = byState.cogroup(stateKeys, TypedFunctions.countBoth(), Encoders.STRING())
        .collectAsList().block(TIMEOUT).stream().map(r -> r.getString(0).split(":", 2))
        .collect(Collectors.toMap(a -> a[0], a -> a[1], (a, b) -> a, TreeMap::new));
    assertEquals(sqlCounts.size(), both.size());
    sqlCounts.forEach((s, n) -> assertEquals(n + ":1", both.get(s), s));

    // flatMapGroupsWithState on a batch Dataset: the state starts empty for each key, so "key:count" again
    Map<String, Long> withState = byState.flatMapGroupsWithState(TypedFunctions.countWithState(), OutputMode.Append(),
        Encoders.LONG(), Encoders.STRING(), GroupStateTimeout.NoTimeout()).collectAsList().block(TIMEOUT).stream()
        .map(r -> r.getString(0).split(":"))
        .collect(Collectors.toMap(a -> a[0], a -> Long.parseLong(a[1]), (a, b) -> a, TreeMap::new));
    assertEquals(sqlCounts, withState);
  }

  @Test
  void foreachAndForeachPartitionRunOnTheServer() throws Exception {
    Path perPartition = tmp.resolve("partitions");
    airports.foreachPartition(TypedFunctions.writePartitionCount(perPartition.toString())).block(TIMEOUT);
    long total = 0;
    try (Stream<Path> files = Files.list(perPartition)) {
      for (Path f : files.toList()) {
        total += Long.parseLong(Files.readString(f).trim());
      }
    }
    assertEquals(3376L, total);

    Path each = tmp.resolve("each");
    fns.dataset(spark.range(5), Encoders.LONG()).foreach(TypedFunctions.writeEach(each.toString())).block(TIMEOUT);
    try (Stream<Path> files = Files.list(each)) {
      assertEquals(List.of("0.txt", "1.txt", "2.txt", "3.txt", "4.txt"),
          files.map(p -> p.getFileName().toString()).sorted().toList());
    }
  }

  @Test
  void anExceptionInATypedFunctionIsATypedErrorNamingIt() {
    MapFunction<Long, Long> failing = TypedFunctions.failingMap();
    SparkConnectException e = assertThrows(SparkConnectException.class,
        () -> fns.dataset(spark.range(10), Encoders.LONG()).map(failing, Encoders.LONG()).collectAsList()
            .block(TIMEOUT));
    String all = ErrorText.of(e);
    assertTrue(all.contains("java.lang.IllegalArgumentException") && all.contains("the lambda refuses 3"), all);
    assertEquals(1L, spark.range(1).count().block(TIMEOUT), "session usable");
  }
}
