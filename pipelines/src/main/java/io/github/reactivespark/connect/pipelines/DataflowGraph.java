package io.github.reactivespark.connect.pipelines;

import io.github.reactivespark.connect.DataFrame;
import io.github.reactivespark.connect.SparkSession;
import io.github.reactivespark.connect.pipelines.internal.PipelineRunner;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;

/**
 * A Spark Declarative Pipelines dataflow graph: its outputs ({@link MaterializedView}, {@link StreamingTable},
 * {@link TemporaryView}, {@link Sink}), the {@link Flow}s that write them, its {@link SqlFile}s, and the defaults of
 * {@code CreateDataflowGraph}. An immutable value built by {@link #builder(SparkSession)}; {@link #run(RunOptions)}
 * turns it into a cold {@code Flux} of {@link PipelineEvent}s.
 *
 * <pre>{@code
 * DataflowGraph graph = DataflowGraph.builder(spark)
 *     .streamingTable("bronze_flights", SparkStreaming.readStream(spark).schema(SCHEMA).json(dailyFiles))
 *     .materializedView("gold_delay_by_state", spark.table("bronze_flights").groupBy("origin").count())
 *     .sqlFile(SqlFile.read(Path.of("transformations/gold.sql")))
 *     .build();
 * graph.run(RunOptions.of("file:///tmp/flights-pipeline"))
 *     .doOnNext(e -> System.out.println(e.format()))
 *     .blockLast();     // only in a main method
 * }</pre>
 *
 * <p>Follows PySpark's {@code pyspark.pipelines} ({@code spark_connect_graph_element_registry.py},
 * {@code spark_connect_pipeline.py}) and the server's {@code PipelinesHandler}.
 */
public final class DataflowGraph {

  private final SparkSession session;
  private final @Nullable String defaultCatalog;
  private final @Nullable String defaultDatabase;
  private final Map<String, String> sqlConf;
  private final List<Output> outputs;
  private final List<Flow> flows;
  private final List<SqlFile> sqlFiles;

  private DataflowGraph(Builder b) {
    this.session = b.session;
    this.defaultCatalog = b.defaultCatalog;
    this.defaultDatabase = b.defaultDatabase;
    this.sqlConf = Definitions.copy(b.sqlConf);
    this.outputs = List.copyOf(b.outputs);
    List<Flow> all = new ArrayList<>();
    for (Output o : b.outputs) {
      ownFlow(o).ifPresent(all::add);
    }
    all.addAll(b.flows);
    this.flows = List.copyOf(all);
    this.sqlFiles = List.copyOf(b.sqlFiles);
  }

  /**
   * A builder of a graph whose DataFrames are built with {@code spark}; a run creates its own server session
   * next to it (see {@link #run(RunOptions)}).
   *
   * @param spark the session
   * @return a new builder
   */
  public static Builder builder(SparkSession spark) {
    return new Builder(spark);
  }

  /** The flow a materialized view, streaming table or temporary view gets from its own query. */
  private static Optional<Flow> ownFlow(Output o) {
    if (o instanceof TemporaryView v) {
      return Optional.of(ownFlow(v.name(), v.query(), v.sqlConf(), v.sourceCodeLocation()));
    }
    if (o instanceof TableOutput t) {
      return t.query().map(q -> ownFlow(t.name(), q, t.sqlConf(), t.sourceCodeLocation()));
    }
    return Optional.empty();
  }

  private static Flow ownFlow(String name, DataFrame query, Map<String, String> sqlConf,
      Optional<SourceCodeLocation> location) {
    Flow.Builder b = Flow.builder(name).target(name).query(query);
    sqlConf.forEach(b::sqlConf);
    location.ifPresent(b::sourceCodeLocation);
    return b.build();
  }

  /**
   * The session the graph's DataFrames were built with.
   *
   * @return the session
   */
  public SparkSession sparkSession() {
    return session;
  }

  /**
   * The default catalog, if set; otherwise the run uses the session's current catalog.
   *
   * @return the catalog, or empty
   */
  public Optional<String> defaultCatalog() {
    return Optional.ofNullable(defaultCatalog);
  }

  /**
   * The default database, if set; otherwise the run uses the session's current database.
   *
   * @return the database, or empty
   */
  public Optional<String> defaultDatabase() {
    return Optional.ofNullable(defaultDatabase);
  }

  /**
   * The SQL confs for every flow ({@code CreateDataflowGraph.sql_conf}).
   *
   * @return an unmodifiable map in insertion order
   */
  public Map<String, String> sqlConf() {
    return sqlConf;
  }

  /**
   * The outputs, in the order they were added (and are sent).
   *
   * @return an unmodifiable list
   */
  public List<Output> outputs() {
    return outputs;
  }

  /**
   * Every flow: first the own flows of the outputs that have a query (named like their output), then the flows
   * added with {@link Builder#flow(Flow)}, in the order they are sent.
   *
   * @return an unmodifiable list
   */
  public List<Flow> flows() {
    return flows;
  }

  /**
   * The SQL files, in the order they were added (and are sent, after the outputs and flows).
   *
   * @return an unmodifiable list
   */
  public List<SqlFile> sqlFiles() {
    return sqlFiles;
  }

  /**
   * Runs the graph: a cold {@code Flux} of the run's events.
   *
   * <p><b>Each subscription</b> starts a new run in a server session of its own, created for the run next to
   * {@link #sparkSession()} (same server, user and token; a new session id), because Spark Connect 4.1.2 stops a
   * pipeline's remaining work only when the session that started it closes. In that session it sends
   * {@code CreateDataflowGraph} (default catalog and database: the graph's, else the current ones of
   * {@link #sparkSession()}, read with one query), one {@code DefineOutput} per output, one {@code DefineFlow} per
   * flow, one {@code DefineSqlGraphElements} per SQL file, then {@code StartRun} as a reattachable
   * {@code ExecutePlan} whose {@code pipeline_event_result} responses become the elements. The run's session
   * starts with the server's default confs: set what the flows need with {@link Builder#sqlConf(String, String)}
   * (your session's confs and temporary views are not visible to the run; its own temporary views are).
   *
   * <p><b>Elements</b>: one {@link PipelineEvent} per server event, in order, as they happen ({@code "Flow ... is
   * RUNNING."}, ...). The Flux <b>completes</b> when the run has ended (its last event is {@code "Run is
   * COMPLETED."}), after a {@code REFRESH TABLE} in {@link #sparkSession()} of each table a completed flow wrote (a
   * session caches a table's file listing, and the run wrote from another session); a dry run emits that one event
   * when the graph validates.
   *
   * <p><b>Errors</b>: {@link PipelineDefinitionException} when the server refuses an element while the graph is
   * defined (for example a SQL file that does not parse); {@link PipelineRunException} when the run fails (the
   * graph does not resolve or validate, or a flow fails), naming the datasets; other
   * {@link io.github.reactivespark.connect.exceptions.SparkConnectException}s for transport failures.
   *
   * <p><b>Cancelling</b> stops the run on the server: the {@code StartRun} operation is interrupted
   * ({@code interruptAll} of the run's session, as well as {@code ReleaseExecute}), the flows' streaming queries
   * still running are stopped, and the session is released, which stops the graph execution so no further flow
   * starts. A batch flow already writing (a materialized view being recomputed) may finish that write: 4.1.2 gives a
   * client no sure way to interrupt it. <b>Whatever the outcome</b>, the graph is dropped ({@code DropDataflowGraph}) and
   * the run's session released ({@code ReleaseSession}) before completion or error reach the subscriber; after a
   * cancel this clean-up runs in the background.
   *
   * @param options how to run (storage, refresh selection, dry run)
   * @return a cold Flux of the run's events
   */
  public Flux<PipelineEvent> run(RunOptions options) {
    Objects.requireNonNull(options, "options");
    return PipelineRunner.run(this, options, PipelineRunner.RunListener.NONE);
  }

  /**
   * A dry run: {@link #run(RunOptions)} with {@link RunOptions#dry()} set. The server resolves and validates the
   * graph and writes nothing; the Flux emits {@code "Run is COMPLETED."} for a valid graph, and fails with
   * {@link PipelineRunException} naming the datasets for an invalid one.
   *
   * @param storage see {@link RunOptions#builder(String)}; a dry run writes nothing there
   * @return a cold Flux of the dry run's events
   */
  public Flux<PipelineEvent> dryRun(String storage) {
    return run(RunOptions.builder(storage).dry(true).build());
  }

  @Override
  public String toString() {
    return "DataflowGraph[outputs=" + outputs + ", flows=" + flows.size() + ", sqlFiles=" + sqlFiles.size() + "]";
  }

  /**
   * Builds a {@link DataflowGraph}; the {@link GraphBuilder} a {@link PipelineDefinition} receives. Not thread-safe.
   */
  public static final class Builder implements GraphBuilder {
    private final SparkSession session;
    private @Nullable String defaultCatalog;
    private @Nullable String defaultDatabase;
    private final Map<String, String> sqlConf = new LinkedHashMap<>();
    private final List<Output> outputs = new ArrayList<>();
    private final List<Flow> flows = new ArrayList<>();
    private final List<SqlFile> sqlFiles = new ArrayList<>();
    private final Set<String> outputNames = new HashSet<>();
    private final Set<String> flowNames = new HashSet<>();

    private Builder(SparkSession session) {
      this.session = Objects.requireNonNull(session, "session");
    }

    @Override
    public SparkSession sparkSession() {
      return session;
    }

    @Override
    public Builder defaultCatalog(String catalog) {
      this.defaultCatalog = Definitions.name(catalog, "catalog");
      return this;
    }

    @Override
    public Builder defaultDatabase(String database) {
      this.defaultDatabase = Definitions.name(database, "database");
      return this;
    }

    @Override
    public Builder sqlConf(String key, String value) {
      Definitions.put(sqlConf, key, value, "sqlConf");
      return this;
    }

    @Override
    public Map<String, String> sqlConf() {
      return Definitions.copy(sqlConf);
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if an output of that name (case-insensitive) was already added
     */
    @Override
    public Builder materializedView(MaterializedView view) {
      return output(view, true);
    }

    @Override
    public Builder materializedView(String name, DataFrame query) {
      return materializedView(MaterializedView.builder(name).query(query).build());
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if an output of that name (case-insensitive) was already added
     */
    @Override
    public Builder streamingTable(StreamingTable table) {
      return output(table, table.query().isPresent());
    }

    @Override
    public Builder streamingTable(String name, DataFrame query) {
      return streamingTable(StreamingTable.builder(name).query(query).build());
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if an output of that name (case-insensitive) was already added
     */
    @Override
    public Builder temporaryView(TemporaryView view) {
      return output(view, true);
    }

    @Override
    public Builder temporaryView(String name, DataFrame query) {
      return temporaryView(TemporaryView.builder(name).query(query).build());
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if an output of that name (case-insensitive) was already added
     */
    @Override
    public Builder sink(Sink sink) {
      return output(sink, false);
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if a flow of that name (case-insensitive) was already added, including an
     *     output's own flow
     */
    @Override
    public Builder flow(Flow flow) {
      addFlowName(Objects.requireNonNull(flow, "flow").name());
      flows.add(flow);
      return this;
    }

    @Override
    public Builder flow(String name, String target, DataFrame query) {
      return flow(Flow.of(name, target, query));
    }

    @Override
    public Builder sqlFile(SqlFile file) {
      sqlFiles.add(Objects.requireNonNull(file, "file"));
      return this;
    }

    /**
     * Adds the elements of a definition ({@link PipelineDefinition#define(GraphBuilder)} on this builder).
     *
     * @param definition the definition
     * @return this builder
     */
    public Builder include(PipelineDefinition definition) {
      definition.define(this);
      return this;
    }

    private Builder output(Output output, boolean ownFlow) {
      String key = output.name().toLowerCase(Locale.ROOT);
      if (!outputNames.add(key)) {
        throw new IllegalArgumentException("the graph already has an output named " + output.name());
      }
      if (ownFlow) {
        addFlowName(output.name());
      }
      outputs.add(output);
      return this;
    }

    private void addFlowName(String name) {
      if (!flowNames.add(name.toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException("the graph already has a flow named " + name);
      }
    }

    /**
     * The immutable graph. Checks nothing the server decides (whether targets exist, cycles): those come back from
     * a run as {@link PipelineRunException}s.
     *
     * @return the graph
     */
    public DataflowGraph build() {
      return new DataflowGraph(this);
    }
  }
}
