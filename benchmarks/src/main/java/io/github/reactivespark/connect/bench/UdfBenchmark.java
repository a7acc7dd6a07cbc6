package io.github.reactivespark.connect.bench;

import static io.github.reactivespark.connect.functions.call_udf;
import static io.github.reactivespark.connect.functions.col;
import static io.github.reactivespark.connect.functions.sum;

import io.github.reactivespark.connect.SparkSession;
import io.github.reactivespark.connect.UserDefinedFunction;
import io.github.reactivespark.connect.bench.udf.BenchUdfs;
import io.github.reactivespark.connect.bench.udf.PlusOne;
import io.github.reactivespark.connect.serverfunctions.FunctionClasses;
import io.github.reactivespark.connect.serverfunctions.ServerFunctions;
import io.github.reactivespark.connect.types.DataTypes;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The cost of a trivial Java UDF ({@code x -> x + 1}) over {@code range(N)}, summed on the server (one result row):
 * the same expression in SQL ({@code id + 1}), our client's Java UDF registered by class name, our client's lambda UDF
 * ({@code server-functions}), and the official Spark Connect client's {@code functions.udf(UDF1, LongType)}, against
 * the same server in the same run, interleaved, median of {@code runs}. Server time is the wall time of the query
 * (the server does all the work; the client waits for one row); client time is this JVM's CPU time during it.
 *
 * <p>Setup (shipping the jar, registering, defining) is timed once and printed before the table; the first round of
 * queries is an untimed warm-up. Every variant's sum is checked against {@code N(N+1)/2}.
 *
 * <p>{@code java --add-opens=java.base/java.nio=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar
 * io.github.reactivespark.connect.bench.UdfBenchmark sc://127.0.0.1:15099 20000000 5} (after
 * {@code mvn -q -B -pl benchmarks -am package -DskipTests}), against a server without a token (the official client
 * sends none over plaintext).
 */
public final class UdfBenchmark {

  private static final Duration TIMEOUT = Duration.ofMinutes(10);

  private UdfBenchmark() {}

  /**
   * Runs the comparison and prints a table.
   *
   * @param args {@code remote [rows=20000000] [runs=3]}
   * @throws Exception if a query fails
   */
  public static void main(String[] args) throws Exception {
    String remote = args.length > 0 ? args[0] : "sc://127.0.0.1:15099";
    long rows = args.length > 1 ? Long.parseLong(args[1]) : 20_000_000L;
    int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    long expected = rows * (rows + 1) / 2;
    Path classes = FunctionClasses.codeSources(List.of(PlusOne.class)).iterator().next();
    byte[] jar = FunctionClasses.jarBytes(classes);
    try (SparkSession spark = SparkSession.builder().remote(remote).create()) {
      org.apache.spark.sql.connect.SparkSession official =
          org.apache.spark.sql.connect.SparkSession.builder().remote(remote).getOrCreate();
      try {
        long s0 = System.nanoTime();
        spark.addArtifact(jar, "bench-udfs.jar").block(TIMEOUT);
        spark.udf().registerJava("plus_one", PlusOne.class.getName(), DataTypes.LongType).block(TIMEOUT);
        long s1 = System.nanoTime();
        ServerFunctions fns = ServerFunctions.of(spark);
        UserDefinedFunction lambda = fns.udf(BenchUdfs.plusOne(), DataTypes.LongType);
        fns.ship().block(TIMEOUT);
        long s2 = System.nanoTime();
        official.addArtifact(jar, "bench-udfs.jar");
        org.apache.spark.sql.expressions.UserDefinedFunction officialUdf = org.apache.spark.sql.functions.udf(
            BenchUdfs.plusOne(), org.apache.spark.sql.types.DataTypes.LongType);
        long s3 = System.nanoTime();
        System.out.printf(Locale.ROOT, "setup (jar of %,d bytes): ours addArtifact + registerJava %.2f s, ours udf +"
            + " ship() %.2f s, official addArtifact + udf %.2f s%n", jar.length, (s1 - s0) / 1e9, (s2 - s1) / 1e9,
            (s3 - s2) / 1e9);

        Map<String, LongSupplier> variants = new LinkedHashMap<>();
        variants.put("SQL expression id + 1 (ours)", () -> spark.range(rows).select(sum(col("id").plus(1)))
            .first().block(TIMEOUT).getLong(0));
        variants.put("Java UDF by class name (ours, registerJava)", () -> spark.range(rows)
            .select(sum(call_udf("plus_one", col("id")))).first().block(TIMEOUT).getLong(0));
        variants.put("Java lambda UDF (ours, server-functions)", () -> spark.range(rows)
            .select(sum(lambda.apply(col("id")))).first().block(TIMEOUT).getLong(0));
        variants.put("Java lambda UDF (official client functions.udf)", () -> official.range(rows)
            .select(org.apache.spark.sql.functions.sum(officialUdf.apply(org.apache.spark.sql.functions.col("id"))))
            .first().getLong(0));

        Map<String, List<double[]>> results = new LinkedHashMap<>();
        variants.forEach((name, run) -> results.put(name, new ArrayList<>()));
        for (int r = -1; r < runs; r++) { // run -1: warm-up, not counted
          for (Map.Entry<String, LongSupplier> v : variants.entrySet()) {
            long cpu0 = cpuNanos();
            long t0 = System.nanoTime();
            long sum = v.getValue().getAsLong();
            long wall = System.nanoTime() - t0;
            long cpu = cpuNanos() - cpu0;
            if (sum != expected) {
              throw new IllegalStateException(v.getKey() + " summed " + sum + ", expected " + expected);
            }
            if (r >= 0) {
              results.get(v.getKey()).add(new double[] {wall / 1e9, cpu / 1e9});
            }
          }
        }
        print(rows, runs, results);
      } finally {
        official.close();
      }
    }
  }

  private static void print(long rows, int runs, Map<String, List<double[]>> results) {
    double baseWall = median(results.values().iterator().next(), 0);
    double baseCpu = median(results.values().iterator().next(), 1);
    System.out.printf(Locale.ROOT, "range(%,d) summed through x -> x + 1, median of %d runs%n", rows, runs);
    System.out.println("| variant | server (wall) s | vs SQL | client CPU s | vs SQL |");
    System.out.println("|---|---|---|---|---|");
    results.forEach((name, list) -> {
      double wall = median(list, 0);
      double cpu = median(list, 1);
      System.out.printf(Locale.ROOT, "| %s | %.2f | %.2f× | %.3f | %.2f× |%n", name, wall, wall / baseWall, cpu,
          cpu / baseCpu);
    });
  }

  /** The median of column {@code i} of the rows in {@code list}. */
  static double median(List<double[]> list, int i) {
    double[] v = list.stream().mapToDouble(a -> a[i]).sorted().toArray();
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  /** This JVM's process CPU time (all threads), in nanoseconds. */
  static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
