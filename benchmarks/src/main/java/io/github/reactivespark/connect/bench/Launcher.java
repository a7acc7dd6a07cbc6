package io.github.reactivespark.connect.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs the whole comparison and prints a results table: {@code java -jar benchmarks/target/benchmarks.jar [key=value
 * ...]}.
 *
 * <p>Every measurement is a fresh JVM (a fork of {@link BenchmarkRun} with this jar's classpath and the client's
 * JVM flags), so heap figures never mix; each cell of the table is the median of {@code runs} forks. Options
 * (defaults in brackets):
 *
 * <ul>
 *   <li>{@code remote} [system property {@code spark.remote}, else {@code SPARK_REMOTE}, else
 *       {@code sc://127.0.0.1:15099}] the Spark Connect server;
 *   <li>{@code reattachRemote} [{@code sc://127.0.0.1:15098}] a server that forces a reattach on every response
 *       ({@code senderMaxStreamDuration=1s, senderMaxStreamSize=123}); empty skips the reattach ratio;
 *   <li>{@code rows} [20000000] rows of the throughput comparison; {@code runs} [3]; {@code warmup} [1000000] rows
 *       of the untimed warm-up query in each fork; {@code xmx} [1g] heap of the throughput forks;
 *   <li>{@code variants} [{@code raw-grpc,ours-responses,ours-batches,ours-rows,official-iterator}];
 *   <li>{@code bigRows} [100000000], {@code bigXmx} [256m], {@code bigRuns} [1]: the flat-heap check of
 *       {@code ours-batches} and {@code ours-rows}; {@code bigRows=0} skips it;
 *   <li>{@code reattachRows} [5000000], {@code reattachRuns} [3], {@code reattachVariants}
 *       [{@code ours-batches,official-iterator}]: each of these variants on {@code remote} and on
 *       {@code reattachRemote} at that size, normal and forced forks interleaved, and the ratio of their
 *       throughputs with the extra wall time and client CPU per reattach (one reattach per 10,000-row batch);
 *   <li>{@code jvmArgs} [empty] extra flags for every fork (comma separated), e.g. a JFR recording, or
 *       {@code -Dbench.threadCpu=true} for each fork's CPU per thread group ({@code THREADCPU} lines: the JIT's
 *       compiler threads, gRPC's executor and event loop, the main thread).
 * </ul>
 */
public final class Launcher {

  private Launcher() {}

  /** One parsed {@code RESULT} line of a fork. */
  record Result(Map<String, String> values) {
    double num(String key) {
      return Double.parseDouble(values.getOrDefault(key, "-1"));
    }
  }

  /**
   * Runs the comparison.
   *
   * @param args {@code key=value} options, see the class documentation
   * @throws Exception if a fork cannot be started or fails
   */
  public static void main(String[] args) throws Exception {
    Map<String, String> o = new HashMap<>();
    for (String a : args) {
      int eq = a.indexOf('=');
      if (eq < 0) {
        throw new IllegalArgumentException("options are key=value, got " + a);
      }
      o.put(a.substring(0, eq), a.substring(eq + 1));
    }
    String remote = o.getOrDefault("remote", firstNonBlank(System.getProperty("spark.remote"),
        System.getenv("SPARK_REMOTE"), "sc://127.0.0.1:15099"));
    String reattachRemote = o.getOrDefault("reattachRemote", "sc://127.0.0.1:15098");
    long rows = Long.parseLong(o.getOrDefault("rows", "20000000"));
    int runs = Integer.parseInt(o.getOrDefault("runs", "3"));
    long warmup = Long.parseLong(o.getOrDefault("warmup", "1000000"));
    String xmx = o.getOrDefault("xmx", "1g");
    List<String> variants = Arrays.stream(o.getOrDefault("variants",
        "raw-grpc,ours-responses,ours-batches,ours-rows,official-iterator").split(",")).filter(v -> !v.isBlank())
        .toList();
    long bigRows = Long.parseLong(o.getOrDefault("bigRows", "100000000"));
    String bigXmx = o.getOrDefault("bigXmx", "256m");
    int bigRuns = Integer.parseInt(o.getOrDefault("bigRuns", "1"));
    long reattachRows = Long.parseLong(o.getOrDefault("reattachRows", "5000000"));
    int reattachRuns = Integer.parseInt(o.getOrDefault("reattachRuns", "3"));
    List<String> reattachVariants = Arrays.stream(o.getOrDefault("reattachVariants",
        "ours-batches,official-iterator").split(",")).filter(v -> !v.isBlank()).toList();
    List<String> jvmArgs = o.getOrDefault("jvmArgs", "").isBlank() ? List.of()
        : Arrays.asList(o.get("jvmArgs").split(","));

    System.out.println("# machine before: " + uptime());
    List<String[]> table = new ArrayList<>();
    Map<String, Double> rate = new LinkedHashMap<>();
    for (String v : variants) {
      List<Result> rs = fork(v, remote, rows, warmup, xmx, jvmArgs, runs);
      rate.put(v, median(rs, "rowsPerSec"));
      table.add(row(v, remote, rows, xmx, rs));
    }
    if (bigRows > 0) {
      for (String v : List.of("ours-batches", "ours-rows")) {
        table.add(row(v, remote, bigRows, bigXmx, fork(v, remote, bigRows, warmup, bigXmx, jvmArgs, bigRuns)));
      }
    }
    Map<String, String> ratios = new LinkedHashMap<>();
    if (!reattachRemote.isBlank() && reattachRows > 0) {
      for (String v : reattachVariants) {
        // interleaved (normal, forced, normal, ...) so that a change of the machine's load hits both alike
        List<Result> normal = new ArrayList<>();
        List<Result> forced = new ArrayList<>();
        for (int i = 0; i < reattachRuns; i++) {
          normal.addAll(fork(v, remote, reattachRows, warmup, xmx, jvmArgs, 1));
          forced.addAll(fork(v, reattachRemote, reattachRows, warmup, xmx, jvmArgs, 1));
        }
        table.add(row(v, remote, reattachRows, xmx, normal));
        table.add(row(v + " (forced reattach)", reattachRemote, reattachRows, xmx, forced));
        // one reattach per 10,000-row batch (Spark's spark.connect.grpc.arrow.maxBatchSize splits at 4 MiB first)
        double reattaches = Math.ceil(reattachRows / 10_000.0);
        ratios.put(v, String.format(Locale.ROOT, "%.2f (client CPU s %.2f -> %.2f; per reattach +%.2f ms wall,"
                + " +%.2f ms client CPU)", median(forced, "rowsPerSec") / median(normal, "rowsPerSec"),
            median(normal, "cpuSeconds"), median(forced, "cpuSeconds"),
            (median(forced, "seconds") - median(normal, "seconds")) * 1000 / reattaches,
            (median(forced, "cpuSeconds") - median(normal, "cpuSeconds")) * 1000 / reattaches));
      }
    }

    System.out.println();
    System.out.printf(Locale.ROOT, "| %-30s | %-22s | %11s | %-4s | %4s | %20s | %13s | %13s | %13s | %7s |%n",
        "variant", "server", "rows", "Xmx", "runs", "M rows/s", "client CPU s", "peak heap MiB", "peak live MiB", "MB/s");
    System.out.println("|" + "-".repeat(32) + "|" + "-".repeat(24) + "|" + "-".repeat(13) + "|" + "-".repeat(6) + "|"
        + "-".repeat(6) + "|" + "-".repeat(22) + "|" + "-".repeat(15) + "|" + "-".repeat(15) + "|" + "-".repeat(15) + "|"
        + "-".repeat(9) + "|");
    for (String[] r : table) {
      System.out.printf(Locale.ROOT, "| %-30s | %-22s | %11s | %-4s | %4s | %20s | %13s | %13s | %13s | %7s |%n",
          (Object[]) r);
    }
    System.out.println();
    if (ratios.isEmpty()) {
      System.out.println("forced-reattach / normal throughput: skipped");
    }
    ratios.forEach((v, r) -> System.out.println("forced-reattach / normal throughput of " + v + " at " + reattachRows
        + " rows: " + r));
    Double raw = rate.get("raw-grpc");
    if (raw != null) {
      rate.forEach((v, r) -> System.out.printf(Locale.ROOT, "%s / raw-grpc: %.2f%n", v, r / raw));
    }
    System.out.println("# machine after: " + uptime());
    System.out.println("# M rows/s: median of the runs (min..max in brackets); peak heap: max sampled heap used;"
        + " peak live: max heap used right after a GC (GC notifications); both medians;\n# client CPU s: CPU time of the whole client JVM during the measured query (median) -- on a shared 2-core box\n# where the server is the ceiling, client CPU is taken from the server, so it is the less noisy figure.");
  }

  private static String[] row(String v, String remote, long rows, String xmx, List<Result> rs) {
    double mb = median(rs, "bytes");
    return new String[] {v, remote.replace("sc://", ""), String.format(Locale.ROOT, "%,d", rows), xmx,
        String.valueOf(rs.size()),
        String.format(Locale.ROOT, "%.2f [%.2f..%.2f]", median(rs, "rowsPerSec") / 1e6,
            rs.stream().mapToDouble(r -> r.num("rowsPerSec")).min().orElse(0) / 1e6,
            rs.stream().mapToDouble(r -> r.num("rowsPerSec")).max().orElse(0) / 1e6),
        String.format(Locale.ROOT, "%.1f", median(rs, "cpuSeconds")),
        String.format(Locale.ROOT, "%.0f", median(rs, "peakUsedSampled") / 1048576),
        String.format(Locale.ROOT, "%.1f", median(rs, "peakLiveAfterGc") / 1048576),
        mb < 0 ? "-" : String.format(Locale.ROOT, "%.0f", mb / 1e6 / median(rs, "seconds"))};
  }

  private static double median(List<Result> rs, String key) {
    double[] xs = rs.stream().mapToDouble(r -> r.num(key)).sorted().toArray();
    if (xs.length == 0) {
      return Double.NaN;
    }
    return xs.length % 2 == 1 ? xs[xs.length / 2] : (xs[xs.length / 2 - 1] + xs[xs.length / 2]) / 2;
  }

  /** Forks {@code runs} JVMs of {@link BenchmarkRun}, one after the other, and parses their RESULT lines. */
  private static List<Result> fork(String variant, String remote, long rows, long warmup, String xmx,
      List<String> jvmArgs, int runs) throws IOException, InterruptedException {
    List<Result> out = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      List<String> cmd = new ArrayList<>();
      cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      cmd.add("--add-opens=java.base/java.nio=ALL-UNNAMED");
      cmd.add("-Xmx" + xmx);
      for (String a : jvmArgs) {
        cmd.add(a.replace("{variant}", variant).replace("{run}", String.valueOf(i)));
      }
      cmd.add("-cp");
      cmd.add(System.getProperty("java.class.path"));
      cmd.add(BenchmarkRun.class.getName());
      cmd.addAll(List.of(variant, remote, String.valueOf(rows), String.valueOf(warmup)));
      System.out.printf(Locale.ROOT, "# %s rows=%d Xmx=%s run %d/%d on %s (load %s)%n", variant, rows, xmx, i + 1,
          runs, remote, loadAverage());
      Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      Result result = null;
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          if (line.startsWith("RESULT ")) {
            Map<String, String> m = new LinkedHashMap<>();
            for (String kv : line.substring(7).split(" ")) {
              int eq = kv.indexOf('=');
              m.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
            result = new Result(m);
            System.out.println("  " + line);
          } else if (line.startsWith("THREADCPU ")) {
            System.out.println("  " + line); // -Dbench.threadCpu=true in jvmArgs: CPU per thread group
          }
        }
      }
      int rc = p.waitFor();
      if (rc != 0 || result == null) {
        throw new IllegalStateException("fork " + String.join(" ", cmd.subList(cmd.size() - 4, cmd.size()))
            + " failed (exit " + rc + "); run it by hand to see its stderr");
      }
      out.add(result);
    }
    return out;
  }

  /** {@code /proc/loadavg}, trimmed, or {@code n/a} where there is none. */
  static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "n/a";
    }
  }

  private static String uptime() {
    try {
      Process p = new ProcessBuilder("uptime").redirectErrorStream(true).start();
      String s = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      p.waitFor();
      return s + " (" + Runtime.getRuntime().availableProcessors() + " cores)";
    } catch (IOException | InterruptedException e) {
      return "load " + loadAverage();
    }
  }

  private static String firstNonBlank(String... xs) {
    for (String x : xs) {
      if (x != null && !x.isBlank()) {
        return x;
      }
    }
    return null;
  }

}
