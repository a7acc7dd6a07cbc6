package io.github.reactivespark.connect.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code PARITY.md} honest (a unit test: no server needed). Every table row names a PySpark Connect method, its
 * Java counterpart(s) and the test class(es) that cover it. This test checks, for every row, that each named Java
 * counterpart exists as a public method or public static field of the named class, that each named test class exists
 * in the repository and mentions the Java method, and that every row without a Java counterpart gives a reason.
 */
class ParityDocTest {

  private static final List<String> PACKAGES = List.of(
      "io.github.reactivespark.connect",
      "io.github.reactivespark.connect.catalog",
      "io.github.reactivespark.connect.streaming",
      "io.github.reactivespark.connect.listeners",
      "io.github.reactivespark.connect.serverfunctions",
      "io.github.reactivespark.connect.types");

  private static final Pattern CODE = Pattern.compile("`([^`]+)`");

  private record ParityRow(int line, String pyspark, List<String> java, List<String> tests, String notes) {}

  @Test
  void everyRowNamesRealJavaMembersAndRealTests() throws IOException {
    Path root = repoRoot();
    List<ParityRow> rows = parse(root.resolve("PARITY.md"));
    assertTrue(rows.size() > 200, "PARITY.md lists only " + rows.size() + " methods");
    Map<String, Path> testFiles = testSources(root);
    List<String> problems = new ArrayList<>();
    for (ParityRow row : rows) {
      if (row.java().isEmpty()) {
        if (row.notes().isBlank()) {
          problems.add("line " + row.line() + " (" + row.pyspark() + "): no Java counterpart and no reason given");
        }
        continue;
      }
      for (String member : row.java()) {
        if (!memberExists(member)) {
          problems.add("line " + row.line() + " (" + row.pyspark() + "): no public member " + member);
        }
      }
      for (String test : row.tests()) {
        Path file = testFiles.get(test);
        if (file == null) {
          problems.add("line " + row.line() + " (" + row.pyspark() + "): no test class " + test);
          continue;
        }
        String text = Files.readString(file);
        boolean mentions = row.java().stream().map(ParityDocTest::memberName).anyMatch(text::contains);
        if (!mentions) {
          problems.add("line " + row.line() + " (" + row.pyspark() + "): " + test + " never mentions " + row.java());
        }
      }
    }
    assertEquals(List.of(), problems, "PARITY.md is out of date");
  }

  @Test
  void summaryCountsMatchTheTables() throws IOException {
    Path root = repoRoot();
    List<ParityRow> rows = parse(root.resolve("PARITY.md"));
    long supported = rows.stream().filter(r -> !r.java().isEmpty()).count();
    long tested = rows.stream().filter(r -> !r.java().isEmpty() && !r.tests().isEmpty()).count();
    String text = Files.readString(root.resolve("PARITY.md"));
    Matcher m = Pattern.compile("(\\d+) PySpark methods listed, (\\d+) with a Java counterpart, (\\d+) of them covered")
        .matcher(text);
    assertTrue(m.find(), "PARITY.md has no summary line");
    assertEquals(rows.size(), Integer.parseInt(m.group(1)), "listed");
    assertEquals(supported, Integer.parseInt(m.group(2)), "with a Java counterpart");
    assertEquals(tested, Integer.parseInt(m.group(3)), "covered by a test");
  }

  private static List<ParityRow> parse(Path parity) throws IOException {
    List<String> lines = Files.readAllLines(parity);
    List<ParityRow> rows = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).trim();
      if (!line.startsWith("| `")) {
        continue;
      }
      String[] cells = line.substring(1, line.endsWith("|") ? line.length() - 1 : line.length()).split("\\|", -1);
      assertEquals(4, cells.length, "line " + (i + 1) + " must have 4 cells: " + line);
      rows.add(new ParityRow(i + 1, cells[0].trim(), codes(cells[1]), codes(cells[2]), cells[3].trim()));
    }
    assertFalse(rows.isEmpty(), "no rows in " + parity);
    return rows;
  }

  private static List<String> codes(String cell) {
    List<String> out = new ArrayList<>();
    Matcher m = CODE.matcher(cell);
    while (m.find()) {
      out.add(m.group(1).trim());
    }
    return out;
  }

  /** {@code DataFrame.select}, {@code SparkSession.Builder.remote}, {@code Window.unboundedPreceding}. */
  static boolean memberExists(String member) {
    String[] parts = member.replace("()", "").split("\\.");
    if (parts.length < 2) {
      return false;
    }
    String name = parts[parts.length - 1];
    Optional<Class<?>> type = findClass(Arrays.copyOf(parts, parts.length - 1));
    if (type.isEmpty()) {
      return false;
    }
    for (Method method : type.get().getMethods()) {
      if (method.getName().equals(name)) {
        return true;
      }
    }
    for (Field field : type.get().getFields()) {
      if (field.getName().equals(name) && Modifier.isStatic(field.getModifiers())) {
        return true;
      }
    }
    return false;
  }

  private static Optional<Class<?>> findClass(String[] path) {
    String nested = String.join("$", path);
    for (String pkg : PACKAGES) {
      try {
        return Optional.of(Class.forName(pkg + "." + nested));
      } catch (ClassNotFoundException e) {
        // try the next package
      }
    }
    return Optional.empty();
  }

  private static String memberName(String member) {
    String[] parts = member.replace("()", "").split("\\.");
    return parts[parts.length - 1];
  }

  private static Map<String, Path> testSources(Path root) throws IOException {
    Map<String, Path> byName = new HashMap<>();
    try (Stream<Path> files = Files.walk(root)) {
      files.filter(p -> p.toString().contains("/src/test/java/") && p.toString().endsWith(".java"))
          .filter(p -> !p.toString().contains("/target/"))
          .forEach(p -> byName.put(p.getFileName().toString().replace(".java", ""), p));
    }
    return byName;
  }

  private static Path repoRoot() {
    Path dir = Paths.get("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("PARITY.md"))) {
      dir = dir.getParent();
    }
    assertTrue(dir != null, "PARITY.md not found above " + Paths.get("").toAbsolutePath());
    return dir;
  }
}
