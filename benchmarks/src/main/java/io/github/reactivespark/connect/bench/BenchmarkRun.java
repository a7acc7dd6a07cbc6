package io.github.reactivespark.connect.bench;

import io.github.reactivespark.connect.DataFrame;
import io.github.reactivespark.connect.SparkSession;
import io.github.reactivespark.connect.internal.ConnectInternals;
import io.github.reactivespark.connect.internal.proto.ExecutePlanRequest;
import io.github.reactivespark.connect.internal.proto.ExecutePlanResponse;
import io.github.reactivespark.connect.internal.proto.Expression;
import io.github.reactivespark.connect.internal.proto.Plan;
import io.github.reactivespark.connect.internal.proto.Project;
import io.github.reactivespark.connect.internal.proto.Range;
import io.github.reactivespark.connect.internal.proto.ReactorSparkConnectServiceGrpc;
import io.github.reactivespark.connect.internal.proto.ReattachOptions;
import io.github.reactivespark.connect.internal.proto.Relation;
import io.github.reactivespark.connect.internal.proto.ReleaseExecuteRequest;
import io.github.reactivespark.connect.internal.proto.ResultChunkingOptions;
import io.github.reactivespark.connect.internal.proto.SparkConnectServiceGrpc;
import io.github.reactivespark.connect.internal.proto.UserContext;
import com.salesforce.reactorgrpc.stub.ReactorCallOptions;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.vector.BigIntVector;

/**
 * One measured run in a fresh JVM: {@code java ... BenchmarkRun <variant> <remote> <rows> <warmupRows>}.
 *
 * <p>The workload is {@code range(rows)} projected to {@code id, id * 2.5, cast(id as string)} (a bigint, a double
 * and a string column: about 36 bytes of Arrow IPC per row), consumed to the end. A warm-up query of
 * {@code warmupRows} rows runs first in the same JVM (to let the JIT compile the hot paths; 0 skips it), then the
 * heap peaks are reset and the measured query runs. The clock covers sending the query to seeing its last row;
 * session/channel creation is outside it. Prints one line {@code RESULT key=value ...} on stdout, which
 * {@link Launcher} parses; every variant checks that it saw exactly {@code rows} rows.
 */
public final class BenchmarkRun {

  /**
   * The projection every variant asks for. The aliases are needed by the official client: without them Spark names
   * {@code cast(id as string)} {@code id} too, and its row deserializer fails with AMBIGUOUS_COLUMN_OR_FIELD.
   */
  static final String[] EXPRESSIONS = {"id", "id * 2.5 AS d", "cast(id as string) AS s"};

  private BenchmarkRun() {}

  /** What one consumption of the result reports. */
  record Outcome(long rows, long checksum, long responses, long bytes) {}

  /**
   * Entry point of a forked JVM.
   *
   * @param args {@code variant remote rows warmupRows}; the variant is one of {@link Variant}'s ids
   * @throws Exception if the run fails (the forked JVM then exits non-zero and the launcher reports it)
   */
  public static void main(String[] args) throws Exception {
    Variant variant = Variant.of(args[0]);
    String remote = args[1];
    long rows = Long.parseLong(args[2]);
    long warmup = Long.parseLong(args[3]);
    if (warmup > 0) {
      consume(variant, remote, warmup);
    }
    System.gc();
    Outcome o;
    long nanos;
    long cpu;
    HeapMonitor heap = new HeapMonitor();
    Map<String, Long> threads0 = THREAD_CPU ? threadCpu() : Map.of();
    try (heap) {
      long c0 = cpuNanos();
      long t0 = System.nanoTime();
      o = consume(variant, remote, rows);
      nanos = System.nanoTime() - t0;
      cpu = cpuNanos() - c0;
    }
    if (THREAD_CPU) {
      printThreadCpu(threads0, threadCpu());
    }
    if (o.rows() != rows) {
      throw new IllegalStateException(variant.id() + " saw " + o.rows() + " rows, expected " + rows);
    }
    double seconds = nanos / 1e9;
    System.out.printf(Locale.ROOT,
        "RESULT variant=%s rows=%d seconds=%.3f rowsPerSec=%.0f peakUsedSampled=%d peakUsedPoolSum=%d"
            + " peakLiveAfterGc=%d gcs=%d responses=%d bytes=%d checksum=%d xmx=%d cpuSeconds=%.3f%n",
        variant.id(), o.rows(), seconds, o.rows() / seconds, heap.peakUsedSampled(), heap.peakUsedPoolSum(),
        heap.peakLiveAfterGc(), heap.gcCount(), o.responses(), o.bytes(), o.checksum(),
        Runtime.getRuntime().maxMemory(), cpu / 1e9);
    System.out.flush();
    closeOfficial();
    System.exit(0);
  }

  /** {@code -Dbench.threadCpu=true}: print the measured query's CPU per thread group ({@code THREADCPU} line). */
  private static final boolean THREAD_CPU = Boolean.getBoolean("bench.threadCpu");

  /**
   * CPU time (user + system, ms) of every thread of this JVM, the JIT's and GC's included, summed per thread name
   * with digits removed ({@code grpc-default-executor-N}, {@code C2 CompilerThreadN}), read from
   * {@code /proc/self/task/<tid>/stat} (Linux; empty elsewhere). Threads that ended in between are lost.
   */
  static Map<String, Long> threadCpu() {
    Map<String, Long> byName = new TreeMap<>();
    long hz = 100; // USER_HZ, 100 on Linux
    try (var tasks = Files.list(Path.of("/proc/self/task"))) {
      for (Path t : (Iterable<Path>) tasks::iterator) {
        try {
          String name = Files.readString(t.resolve("comm")).trim().replaceAll("\\d+", "N");
          String stat = Files.readString(t.resolve("stat"));
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14, 15)
          byName.merge(name, ticks * 1000 / hz, Long::sum);
        } catch (IOException | RuntimeException e) {
          // the thread ended while it was read
        }
      }
    } catch (IOException e) {
      return Map.of();
    }
    return byName;
  }

  private static void printThreadCpu(Map<String, Long> before, Map<String, Long> after) {
    StringBuilder sb = new StringBuilder("THREADCPU");
    after.entrySet().stream()
        .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
        .filter(e -> e.getValue() > 0)
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .forEach(e -> sb.append(' ').append(e.getKey().replace(' ', '_')).append('=').append(e.getValue())
            .append("ms"));
    System.out.println(sb);
  }

  /** CPU time of this whole JVM (all threads, incl. GC and JIT), in nanoseconds. */
  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
        .getOperatingSystemMXBean()).getProcessCpuTime();
  }

  /** Runs the workload once with a fresh session/channel; returns once the result is consumed and closed. */
  static Outcome consume(Variant variant, String remote, long rows) throws Exception {
    return switch (variant) {
      case OURS_BATCHES -> oursBatches(remote, rows);
      case OURS_ROWS -> oursRows(remote, rows);
      case OURS_RESPONSES -> oursResponses(remote, rows);
      case OFFICIAL_ITERATOR -> officialIterator(remote, rows);
      case RAW_GRPC -> rawGrpc(remote, rows);
    };
  }

  private static DataFrame ours(SparkSession s, long rows) {
    int p = partitions(rows);
    return (p > 0 ? s.range(0, rows, 1, p) : s.range(rows)).selectExpr(EXPRESSIONS);
  }

  /**
   * Partitions for {@code rows}: 0 (Spark's default, 2 on {@code local[2]}) up to 25M rows, otherwise one per 5M
   * rows. Spark collects each task's Arrow batches as one task result, and above ~28M rows per task that result
   * exceeds {@code spark.driver.maxResultSize} (1 GiB), so the 100M-row runs need more partitions; every variant
   * gets the same plan.
   */
  static int partitions(long rows) {
    return rows <= 25_000_000L ? 0 : (int) ((rows + 4_999_999L) / 5_000_000L);
  }

  /** (a) {@code mapBatches}: sums the id vector of each batch. */
  private static Outcome oursBatches(String remote, long rows) {
    try (SparkSession s = SparkSession.builder().remote(remote).create()) {
      long[] acc = new long[3];
      ours(s, rows).mapBatches(b -> {
        BigIntVector ids = (BigIntVector) b.root().getVector(0);
        long sum = 0;
        int n = b.rowCount();
        for (int i = 0; i < n; i++) {
          sum += ids.get(i);
        }
        acc[0] += n;
        acc[1] += sum;
        acc[2]++;
        return n;
      }).blockLast();
      return new Outcome(acc[0], acc[1], acc[2], -1);
    }
  }

  /** (b) {@code rows()}: sums {@code getLong(0)} of each row. */
  private static Outcome oursRows(String remote, long rows) {
    try (SparkSession s = SparkSession.builder().remote(remote).create()) {
      long[] acc = new long[2];
      ours(s, rows).rows().doOnNext(r -> {
        acc[0]++;
        acc[1] += r.getLong(0);
      }).blockLast();
      return new Outcome(acc[0], acc[1], -1, -1);
    }
  }

  /** Diagnostic: our response stream (reattach, release, prefetch) without the Arrow decode. */
  private static Outcome oursResponses(String remote, long rows) {
    try (SparkSession s = SparkSession.builder().remote(remote).create()) {
      long[] acc = new long[3];
      ConnectInternals.client(s).execute(ConnectInternals.plan(ours(s, rows))).doOnNext(r -> countResponse(r, acc))
          .blockLast();
      return new Outcome(acc[0], -1, acc[1], acc[2]);
    }
  }

  /**
   * The official client's session of this JVM, shared by the warm-up and the measured query ({@code getOrCreate()}
   * caches the session per JVM, so it is created once and closed by {@link #closeOfficial()}).
   */
  private static org.apache.spark.sql.connect.SparkSession official;

  /** (c) the official client's {@code toLocalIterator()}, closed at the end. */
  private static Outcome officialIterator(String remote, long rows) throws Exception {
    if (official == null) {
      official = org.apache.spark.sql.connect.SparkSession.builder().remote(remote).getOrCreate();
    }
    Iterator<org.apache.spark.sql.Row> it = (Boolean.getBoolean("official.sql")
        ? official.sql("SELECT id, id * 2.5 AS d, cast(id as string) AS s FROM range(" + rows + ")")
        : (partitions(rows) > 0 ? official.range(0, rows, 1, partitions(rows)) : official.range(rows))
            .selectExpr(EXPRESSIONS)).toLocalIterator();
    long n = 0;
    long sum = 0;
    try {
      while (it.hasNext()) {
        sum += it.next().getLong(0);
        n++;
      }
    } finally {
      ((AutoCloseable) it).close();
    }
    return new Outcome(n, sum, -1, -1);
  }

  /** Closes the official client's session, if one was opened. */
  static void closeOfficial() {
    if (official == null) {
      return;
    }
    try {
      official.close();
    } catch (IllegalStateException e) {
      // SparkSession.close() throws "Memory was leaked by query" if an iterator was left open (e.g. after a
      // failed query); noted, not fatal.
      System.err.println("NOTE official client close: " + e.getMessage().lines().findFirst().orElse(""));
    }
  }

  /**
   * (d) the raw wire rate: one reattachable {@code ExecutePlan} on the generated reactor-grpc stub (prefetch from the
   * system property {@code raw.prefetch}, default reactor-grpc's 512), counting responses, Arrow bytes and
   * {@code row_count} without decoding; {@code ReleaseExecute(release_all)} after the clock would stop.
   */
  private static Outcome rawGrpc(String remote, long rows) {
    URI uri = URI.create(remote.replaceFirst(";.*$", "").replace("sc://", "http://"));
    ManagedChannel channel = NettyChannelBuilder.forAddress(uri.getHost(), uri.getPort()).usePlaintext()
        .maxInboundMessageSize(128 * 1024 * 1024).build();
    try {
      String sessionId = UUID.randomUUID().toString();
      String operationId = UUID.randomUUID().toString();
      UserContext user = UserContext.newBuilder().setUserId("bench").build();
      Range.Builder rb = Range.newBuilder().setStart(0).setEnd(rows).setStep(1);
      if (partitions(rows) > 0) {
        rb.setNumPartitions(partitions(rows));
      }
      Relation range = Relation.newBuilder().setRange(rb).build();
      Project.Builder project = Project.newBuilder().setInput(range);
      for (String e : EXPRESSIONS) {
        project.addExpressions(Expression.newBuilder()
            .setExpressionString(Expression.ExpressionString.newBuilder().setExpression(e)));
      }
      ExecutePlanRequest request = ExecutePlanRequest.newBuilder()
          .setSessionId(sessionId).setUserContext(user).setClientType("bench-raw").setOperationId(operationId)
          .setPlan(Plan.newBuilder().setRoot(Relation.newBuilder().setProject(project)))
          .addRequestOptions(ExecutePlanRequest.RequestOption.newBuilder()
              .setReattachOptions(ReattachOptions.newBuilder().setReattachable(true)))
          .addRequestOptions(ExecutePlanRequest.RequestOption.newBuilder()
              .setResultChunkingOptions(ResultChunkingOptions.newBuilder().setAllowArrowBatchChunking(true)
                  .setPreferredArrowChunkSize(4L * 1024 * 1024)))
          .build();
      int prefetch = Integer.getInteger("raw.prefetch", 512);
      ReactorSparkConnectServiceGrpc.ReactorSparkConnectServiceStub stub = ReactorSparkConnectServiceGrpc
          .newReactorStub(channel)
          .withOption(ReactorCallOptions.CALL_OPTIONS_PREFETCH, prefetch)
          .withOption(ReactorCallOptions.CALL_OPTIONS_LOW_TIDE, Integer.getInteger("raw.lowTide", prefetch * 3 / 4));
      long[] acc = new long[3];
      boolean[] complete = new boolean[1];
      stub.executePlan(request).doOnNext(r -> {
        countResponse(r, acc);
        complete[0] |= r.hasResultComplete();
      }).blockLast();
      if (!complete[0]) {
        throw new IllegalStateException("raw stream ended without ResultComplete (a reattach would be needed)");
      }
      SparkConnectServiceGrpc.newBlockingStub(channel).releaseExecute(ReleaseExecuteRequest.newBuilder()
          .setSessionId(sessionId).setUserContext(user).setClientType("bench-raw").setOperationId(operationId)
          .setReleaseAll(ReleaseExecuteRequest.ReleaseAll.getDefaultInstance()).build());
      return new Outcome(acc[0], -1, acc[1], acc[2]);
    } finally {
      channel.shutdownNow();
      try {
        channel.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static void countResponse(ExecutePlanResponse r, long[] acc) {
    acc[1]++;
    if (r.hasArrowBatch()) {
      ExecutePlanResponse.ArrowBatch ab = r.getArrowBatch();
      if (!ab.hasChunkIndex() || ab.getChunkIndex() == 0) {
        acc[0] += ab.getRowCount();
      }
      acc[2] += ab.getData().size();
    }
  }
}
