package io.github.reactivespark.connect.pipelines.internal;

import io.github.reactivespark.connect.internal.proto.Command;
import io.github.reactivespark.connect.internal.proto.OutputType;
import io.github.reactivespark.connect.internal.proto.PipelineCommand;
import io.github.reactivespark.connect.internal.proto.PipelineCommand.CreateDataflowGraph;
import io.github.reactivespark.connect.internal.proto.PipelineCommand.DefineFlow;
import io.github.reactivespark.connect.internal.proto.PipelineCommand.DefineOutput;
import io.github.reactivespark.connect.internal.proto.PipelineCommand.DefineSqlGraphElements;
import io.github.reactivespark.connect.internal.proto.PipelineCommand.DropDataflowGraph;
import io.github.reactivespark.connect.internal.proto.PipelineCommand.StartRun;
import io.github.reactivespark.connect.internal.proto.ResolvedIdentifier;
import io.github.reactivespark.connect.internal.proto.SourceCodeLocation;
import io.github.reactivespark.connect.internal.proto.StreamingQueryCommand;
import io.github.reactivespark.connect.internal.proto.StreamingQueryInstanceId;
import io.github.reactivespark.connect.internal.proto.StreamingQueryManagerCommand;
import io.github.reactivespark.connect.pipelines.Flow;
import io.github.reactivespark.connect.pipelines.MaterializedView;
import io.github.reactivespark.connect.pipelines.Output;
import io.github.reactivespark.connect.pipelines.RunOptions;
import io.github.reactivespark.connect.pipelines.Sink;
import io.github.reactivespark.connect.pipelines.SqlFile;
import io.github.reactivespark.connect.pipelines.StreamingTable;
import io.github.reactivespark.connect.pipelines.TemporaryView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The {@code PipelineCommand}s of {@code pipelines.proto} built from the definitions, as PySpark's
 * {@code spark_connect_graph_element_registry.py} and {@code spark_connect_pipeline.py} build them. Never sets
 * {@code DefineFlow.once} (Spark Connect 4.1.2 refuses the field's presence) and never sends the query-function
 * commands. Not an API.
 */
public final class PipelineCommands {

  private PipelineCommands() {}

  /**
   * {@code CreateDataflowGraph}.
   *
   * @param catalog the default catalog, or null for the session's current one
   * @param database the default database, or null for the session's current one
   * @param sqlConf SQL confs for every flow
   * @return the command
   */
  public static Command createDataflowGraph(@Nullable String catalog, @Nullable String database,
      Map<String, String> sqlConf) {
    CreateDataflowGraph.Builder b = CreateDataflowGraph.newBuilder().putAllSqlConf(sqlConf);
    if (catalog != null) {
      b.setDefaultCatalog(catalog);
    }
    if (database != null) {
      b.setDefaultDatabase(database);
    }
    return command(PipelineCommand.newBuilder().setCreateDataflowGraph(b));
  }

  /**
   * {@code DropDataflowGraph}.
   *
   * @param graphId the graph
   * @return the command
   */
  public static Command dropDataflowGraph(String graphId) {
    return command(PipelineCommand.newBuilder()
        .setDropDataflowGraph(DropDataflowGraph.newBuilder().setDataflowGraphId(graphId)));
  }

  /**
   * {@code DefineOutput} for any of the four kinds, with table or sink details.
   *
   * @param graphId the graph
   * @param output the output
   * @return the command
   */
  public static Command defineOutput(String graphId, Output output) {
    DefineOutput.Builder b = DefineOutput.newBuilder().setDataflowGraphId(graphId).setOutputName(output.name());
    output.comment().ifPresent(b::setComment);
    output.sourceCodeLocation().ifPresent(l -> b.setSourceCodeLocation(location(l)));
    if (output instanceof MaterializedView mv) {
      b.setOutputType(OutputType.MATERIALIZED_VIEW).setTableDetails(tableDetails(mv.format(), mv.partitionColumns(),
          mv.clusteringColumns(), mv.tableProperties(), mv.schema()));
    } else if (output instanceof StreamingTable st) {
      b.setOutputType(OutputType.TABLE).setTableDetails(tableDetails(st.format(), st.partitionColumns(),
          st.clusteringColumns(), st.tableProperties(), st.schema()));
    } else if (output instanceof TemporaryView) {
      b.setOutputType(OutputType.TEMPORARY_VIEW);
    } else if (output instanceof Sink sink) {
      b.setOutputType(OutputType.SINK).setSinkDetails(DefineOutput.SinkDetails.newBuilder()
          .setFormat(sink.format()).putAllOptions(sink.options()));
    }
    return command(PipelineCommand.newBuilder().setDefineOutput(b));
  }

  private static DefineOutput.TableDetails tableDetails(Optional<String> format, List<String> partitionColumns,
      List<String> clusteringColumns, Map<String, String> properties, Optional<String> schema) {
    DefineOutput.TableDetails.Builder d = DefineOutput.TableDetails.newBuilder()
        .addAllPartitionCols(partitionColumns)
        .addAllClusteringColumns(clusteringColumns)
        .putAllTableProperties(properties);
    format.ifPresent(d::setFormat);
    schema.ifPresent(d::setSchemaString);
    return d.build();
  }

  /**
   * {@code DefineFlow} with the flow's relation; {@code once} is left unset.
   *
   * @param graphId the graph
   * @param flow the flow
   * @return the command
   */
  public static Command defineFlow(String graphId, Flow flow) {
    DefineFlow.Builder b = DefineFlow.newBuilder()
        .setDataflowGraphId(graphId)
        .setFlowName(flow.name())
        .setTargetDatasetName(flow.target())
        .putAllSqlConf(flow.sqlConf())
        .setRelationFlowDetails(DefineFlow.WriteRelationFlowDetails.newBuilder()
            .setRelation(ConnectAdapter.relation(flow.query())));
    flow.sourceCodeLocation().ifPresent(l -> b.setSourceCodeLocation(location(l)));
    return command(PipelineCommand.newBuilder().setDefineFlow(b));
  }

  /**
   * {@code DefineSqlGraphElements}: the file's path and text.
   *
   * @param graphId the graph
   * @param file the SQL file
   * @return the command
   */
  public static Command defineSqlGraphElements(String graphId, SqlFile file) {
    return command(PipelineCommand.newBuilder().setDefineSqlGraphElements(DefineSqlGraphElements.newBuilder()
        .setDataflowGraphId(graphId).setSqlFilePath(file.path()).setSqlText(file.text())));
  }

  /**
   * {@code StartRun} with the options' selections, dry flag and storage.
   *
   * @param graphId the graph
   * @param options the run options
   * @return the command
   */
  public static Command startRun(String graphId, RunOptions options) {
    StartRun.Builder b = StartRun.newBuilder()
        .setDataflowGraphId(graphId)
        .addAllFullRefreshSelection(options.fullRefresh())
        .addAllRefreshSelection(options.refresh())
        .setFullRefreshAll(options.fullRefreshAll())
        .setDry(options.dry())
        .setStorage(options.storage());
    return command(PipelineCommand.newBuilder().setStartRun(b));
  }

  /**
   * The session's active streaming queries ({@code StreamingQueryManagerCommand.active}).
   *
   * @return the command
   */
  public static Command activeStreamingQueries() {
    return Command.newBuilder()
        .setStreamingQueryManagerCommand(StreamingQueryManagerCommand.newBuilder().setActive(true))
        .build();
  }

  /**
   * Stops one streaming query ({@code StreamingQueryCommand.stop}).
   *
   * @param id the query's id and run id
   * @return the command
   */
  public static Command stopStreamingQuery(StreamingQueryInstanceId id) {
    return Command.newBuilder()
        .setStreamingQueryCommand(StreamingQueryCommand.newBuilder().setQueryId(id).setStop(true))
        .build();
  }

  /**
   * The dotted name of a resolved identifier, skipping empty parts.
   *
   * @param id the identifier
   * @return for example {@code spark_catalog.default.x}
   */
  public static String qualifiedName(ResolvedIdentifier id) {
    List<String> parts = new ArrayList<>();
    if (!id.getCatalogName().isEmpty()) {
      parts.add(id.getCatalogName());
    }
    parts.addAll(id.getNamespaceList());
    parts.add(id.getTableName());
    return String.join(".", parts);
  }

  private static SourceCodeLocation location(io.github.reactivespark.connect.pipelines.SourceCodeLocation l) {
    SourceCodeLocation.Builder b = SourceCodeLocation.newBuilder().setFileName(l.fileName());
    if (l.lineNumber() > 0) {
      b.setLineNumber(l.lineNumber());
    }
    return b.build();
  }

  private static Command command(PipelineCommand.Builder pipelineCommand) {
    return Command.newBuilder().setPipelineCommand(pipelineCommand).build();
  }
}
