package io.github.reactivespark.connect.it.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.reactivespark.connect.exceptions.AnalysisException;
import io.github.reactivespark.connect.exceptions.SparkConnectException;
import io.github.reactivespark.connect.internal.proto.Command;
import io.github.reactivespark.connect.internal.proto.ExecutePlanResponse;
import io.github.reactivespark.connect.internal.proto.PipelineCommand;
import io.github.reactivespark.connect.internal.proto.PipelineCommand.DefineFlow;
import io.github.reactivespark.connect.pipelines.DataflowGraph;
import io.github.reactivespark.connect.pipelines.Flow;
import io.github.reactivespark.connect.pipelines.MaterializedView;
import io.github.reactivespark.connect.pipelines.PipelineDefinitionException;
import io.github.reactivespark.connect.pipelines.PipelineEvent;
import io.github.reactivespark.connect.pipelines.PipelineRunException;
import io.github.reactivespark.connect.pipelines.RunOptions;
import io.github.reactivespark.connect.pipelines.SqlFile;
import io.github.reactivespark.connect.pipelines.internal.ConnectAdapter;
import io.github.reactivespark.connect.pipelines.internal.PipelineCommands;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Definition errors come back typed and naming the dataset; a dry run reports them and writes nothing; what a
 * Spark Connect 4.1.2 server refuses (once flows, query functions, a run without storage) is shown to be refused by
 * the server itself, which is why the client refuses it before sending.
 */
class PipelineErrorsIT extends PipelinesTestBase {

  @Test
  void flowIntoAnUndefinedDatasetNamesTheDataset() {
    DataflowGraph graph = graph()
        .materializedView(name("real"), spark.range(3))
        .flow(name("orphan"), name("nowhere"), spark.range(3))
        .build();
    Lifecycle lifecycle = new Lifecycle();
    PipelineRunException e = assertThrows(PipelineRunException.class, () -> run(graph, options().build(), lifecycle));

    assertEquals(List.of(qualified("nowhere")), e.datasets(), e.getMessage());
    assertEquals(List.of(qualified("orphan")), e.flows());
    assertTrue(e.getMessage().contains("Unsupported destination " + qualified("nowhere")), e.getMessage());
    assertTrue(e.getCause() instanceof SparkConnectException, String.valueOf(e.getCause()));
    assertEquals(List.of(), tables(), "a graph that does not validate writes nothing");
    assertCleanedUp(lifecycle);
  }

  @Test
  void cycleNamesBothDatasets() {
    DataflowGraph graph = graph()
        .materializedView(name("c1"), spark.table(name("c2")))
        .materializedView(name("c2"), spark.table(name("c1")))
        .build();
    PipelineRunException e = assertThrows(PipelineRunException.class,
        () -> run(graph, options().build(), new Lifecycle()));

    assertEquals(List.of(qualified("c1"), qualified("c2")), e.datasets(), e.getMessage());
    assertTrue(e.getMessage().contains("Circular dependencies are not supported"), e.getMessage());
    assertTrue(e.getCause() instanceof AnalysisException, String.valueOf(e.getCause()));
    assertEquals(List.of(), tables());
  }

  @Test
  void badSqlFileIsRefusedWhileDefiningAndNamed() {
    DataflowGraph graph = graph()
        .materializedView(name("ok"), spark.range(3))
        .sqlFile(new SqlFile("transformations/broken.sql", "CREATE MATERIALIZED VIEW " + name("x") + " AS SELEC 1"))
        .build();
    Lifecycle lifecycle = new Lifecycle();
    PipelineDefinitionException e = assertThrows(PipelineDefinitionException.class,
        () -> run(graph, options().build(), lifecycle));

    assertEquals(PipelineDefinitionException.ElementKind.SQL_FILE, e.elementKind());
    assertEquals("transformations/broken.sql", e.elementName());
    assertEquals("PARSE_SYNTAX_ERROR", e.errorClass());
    assertTrue(e.getMessage().startsWith("The server refused SQL file transformations/broken.sql: "), e.getMessage());
    assertEquals(List.of(), tables(), "no run started");
    assertCleanedUp(lifecycle);
  }

  /** A dry run reports the flows that do not resolve (events with the server's error) and writes nothing. */
  @Test
  void dryRunReportsUnresolvedDatasetsAndWritesNothing() throws Exception {
    DataflowGraph graph = graph()
        .sqlFile(new SqlFile("m.sql", "CREATE MATERIALIZED VIEW " + name("x") + " AS SELECT * FROM "
            + name("missing_table")))
        .materializedView(name("y"), spark.table(name("x")).where("true"))
        .build();
    PipelineRunException e = assertThrows(PipelineRunException.class,
        () -> run(graph, options().dry(true).build(), new Lifecycle()));

    assertEquals(List.of(qualified("x"), qualified("y")), e.datasets(), "the failing dataset first: " + e.getMessage());
    assertEquals(2, e.failureEvents().size(), e.failureEvents().toString());
    PipelineEvent direct = e.failureEvents().stream().filter(f -> f.flowName().orElse("").equals(qualified("x")))
        .findFirst().orElseThrow();
    assertTrue(direct.error().orElseThrow().contains("TABLE_OR_VIEW_NOT_FOUND"), direct.message());
    assertEquals(List.of(), tables(), "a dry run creates no table");
    assertTrue(!Files.exists(scratch.resolve("storage")), "a dry run writes nothing into its storage");
  }

  @Test
  void failingFlowNamesItsDatasetAndKeepsTheServerErrorClass() {
    DataflowGraph graph = graph()
        .materializedView(name("fine"), spark.range(3))
        .materializedView(name("boom"), spark.range(5).selectExpr("assert_true(id < 3) AS x"))
        .build();
    PipelineRunException e = assertThrows(PipelineRunException.class,
        () -> run(graph, options().build(), new Lifecycle()));

    assertEquals(List.of(qualified("boom")), e.datasets(), e.getMessage());
    assertEquals("USER_RAISED_EXCEPTION", e.errorClass());
    assertEquals(3L, spark.table(name("fine")).count().block(TIMEOUT), "the other dataset was written");
  }

  // ------------------------------------------------------------ what the 4.1.2 server refuses

  /** The server refuses DefineFlow.once whatever its value (it tests the field's presence); so we never send it. */
  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void serverRefusesOnceFlows(boolean once) {
    String graphId = createGraph();
    Command define = Command.newBuilder().setPipelineCommand(PipelineCommand.newBuilder().setDefineFlow(
        DefineFlow.newBuilder().setDataflowGraphId(graphId).setFlowName(name("o")).setTargetDatasetName(name("o"))
            .setOnce(once)
            .setRelationFlowDetails(DefineFlow.WriteRelationFlowDetails.newBuilder()
                .setRelation(ConnectAdapter.relation(spark.range(3)))))).build();
    AnalysisException e = assertThrows(AnalysisException.class,
        () -> ConnectAdapter.execute(spark, define).blockLast(TIMEOUT));
    assertEquals("DEFINE_FLOW_ONCE_OPTION_NOT_SUPPORTED", e.errorClass());
    assertEquals(Map.of("flowName", name("o")), e.messageParameters());
    dropGraph(graphId);

    // so the client refuses it before sending, with the reason
    if (once) {
      UnsupportedOperationException refused = assertThrows(UnsupportedOperationException.class,
          () -> Flow.builder(name("o")).once(true));
      assertTrue(refused.getMessage().contains("DEFINE_FLOW_ONCE_OPTION_NOT_SUPPORTED"), refused.getMessage());
    }
  }

  /** The query-function callbacks (flows whose query the server asks the client for) are not served by 4.1.2. */
  @Test
  void serverRefusesTheQueryFunctionCommands() {
    String graphId = createGraph();
    SparkConnectException signals = assertThrows(SparkConnectException.class, () -> ConnectAdapter.execute(spark,
        Command.newBuilder().setPipelineCommand(PipelineCommand.newBuilder()
            .setGetQueryFunctionExecutionSignalStream(PipelineCommand.GetQueryFunctionExecutionSignalStream
                .newBuilder().setDataflowGraphId(graphId).setClientId("it"))).build()).blockLast(TIMEOUT));
    assertTrue(signals.getMessage().contains("GET_QUERY_FUNCTION_EXECUTION_SIGNAL_STREAM not supported"),
        signals.getMessage());
    SparkConnectException result = assertThrows(SparkConnectException.class, () -> ConnectAdapter.execute(spark,
        Command.newBuilder().setPipelineCommand(PipelineCommand.newBuilder()
            .setDefineFlowQueryFunctionResult(PipelineCommand.DefineFlowQueryFunctionResult.newBuilder()
                .setDataflowGraphId(graphId).setFlowName(name("f"))
                .setRelation(ConnectAdapter.relation(spark.range(1))))).build()).blockLast(TIMEOUT));
    assertTrue(result.getMessage().contains("DEFINE_FLOW_QUERY_FUNCTION_RESULT not supported"), result.getMessage());
    dropGraph(graphId);

    // so a flow without a query (which would need them) is refused before sending, with the reason
    IllegalStateException refused = assertThrows(IllegalStateException.class,
        () -> Flow.builder(name("f")).target(name("t")).build());
    assertTrue(refused.getMessage().contains("GetQueryFunctionExecutionSignalStream"), refused.getMessage());
  }

  /** StartRun without storage, or with a path that is not a URI, is refused by the server; RunOptions requires one. */
  @Test
  void serverRequiresAStorageUri() {
    String graphId = createGraph();
    ConnectAdapter.execute(spark, PipelineCommands.defineOutput(graphId, MaterializedView.builder(name("mv"))
        .query(spark.range(1)).build())).blockLast(TIMEOUT);
    RunOptions valid = options().build();
    for (String storage : new String[] {"", scratch.resolve("storage").toString()}) {
      Command start = Command.newBuilder().setPipelineCommand(PipelineCommand.newBuilder().setStartRun(
          PipelineCommand.StartRun.newBuilder().setDataflowGraphId(graphId).setStorage(storage))).build();
      SparkConnectException e = assertThrows(SparkConnectException.class,
          () -> ConnectAdapter.execute(spark, start).blockLast(TIMEOUT));
      assertTrue(storage.isEmpty() ? e.getMessage().contains("Storage must be specified")
          : "PIPELINE_STORAGE_ROOT_INVALID".equals(e.errorClass()), e.getMessage());
    }
    dropGraph(graphId);
    assertThrows(IllegalArgumentException.class, () -> RunOptions.builder(""));
    IllegalArgumentException notUri = assertThrows(IllegalArgumentException.class,
        () -> RunOptions.builder(scratch.toString()));
    assertTrue(notUri.getMessage().contains("PIPELINE_STORAGE_ROOT_INVALID"), notUri.getMessage());
    assertTrue(valid.storage().startsWith("file:/"), valid.storage());
  }

  private String createGraph() {
    return ConnectAdapter.execute(spark, PipelineCommands.createDataflowGraph(null, null, Map.of()))
        .filter(ExecutePlanResponse::hasPipelineCommandResult)
        .map(r -> r.getPipelineCommandResult().getCreateDataflowGraphResult().getDataflowGraphId())
        .blockLast(TIMEOUT);
  }

  private void dropGraph(String graphId) {
    ConnectAdapter.execute(spark, PipelineCommands.dropDataflowGraph(graphId)).blockLast(TIMEOUT);
  }
}
