package io.github.reactivespark.connect.it;

import static io.github.reactivespark.connect.functions.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.reactivespark.connect.Column;
import io.github.reactivespark.connect.DataFrame;
import io.github.reactivespark.connect.Row;
import io.github.reactivespark.connect.functions;
import io.github.reactivespark.connect.it.FunctionsRegistry.Entry;
import io.github.reactivespark.connect.it.FunctionsRegistry.Example;
import io.github.reactivespark.connect.it.FunctionsRegistry.Param;
import io.github.reactivespark.connect.types.StructField;
import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every generated function of {@link functions} against the real server, driven by the registry
 * ({@code functions.tsv}) and by Spark's own documented examples ({@code DESCRIBE FUNCTION EXTENDED}, dumped in
 * {@code server-functions-4.1.2.tsv}; nobody here wrote them).
 *
 * <p>For each registry overload that matches a documented example {@code SELECT f(a1, a2, ...) [FROM ...]}, the
 * Java method is called (by reflection, with the example's arguments: {@code expr(ai)} for column parameters, the
 * parsed Java value for literal parameters) and the result must equal (1) the server's result for Spark's SQL text
 * and (2) the result Spark documents, where that is a single scalar. A wrong function name, argument order, default
 * or literal type fails it. Calls are batched: one query per FROM clause, falling back to one query per call only
 * to name the culprit.
 */
class FunctionsIT extends ServerTestBase {

  /** One Java call checked against one documented example. */
  record Case(Entry entry, int id, Column column, String sqlCall, String from, Example example, boolean generator) {}

  private static final Set<String> SKIPPED_CATEGORIES = Set.of("partition", "window");

  /**
   * Functions whose documented result shows the documenting machine (user name, version, time zone) or a display
   * that trims spaces; their values are still checked against the server's SQL result.
   */
  private static final Set<String> DOCS_SHOW_ANOTHER_ENVIRONMENT = Set.of("ltrim", "rtrim", "current_timezone",
      "current_user", "user", "session_user", "version", "unix_timestamp");

  @Test
  void everyGeneratedFunctionWithADocumentedExampleComputesSparksDocumentedResult() throws Exception {
    List<Entry> entries = FunctionsRegistry.entries();
    Map<String, List<Example>> examples = FunctionsRegistry.serverExamples();
    // Spark's documented results were produced in America/Los_Angeles
    String tz = "America/Los_Angeles";
    spark.conf().set("spark.sql.session.timeZone", tz).block(TIMEOUT);

    List<Case> cases = new ArrayList<>();
    Set<String> untested = new TreeSet<>();
    for (Entry e : entries) {
      if (!e.status().equals("ok") || SKIPPED_CATEGORIES.contains(e.category()) || e.nondeterministic()) {
        continue;
      }
      boolean any = false;
      // the examples of the Spark function called, and of the server function named like the Java method (when
      // they differ, a Java method sending the wrong function fails on the latter's examples)
      Set<String> names = new LinkedHashSet<>(List.of(e.spark()));
      if (examples.containsKey(e.java())) {
        names.add(e.java());
      }
      for (String name : names) {
        for (Example ex : examples.get(name) == null ? List.<Example>of() : examples.get(name)) {
          Case c = toCase(e, name, ex, cases.size());
          if (c != null) {
            cases.add(c);
            any = true;
          }
        }
      }
      if (!any) {
        untested.add(e.java());
      }
    }

    Map<String, List<Case>> byFrom = new LinkedHashMap<>();
    for (Case c : cases) {
      byFrom.computeIfAbsent(c.generator() ? "#" + c.id() + "#" + c.from() : c.from(), k -> new ArrayList<>()).add(c);
    }
    List<String> failures = Collections.synchronizedList(new ArrayList<>());
    List<String> sqlExampleFails = Collections.synchronizedList(new ArrayList<>());
    List<String> docsDiffer = Collections.synchronizedList(new ArrayList<>());
    Set<String> verified = new ConcurrentSkipListSet<>();
    // small queries, latency-bound: four at a time on the one session
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (List<Case> group : byFrom.values()) {
        done.add(pool.submit(() -> runGroup(group, tz, failures, sqlExampleFails, docsDiffer, verified)));
      }
      for (Future<?> f : done) {
        f.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    Set<String> generated = new TreeSet<>();
    entries.stream().filter(e -> e.status().equals("ok")).forEach(e -> generated.add(e.java()));
    untested.removeAll(verified);
    System.out.println("FunctionsIT: " + cases.size() + " example calls; " + verified.size() + " of "
        + generated.size() + " generated function names verified against Spark's results");
    System.out.println("FunctionsIT: SQL examples that fail on this server (skipped): " + sqlExampleFails);
    System.out.println("FunctionsIT: no usable documented example: " + untested);
    assertTrue(failures.isEmpty(), failures.size() + " Java calls differ from Spark's SQL:\n"
        + String.join("\n", failures));
    assertTrue(docsDiffer.isEmpty(), "results differ from Spark's documented ones:\n" + String.join("\n", docsDiffer));
    assertTrue(verified.size() >= 330, "only " + verified.size() + " function names verified: " + verified);
  }

  private void runGroup(List<Case> group, String tz, List<String> failures, List<String> sqlFails,
      List<String> docsDiffer, Set<String> verified) {
    List<Case> ok = new ArrayList<>(group);
    List<List<Row>> sqlRows = runSql(ok);
    if (sqlRows == null) {
      if (group.size() == 1) {
        sqlFails.add(group.get(0).example().sql());
        return;
      }
      runGroup(group.subList(0, group.size() / 2), tz, failures, sqlFails, docsDiffer, verified);
      runGroup(group.subList(group.size() / 2, group.size()), tz, failures, sqlFails, docsDiffer, verified);
      return;
    }
    List<Row> javaRows;
    try {
      // one row in partition 0, as SQL's one-row relation (spark_partition_id, seeded rand)
      DataFrame base = group.get(0).from().isEmpty() ? spark.range(0, 1, 1, 1)
          : spark.sql("SELECT * FROM " + group.get(0).from());
      javaRows = base.select(group.stream().map(c -> c.generator() ? c.column() : c.column().alias("c" + c.id()))
          .toArray(Column[]::new)).collect().block(TIMEOUT);
    } catch (RuntimeException ex) {
      if (group.size() > 1) {
        runGroup(group.subList(0, group.size() / 2), tz, failures, sqlFails, docsDiffer, verified);
        runGroup(group.subList(group.size() / 2, group.size()), tz, failures, sqlFails, docsDiffer, verified);
      } else {
        Case c = group.get(0);
        failures.add(c.entry().java() + " (line " + c.entry().line() + ") for `" + c.example().sql() + "`: "
            + ex.getMessage());
      }
      return;
    }
    List<Row> expected = sqlRows.get(0);
    for (int i = 0; i < group.size(); i++) {
      Case c = group.get(i);
      List<Object> javaCol = c.generator() ? new ArrayList<>(javaRows.stream().map(Row::toList).toList())
          : column(javaRows, i);
      List<Object> sqlCol = c.generator() ? new ArrayList<>(expected.stream().map(Row::toList).toList())
          : column(expected, i);
      if (!deepEquals(javaCol, sqlCol)) {
        failures.add(c.entry().java() + " (line " + c.entry().line() + ") for `" + c.example().sql() + "`: Java "
            + javaCol + " but SQL " + sqlCol);
        continue;
      }
      verified.add(c.entry().java());
      if (!c.generator() && javaCol.size() == 1 && !c.example().result().contains("\n")
          && !c.example().result().contains("\t") && !DOCS_SHOW_ANOTHER_ENVIRONMENT.contains(c.entry().java())) {
        String rendered = render(javaCol.get(0), tz, false);
        if (rendered != null && !sameText(rendered, c.example().result())) {
          docsDiffer.add(c.example().sql() + " => " + rendered + " (documented " + c.example().result() + ")");
        }
      }
    }
  }

  /** The SQL rows of the group's calls as one SELECT, or null when the server rejects it. */
  private List<List<Row>> runSql(List<Case> group) {
    String select = group.stream().map(c -> c.sqlCall() + (c.generator() ? "" : " AS c" + c.id()))
        .collect(Collectors.joining(", "));
    String from = group.get(0).from();
    try {
      return List.of(spark.sql("SELECT " + select + (from.isEmpty() ? "" : " FROM " + from)).collect()
          .block(TIMEOUT));
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static List<Object> column(List<Row> rows, int i) {
    List<Object> out = new ArrayList<>();
    for (Row r : rows) {
      out.add(r.get(i));
    }
    return out;
  }

  /** The Java call for a documented example, or null when the example does not fit this registry line. */
  static Case toCase(Entry e, String name, Example ex, int id) throws Exception {
    String sql = ex.sql();
    String prefix = "SELECT " + name + "(";
    if (!sql.regionMatches(true, 0, prefix, 0, prefix.length())) {
      return null;
    }
    int open = prefix.length() - 1;
    int close = FunctionsRegistry.closingParen(sql, open);
    if (close < 0) {
      return null;
    }
    String rest = sql.substring(close + 1).trim();
    String from = "";
    if (!rest.isEmpty()) {
      if (!rest.regionMatches(true, 0, "FROM ", 0, 5)) {
        return null;
      }
      from = rest.substring(5).trim();
      String upper = from.toUpperCase();
      for (String kw : List.of(" GROUP BY ", " WHERE ", " ORDER BY ", " HAVING ", " LIMIT ", " JOIN ", " LATERAL ")) {
        if (upper.contains(kw)) {
          return null;
        }
      }
    }
    String inner = sql.substring(open + 1, close).trim();
    if (sql.toLowerCase().contains("random")) {
      return null; // e.g. reflect('java.util.UUID', 'randomUUID'): a fresh value per call
    }
    if (sql.contains("TIME'") || sql.contains("\\") || e.notes().contains("test: skip")
        || e.notes().contains("timeType")) {
      return null; // TIME literals (disabled on a default 4.1.2 server), escape-dependent literals, marked lines
    }
    boolean distinctSql = inner.regionMatches(true, 0, "DISTINCT ", 0, 9);
    if (distinctSql != e.distinct()) {
      return null;
    }
    if (distinctSql) {
      inner = inner.substring(9).trim();
    }
    if (inner.matches("(?is).*(=>|\\bFROM\\b|\\bPLACING\\b|^\\s*(BOTH|LEADING|TRAILING)\\b).*")) {
      return null; // SQL syntax (named arguments, trim(BOTH ... FROM ...)), not a function argument list
    }
    List<String> sqlArgs = FunctionsRegistry.splitTopLevel(inner, true);
    List<Param> ps = e.params();
    // which registry parameters the SQL arguments bind to
    List<Param> bound;
    List<String> boundArgs = new ArrayList<>();
    if (!e.wireOrder().isEmpty()) {
      if (sqlArgs.size() != ps.size()) {
        return null;
      }
      bound = ps;
      for (Param p : ps) {
        boundArgs.add(sqlArgs.get(e.wireOrder().indexOf(p.name())));
      }
    } else {
      boolean varargs = !ps.isEmpty() && ps.get(ps.size() - 1).varargs();
      if (varargs) {
        if (sqlArgs.size() < ps.size() - 1) {
          return null;
        }
        bound = ps;
      } else {
        if (sqlArgs.size() > ps.size()) {
          return null;
        }
        bound = ps.subList(0, sqlArgs.size());
        if (sqlArgs.size() < ps.size() && !ps.get(sqlArgs.size()).optional()) {
          return null;
        }
      }
      boundArgs.addAll(sqlArgs);
    }
    List<Class<?>> types = new ArrayList<>();
    List<Object> args = new ArrayList<>();
    for (int i = 0; i < bound.size(); i++) {
      Param p = bound.get(i);
      if (p.varargs()) {
        List<String> tail = boundArgs.subList(i, boundArgs.size());
        switch (p.kind()) {
          case "c" -> {
            types.add(Column[].class);
            args.add(tail.stream().map(functions::expr).toArray(Column[]::new));
          }
          case "e" -> {
            types.add(Object[].class);
            args.add(tail.stream().map(functions::expr).toArray(Object[]::new));
          }
          case "s" -> {
            types.add(String[].class);
            List<String> strings = new ArrayList<>();
            for (String t : tail) {
              String v = sqlString(t);
              if (v == null) {
                return null;
              }
              strings.add(v);
            }
            args.add(strings.toArray(String[]::new));
          }
          default -> {
            return null;
          }
        }
        break;
      }
      String a = boundArgs.get(i);
      switch (p.kind()) {
        case "c", "C" -> {
          types.add(Column.class);
          args.add(expr(a));
        }
        case "e" -> {
          types.add(Object.class);
          args.add(expr(a));
        }
        case "i" -> {
          if (!a.matches("-?\\d+")) {
            return null;
          }
          types.add(int.class);
          args.add(Integer.parseInt(a));
        }
        case "l" -> {
          if (!a.matches("-?\\d+L?")) {
            return null;
          }
          types.add(long.class);
          args.add(Long.parseLong(a.replace("L", "")));
        }
        case "d" -> {
          if (!a.matches("-?\\d+(\\.\\d*([eE]-?\\d+)?[dD]?|[dD]|[eE]-?\\d+[dD]?)")) {
            return null;
          }
          types.add(double.class);
          args.add(Double.parseDouble(a));
        }
        case "b" -> {
          if (!a.equalsIgnoreCase("true") && !a.equalsIgnoreCase("false")) {
            return null;
          }
          types.add(boolean.class);
          args.add(Boolean.parseBoolean(a.toLowerCase()));
        }
        case "s" -> {
          String v = sqlString(a);
          if (v == null) {
            return null;
          }
          types.add(String.class);
          args.add(v);
        }
        default -> {
          return null; // lambdas and option maps: tested by hand below
        }
      }
    }
    Method m;
    try {
      m = functions.class.getMethod(e.java(), types.toArray(Class<?>[]::new));
    } catch (NoSuchMethodException nsme) {
      throw new AssertionError("registry line " + e.line() + ": no generated method " + e.java() + types, nsme);
    }
    Column column = (Column) m.invoke(null, args.toArray());
    return new Case(e, id, column, sql.substring(7, close + 1), from, ex, e.category().equals("generator"));
  }

  /** The value of a simple SQL string literal ({@code 'x'} or {@code "x"}, no escapes), or null. */
  static String sqlString(String a) {
    if (a.length() >= 2 && (a.startsWith("'") && a.endsWith("'") || a.startsWith("\"") && a.endsWith("\""))) {
      String v = a.substring(1, a.length() - 1);
      if (!v.contains("\\") && !v.contains(a.substring(0, 1))) {
        return v;
      }
    }
    return null;
  }

  static boolean deepEquals(Object a, Object b) {
    if (a == b) {
      return true;
    }
    if (a == null || b == null) {
      return false;
    }
    if (a instanceof byte[] x && b instanceof byte[] y) {
      return Arrays.equals(x, y);
    }
    if (a instanceof Row x && b instanceof Row y) {
      return deepEquals(x.toList(), y.toList());
    }
    if (a instanceof List<?> x && b instanceof List<?> y) {
      if (x.size() != y.size()) {
        return false;
      }
      for (int i = 0; i < x.size(); i++) {
        if (!deepEquals(x.get(i), y.get(i))) {
          return false;
        }
      }
      return true;
    }
    if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
      return deepEquals(new ArrayList<>(x.keySet()), new ArrayList<>(y.keySet()))
          && deepEquals(new ArrayList<>(x.values()), new ArrayList<>(y.values()));
    }
    return a.equals(b);
  }

  /** Renders a value as Spark's SQL shell prints it, or null for types this does not know. */
  static String render(Object v, String tz, boolean nested) {
    if (v == null) {
      return nested ? "null" : "NULL";
    }
    if (v instanceof String s) {
      return nested ? "\"" + s + "\"" : s;
    }
    if (v instanceof Boolean || v instanceof Byte || v instanceof Short || v instanceof Integer || v instanceof Long
        || v instanceof Double || v instanceof Float) {
      return v.toString();
    }
    if (v instanceof BigDecimal d) {
      return d.toPlainString();
    }
    if (v instanceof LocalDate d) {
      return d.toString();
    }
    if (v instanceof Instant t) {
      return timestamp(LocalDateTime.ofInstant(t, ZoneId.of(tz)));
    }
    if (v instanceof LocalDateTime t) {
      return timestamp(t);
    }
    if (v instanceof List<?> l) {
      List<String> parts = new ArrayList<>();
      for (Object o : l) {
        String r = render(o, tz, true);
        if (r == null) {
          return null;
        }
        parts.add(r);
      }
      return "[" + String.join(",", parts) + "]";
    }
    if (v instanceof Map<?, ?> m) {
      List<String> parts = new ArrayList<>();
      for (Map.Entry<?, ?> en : m.entrySet()) {
        String k = render(en.getKey(), tz, true);
        String val = render(en.getValue(), tz, true);
        if (k == null || val == null) {
          return null;
        }
        parts.add(k + ":" + val);
      }
      return "{" + String.join(",", parts) + "}";
    }
    if (v instanceof Row r) {
      List<String> parts = new ArrayList<>();
      List<StructField> fields = r.schema().fields();
      for (int i = 0; i < r.size(); i++) {
        String val = render(r.get(i), tz, true);
        if (val == null) {
          return null;
        }
        parts.add("\"" + fields.get(i).name() + "\":" + val);
      }
      return "{" + String.join(",", parts) + "}";
    }
    return null;
  }

  private static String timestamp(LocalDateTime t) {
    String s = t.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS"));
    s = s.replaceAll("0+$", "");
    return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
  }

  private static boolean sameText(String rendered, String documented) {
    if (rendered.equals(documented)) {
      return true;
    }
    try {
      return Math.abs(Double.parseDouble(rendered) - Double.parseDouble(documented)) < 1e-9;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  // ---------------------------------------------------------------- what the examples cannot drive

  @Test
  void higherOrderFunctionsTakeJavaLambdas() {
    Row r = spark.range(1).select(
        transform(expr("array(1, 2, 3)"), x -> x.plus(1)).alias("t1"),
        transform(expr("array(1, 2, 3)"), (x, i) -> x.plus(i)).alias("t2"),
        functions.filter(expr("array(1, 2, 3)"), x -> x.mod(2).equalTo(1)).alias("f1"),
        functions.filter(expr("array(0, 2, 3)"), (x, i) -> x.gt(i)).alias("f2"),
        exists(expr("array(1, 2, 3)"), x -> x.mod(2).equalTo(0)).alias("ex"),
        forall(expr("array(1, 2, 3)"), x -> x.mod(2).equalTo(0)).alias("fa"),
        aggregate(expr("array(1, 2, 3)"), lit(0), (acc, x) -> acc.plus(x)).alias("ag"),
        aggregate(expr("array(1, 2, 3)"), lit(0), (acc, x) -> acc.plus(x), acc -> acc.multiply(10)).alias("ag2"),
        reduce(expr("array(1, 2, 3)"), lit(0), (acc, x) -> acc.plus(x)).alias("rd"),
        zip_with(expr("array(1, 2)"), expr("array(3, 4)"), (x, y) -> x.plus(y)).alias("zw"),
        map_filter(expr("map(1, 0, 2, 2, 3, -1)"), (k, v) -> k.gt(v)).alias("mf"),
        transform_keys(expr("map('a', 1)"), (k, v) -> upper(k)).alias("tk"),
        transform_values(expr("map('a', 1)"), (k, v) -> v.multiply(2)).alias("tv"),
        map_zip_with(expr("map(1, 'a', 2, 'b')"), expr("map(1, 'x', 2, 'y')"),
            (k, v1, v2) -> concat(v1, v2)).alias("mz"),
        array_sort(expr("array(3, 1, 2)"), (l, rr) -> rr.minus(l)).alias("as"),
        transform(expr("array(array(1), array(2, 3))"), a -> transform(a, x -> x.multiply(10))).alias("nested"))
        .first().block(TIMEOUT);
    Row s = spark.sql("SELECT transform(array(1, 2, 3), x -> x + 1), transform(array(1, 2, 3), (x, i) -> x + i), "
        + "filter(array(1, 2, 3), x -> x % 2 = 1), filter(array(0, 2, 3), (x, i) -> x > i), "
        + "exists(array(1, 2, 3), x -> x % 2 = 0), forall(array(1, 2, 3), x -> x % 2 = 0), "
        + "aggregate(array(1, 2, 3), 0, (acc, x) -> acc + x), "
        + "aggregate(array(1, 2, 3), 0, (acc, x) -> acc + x, acc -> acc * 10), "
        + "reduce(array(1, 2, 3), 0, (acc, x) -> acc + x), zip_with(array(1, 2), array(3, 4), (x, y) -> x + y), "
        + "map_filter(map(1, 0, 2, 2, 3, -1), (k, v) -> k > v), transform_keys(map('a', 1), (k, v) -> upper(k)), "
        + "transform_values(map('a', 1), (k, v) -> v * 2), "
        + "map_zip_with(map(1, 'a', 2, 'b'), map(1, 'x', 2, 'y'), (k, v1, v2) -> concat(v1, v2)), "
        + "array_sort(array(3, 1, 2), (l, r) -> r - l), "
        + "transform(array(array(1), array(2, 3)), a -> transform(a, x -> x * 10))").first().block(TIMEOUT);
    assertTrue(deepEquals(s.toList(), r.toList()), "Java " + r + " but SQL " + s);
    assertEquals(List.of(2, 3, 4), r.getList(0));
    assertEquals(List.of(3, 2, 1), r.getList(14));
    assertEquals(60, r.getInt(7));
  }

  @Test
  void functionsWithoutAUsableDocumentedExampleMatchTheirSql() {
    String values = "VALUES (1, 'a'), (2, 'b'), (3, 'c') AS t(n, s)";
    Row ja = spark.sql("SELECT * FROM " + values).select(product(col("n")), hll_sketch_estimate(hll_sketch_agg("n")),
        theta_sketch_estimate(theta_sketch_agg("n")),
        kll_sketch_get_n_bigint(kll_sketch_agg_bigint(col("n").cast("bigint"))),
        bitmap_count(bitmap_construct_agg(bitmap_bit_position("n")))).first().block(TIMEOUT);
    // product is not a SQL function (the Connect planner resolves it): its value is checked alone
    Row sa = spark.sql("SELECT 6.0D, hll_sketch_estimate(hll_sketch_agg(n)), "
        + "theta_sketch_estimate(theta_sketch_agg(n)), kll_sketch_get_n_bigint(kll_sketch_agg_bigint(CAST(n AS BIGINT))),"
        + " bitmap_count(bitmap_construct_agg(bitmap_bit_position(n))) FROM " + values).first().block(TIMEOUT);
    assertTrue(deepEquals(sa.toList(), ja.toList()), "Java " + ja + " but SQL " + sa);
    assertEquals(6.0, ja.getDouble(0));
    assertEquals(3L, ja.getLong(1));
    assertEquals(3L, ja.getLong(3));
    assertEquals(3L, ja.getLong(4));

    Row js = spark.range(0, 1, 1, 1).select(bitwise_not(lit(0)), bitwiseNOT(lit(5)),
        timestamp_add("DAY", lit(1), expr("timestamp_ntz'2020-01-01 00:00:00'")),
        timestamp_diff("DAY", expr("timestamp_ntz'2020-01-01 00:00:00'"), expr("timestamp_ntz'2020-03-01 00:00:00'")),
        extract(lit("YEAR"), expr("date'2021-05-01'")), overlay(lit("Spark SQL"), lit("_"), 6),
        regexp_extract(lit("100-200"), "(\\d+)-(\\d+)", 2), unhex(lit("537061726B")),
        collation(collate(lit("a"), "UTF8_LCASE")),
        aes_decrypt(aes_encrypt(lit("Spark"), lit("abcdefghijklmnop")), lit("abcdefghijklmnop")).cast("string"))
        .first().block(TIMEOUT);
    Row ss = spark.sql("SELECT ~0, ~5, timestampadd(DAY, 1, timestamp_ntz'2020-01-01 00:00:00'), "
        + "timestampdiff(DAY, timestamp_ntz'2020-01-01 00:00:00', timestamp_ntz'2020-03-01 00:00:00'), "
        + "extract(YEAR FROM date'2021-05-01'), overlay('Spark SQL' PLACING '_' FROM 6), "
        + "regexp_extract('100-200', '(\\\\d+)-(\\\\d+)', 2), unhex('537061726B'), "
        + "collation(collate('a', 'UTF8_LCASE')), "
        + "CAST(aes_decrypt(aes_encrypt('Spark', 'abcdefghijklmnop'), 'abcdefghijklmnop') AS STRING)")
        .first().block(TIMEOUT);
    assertTrue(deepEquals(ss.toList(), js.toList()), "Java " + js + " but SQL " + ss);
    assertEquals(-1, js.getInt(0));
    assertEquals(60L, js.getLong(3));
    assertEquals(2021, js.getInt(4));
    assertEquals("Spark_SQL", js.getString(5));
    assertEquals("200", js.getString(6));
    assertEquals("Spark", js.getString(9));
  }

  @Test
  void raiseErrorAndAssertTrueFailTheQueryWithTheirMessage() {
    RuntimeException e = assertThrows(RuntimeException.class,
        () -> spark.range(1).select(raise_error("boom from FunctionsIT")).collect().block(TIMEOUT));
    assertTrue(String.valueOf(e.getMessage()).contains("boom from FunctionsIT"), e.getMessage());
    RuntimeException a = assertThrows(RuntimeException.class,
        () -> spark.range(1).select(assert_true(col("id").gt(5), "id too small")).collect().block(TIMEOUT));
    assertTrue(String.valueOf(a.getMessage()).contains("id too small"), a.getMessage());
    assertEquals(1, spark.range(1).select(assert_true(col("id").lt(5))).collect().block(TIMEOUT).size());
  }

  @Test
  void distinctAggregatesSetIsDistinct() {
    DataFrame df = spark.sql("SELECT * FROM VALUES (1, 'a'), (1, 'b'), (2, 'b'), (NULL, 'c') AS t(n, s)");
    Row r = df.select(count_distinct(col("n")), countDistinct("n", "s"), sum_distinct(col("n")), sumDistinct("n"),
        count("*"), count("n"), listagg_distinct(col("s"), ","), string_agg_distinct("s")).first().block(TIMEOUT);
    assertEquals(2L, r.getLong(0));
    assertEquals(3L, r.getLong(1));
    assertEquals(3L, r.getLong(2));
    assertEquals(3L, r.getLong(3));
    assertEquals(4L, r.getLong(4));
    assertEquals(3L, r.getLong(5));
    assertEquals(Set.of("a", "b", "c"), Set.of(r.getString(6).split(",")));
    assertEquals(3, r.getString(7).length());
  }

  @Test
  void whenCallFunctionLitListAndOptions() {
    Row r = spark.range(3).select(
        when(col("id").equalTo(1), "one").alias("w"),
        call_function("abs", lit(-5)).alias("cf"),
        call_function("upper", "id").alias("cfn"),
        lit(List.of(1, 2, 3)).alias("arr"),
        from_json(lit("{\"a\": 1}"), "a INT", Map.of("mode", "FAILFAST")).alias("fj"),
        to_json(expr("named_struct('t', timestamp'2015-08-26 01:02:03')"),
            Map.of("timestampFormat", "yyyy/MM/dd")).alias("tj"))
        .orderBy(desc("w")).collect().block(TIMEOUT).get(0);
    assertEquals("one", r.getString(0));
    assertEquals(5, r.getInt(1));
    assertEquals("1", r.getString(2));
    assertEquals(List.of(1, 2, 3), r.getList(3));
    assertEquals(1, r.getStruct(4).getInt(0));
    assertEquals("{\"t\":\"2015/08/26\"}", r.getString(5));
    assertThrows(IllegalArgumentException.class, () -> lit(List.of(col("x"))));
  }

  @Test
  void nondeterministicFunctionsHaveSparksTypes() {
    List<Entry> nondet = FunctionsRegistry.entries().stream()
        .filter(e -> e.status().equals("ok") && e.nondeterministic() && !e.notes().contains("timeType")).toList();
    Column[] cols = {rand(), rand(42L), random(7L), randn(1L), uniform(lit(1), lit(10), lit(3)),
        shuffle(expr("array(1, 2, 3)")), randstr(lit(5), lit(0)), uuid(), monotonically_increasing_id(),
        io.github.reactivespark.connect.functions.monotonicallyIncreasingId(), curdate(), current_date(), current_timestamp(), now(), localtimestamp(),
        unix_timestamp()};
    Set<String> covered = new LinkedHashSet<>(List.of("rand", "random", "randn", "uniform", "shuffle", "randstr",
        "uuid", "monotonically_increasing_id", "monotonicallyIncreasingId", "curdate", "current_date", "current_timestamp",
        "now", "localtimestamp", "unix_timestamp"));
    // current_time: TIME type, disabled on a default 4.1.2 server
    for (Entry e : nondet) {
      assertTrue(covered.contains(e.java()), "nondeterministic " + e.java() + " not covered here");
    }
    DataFrame j = spark.range(0, 1, 1, 1).select(cols);
    DataFrame s = spark.sql("SELECT rand(), rand(42), rand(7), randn(1), uniform(1, 10, 3), shuffle(array(1, 2, 3)),"
        + " randstr(5, 0), uuid(), monotonically_increasing_id(), monotonically_increasing_id(), curdate(), current_date(),"
        + " current_timestamp(), now(), localtimestamp(), unix_timestamp()");
    List<StructField> jf = j.schema().block(TIMEOUT).fields();
    List<StructField> sf = s.schema().block(TIMEOUT).fields();
    for (int i = 0; i < sf.size(); i++) {
      assertEquals(sf.get(i).dataType(), jf.get(i).dataType(), "type of " + sf.get(i).name());
    }
    Row r = j.first().block(TIMEOUT);
    double d = r.getDouble(0);
    assertTrue(d >= 0 && d < 1, "rand() in [0, 1): " + d);
    assertEquals(spark.sql("SELECT rand(42)").first().block(TIMEOUT).getDouble(0), r.getDouble(1), "seeded rand");
    int u = r.getInt(4);
    assertTrue(u >= 1 && u <= 10, "uniform in [1, 10]: " + u);
    assertEquals(Set.of(1, 2, 3), Set.copyOf(r.getList(5)));
    assertEquals(5, r.getString(6).length());
    assertTrue(r.getString(7).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"), "uuid");
  }

  /** Keeps the lambda overloads referenced (compile-time proof of the Java shapes PySpark's lambdas map to). */
  @SuppressWarnings("unused")
  private static final List<Object> SHAPES = List.of(
      (Function<Column, Column>) x -> x, (BiFunction<Column, Column, Column>) (x, y) -> x,
      (functions.Function3) (x, y, z) -> x);
}
