package io.github.reactivespark.connect;

import static io.github.reactivespark.connect.functions.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.reactivespark.connect.internal.proto.Expression;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build-time generator of {@link functions} (reactive-core/src/build/FunctionsGenerator.java, run here with the
 * JDK's source launcher as the build runs it) and the expressions the generated methods build.
 */
class FunctionsGeneratorTest {

  private static final Path DIR = Path.of("src/main/functions");

  private static Process run(Path registry, Path out) throws IOException {
    return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "src/build/FunctionsGenerator.java", registry.toString(), DIR.resolve("server-functions-4.1.2.tsv").toString(),
        DIR.resolve("functions.java.template").toString(), out.toString()).redirectErrorStream(true).start();
  }

  private static String runOk(Path registry, Path out) throws Exception {
    Process p = run(registry, out);
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), log);
    return Files.readString(out.resolve("io/github/reactivespark/connect/functions.java"));
  }

  @Test
  void outputIsDeterministicAndIsWhatTheBuildCompiled(@TempDir Path a, @TempDir Path b) throws Exception {
    String first = runOk(DIR.resolve("functions.tsv"), a);
    String second = runOk(DIR.resolve("functions.tsv"), b);
    assertEquals(first, second);
    Path built = Path.of("target/generated-sources/functions/io/github/reactivespark/connect/functions.java");
    assertEquals(Files.readString(built), first, "the compiled functions.java is not the registry's");
    assertFalse(first.contains("@@GENERATED@@"));
  }

  @Test
  void everyRegistryLineParses() throws IOException {
    int lines = 0;
    for (String raw : Files.readAllLines(DIR.resolve("functions.tsv"))) {
      if (raw.isBlank() || raw.startsWith("#")) {
        continue;
      }
      lines++;
      String[] f = raw.split("\t", -1);
      assertEquals(6, f.length, raw);
      assertTrue(List.of("ok", "special", "not-yet", "not-exposed").contains(f[4]), raw);
      if (!f[4].equals("ok") && !f[4].equals("special")) {
        assertTrue(f[5].contains("reason:"), "no reason: " + raw);
      }
    }
    assertTrue(lines > 500, "registry lines: " + lines);
  }

  @Test
  void aMalformedLineFailsTheBuildNamingIt(@TempDir Path dir) throws Exception {
    Path bad = dir.resolve("bad.tsv");
    Files.writeString(bad, "# header\nabs\tabs\tc\tmath\tok\t\nfoo\tfoo\tq:x\tmath\tok\t\n");
    Process p = run(bad, dir.resolve("out"));
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS));
    assertNotEquals(0, p.exitValue());
    assertTrue(log.contains("registry line 3") && log.contains("unknown parameter kind 'q'"), log);
  }

  // ---------------------------------------------------------------- encodings

  private static Expression.UnresolvedFunction fn(Column c) {
    assertTrue(c.expr.hasUnresolvedFunction(), c.toString());
    return c.expr.getUnresolvedFunction();
  }

  private static Expression lit0(Object v) {
    return lit(v).expr;
  }

  @Test
  void optionalParametersWithDefaultsSendPySparksDefault() {
    Expression.UnresolvedFunction lag = fn(lag("x"));
    assertEquals("lag", lag.getFunctionName());
    assertEquals(List.of(col("x").expr, lit0(1)), lag.getArgumentsList());
    assertEquals(List.of(col("x").expr, lit0(2), lit0("d")), fn(lag(col("x"), 2, "d")).getArgumentsList());
    assertEquals(List.of(col("x").expr, lit0(false)), fn(first("x")).getArgumentsList());
    assertEquals(List.of(col("s").expr, lit0(","), lit0(":")), fn(str_to_map("s")).getArgumentsList());
  }

  @Test
  void namesAliasesWireOrderAndDistinct() {
    assertEquals("ln", fn(log("x")).getFunctionName());
    assertEquals(List.of(lit0(2.0), col("x").expr), fn(log(2.0, "x")).getArgumentsList());
    assertEquals("power", fn(pow("a", "b")).getFunctionName());
    assertEquals("map", fn(create_map(lit("k"), lit(1))).getFunctionName());
    assertEquals("~", fn(bitwise_not("x")).getFunctionName());
    assertEquals("char", fn(char_("x")).getFunctionName());
    assertEquals(List.of(col("t").expr, col("s").expr), fn(ltrim(col("s"), col("t"))).getArgumentsList());
    assertTrue(fn(sum_distinct("x")).getIsDistinct());
    assertTrue(fn(count_distinct("a", "b")).getIsDistinct());
    assertFalse(fn(sum("x")).getIsDistinct());
    assertEquals(List.of(lit0(1)), fn(count("*")).getArgumentsList());
    assertEquals(List.of(lit0(","), col("a").expr, col("b").expr), fn(concat_ws(",", "a", "b")).getArgumentsList());
    assertEquals(List.of(col("j").expr, lit0("a"), lit0("b")), fn(json_tuple("j", "a", "b")).getArgumentsList());
    Map<String, String> opts = new LinkedHashMap<>();
    opts.put("mode", "FAILFAST");
    opts.put("sep", ";");
    assertEquals(create_map(lit("mode"), lit("FAILFAST"), lit("sep"), lit(";")).expr,
        fn(to_csv(col("s"), opts)).getArguments(1));
  }

  @Test
  void lambdasUseFreshNamedVariables() {
    Expression.UnresolvedFunction t = fn(transform(col("a"), x -> x.plus(1)));
    assertEquals("transform", t.getFunctionName());
    Expression.LambdaFunction l = t.getArguments(1).getLambdaFunction();
    assertEquals(1, l.getArgumentsCount());
    String var = l.getArguments(0).getNamePartsList().get(0);
    assertTrue(var.matches("x_\\d+"), var);
    Expression body = l.getFunction();
    assertEquals(var, body.getUnresolvedFunction().getArguments(0).getUnresolvedNamedLambdaVariable().getNameParts(0));
    Expression.LambdaFunction two = fn(map_zip_with(col("a"), col("b"), (k, v1, v2) -> v1)).getArguments(2)
        .getLambdaFunction();
    assertEquals(3, two.getArgumentsCount());
    List<String> names = new ArrayList<>();
    two.getArgumentsList().forEach(v -> names.add(v.getNameParts(0)));
    assertEquals(3, names.stream().distinct().count());
    assertArrayEquals(new Object[] {"aggregate", 4}, new Object[] {
        fn(aggregate(col("a"), lit(0), (acc, x) -> acc.plus(x), acc -> acc)).getFunctionName(),
        fn(aggregate(col("a"), lit(0), (acc, x) -> acc.plus(x), acc -> acc)).getArgumentsCount()});
  }
}
