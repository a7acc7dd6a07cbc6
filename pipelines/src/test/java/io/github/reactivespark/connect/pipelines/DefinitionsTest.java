package io.github.reactivespark.connect.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.reactivespark.connect.RetryPolicy;
import io.github.reactivespark.connect.SparkSession;
import io.github.reactivespark.connect.internal.proto.Command;
import io.github.reactivespark.connect.internal.proto.OutputType;
import io.github.reactivespark.connect.internal.proto.PipelineCommand;
import io.github.reactivespark.connect.pipelines.internal.ConnectAdapter;
import io.github.reactivespark.connect.pipelines.internal.PipelineCommands;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The definitions and the commands built from them, without a server: a session on an address nothing listens on
 * builds DataFrames and never connects.
 */
class DefinitionsTest {

  private static SparkSession spark;

  @BeforeAll
  static void session() {
    spark = SparkSession.builder().remote("sc://127.0.0.1:1").retryPolicy(RetryPolicy.none()).create();
  }

  @AfterAll
  static void close() {
    spark.stop().onErrorResume(e -> reactor.core.publisher.Mono.empty()).block();
  }

  @Test
  void materializedViewWithTableDetailsBecomesDefineOutputAndItsOwnFlow() {
    DataflowGraph graph = DataflowGraph.builder(spark)
        .materializedView(MaterializedView.builder("gold").query(spark.range(3)).comment("c").format("parquet")
            .partitionColumns("p").clusteringColumns("a", "b").tableProperty("k", "v").schema("id BIGINT, p INT")
            .sqlConf("spark.sql.shuffle.partitions", "2").build())
        .build();
    assertEquals(1, graph.outputs().size());
    assertEquals(List.of("gold"), graph.flows().stream().map(Flow::name).toList());
    Flow own = graph.flows().get(0);
    assertEquals("gold", own.target());
    assertEquals(Map.of("spark.sql.shuffle.partitions", "2"), own.sqlConf());

    PipelineCommand.DefineOutput out = PipelineCommands.defineOutput("g1", graph.outputs().get(0))
        .getPipelineCommand().getDefineOutput();
    assertEquals("g1", out.getDataflowGraphId());
    assertEquals(OutputType.MATERIALIZED_VIEW, out.getOutputType());
    assertEquals("c", out.getComment());
    assertEquals("parquet", out.getTableDetails().getFormat());
    assertEquals(List.of("p"), out.getTableDetails().getPartitionColsList());
    assertEquals(List.of("a", "b"), out.getTableDetails().getClusteringColumnsList());
    assertEquals(Map.of("k", "v"), out.getTableDetails().getTablePropertiesMap());
    assertEquals("id BIGINT, p INT", out.getTableDetails().getSchemaString());
    assertEquals("DefinitionsTest.java", out.getSourceCodeLocation().getFileName(), "the caller's file");
    assertTrue(out.getSourceCodeLocation().getLineNumber() > 0);

    PipelineCommand.DefineFlow flow = PipelineCommands.defineFlow("g1", own).getPipelineCommand().getDefineFlow();
    assertEquals("gold", flow.getFlowName());
    assertEquals("gold", flow.getTargetDatasetName());
    assertFalse(flow.hasOnce(), "4.1.2 refuses the field's presence, so it is never set");
    assertEquals(ConnectAdapter.relation(spark.range(3)).getRange(), flow.getRelationFlowDetails().getRelation()
        .getRange());
  }

  @Test
  void everyOutputKindHasItsOutputType() {
    DataflowGraph graph = DataflowGraph.builder(spark)
        .streamingTable(StreamingTable.builder("declared_only").build())
        .temporaryView("tv", spark.range(1))
        .sink(Sink.builder("out").format("json").option("path", "/tmp/x").build())
        .flow("into_out", "out", spark.range(1))
        .sqlFile(new SqlFile("a.sql", "CREATE MATERIALIZED VIEW a AS SELECT 1"))
        .build();
    assertEquals(List.of(OutputType.TABLE, OutputType.TEMPORARY_VIEW, OutputType.SINK), graph.outputs().stream()
        .map(o -> PipelineCommands.defineOutput("g", o).getPipelineCommand().getDefineOutput().getOutputType())
        .toList());
    assertEquals(List.of("tv", "into_out"), graph.flows().stream().map(Flow::name).toList(),
        "a declared streaming table has no flow of its own");
    PipelineCommand.DefineOutput sink = PipelineCommands.defineOutput("g", graph.outputs().get(2))
        .getPipelineCommand().getDefineOutput();
    assertEquals("json", sink.getSinkDetails().getFormat());
    assertEquals(Map.of("path", "/tmp/x"), sink.getSinkDetails().getOptionsMap());
    PipelineCommand.DefineSqlGraphElements sql = PipelineCommands.defineSqlGraphElements("g",
        graph.sqlFiles().get(0)).getPipelineCommand().getDefineSqlGraphElements();
    assertEquals("a.sql", sql.getSqlFilePath());
    assertEquals("CREATE MATERIALIZED VIEW a AS SELECT 1", sql.getSqlText());
  }

  @Test
  void startRunCarriesTheOptions() {
    RunOptions options = RunOptions.builder("file:///tmp/storage").fullRefresh("a").refresh("b", "c").build();
    PipelineCommand.StartRun start = PipelineCommands.startRun("g", options).getPipelineCommand().getStartRun();
    assertEquals("file:///tmp/storage", start.getStorage());
    assertEquals(List.of("a"), start.getFullRefreshSelectionList());
    assertEquals(List.of("b", "c"), start.getRefreshSelectionList());
    assertFalse(start.getFullRefreshAll());
    assertFalse(start.getDry());
    Command create = PipelineCommands.createDataflowGraph("cat", null, Map.of("k", "v"));
    assertEquals("cat", create.getPipelineCommand().getCreateDataflowGraph().getDefaultCatalog());
    assertFalse(create.getPipelineCommand().getCreateDataflowGraph().hasDefaultDatabase());
    assertEquals(Map.of("k", "v"), create.getPipelineCommand().getCreateDataflowGraph().getSqlConfMap());
  }

  @Test
  void whatTheServerRefusesIsRefusedBeforeSending() {
    UnsupportedOperationException once = assertThrows(UnsupportedOperationException.class,
        () -> Flow.builder("f").once(true));
    assertTrue(once.getMessage().contains("DEFINE_FLOW_ONCE_OPTION_NOT_SUPPORTED"), once.getMessage());
    Flow.builder("f").once(false);   // the default: nothing to refuse
    IllegalStateException noQuery = assertThrows(IllegalStateException.class,
        () -> Flow.builder("f").target("t").build());
    assertTrue(noQuery.getMessage().contains("GetQueryFunctionExecutionSignalStream"), noQuery.getMessage());
  }

  @Test
  void invalidDefinitionsFailAtOnce() {
    assertThrows(IllegalArgumentException.class, () -> MaterializedView.builder(" "));
    assertThrows(IllegalStateException.class, () -> MaterializedView.builder("mv").build());
    assertThrows(IllegalStateException.class, () -> TemporaryView.builder("tv").build());
    assertThrows(IllegalStateException.class, () -> Sink.builder("s").build());
    DataflowGraph.Builder b = DataflowGraph.builder(spark).materializedView("x", spark.range(1));
    IllegalArgumentException dup = assertThrows(IllegalArgumentException.class,
        () -> b.streamingTable("X", spark.range(1)));
    assertTrue(dup.getMessage().contains("already has an output named X"), dup.getMessage());
    assertThrows(IllegalArgumentException.class, () -> b.flow("x", "y", spark.range(1)),
        "x is the materialized view's own flow");
  }

  @Test
  void runOptionsRefuseWhatSparkRefuses() {
    assertThrows(IllegalArgumentException.class, () -> RunOptions.builder(" "));
    IllegalArgumentException path = assertThrows(IllegalArgumentException.class,
        () -> RunOptions.builder("/tmp/storage"));
    assertTrue(path.getMessage().contains("PIPELINE_STORAGE_ROOT_INVALID"), path.getMessage());
    assertThrows(IllegalArgumentException.class, () -> RunOptions.builder("file:relative"));
    IllegalArgumentException conflict = assertThrows(IllegalArgumentException.class,
        () -> RunOptions.builder("file:///s").fullRefreshAll(true).refresh("a").build());
    assertTrue(conflict.getMessage().contains("CONFLICTING_PIPELINE_REFRESH_OPTIONS"), conflict.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> RunOptions.builder("file:///s").fullRefreshAll(true).fullRefresh("a").build());
    IllegalArgumentException overlap = assertThrows(IllegalArgumentException.class,
        () -> RunOptions.builder("file:///s").fullRefresh("a", "b").refresh("b").build());
    assertTrue(overlap.getMessage().contains("[b]"), overlap.getMessage());
    assertEquals("file:///tmp/x", RunOptions.builder(java.nio.file.Path.of("/tmp/x")).build().storage());
    assertTrue(RunOptions.of("s3a://bucket/p").refresh().isEmpty());
  }
}
