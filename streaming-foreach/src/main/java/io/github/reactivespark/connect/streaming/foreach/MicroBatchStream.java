package io.github.reactivespark.connect.streaming.foreach;

import io.github.reactivespark.connect.DataFrame;
import io.github.reactivespark.connect.Row;
import io.github.reactivespark.connect.SparkSession;
import io.github.reactivespark.connect.listeners.StreamingListeners;
import io.github.reactivespark.connect.streaming.SparkStreaming;
import io.github.reactivespark.connect.streaming.StreamingQuery;
import io.github.reactivespark.connect.streaming.Trigger;
import io.github.reactivespark.connect.types.StructField;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

/**
 * Client-side micro-batches: a streaming {@link DataFrame}'s micro-batches delivered to the client as a backpressured
 * {@code Flux<MicroBatch>}, each with Spark's batch id and a DataFrame over exactly that micro-batch's rows. No Spark
 * client has this; it is built only on documented Spark mechanisms, which hold on a multi-node cluster as on the
 * local server:
 * <ol>
 *   <li>the streaming query runs on the server with a {@code foreachBatch} function (ours, shipped as an artifact)
 *       that inserts each micro-batch into its own partition {@code _rsc_batch_id=<batchId>} of an <em>export
 *       table</em>, overwriting only that partition ({@code partitionOverwriteMode=dynamic}), so that a batch Spark
 *       re-runs after a failure or restart replaces its earlier attempt (the foreachBatch guide's idempotent
 *       write);</li>
 *   <li>the query's {@code checkpointLocation} makes Spark resume at the first uncommitted batch after a restart,
 *       with the same offsets, hence the same rows;</li>
 *   <li>the client learns of new batches from the query's progress events (listener bus), backed by a slow poll of
 *       {@code SHOW PARTITIONS}, and emits them in batch-id order, only as the subscriber requests them;</li>
 *   <li>{@link MicroBatch#commit()} records the highest delivered batch id as a table property of the export table
 *       ({@value #COMMITTED_PROPERTY}) and drops the committed partitions.</li>
 * </ol>
 *
 * <p>Guarantees: batches are emitted in increasing batch-id order with no gap among non-empty batches (a micro-batch
 * without rows exports no partition and is skipped); every committed batch id is delivered exactly once across client
 * restarts (a batch delivered but not committed before a crash is delivered again, with the same rows); the query
 * runs at most {@code maxBatchesAhead} exported-but-uncommitted batches ahead of the subscriber: when that many wait,
 * the client stops the query, and starts it again from its checkpoint once the subscriber has committed.
 *
 * <p>Meant for a continuously running query (the default processing-time trigger): the Flux does not complete by
 * itself, also not when a {@code once}/{@code availableNow} query ends; take what you need ({@code take(n)}) or
 * cancel.
 *
 * <p>Cold: each subscription creates the export table if needed, stops a query of the same name that still runs
 * (e.g. from a crashed client), delivers the uncommitted batches already exported, then starts the query. Cancelling
 * stops the query; the table and the checkpoint stay, so a later subscription resumes. The subscriber does not own
 * anything to close: {@link MicroBatch#rows()} is a lazy DataFrame. Errors: the query's failure as a
 * {@link io.github.reactivespark.connect.exceptions.StreamingQueryException}, and the server's typed errors for the
 * SQL it sends.
 */
public final class MicroBatchStream {

  /** The export table's partition column holding Spark's batch id. */
  public static final String BATCH_ID_COLUMN = "_rsc_batch_id";
  /** The export table property holding the highest committed batch id. */
  public static final String COMMITTED_PROPERTY = "reactivespark.microbatch.committed";

  private static final Pattern PARTITION = Pattern.compile(BATCH_ID_COLUMN + "=(\\d+)");

  private final DataFrame stream;
  private final String table;
  private final String checkpointLocation;
  private final String queryName;
  private final int maxBatchesAhead;
  private final Trigger trigger;
  private final Duration pollInterval;

  private MicroBatchStream(Builder b) {
    this.stream = b.stream;
    this.table = Objects.requireNonNull(b.table, "exportTable");
    this.checkpointLocation = Objects.requireNonNull(b.checkpointLocation, "checkpointLocation");
    this.queryName = b.queryName != null ? b.queryName : "microbatches_" + table.replaceAll("\\W", "_");
    this.maxBatchesAhead = b.maxBatchesAhead;
    this.trigger = b.trigger;
    this.pollInterval = b.pollInterval;
  }

  /**
   * A builder for the micro-batches of {@code stream}.
   *
   * @param stream a streaming DataFrame (e.g. from {@code SparkStreaming.readStream(spark)})
   */
  public static Builder builder(DataFrame stream) {
    return new Builder(Objects.requireNonNull(stream, "stream"));
  }

  /**
   * The micro-batches, as described in the class documentation. Cold; at most one subscription at a time per
   * export table (a second one would stop the first one's query, since they share the query name).
   */
  public Flux<MicroBatch> batches() {
    return Flux.create(sink -> new Run(sink).start());
  }

  /** Drops the export table (and with it the committed id); the checkpoint directory is left to the caller. */
  public Mono<Void> dropExportTable() {
    return sql("DROP TABLE IF EXISTS " + table);
  }

  private SparkSession session() {
    return stream.sparkSession();
  }

  private Mono<Void> sql(String statement) {
    return session().sql(statement).collectAsList().then();
  }

  private Mono<TreeSet<Long>> exportedBatchIds() {
    return session().sql("SHOW PARTITIONS " + table).collectAsList().map(rows -> {
      TreeSet<Long> ids = new TreeSet<>();
      for (Row row : rows) {
        Matcher m = PARTITION.matcher(String.valueOf(row.getString(0)));
        if (m.find()) {
          ids.add(Long.parseLong(m.group(1)));
        }
      }
      return ids;
    });
  }

  private Mono<Long> committedBatchId() {
    return session().sql("SHOW TBLPROPERTIES " + table).collectAsList().map(rows -> {
      for (Row row : rows) {
        if (COMMITTED_PROPERTY.equals(row.getString(0))) {
          return Long.parseLong(Objects.requireNonNull(row.getString(1)));
        }
      }
      return -1L;
    });
  }

  private Mono<Void> createExportTable() {
    return stream.schema().flatMap(schema -> {
      List<String> columns = new ArrayList<>();
      for (StructField field : schema.fields()) {
        columns.add(field.toDDL());
      }
      columns.add(BATCH_ID_COLUMN + " BIGINT");
      return sql("CREATE TABLE IF NOT EXISTS " + table + " (" + String.join(", ", columns) + ") USING parquet "
          + "PARTITIONED BY (" + BATCH_ID_COLUMN + ")");
    });
  }

  private Mono<Void> commit(long batchId) {
    return sql("ALTER TABLE " + table + " SET TBLPROPERTIES ('" + COMMITTED_PROPERTY + "' = '" + batchId + "')")
        .then(dropPartitionsUpTo(batchId));
  }

  private Mono<Void> dropPartitionsUpTo(long batchId) {
    return exportedBatchIds().flatMapMany(ids -> Flux.fromIterable(ids.headSet(batchId, true)))
        .concatMap(id -> sql("ALTER TABLE " + table + " DROP IF EXISTS PARTITION (" + BATCH_ID_COLUMN + "=" + id + ")"))
        .then();
  }

  private Mono<Void> stopQueriesNamedLikeOurs() {
    return SparkStreaming.streams(session()).active()
        .flatMapMany(Flux::fromIterable)
        .filter(q -> queryName.equals(q.name()))
        .concatMap(StreamingQuery::stop)
        .then();
  }

  private MicroBatch microBatch(long batchId, Runnable afterCommit) {
    DataFrame rows = session().table(table)
        .where(io.github.reactivespark.connect.functions.col(BATCH_ID_COLUMN).equalTo(batchId))
        .drop(BATCH_ID_COLUMN);
    return new MicroBatch(batchId, rows, id -> commit(id).doOnSuccess(v -> afterCommit.run()));
  }

  /** One subscription: a serial control loop woken by demand, commits, progress events and a slow poll. */
  private final class Run {
    private final FluxSink<MicroBatch> sink;
    private final Sinks.Many<Object> wake = Sinks.many().multicast().directBestEffort();
    private volatile long committed = -1;
    private long lastEmitted = -1;
    private @Nullable StreamingQuery query;
    private @Nullable Disposable loop;
    private @Nullable Disposable progress;
    private volatile boolean done;

    Run(FluxSink<MicroBatch> sink) {
      this.sink = sink;
    }

    void start() {
      sink.onRequest(n -> wake());
      sink.onDispose(this::dispose);
      Flux<Object> ticks = Flux.merge(wake.asFlux(), Flux.interval(pollInterval).cast(Object.class))
          .onBackpressureLatest();
      loop = createExportTable()
          .then(stopQueriesNamedLikeOurs())
          .then(committedBatchId())
          .doOnNext(c -> {
            committed = c;
            lastEmitted = c;
          })
          .thenMany(Flux.concat(Mono.just((Object) "first"), ticks))
          .concatMap(tick -> step(), 1)
          .subscribe(v -> { }, this::fail);
    }

    private synchronized void wake() {
      wake.tryEmitNext(Boolean.TRUE);
    }

    private Mono<Void> step() {
      if (done) {
        return Mono.empty();
      }
      return committedBatchId().zipWith(exportedBatchIds()).flatMap(t -> {
        committed = Math.max(committed, t.getT1());
        TreeSet<Long> exported = t.getT2();
        // re-runs of batches already committed (Spark re-executes its last uncommitted batch after a restart)
        Mono<Void> cleanup = exported.isEmpty() || exported.first() > committed ? Mono.empty()
            : dropPartitionsUpTo(committed);
        TreeSet<Long> fresh = new TreeSet<>(exported.tailSet(Math.max(lastEmitted, committed), false));
        // another session (the query's) wrote the partitions: refresh this session's view of the table first
        Mono<Void> emit = fresh.isEmpty() || sink.requestedFromDownstream() <= 0 ? Mono.empty()
            : sql("REFRESH TABLE " + table).then(Mono.fromRunnable(() -> {
              for (long id : fresh) {
                if (sink.requestedFromDownstream() <= 0 || done) {
                  break;
                }
                lastEmitted = id;
                sink.next(microBatch(id, this::wake));
              }
            }));
        long waiting = exported.tailSet(committed, false).size();
        Mono<Void> control;
        if (query == null && waiting < maxBatchesAhead) {
          control = startQuery();
        } else if (query != null && waiting >= maxBatchesAhead) {
          control = stopQuery();
        } else {
          control = Mono.empty();
        }
        return cleanup.then(emit).then(control);
      });
    }

    private Mono<Void> startQuery() {
      return SparkStreaming.writeStream(stream)
          .foreachBatch(ForeachBatchFunction.of(ExportBatches.into(table, BATCH_ID_COLUMN)))
          .queryName(queryName)
          .trigger(trigger)
          .checkpointLocation(checkpointLocation)
          .start()
          .doOnNext(q -> {
            query = q;
            progress = StreamingListeners.progressOf(q)
                .subscribe(p -> wake(), this::fail);
          })
          .then();
    }

    private Mono<Void> stopQuery() {
      StreamingQuery q = query;
      query = null;
      if (progress != null) {
        progress.dispose();
      }
      return q == null ? Mono.empty() : q.stop();
    }

    private void fail(Throwable e) {
      if (!done) {
        sink.error(e);
      }
    }

    private void dispose() {
      done = true;
      if (loop != null) {
        loop.dispose();
      }
      if (progress != null) {
        progress.dispose();
      }
      StreamingQuery q = query;
      query = null;
      if (q != null) {
        // the subscription is gone: stop the query in the background, nobody waits for it
        q.stop().subscribeOn(Schedulers.boundedElastic()).subscribe(v -> { }, e -> { });
      }
    }
  }

  /** Options of a {@link MicroBatchStream}. */
  public static final class Builder {
    private final DataFrame stream;
    private @Nullable String table;
    private @Nullable String checkpointLocation;
    private @Nullable String queryName;
    private int maxBatchesAhead = 2;
    private Trigger trigger = Trigger.processingTime(Duration.ofSeconds(1));
    private Duration pollInterval = Duration.ofSeconds(2);

    private Builder(DataFrame stream) {
      this.stream = stream;
    }

    /** The export table (created if missing, partitioned by {@value #BATCH_ID_COLUMN}); required. */
    public Builder exportTable(String table) {
      this.table = Objects.requireNonNull(table, "table");
      return this;
    }

    /** The streaming query's checkpoint directory, on a file system the server can reach; required. */
    public Builder checkpointLocation(String path) {
      this.checkpointLocation = Objects.requireNonNull(path, "path");
      return this;
    }

    /** The query name; default {@code microbatches_<table>}. A running query of that name is stopped first. */
    public Builder queryName(String name) {
      this.queryName = Objects.requireNonNull(name, "name");
      return this;
    }

    /** How many exported, uncommitted batches may wait before the query is stopped; at least 1, default 2. */
    public Builder maxBatchesAhead(int batches) {
      if (batches < 1) {
        throw new IllegalArgumentException("maxBatchesAhead must be at least 1, was " + batches);
      }
      this.maxBatchesAhead = batches;
      return this;
    }

    /** The query's trigger; default processing time every 1 s. */
    public Builder trigger(Trigger trigger) {
      this.trigger = Objects.requireNonNull(trigger, "trigger");
      return this;
    }

    /** The fallback poll of the export table, for progress events missed; default 2 s. */
    public Builder pollInterval(Duration interval) {
      if (interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException("pollInterval must be positive, was " + interval);
      }
      this.pollInterval = interval;
      return this;
    }

    /** The configured stream; throws {@link NullPointerException} naming a missing required option. */
    public MicroBatchStream build() {
      return new MicroBatchStream(this);
    }
  }

}
