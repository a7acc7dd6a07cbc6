package io.github.reactivespark.connect.pipelines.internal;

import io.github.reactivespark.connect.Row;
import io.github.reactivespark.connect.SparkSession;
import io.github.reactivespark.connect.exceptions.SparkConnectException;
import io.github.reactivespark.connect.internal.proto.Command;
import io.github.reactivespark.connect.internal.proto.ExecutePlanResponse;
import io.github.reactivespark.connect.internal.proto.PipelineCommandResult;
import io.github.reactivespark.connect.internal.proto.ResolvedIdentifier;
import io.github.reactivespark.connect.internal.proto.StreamingQueryManagerCommandResult;
import io.github.reactivespark.connect.pipelines.DataflowGraph;
import io.github.reactivespark.connect.pipelines.EventLevel;
import io.github.reactivespark.connect.pipelines.Flow;
import io.github.reactivespark.connect.pipelines.FlowStatus;
import io.github.reactivespark.connect.pipelines.Output;
import io.github.reactivespark.connect.pipelines.PipelineDefinitionException;
import io.github.reactivespark.connect.pipelines.PipelineDefinitionException.ElementKind;
import io.github.reactivespark.connect.pipelines.PipelineEvent;
import io.github.reactivespark.connect.pipelines.PipelineRunException;
import io.github.reactivespark.connect.pipelines.RunOptions;
import io.github.reactivespark.connect.pipelines.SqlFile;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The life of one pipeline run, per subscription: a server session of its own, the graph created and defined in
 * it, {@code StartRun}'s events, and the clean-up (interrupt, stop the flows' streaming queries, drop the graph,
 * release the session), shaped as a {@code Flux.usingWhen} like the core's reattachable execution. Not an API.
 *
 * <p>Why a session of its own: on Spark Connect 4.1.2, interrupting or releasing the {@code StartRun} operation
 * does not stop the graph execution it started ({@code PipelinesHandler.startRun} only waits for it, and the
 * streaming queries of its flows run on), and {@code DropDataflowGraph} only forgets the graph. What stops it is
 * closing the session ({@code SessionHolder.close} calls {@code PipelineExecution.stopPipeline}); a streaming query
 * a flow started is stopped by this class before that, through the session's {@code StreamingQueryManager}. Closing
 * also frees the execution the server caches per graph. And {@code CreateDataflowGraph} sets its session's current
 * catalog and database, which then does not touch the caller's session.
 */
public final class PipelineRunner {

  private static final Logger log = LoggerFactory.getLogger(PipelineRunner.class);

  /** Bound of each clean-up RPC. */
  static final Duration CLEANUP_TIMEOUT = Duration.ofSeconds(30);

  private PipelineRunner() {}

  /**
   * Observes the lifecycle of runs; for tests that check the clean-up against the server. Callbacks run on the
   * thread that completed the step. Not an API.
   */
  public interface RunListener {
    /** Observes nothing. */
    RunListener NONE = new RunListener() {};

    /**
     * The server created the run's graph.
     *
     * @param sessionId the run's session
     * @param graphId the graph
     */
    default void graphCreated(String sessionId, String graphId) {}

    /**
     * The server accepted {@code DropDataflowGraph} for the run's graph.
     *
     * @param graphId the graph
     */
    default void graphDropped(String graphId) {}

    /**
     * Streaming queries still active in the run's session were stopped (only after an error or a cancel).
     *
     * @param names the stopped queries' names (a flow's query is named like the flow)
     */
    default void queriesStopped(List<String> names) {}

    /**
     * The run's session was released ({@code ReleaseSession} sent; its failure is logged, not signalled).
     *
     * @param sessionId the run's session
     */
    default void sessionReleased(String sessionId) {}
  }

  /**
   * The cold Flux behind {@link DataflowGraph#run}: see its javadoc for the RPCs, elements, errors and cancel.
   *
   * @param graph the graph
   * @param options the run options
   * @param listener lifecycle observer
   * @return the run's events
   */
  public static Flux<PipelineEvent> run(DataflowGraph graph, RunOptions options, RunListener listener) {
    return Flux.usingWhen(
        Mono.fromSupplier(() -> new Run(graph, options, listener, ConnectAdapter.newSessionLike(graph.sparkSession()))),
        Run::events,
        run -> run.cleanup(false),
        (run, error) -> run.cleanup(true),
        run -> run.cleanup(true));
  }

  /** The default catalog and database of a graph; null leaves the choice to the server. */
  private record Defaults(@Nullable String catalog, @Nullable String database) {}

  /** The state of one run; its fields are written by one serial chain of RPCs. */
  private static final class Run {
    private final DataflowGraph graph;
    private final RunOptions options;
    private final RunListener listener;
    private final SparkSession session;
    private volatile @Nullable String graphId;
    /** Fully qualified dataset names the server resolved, and the qualified targets of the graph's flows. */
    private final Set<String> datasets = new LinkedHashSet<>();
    /** Qualified flow name -> qualified target. */
    private final Map<String, String> flowTargets = new LinkedHashMap<>();
    private final List<PipelineEvent> failures = new ArrayList<>();
    private final Set<String> completedFlows = new LinkedHashSet<>();

    Run(DataflowGraph graph, RunOptions options, RunListener listener, SparkSession session) {
      this.graph = graph;
      this.options = options;
      this.listener = listener;
      this.session = session;
    }

    Flux<PipelineEvent> events() {
      return defaults()
          .flatMap(d -> createGraph(d.catalog(), d.database()))
          .flatMapMany(id -> defineAll(id).thenMany(startRun(id)))
          .concatWith(Mono.defer(this::refreshWrittenTables).then(Mono.empty()));
    }

    /**
     * {@code REFRESH TABLE} in the graph's session for each table a completed flow wrote: a Spark session caches a
     * file table's listing, and the run wrote from another session, so without it that session would go on reading
     * what it read before the run.
     */
    private Mono<Void> refreshWrittenTables() {
      Set<String> tables = new LinkedHashSet<>();
      for (String flow : completedFlows) {
        String target = flowTargets.getOrDefault(flow, flow);
        if (target.split("\\.").length == 3) {
          tables.add(target);
        }
      }
      return Flux.fromIterable(tables)
          .concatMap(t -> quietly(graph.sparkSession().sql("REFRESH TABLE " + quoted(t)).collectAsList().then(),
              "REFRESH TABLE " + t))
          .then();
    }

    private static String quoted(String qualifiedName) {
      StringBuilder b = new StringBuilder();
      for (String part : qualifiedName.split("\\.")) {
        b.append(b.length() == 0 ? "" : ".").append('`').append(part.replace("`", "``")).append('`');
      }
      return b.toString();
    }

    /** The graph's default catalog and database, else the current ones of the graph's session (as Spark does). */
    private Mono<Defaults> defaults() {
      Optional<String> catalog = graph.defaultCatalog();
      Optional<String> database = graph.defaultDatabase();
      if (catalog.isPresent() && database.isPresent()) {
        return Mono.just(new Defaults(catalog.get(), database.get()));
      }
      return graph.sparkSession().sql("SELECT current_catalog(), current_database()").first()
          .map((Row r) -> new Defaults(catalog.orElse(r.getString(0)), database.orElse(r.getString(1))));
    }

    private Mono<String> createGraph(@Nullable String catalog, @Nullable String database) {
      return result(PipelineCommands.createDataflowGraph(catalog, database, graph.sqlConf()))
          .filter(PipelineCommandResult::hasCreateDataflowGraphResult)
          .map(r -> r.getCreateDataflowGraphResult().getDataflowGraphId())
          .switchIfEmpty(Mono.error(() -> new IllegalStateException("the server sent no dataflow graph id")))
          .doOnNext(id -> {
            graphId = id;
            listener.graphCreated(session.sessionId(), id);
          });
    }

    private Mono<Void> defineAll(String id) {
      Flux<Mono<Void>> steps = Flux.concat(
          Flux.fromIterable(graph.outputs()).map(o -> defineOutput(id, o)),
          Flux.fromIterable(graph.flows()).map(f -> defineFlow(id, f)),
          Flux.fromIterable(graph.sqlFiles()).map(f -> defineSql(id, f)));
      return steps.concatMap(step -> step).then();
    }

    private Mono<Void> defineOutput(String id, Output output) {
      return defined(result(PipelineCommands.defineOutput(id, output))
          .filter(PipelineCommandResult::hasDefineOutputResult)
          .doOnNext(r -> datasets.add(PipelineCommands.qualifiedName(
              r.getDefineOutputResult().getResolvedIdentifier()))), ElementKind.of(output), output.name());
    }

    private Mono<Void> defineFlow(String id, Flow flow) {
      return defined(result(PipelineCommands.defineFlow(id, flow))
          .filter(PipelineCommandResult::hasDefineFlowResult)
          .doOnNext(r -> {
            ResolvedIdentifier flowId = r.getDefineFlowResult().getResolvedIdentifier();
            String target = qualifyLike(flow.target(), flowId);
            flowTargets.put(PipelineCommands.qualifiedName(flowId), target);
            datasets.add(target);
          }), ElementKind.FLOW, flow.name());
    }

    private Mono<Void> defineSql(String id, SqlFile file) {
      return defined(result(PipelineCommands.defineSqlGraphElements(id, file)), ElementKind.SQL_FILE, file.path());
    }

    private static Mono<Void> defined(Mono<?> define, ElementKind kind, String name) {
      return define.then().onErrorMap(SparkConnectException.class,
          e -> new PipelineDefinitionException(kind, name, e));
    }

    /** A one-part {@code target} qualified with the catalog and namespace the server gave the flow. */
    private static String qualifyLike(String target, ResolvedIdentifier flowId) {
      if (target.contains(".") || flowId.getNamespaceCount() == 0) {
        return target;
      }
      return PipelineCommands.qualifiedName(flowId.toBuilder().setTableName(target).build());
    }

    private Flux<PipelineEvent> startRun(String id) {
      return ConnectAdapter.execute(session, PipelineCommands.startRun(id, options))
          .filter(ExecutePlanResponse::hasPipelineEventResult)
          .map(r -> {
            var e = r.getPipelineEventResult().getEvent();
            return PipelineEvent.of(Instant.ofEpochSecond(e.getTimestamp().getSeconds(), e.getTimestamp().getNanos()),
                e.getMessage());
          })
          .doOnNext(e -> {
            if (e.isFailure()) {
              failures.add(e);
            } else if (e.flowStatus().orElse(null) == FlowStatus.COMPLETED) {
              e.flowName().ifPresent(completedFlows::add);
            }
          })
          .onErrorMap(SparkConnectException.class, this::runFailure);
    }

    private PipelineRunException runFailure(SparkConnectException e) {
      String text = String.valueOf(e.getMessage()).replace("`", "");
      Set<String> flows = new LinkedHashSet<>();
      // the flows that failed themselves first, then those that failed because of them (the server sends the
      // latter first)
      for (EventLevel level : List.of(EventLevel.ERROR, EventLevel.WARN)) {
        for (PipelineEvent f : failures) {
          if (f.level() == level) {
            f.flowName().ifPresent(flows::add);
          }
        }
      }
      for (String flow : flowTargets.keySet()) {
        if (mentions(text, flow)) {
          flows.add(flow);
        }
      }
      Set<String> failed = new LinkedHashSet<>();
      for (String flow : flows) {
        failed.add(flowTargets.getOrDefault(flow, flow));
      }
      for (String dataset : datasets) {
        if (mentions(text, dataset)) {
          failed.add(dataset);
        }
      }
      return new PipelineRunException(e, List.copyOf(failed), List.copyOf(flows), List.copyOf(failures));
    }

    private static boolean mentions(String text, String name) {
      return Pattern.compile("(?<![\\w.])" + Pattern.quote(name.toLowerCase(Locale.ROOT)) + "(?!\\w)")
          .matcher(text.toLowerCase(Locale.ROOT)).find();
    }

    private Mono<PipelineCommandResult> result(Command command) {
      return ConnectAdapter.execute(session, command)
          .filter(ExecutePlanResponse::hasPipelineCommandResult)
          .map(ExecutePlanResponse::getPipelineCommandResult)
          .last(PipelineCommandResult.getDefaultInstance());
    }

    /**
     * After an error or a cancel: interrupt what runs in the run's session, stop its streaming queries. Always:
     * drop the graph, release the session. Each step is bounded and its failure logged, so the clean-up always
     * reaches the release.
     */
    Mono<Void> cleanup(boolean abnormal) {
      Mono<Void> interrupt = abnormal ? quietly(session.interruptAll().then(), "interruptAll") : Mono.empty();
      Mono<Void> stopQueries = abnormal ? quietly(stopStreamingQueries(), "stopping streaming queries")
          : Mono.empty();
      Mono<Void> drop = Mono.defer(() -> {
        String id = graphId;
        if (id == null) {
          return Mono.empty();
        }
        return quietly(ConnectAdapter.execute(session, PipelineCommands.dropDataflowGraph(id)).then()
            .doOnSuccess(v -> listener.graphDropped(id)), "DropDataflowGraph");
      });
      Mono<Void> release = session.stop().doOnSuccess(v -> listener.sessionReleased(session.sessionId()));
      return interrupt.then(stopQueries).then(drop).then(release);
    }

    private Mono<Void> stopStreamingQueries() {
      return ConnectAdapter.execute(session, PipelineCommands.activeStreamingQueries())
          .filter(ExecutePlanResponse::hasStreamingQueryManagerCommandResult)
          .map(ExecutePlanResponse::getStreamingQueryManagerCommandResult)
          .filter(StreamingQueryManagerCommandResult::hasActive)
          .flatMapIterable(r -> r.getActive().getActiveQueriesList())
          .concatMap(q -> ConnectAdapter.execute(session, PipelineCommands.stopStreamingQuery(q.getId()))
              .then(Mono.just(q.getName())))
          .collectList()
          .doOnNext(names -> {
            if (!names.isEmpty()) {
              log.debug("Stopped the streaming queries {} of pipeline run session {}", names, session.sessionId());
              listener.queriesStopped(names);
            }
          })
          .then();
    }

    private Mono<Void> quietly(Mono<Void> step, String what) {
      return step.timeout(CLEANUP_TIMEOUT)
          .onErrorResume(e -> {
            log.warn("Pipeline run clean-up in session {}: {} failed: {}", session.sessionId(), what, e.toString());
            return Mono.empty();
          });
    }
  }
}
