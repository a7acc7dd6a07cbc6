package io.github.reactivespark.connect.pipelines.cli;

import io.github.reactivespark.connect.SparkSession;
import io.github.reactivespark.connect.exceptions.SparkConnectException;
import io.github.reactivespark.connect.pipelines.DataflowGraph;
import io.github.reactivespark.connect.pipelines.PipelineDefinition;
import io.github.reactivespark.connect.pipelines.PipelineDefinitionException;
import io.github.reactivespark.connect.pipelines.PipelineEvent;
import io.github.reactivespark.connect.pipelines.PipelineRunException;
import io.github.reactivespark.connect.pipelines.RunOptions;
import io.github.reactivespark.connect.pipelines.SqlFile;
import io.github.reactivespark.connect.pipelines.internal.PipelineRunner;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import reactor.core.Disposable;

/**
 * {@code spark-pipelines}: runs a Spark Declarative Pipelines project from a {@code spark-pipeline.yml}, in the
 * spirit of Spark's Python CLI ({@code python/pyspark/pipelines/cli.py}).
 *
 * <pre>
 * spark-pipelines run [--spec FILE] [--remote sc://HOST:PORT] [--full-refresh a,b | --full-refresh-all | --refresh a,b]
 * spark-pipelines dry-run [--spec FILE] [--remote sc://HOST:PORT]
 * spark-pipelines init --name NAME
 * </pre>
 *
 * <p>Without {@code --spec}, the spec is the nearest {@code spark-pipeline.yml} / {@code .yaml} in the current
 * directory or above ({@link PipelineSpec#find}). The server is {@code --remote}, else {@code SPARK_REMOTE}, else the
 * embedded Spark Connect server of the {@code local-server} module when it is on the classpath (started for the run,
 * stopped after). The graph is the spec's SQL files ({@code DefineSqlGraphElements}) plus the
 * {@link PipelineDefinition}s found by {@link ServiceLoader} on the classpath and in the jars the spec's libraries
 * match; the spec's {@code catalog}, {@code database} and {@code configuration} become the graph's defaults and SQL
 * confs. Events are printed as they arrive, one entry each: timestamp, level, message.
 *
 * <p>Exit status: 0 when the run completed; 1 when it failed (the datasets are named); 2 for a bad command line, a bad
 * spec (file, field and line named) or no server. Ctrl-C cancels the run, which stops it on the server (see
 * {@link DataflowGraph#run}), and waits up to 30 s for that clean-up.
 */
@Command(name = "spark-pipelines", mixinStandardHelpOptions = true, versionProvider = SparkPipelinesCli.Version.class,
    description = "Runs Spark Declarative Pipelines over Spark Connect.",
    subcommands = {SparkPipelinesCli.Run.class, SparkPipelinesCli.DryRun.class, SparkPipelinesCli.Init.class})
public final class SparkPipelinesCli {

  /** Exit status of a run that failed on the server. */
  public static final int EXIT_RUN_FAILED = 1;
  /** Exit status of a bad command line, a bad spec, or no server. */
  public static final int EXIT_USAGE = 2;

  private final Path cwd;
  private final Map<String, String> env;
  private final PrintStream out;
  private final PrintStream err;
  private final AtomicReference<@Nullable Disposable> running = new AtomicReference<>();
  private final CountDownLatch cleanedUp = new CountDownLatch(1);

  private SparkPipelinesCli(Path cwd, Map<String, String> env, PrintStream out, PrintStream err) {
    this.cwd = cwd;
    this.env = env;
    this.out = out;
    this.err = err;
  }

  /**
   * The {@code spark-pipelines} command. Blocks until the command is done; exits the JVM with its status.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    SparkPipelinesCli cli = new SparkPipelinesCli(Path.of("").toAbsolutePath(), System.getenv(), System.out,
        System.err);
    Thread hook = new Thread(cli::cancel, "spark-pipelines-cancel");
    Runtime.getRuntime().addShutdownHook(hook);
    int status = cli.commandLine().execute(args);
    Runtime.getRuntime().removeShutdownHook(hook);
    System.exit(status);
  }

  /**
   * Runs one command in this JVM (for tests and embedding): as {@link #main}, with the current directory, the
   * environment and the output streams given, and returning the exit status instead of exiting.
   *
   * @param args the command line
   * @param cwd the directory the spec is searched from and {@code init} creates the project in
   * @param env the environment ({@code SPARK_REMOTE} is read from it)
   * @param out where events and progress go
   * @param err where errors go
   * @return the exit status
   */
  public static int execute(String[] args, Path cwd, Map<String, String> env, PrintStream out, PrintStream err) {
    return new SparkPipelinesCli(cwd, env, out, err).commandLine().execute(args);
  }

  private CommandLine commandLine() {
    CommandLine cl = new CommandLine(this);
    cl.setOut(new java.io.PrintWriter(out, true));
    cl.setErr(new java.io.PrintWriter(err, true));
    return cl;
  }

  /** Ctrl-C: cancels a run in progress and waits (bounded) for its server-side clean-up. */
  private void cancel() {
    Disposable d = running.getAndSet(null);
    if (d != null && !d.isDisposed()) {
      log("Cancelling the run...");
      d.dispose();
      try {
        if (!cleanedUp.await(30, TimeUnit.SECONDS)) {
          err.println("The run's clean-up did not finish within 30 s");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void log(String message) {
    out.println(Instant.now() + " INFO  " + message);
  }

  /** Options shared by {@code run} and {@code dry-run}. */
  static final class SpecOptions {
    @Option(names = "--spec", paramLabel = "FILE",
        description = "The pipeline spec file (default: the nearest spark-pipeline.yml or .yaml from the current"
            + " directory up).")
    @Nullable Path spec;

    @Option(names = "--remote", paramLabel = "URL",
        description = "The Spark Connect server, sc://host:port/;key=value... (default: SPARK_REMOTE, else the"
            + " embedded server).")
    @Nullable String remote;
  }

  /** {@code run}. */
  @Command(name = "run", mixinStandardHelpOptions = true,
      description = "Runs the pipeline; without refresh options every dataset is refreshed incrementally.")
  static final class Run implements java.util.concurrent.Callable<Integer> {
    @ParentCommand SparkPipelinesCli cli;
    @Mixin SpecOptions spec = new SpecOptions();

    @Option(names = "--full-refresh", split = ",", paramLabel = "DATASET",
        description = "Datasets to reset and recompute (comma-separated, repeatable).")
    List<String> fullRefresh = new ArrayList<>();

    @Option(names = "--full-refresh-all", description = "Reset and recompute every dataset.")
    boolean fullRefreshAll;

    @Option(names = "--refresh", split = ",", paramLabel = "DATASET",
        description = "Datasets to refresh; the others are excluded (comma-separated, repeatable).")
    List<String> refresh = new ArrayList<>();

    @Override
    public Integer call() {
      return cli.runPipeline(spec, false, fullRefresh, fullRefreshAll, refresh);
    }
  }

  /** {@code dry-run}. */
  @Command(name = "dry-run", mixinStandardHelpOptions = true,
      description = "Resolves and validates the pipeline's graph without running any flow or writing anything.")
  static final class DryRun implements java.util.concurrent.Callable<Integer> {
    @ParentCommand SparkPipelinesCli cli;
    @Mixin SpecOptions spec = new SpecOptions();

    @Override
    public Integer call() {
      return cli.runPipeline(spec, true, List.of(), false, List.of());
    }
  }

  /** {@code init}. */
  @Command(name = "init", mixinStandardHelpOptions = true,
      description = "Creates a pipeline project with a spec file and example SQL transformations.")
  static final class Init implements java.util.concurrent.Callable<Integer> {
    @ParentCommand SparkPipelinesCli cli;

    @Option(names = "--name", required = true, paramLabel = "NAME",
        description = "The project's name: a directory of this name is created under the current directory.")
    String name = "";

    @Override
    public Integer call() {
      try {
        Path dir = ProjectInit.create(cli.cwd, name);
        cli.out.println("Pipeline project '" + name + "' created in " + dir + ". To run it:");
        cli.out.println("  cd '" + dir + "'");
        cli.out.println("  spark-pipelines run");
        return 0;
      } catch (IllegalArgumentException e) {
        cli.err.println("init failed: " + e.getMessage());
        return EXIT_USAGE;
      }
    }
  }

  int runPipeline(SpecOptions options, boolean dry, List<String> fullRefresh, boolean fullRefreshAll,
      List<String> refresh) {
    PipelineSpec spec;
    RunOptions runOptions;
    List<SqlFile> sqlFiles = new ArrayList<>();
    List<URL> jars = new ArrayList<>();
    try {
      Path specFile = options.spec != null ? cwd.resolve(options.spec) : PipelineSpec.find(cwd);
      log("Loading pipeline spec from " + specFile);
      spec = PipelineSpec.load(specFile);
      runOptions = RunOptions.builder(spec.storage()).fullRefresh(fullRefresh).fullRefreshAll(fullRefreshAll)
          .refresh(refresh).dry(dry).build();
      for (PipelineSpec.LibraryFile f : spec.libraryFiles()) {
        String n = f.path().getFileName().toString();
        if (n.endsWith(".sql")) {
          sqlFiles.add(new SqlFile(spec.relativeName(f.path()), Files.readString(f.path())));
        } else if (n.endsWith(".jar")) {
          jars.add(f.path().toUri().toURL());
        } else {
          throw new PipelineSpecException(spec.file(), f.glob().field(), f.glob().line(), "'"
              + spec.relativeName(f.path()) + "' is neither a .sql file nor a .jar of Java definitions");
        }
      }
    } catch (IllegalArgumentException e) {
      err.println("Error: " + e.getMessage());
      return EXIT_USAGE;
    } catch (IOException e) {
      err.println("Error: " + e);
      return EXIT_USAGE;
    }

    SparkSession spark;
    try {
      String remote = options.remote != null ? options.remote : env.get("SPARK_REMOTE");
      log(remote != null ? "Connecting to " + io.github.reactivespark.connect.ConnectionString.parse(remote)
          : "Starting the embedded Spark Connect server...");
      SparkSession.Builder b = SparkSession.builder();
      spark = (remote != null && !remote.isBlank() ? b.remote(remote) : b).create();
    } catch (IllegalArgumentException | IllegalStateException e) {
      err.println("Error: " + e.getMessage());
      return EXIT_USAGE;
    }
    try (spark; URLClassLoader loader = new URLClassLoader(jars.toArray(URL[]::new), definitionsParent())) {
      DataflowGraph.Builder graph = DataflowGraph.builder(spark);
      spec.defaultCatalog().ifPresent(graph::defaultCatalog);
      spec.defaultDatabase().ifPresent(graph::defaultDatabase);
      spec.configuration().forEach(graph::sqlConf);
      List<PipelineDefinition> definitions;
      try {
        definitions = definitions(loader);
      } catch (java.util.ServiceConfigurationError e) {
        err.println("Error: cannot load the Java definitions: " + e.getMessage());
        return EXIT_USAGE;
      }
      for (PipelineDefinition d : definitions) {
        log("Registering Java definition " + d.getClass().getName());
        try {
          graph.include(d);
        } catch (RuntimeException | LinkageError e) {
          err.println("Error: the Java definition " + d.getClass().getName() + " failed: " + e);
          return EXIT_USAGE;
        }
      }
      for (SqlFile f : sqlFiles) {
        log("Registering SQL file " + f.path());
        graph.sqlFile(f);
      }
      log("Starting " + (dry ? "dry run" : "run") + " of pipeline '" + spec.name() + "' (storage " + spec.storage()
          + ")");
      return await(graph.build(), runOptions);
    } catch (PipelineRunException e) {
      err.println(Instant.now() + " ERROR " + e.getMessage());
      return EXIT_RUN_FAILED;
    } catch (PipelineDefinitionException e) {
      err.println(Instant.now() + " ERROR " + e.getMessage());
      return EXIT_RUN_FAILED;
    } catch (SparkConnectException e) {
      err.println(Instant.now() + " ERROR Run failed: " + e.getMessage());
      return EXIT_RUN_FAILED;
    } catch (IllegalArgumentException | IllegalStateException e) {
      err.println("Error: " + e.getMessage());
      return EXIT_USAGE;
    } catch (IOException e) {
      err.println("Error: " + e);
      return EXIT_USAGE;
    }
  }

  /** Subscribes, prints each event as it arrives, blocks until the run and its clean-up are done. */
  private int await(DataflowGraph graph, RunOptions runOptions) {
    CountDownLatch done = new CountDownLatch(1);
    AtomicReference<@Nullable Throwable> failure = new AtomicReference<>();
    PipelineRunner.RunListener listener = new PipelineRunner.RunListener() {
      @Override
      public void graphCreated(String sessionId, String graphId) {
        log("Created dataflow graph " + graphId + " in run session " + sessionId);
      }

      @Override
      public void sessionReleased(String sessionId) {
        cleanedUp.countDown();
      }
    };
    Disposable d = PipelineRunner.run(graph, runOptions, listener)
        .subscribe(e -> out.println(e.format()), e -> {
          failure.set(e);
          done.countDown();
        }, done::countDown);
    running.set(d);
    try {
      done.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      d.dispose();
      throw new IllegalStateException("interrupted");
    } finally {
      running.set(null);
    }
    Throwable t = failure.get();
    if (t instanceof RuntimeException re) {
      throw re;
    } else if (t != null) {
      throw new IllegalStateException(t);
    }
    return 0;
  }

  /** The {@link PipelineDefinition}s {@code loader} finds through {@link ServiceLoader}, in class name order. */
  static List<PipelineDefinition> definitions(ClassLoader loader) {
    List<PipelineDefinition> definitions = new ArrayList<>();
    ServiceLoader.load(PipelineDefinition.class, loader).forEach(definitions::add);
    definitions.sort(Comparator.comparing(d -> d.getClass().getName()));
    return definitions;
  }

  private static ClassLoader definitionsParent() {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    return context != null ? context : SparkPipelinesCli.class.getClassLoader();
  }

  /** The version picocli prints for {@code --version}. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = SparkPipelinesCli.class.getPackage().getImplementationVersion();
      return new String[] {"spark-pipelines (reactive-spark-connect-pipelines " + (v != null ? v : "dev")
          + ") for Spark Connect 4.1"};
    }
  }
}
