package io.github.reactivespark.connect.it.pipelines;

import static io.github.reactivespark.connect.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.reactivespark.connect.Row;
import io.github.reactivespark.connect.SaveMode;
import io.github.reactivespark.connect.pipelines.DataflowGraph;
import io.github.reactivespark.connect.pipelines.FlowStatus;
import io.github.reactivespark.connect.pipelines.MaterializedView;
import io.github.reactivespark.connect.pipelines.PipelineEvent;
import io.github.reactivespark.connect.pipelines.RunOptions;
import io.github.reactivespark.connect.pipelines.RunState;
import io.github.reactivespark.connect.pipelines.Sink;
import io.github.reactivespark.connect.pipelines.SqlFile;
import io.github.reactivespark.connect.streaming.SparkStreaming;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Runs of real graphs against the server: every output kind and table detail, results compared with the same
 * queries run directly, events, the clean-up, dry runs, and refresh selections on a streaming table.
 */
class PipelineRunIT extends PipelinesTestBase {

  @Test
  void runOfEveryOutputKindMatchesTheSameQueriesRunDirectly() throws IOException {
    Path input = scratch.resolve("in");
    spark.range(0, 300, 1, 3).selectExpr("id", "CAST(id % 7 AS INT) AS k").write().json(input.toString())
        .block(TIMEOUT);
    Path sinkDir = scratch.resolve("sink-out");
    String numbers = name("numbers");
    String byKey = name("by_key");
    String fromSql = name("from_sql");
    String events = name("events");
    DataflowGraph graph = graph()
        .temporaryView(name("tv"), spark.range(0, 100).selectExpr("id", "CAST(id % 3 AS INT) AS p"))
        .materializedView(MaterializedView.builder(numbers)
            .query(spark.table(name("tv")))
            .comment("numbers by p")
            .format("parquet")
            .partitionColumns("p")
            .tableProperty("owner", "pipelines-it")
            .schema("id BIGINT, p INT")
            .build())
        .materializedView(byKey, spark.table(numbers).groupBy("p").count().orderBy(col("p")))
        .streamingTable(events, SparkStreaming.readStream(spark).schema("id BIGINT, k INT")
            .option("maxFilesPerTrigger", 1L).json(input.toString()))
        .sink(Sink.builder(name("sink")).format("json").option("path", sinkDir.toString()).build())
        .flow(name("to_sink"), name("sink"), SparkStreaming.readStream(spark).table(events).where("k = 0"))
        .sqlFile(new SqlFile("transformations/from_sql.sql", "CREATE MATERIALIZED VIEW " + fromSql
            + " AS SELECT k, count(*) AS n, sum(id) AS total FROM " + events + " GROUP BY k"))
        .build();

    Lifecycle lifecycle = new Lifecycle();
    List<PipelineEvent> run = run(graph, options().build(), lifecycle);

    // the outputs hold what the same queries give when run directly
    assertEquals(sortedRows("SELECT id, CAST(id % 3 AS INT) FROM range(0, 100)"),
        sortedRows("SELECT * FROM " + numbers));
    assertEquals(sortedRows("SELECT CAST(id % 3 AS INT) AS p, count(*) FROM range(0, 100) GROUP BY 1"),
        sortedRows("SELECT * FROM " + byKey));
    assertEquals(sortedRows("SELECT id, k FROM json.`" + input + "`"), sortedRows("SELECT id, k FROM " + events));
    assertEquals(sortedRows("SELECT k, count(*), sum(id) FROM json.`" + input + "` GROUP BY k"),
        sortedRows("SELECT * FROM " + fromSql));
    assertEquals(sortedRows("SELECT id, k FROM json.`" + input + "` WHERE k = 0"),
        sortedRows("SELECT id, k FROM json.`" + sinkDir + "`"));
    // the table details reached the catalog; the temporary view did not
    Map<String, String> described = spark.sql("DESCRIBE TABLE EXTENDED " + numbers).collectAsList().block(TIMEOUT)
        .stream().collect(Collectors.toMap(r -> r.getString(0), r -> String.valueOf(r.get(1)), (a, b) -> a));
    assertEquals("parquet", described.get("Provider"));
    assertEquals("numbers by p", described.get("Comment"));
    assertTrue(described.get("Table Properties").contains("owner=pipelines-it"), described.toString());
    assertTrue(described.containsKey("# Partition Information"), described.toString());
    assertEquals(List.of(byKey, events, fromSql, numbers), tables());

    // every flow went QUEUED .. COMPLETED, and the run completed last
    for (String flow : List.of(qualified("numbers"), qualified("by_key"), qualified("events"), qualified("from_sql"),
        name("to_sink"))) {
      List<FlowStatus> statuses = run.stream().filter(e -> e.flowName().orElse("").equals(flow))
          .map(e -> e.flowStatus().orElseThrow()).toList();
      assertEquals(FlowStatus.QUEUED, statuses.get(0), flow + ": " + statuses);
      assertEquals(FlowStatus.COMPLETED, statuses.get(statuses.size() - 1), flow + ": " + statuses);
    }
    assertEquals(RunState.COMPLETED, run.get(run.size() - 1).runState().orElseThrow(), run.toString());
    assertTrue(run.stream().noneMatch(PipelineEvent::isFailure), run.toString());
    assertCleanedUp(lifecycle);
  }

  @Test
  void dryRunValidatesAndWritesNothing() throws IOException {
    DataflowGraph graph = graph()
        .materializedView(name("a"), spark.range(10))
        .sqlFile(new SqlFile("b.sql", "CREATE MATERIALIZED VIEW " + name("b") + " AS SELECT * FROM " + name("a")))
        .build();
    Lifecycle lifecycle = new Lifecycle();
    List<PipelineEvent> events = run(graph, options().dry(true).build(), lifecycle);

    assertEquals(1, events.size(), events.toString());
    assertEquals(RunState.COMPLETED, events.get(0).runState().orElseThrow());
    assertEquals(List.of(), tables(), "a dry run creates no table");
    assertFalse(Files.exists(scratch.resolve("storage")) && nonEmpty(scratch.resolve("storage")),
        "a dry run writes nothing into its storage");
    assertCleanedUp(lifecycle);
  }

  /**
   * A streaming table over files, and a materialized view over it: a default run processes only the files that
   * arrived since the last run (a file deleted after it was processed stays in the table); a full refresh of the
   * table empties it and reads what is there now; a refresh of the view alone leaves the table as it is.
   */
  @Test
  void refreshAndFullRefreshOfAStreamingTable() throws IOException {
    Path input = scratch.resolve("in");
    writeFile(input, 0, 10);
    writeFile(input, 10, 20);
    String table = name("st");
    String view = name("st_count");
    DataflowGraph graph = graph()
        .streamingTable(table, SparkStreaming.readStream(spark).schema("id BIGINT").json(input.toString()))
        .materializedView(view, spark.table(table).selectExpr("count(*) AS n"))
        .build();

    run(graph, options().build(), new Lifecycle());
    assertEquals(20, count(table));
    assertEquals(20, viewCount(view));

    // a new file arrives, an old one disappears: an incremental run appends only the new one
    deleteFile(input, 0);
    writeFile(input, 20, 30);
    run(graph, options().build(), new Lifecycle());
    assertEquals(30, count(table), "refresh: files already processed stay, the new one is appended");
    assertEquals(30, viewCount(view));

    // refreshing only the view: the table is excluded, even though a new file is there
    writeFile(input, 30, 40);
    List<PipelineEvent> partial = run(graph, options().refresh(view).build(), new Lifecycle());
    assertEquals(30, count(table), "the table was excluded from the run");
    assertEquals(30, viewCount(view));
    assertTrue(partial.stream().anyMatch(e -> e.flowName().orElse("").equals(qualified("st"))
        && e.flowStatus().orElse(null) == FlowStatus.EXCLUDED), partial.toString());

    // full refresh of the table: emptied, checkpoint dropped, everything there now read again (ids 10..39)
    run(graph, options().fullRefresh(table).build(), new Lifecycle());
    assertEquals(30, count(table));
    assertEquals(10, spark.sql("SELECT min(id) FROM " + table).first().block(TIMEOUT).getLong(0),
        "the deleted file's rows are gone after a full refresh");
    assertEquals(30, viewCount(view));

    // full refresh of everything
    writeFile(input, 40, 45);
    run(graph, RunOptions.builder(scratch.resolve("storage")).fullRefreshAll(true).build(), new Lifecycle());
    assertEquals(35, count(table));
    assertEquals(35, viewCount(view));
  }

  private void writeFile(Path dir, long from, long to) {
    spark.range(from, to, 1, 1).write().mode(SaveMode.Append).json(dir.toString()).block(TIMEOUT);
  }

  /** Deletes the file holding id {@code id}. */
  private void deleteFile(Path dir, long id) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.getFileName().toString().startsWith("part-")).toList()) {
        if (Files.readString(f).contains("{\"id\":" + id + "}")) {
          Files.delete(f);
          return;
        }
      }
    }
    throw new IllegalStateException("no file holds id " + id);
  }

  private long count(String table) {
    return spark.table(table).count().block(TIMEOUT);
  }

  private long viewCount(String view) {
    Row r = spark.table(view).first().block(TIMEOUT);
    return r.getLong(0);
  }

  private static boolean nonEmpty(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.anyMatch(Files::isRegularFile);
    }
  }
}
