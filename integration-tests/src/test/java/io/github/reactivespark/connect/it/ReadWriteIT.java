package io.github.reactivespark.connect.it;

import static io.github.reactivespark.connect.functions.col;
import static io.github.reactivespark.connect.functions.concat_ws;
import static io.github.reactivespark.connect.functions.count;
import static io.github.reactivespark.connect.functions.lit;
import static io.github.reactivespark.connect.functions.month;
import static io.github.reactivespark.connect.functions.sum;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.reactivespark.connect.DataFrame;
import io.github.reactivespark.connect.DataFrameWriter;
import io.github.reactivespark.connect.Row;
import io.github.reactivespark.connect.SaveMode;
import io.github.reactivespark.connect.exceptions.AnalysisException;
import io.github.reactivespark.connect.exceptions.TableAlreadyExistsException;
import io.github.reactivespark.connect.samples.VegaDatasets;
import io.github.reactivespark.connect.types.StructType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * Read → transform → write → read back on real data (the BTS flights and airports of npm vega-datasets), in every
 * file format the server has, with every save mode, to paths and to tables (mirrors PySpark's
 * test_readwriter / test_parity_readwriter: test_save_and_load, test_save_and_load_builder, test_bucketed_write,
 * test_insert_into, test_csv/json/orc/parquet/text round trips).
 */
class ReadWriteIT extends IoTestBase {

  private static final String AIRPORTS_DDL =
      "iata STRING, name STRING, city STRING, state STRING, country STRING, latitude DOUBLE, longitude DOUBLE";

  private static Path flights;
  private static Path airports;

  @BeforeAll
  static void data() {
    VegaDatasets data = VegaDatasets.fromSystemProperties();
    flights = data.flights3m();
    airports = data.airports();
  }

  private DataFrame airports() {
    return spark.read().option("header", true).schema(AIRPORTS_DDL).csv(airports.toString());
  }

  private List<Row> sorted(DataFrame df) {
    return df.orderBy("iata").collectAsList().block(TIMEOUT);
  }

  @Test
  void flightsTransformedWrittenPartitionedAndReadBackEqual() throws IOException {
    DataFrame west = spark.read().parquet(flights.toString())
        .filter(col("origin").isin("SEA", "PDX", "SFO"))
        .withColumn("month", month(col("date")))
        .withColumn("late", col("delay").gt(15));
    String dir = path("flights-west");
    west.write().partitionBy("month", "origin").option("compression", "zstd").parquet(dir).block(TIMEOUT);

    try (Stream<Path> months = Files.list(Path.of(dir))) {
      assertEquals(Set.of("month=1", "month=2", "month=3", "month=4", "month=5", "month=6"),
          months.filter(Files::isDirectory).map(p -> p.getFileName().toString()).collect(Collectors.toSet()));
    }
    assertTrue(Files.isDirectory(Path.of(dir, "month=3", "origin=SEA")));

    DataFrame back = spark.read().parquet(dir);
    assertEquals(List.of("date", "delay", "destination", "distance", "late", "month", "origin"),
        List.of(back.schema().block(TIMEOUT).fieldNames()).stream().sorted().collect(Collectors.toList()));
    String[] cols = {"month", "origin", "date", "delay", "distance", "destination", "late"};
    Map<String, Row> expected = perGroup(west);
    assertEquals(expected, perGroup(back));
    assertTrue(expected.size() == 18, expected.keySet().toString());
    long total = expected.values().stream().mapToLong(r -> r.getLong(2)).sum();
    assertTrue(total > 50_000, "three busy airports over six months: " + total);
    assertEquals(0L, back.select(cols).subtract(west.select(cols)).count().block(TIMEOUT));
    assertEquals(0L, west.select(cols).subtract(back.select(cols)).count().block(TIMEOUT));
  }

  private Map<String, Row> perGroup(DataFrame df) {
    return df.groupBy("month", "origin").agg(count(lit(1)), sum("delay"), sum("distance"),
        sum(col("late").cast("int"))).collectAsList().block(TIMEOUT).stream()
        .collect(Collectors.toMap(r -> r.get(0) + "/" + r.get(1), r -> r));
  }

  @Test
  void everyFileFormatRoundTripsTheAirports() {
    DataFrame src = airports();
    List<Row> expected = sorted(src);
    assertEquals(3376, expected.size());

    src.write().parquet(path("parquet")).block(TIMEOUT);
    assertEquals(expected, sorted(spark.read().parquet(path("parquet"))));
    src.write().orc(path("orc")).block(TIMEOUT);
    assertEquals(expected, sorted(spark.read().orc(path("orc"))));
    src.write().json(path("json")).block(TIMEOUT);
    assertEquals(expected, sorted(spark.read().schema(AIRPORTS_DDL).json(path("json"))));
    src.write().option("header", true).option("sep", ";").csv(path("csv")).block(TIMEOUT);
    assertEquals(expected, sorted(spark.read().schema(AIRPORTS_DDL).option("header", true).option("sep", ";")
        .csv(path("csv"))));
    src.write().option("rowTag", "airport").xml(path("xml")).block(TIMEOUT);
    assertEquals(expected, sorted(spark.read().schema(AIRPORTS_DDL).option("rowTag", "airport").xml(path("xml"))));
    src.write().format("parquet").option("path", path("by-option")).save().block(TIMEOUT);
    assertEquals(expected, sorted(spark.read().format("parquet").load(path("by-option"))));
    assertEquals(expected, sorted(spark.read().format("parquet").option("path", path("by-option")).load()));
    // the schema given as a StructType, and the format given by name
    StructType schema = src.schema().block(TIMEOUT);
    assertEquals(expected, sorted(spark.read().format("orc").schema(schema).load(path("orc"))));

    src.select(concat_ws("|", col("iata"), col("city"))).write().text(path("text")).block(TIMEOUT);
    DataFrame lines = spark.read().text(path("text"));
    Set<String> expectedLines = expected.stream().map(r -> r.getString(0) + "|" + r.getString(2))
        .collect(Collectors.toSet());
    assertEquals(expectedLines, new HashSet<>(lines.collectAsList().block(TIMEOUT).stream().map(r -> r.getString(0))
        .collect(Collectors.toList())));

    AnalysisException textOfTwoColumns = fails(AnalysisException.class,
        () -> src.select("iata", "city").write().text(path("text2")));
    assertEquals("_LEGACY_ERROR_TEMP_1290", textOfTwoColumns.errorClass());
    assertTrue(textOfTwoColumns.getMessage().contains("only a single column"), textOfTwoColumns.getMessage());
  }

  @Test
  void avroIsNotOnTheServerAndSaysSo() {
    AnalysisException write = fails(AnalysisException.class,
        () -> spark.range(3).write().format("avro").save(path("avro")));
    assertEquals("_LEGACY_ERROR_TEMP_1139", write.errorClass());
    assertTrue(write.getMessage().contains("Failed to find data source: avro"), write.getMessage());
    AnalysisException read = fails(AnalysisException.class,
        () -> spark.read().format("avro").load(path("avro")).count());
    assertTrue(read.getMessage().contains("Failed to find data source: avro"), read.getMessage());
  }

  @Test
  void saveModesOnAPath() {
    DataFrame ten = spark.range(10).selectExpr("id", "id * id AS sq");
    String dir = path("modes");
    ten.write().parquet(dir).block(TIMEOUT);

    AnalysisException exists = fails(AnalysisException.class, () -> ten.write().parquet(dir));
    assertEquals("PATH_ALREADY_EXISTS", exists.errorClass());
    assertTrue(exists.getMessage().contains("modes"), exists.getMessage());
    assertEquals("PATH_ALREADY_EXISTS",
        fails(AnalysisException.class, () -> ten.write().mode("errorifexists").parquet(dir)).errorClass());

    ten.write().mode(SaveMode.Ignore).parquet(dir).block(TIMEOUT);
    assertEquals(10L, spark.read().parquet(dir).count().block(TIMEOUT));
    ten.write().mode("append").parquet(dir).block(TIMEOUT);
    assertEquals(20L, spark.read().parquet(dir).count().block(TIMEOUT));
    spark.range(3).selectExpr("id", "-id AS sq").write().mode(SaveMode.Overwrite).parquet(dir).block(TIMEOUT);
    assertEquals(-3L, spark.read().parquet(dir).selectExpr("sum(sq)").first().block(TIMEOUT).getLong(0));

    // one subscription, one write: the same Mono subscribed twice appends twice
    Mono<Void> append = ten.write().mode(SaveMode.Append).parquet(dir);
    append.block(TIMEOUT);
    append.block(TIMEOUT);
    assertEquals(23L, spark.read().parquet(dir).count().block(TIMEOUT));

    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> ten.write().mode("upsert"));
    assertTrue(bad.getMessage().contains("upsert"), bad.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ten.write().bucketBy(0, "id"));
  }

  @Test
  void writerOptionsReachTheDataSource() throws IOException {
    DataFrame src = airports();
    src.write().option("compression", "gzip").parquet(path("gz")).block(TIMEOUT);
    try (Stream<Path> files = Files.list(Path.of(path("gz")))) {
      List<String> parts = files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("part-"))
          .collect(Collectors.toList());
      assertTrue(!parts.isEmpty() && parts.stream().allMatch(n -> n.endsWith(".gz.parquet")), parts.toString());
    }
    src.write().options(Map.of("header", "true", "sep", "\t")).csv(path("tsv")).block(TIMEOUT);
    List<String> lines = spark.read().text(path("tsv")).collectAsList().block(TIMEOUT).stream()
        .map(r -> r.getString(0)).collect(Collectors.toList());
    Set<String> headers = lines.stream().filter(l -> l.startsWith("iata")).collect(Collectors.toSet());
    assertEquals(Set.of("iata\tname\tcity\tstate\tcountry\tlatitude\tlongitude"), headers);
    assertTrue(lines.stream().filter(l -> l.startsWith("SEA\t")).findFirst().orElseThrow().contains("\tSeattle\tWA\t"),
        lines.toString().substring(0, 200));
  }

  @Test
  void saveAsTableInsertIntoAndBucketing() {
    DataFrame src = airports().filter(col("country").equalTo("USA"));
    long usa = src.count().block(TIMEOUT);
    String t = table("rw_airports");
    DataFrameWriter writer = src.write().format("orc").partitionBy("state");
    writer.saveAsTable(t).block(TIMEOUT);
    assertEquals(sorted(src.select("iata", "name", "city", "country", "latitude", "longitude", "state")),
        sorted(spark.read().table(t)));

    TableAlreadyExistsException exists = fails(TableAlreadyExistsException.class, () -> writer.saveAsTable(t));
    assertEquals("TABLE_OR_VIEW_ALREADY_EXISTS", exists.errorClass());
    writer.mode(SaveMode.Ignore).saveAsTable(t).block(TIMEOUT);
    assertEquals(usa, spark.table(t).count().block(TIMEOUT));
    writer.mode(SaveMode.Append).saveAsTable(t).block(TIMEOUT);
    assertEquals(2 * usa, spark.table(t).count().block(TIMEOUT));

    // insertInto goes by position: select in the table's column order (partition column last)
    DataFrame ordered = src.select("iata", "name", "city", "country", "latitude", "longitude", "state");
    ordered.write().insertInto(t).block(TIMEOUT);
    assertEquals(3 * usa, spark.table(t).count().block(TIMEOUT));
    ordered.filter(col("state").equalTo("WA")).write().insertInto(t, true).block(TIMEOUT);
    assertEquals(src.filter(col("state").equalTo("WA")).count().block(TIMEOUT), spark.table(t).count().block(TIMEOUT));
    AnalysisException noTable = fails(AnalysisException.class, () -> ordered.write().insertInto("io_rw_no_such"));
    assertEquals("TABLE_OR_VIEW_NOT_FOUND", noTable.errorClass());

    String bucketed = table("rw_bucketed");
    src.write().bucketBy(8, "state").sortBy("iata").saveAsTable(bucketed).block(TIMEOUT);
    assertEquals(List.of("state"), spark.catalog().listColumns(bucketed).filter(c -> c.isBucket()).map(c -> c.name())
        .collectList().block(TIMEOUT));
    assertEquals(usa, spark.table(bucketed).count().block(TIMEOUT));
    AnalysisException bucketedPath = fails(AnalysisException.class,
        () -> src.write().bucketBy(8, "state").parquet(path("bucketed")));
    assertTrue(bucketedPath.getMessage().contains("bucketBy"), bucketedPath.getMessage());

    String clustered = table("rw_clustered");
    src.write().clusterBy("state", "city").saveAsTable(clustered).block(TIMEOUT);
    assertEquals(List.of("city", "state"), spark.catalog().listColumns(clustered).filter(c -> c.isCluster())
        .map(c -> c.name()).collectList().block(TIMEOUT));
  }
}
