package io.github.reactivespark.connect.bench;

import static io.github.reactivespark.connect.functions.col;
import static io.github.reactivespark.connect.functions.sum;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.reactivespark.connect.Row;
import io.github.reactivespark.connect.SparkSession;
import io.github.reactivespark.connect.samples.GitHubWebhookExamples;
import io.github.reactivespark.connect.types.DataTypes;
import io.github.reactivespark.connect.types.StructType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The 329 real GitHub webhook payloads of npm {@code @octokit/webhooks-examples@7.6.1}
 * ({@link GitHubWebhookExamples}) stored three ways in Parquet — one {@code VARIANT} column ({@code parse_json}), one
 * {@code MAP<STRING,STRING>} column (the payload flattened to {@code a.b[0].c -> scalar as text}, JSON nulls left
 * out) and one {@code STRING} column (the JSON text) — and, for each layout, the bytes of its data files on disk and
 * the median wall time of five path queries ({@code action}, {@code repository.full_name}, {@code sender.login},
 * {@code repository.stargazers_count > 0}, a group-by on {@code repository.owner.login}), run against the same
 * server in the same JVM, interleaved, after an untimed warm-up round. Every query's result rows are checked equal
 * across the three layouts (and the first against the figures counted independently in {@code VariantIT}).
 *
 * <p>The payloads are replicated {@code copies} times (default 100) on the server, so that a query scans enough to
 * be timed: the 329 payloads (parsed and flattened on this client with Jackson) are uploaded once with
 * {@code createDataFrame} and written as a source table, then each layout is written from
 * {@code range(copies) CROSS JOIN source} with the source broadcast, i.e. copy after copy, in two files. The bytes
 * of the unreplicated ({@code ×1}) tables are printed too, free of any effect of the replication (which lets
 * Parquet's dictionaries see each distinct value {@code copies} times).
 *
 * <p>{@code java --add-opens=java.base/java.nio=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar
 * io.github.reactivespark.connect.bench.VariantBenchmark local 100 3} (after
 * {@code mvn -q -B -pl benchmarks -am package -DskipTests}). {@code local} starts the embedded server
 * ({@code local-server}, {@code local[2]}, 3 GB heap) and stops it at the end; any {@code sc://} URL works if the
 * server runs on this machine (the tables are written under a temporary directory of this machine, given to the
 * server as paths, and deleted at the end).
 */
public final class VariantBenchmark {

  private static final Duration TIMEOUT = Duration.ofMinutes(20);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** How one layout reads a path as a string ({@code s}) or a bigint ({@code n}); {@code %s} is the column. */
  private record Layout(String name, String column, Function<String, String> s, Function<String, String> n) {}

  private VariantBenchmark() {}

  /**
   * Writes the tables, runs the queries and prints the table.
   *
   * @param args {@code [remote=local] [copies=100] [runs=3]}
   * @throws Exception if a query fails or two layouts disagree
   */
  public static void main(String[] args) throws Exception {
    String remote = args.length > 0 ? args[0] : "local";
    int copies = args.length > 1 ? Integer.parseInt(args[1]) : 100;
    int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    Path dir = Files.createTempDirectory("variant-bench-");
    try (SparkSession spark = SparkSession.builder().remote(remote).create()) {
      run(spark, dir, copies, runs);
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Iterator<Path> it = files.sorted(Comparator.reverseOrder()).iterator(); it.hasNext(); ) {
          Files.deleteIfExists(it.next());
        }
      }
    }
  }

  private static void run(SparkSession spark, Path dir, int copies, int runs) throws IOException {
    System.out.println("load before: " + loadavg());
    long t0 = System.nanoTime();
    JsonNode index = JSON.readTree(GitHubWebhookExamples.fromSystemProperties().apiGitHubCom().toFile());
    List<Row> payloads = new ArrayList<>();
    StructType schema = DataTypes.createStructType(
        DataTypes.createStructField("json", DataTypes.StringType, false),
        DataTypes.createStructField("flat", DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType), false));
    for (JsonNode event : index) {
      for (JsonNode payload : event.get("examples")) {
        Map<String, String> flat = new LinkedHashMap<>();
        flatten("", payload, flat);
        payloads.add(Row.of(schema, List.of(JSON.writeValueAsString(payload), flat)));
      }
    }
    if (payloads.size() != GitHubWebhookExamples.PAYLOADS) {
      throw new IllegalStateException(payloads.size() + " payloads, expected " + GitHubWebhookExamples.PAYLOADS);
    }
    String source = dir.resolve("source").toString();
    spark.createDataFrame(payloads, schema).write().parquet(source).block(TIMEOUT);
    long t1 = System.nanoTime();
    System.out.printf(Locale.ROOT, "%d payloads parsed, flattened, uploaded and written in %.1f s%n",
        payloads.size(), (t1 - t0) / 1e9);

    List<Layout> layouts = List.of(
        new Layout("VARIANT (parse_json)", "parse_json(json)", p -> "v:" + p + "::string", p -> "v:" + p + "::bigint"),
        new Layout("MAP<STRING,STRING> (flattened)", "flat", p -> "v['" + p + "']", p -> "CAST(v['" + p
            + "'] AS BIGINT)"),
        new Layout("STRING (JSON text)", "json", p -> "get_json_object(v, '$." + p + "')",
            p -> "CAST(get_json_object(v, '$." + p + "') AS BIGINT)"));
    Map<Layout, long[]> bytes = new LinkedHashMap<>();
    for (Layout l : layouts) {
      String name = viewName(l);
      long w0 = System.nanoTime();
      spark.sql("SELECT " + l.column() + " AS v FROM parquet.`" + source + "`").write()
          .parquet(dir.resolve("x1-" + name).toString()).block(TIMEOUT);
      spark.sql("SELECT /*+ BROADCAST(s) */ " + l.column() + " AS v FROM range(0, " + copies + ", 1, 2) r CROSS JOIN"
          + " parquet.`" + source + "` s").write().parquet(dir.resolve(name).toString()).block(TIMEOUT);
      System.out.printf(Locale.ROOT, "%s written (×1 and ×%d) in %.1f s%n", l.name(), copies,
          (System.nanoTime() - w0) / 1e9);
      bytes.put(l, new long[] {dataBytes(spark, dir.resolve("x1-" + name)), dataBytes(spark, dir.resolve(name))});
      spark.read().parquet(dir.resolve(name).toString()).createOrReplaceTempView(name).block(TIMEOUT);
    }

    Map<String, Function<Layout, String>> queries = new LinkedHashMap<>();
    queries.put("action = 'created'", l -> "SELECT count_if(" + l.s().apply("action") + " = 'created'), count("
        + l.s().apply("action") + ") FROM " + viewName(l));
    queries.put("distinct repository.full_name", l -> "SELECT count(DISTINCT " + l.s().apply("repository.full_name")
        + ") FROM " + viewName(l));
    queries.put("sender.login = 'Codertocat'", l -> "SELECT count(*) FROM " + viewName(l) + " WHERE "
        + l.s().apply("sender.login") + " = 'Codertocat'");
    queries.put("repository.stargazers_count > 0", l -> "SELECT count(*), max(" + l.n().apply(
        "repository.stargazers_count") + ") FROM " + viewName(l) + " WHERE " + l.n().apply(
        "repository.stargazers_count") + " > 0");
    queries.put("GROUP BY repository.owner.login", l -> "SELECT " + l.s().apply("repository.owner.login")
        + " AS k, count(*) FROM " + viewName(l) + " GROUP BY k ORDER BY k NULLS FIRST");

    Map<String, Map<Layout, List<Double>>> times = new LinkedHashMap<>();
    Map<String, List<Row>> expected = new LinkedHashMap<>();
    for (int r = -1; r < runs; r++) { // run -1: warm-up, not counted
      for (Map.Entry<String, Function<Layout, String>> q : queries.entrySet()) {
        for (Layout l : layouts) {
          long q0 = System.nanoTime();
          List<Row> rows = spark.sql(q.getValue().apply(l)).collectAsList().block(TIMEOUT);
          double s = (System.nanoTime() - q0) / 1e9;
          List<Row> first = expected.putIfAbsent(q.getKey(), rows);
          if (first != null && !values(first).equals(values(rows))) {
            throw new IllegalStateException(q.getKey() + ": " + l.name() + " gave " + values(rows) + ", "
                + layouts.get(0).name() + " " + values(first));
          }
          if (r >= 0) {
            times.computeIfAbsent(q.getKey(), k -> new LinkedHashMap<>()).computeIfAbsent(l, k -> new ArrayList<>())
                .add(s);
          }
        }
      }
    }
    // The figures of VariantIT (counted with Python's json module over the same file), times the copies.
    List<Object> action = values(expected.get("action = 'created'")).get(0);
    if (!action.equals(List.of(64L * copies, (long) (GitHubWebhookExamples.PAYLOADS - 43) * copies))) {
      throw new IllegalStateException("action counts " + action + " are not VariantIT's 64 and 286 × " + copies);
    }
    System.out.println("load after: " + loadavg());
    print(copies, runs, layouts, bytes, times, expected);
  }

  private static void print(int copies, int runs, List<Layout> layouts, Map<Layout, long[]> bytes,
      Map<String, Map<Layout, List<Double>>> times, Map<String, List<Row>> results) {
    System.out.printf(Locale.ROOT, "%,d payloads (329 × %d), Parquet, median of %d runs (s)%n",
        (long) GitHubWebhookExamples.PAYLOADS * copies, copies, runs);
    StringBuilder head = new StringBuilder("| layout | bytes ×1 | bytes ×" + copies + " |");
    StringBuilder rule = new StringBuilder("|---|---|---|");
    times.keySet().forEach(q -> {
      head.append(' ').append(q).append(" |");
      rule.append("---|");
    });
    System.out.println(head.append(" sum |"));
    System.out.println(rule.append("---|"));
    for (Layout l : layouts) {
      StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "| %s | %,d | %,d |", l.name(),
          bytes.get(l)[0], bytes.get(l)[1]));
      double total = 0;
      for (Map<Layout, List<Double>> byLayout : times.values()) {
        double m = median(byLayout.get(l));
        total += m;
        line.append(String.format(Locale.ROOT, " %.2f |", m));
      }
      System.out.println(line.append(String.format(Locale.ROOT, " %.2f |", total)));
    }
    results.forEach((q, rows) -> System.out.println("result of " + q + " (equal in all layouts): "
        + (rows.size() > 4 ? rows.size() + " groups, first " + values(rows.subList(0, 4)) : values(rows))));
  }

  /** Flattens objects to {@code a.b} and arrays to {@code a[0]}; scalars as their text; JSON nulls left out. */
  private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
    if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        flatten(prefix + "[" + i + "]", node.get(i), out);
      }
    } else if (!node.isNull()) {
      out.put(prefix, node.asText());
    }
  }

  /** The sum of the sizes of the Parquet data files under {@code table}, read by the server ({@code binaryFile}). */
  private static long dataBytes(SparkSession spark, Path table) {
    Row row = spark.read().format("binaryFile").option("pathGlobFilter", "*.parquet").load(table.toString())
        .select(sum(col("length"))).first().block(TIMEOUT);
    return row.getLong(0);
  }

  private static String viewName(Layout l) {
    return "bench_" + l.name().substring(0, l.name().indexOf(' ')).replaceAll("[^A-Za-z]", "_").toLowerCase(
        Locale.ROOT);
  }

  private static List<List<Object>> values(List<Row> rows) {
    return rows.stream().map(Row::toList).map(v -> (List<Object>) new ArrayList<Object>(v)).toList();
  }

  private static double median(List<Double> list) {
    double[] v = list.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  private static String loadavg() throws IOException {
    return Files.readString(Path.of("/proc/loadavg")).trim();
  }
}
