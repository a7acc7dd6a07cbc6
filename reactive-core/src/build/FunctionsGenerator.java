import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Build-time generator of {@code io.github.reactivespark.connect.functions} (a single-file Java program, run by the
 * Java source launcher from Maven's generate-sources phase; no dependency beyond the JDK).
 *
 * <p>Usage: {@code java FunctionsGenerator.java <functions.tsv> <server-functions.tsv> <template> <outDir>}
 *
 * <ul>
 *   <li>{@code functions.tsv}: the declarative registry, one overload family per line (format in its header).
 *   <li>{@code server-functions.tsv}: what the Spark server reports for each builtin ({@code DESCRIBE FUNCTION
 *       EXTENDED}), written by the integration-tests tool {@code FunctionsServerDump}; source of each method's
 *       description, since-version and documented example.
 *   <li>{@code template}: the hand-written part of the class, with the marker line {@code // @@GENERATED@@}.
 * </ul>
 *
 * <p>The output is a pure function of the inputs (no timestamps, registry order), so builds are reproducible.
 */
public final class FunctionsGenerator {

  /** One parameter of a registry line. */
  record Param(String kind, String name, boolean varargs, boolean optional, String defaultJava) {}

  /** One registry line. */
  record Entry(int line, String java, String spark, boolean distinct, List<Param> params, String category,
      String status, String notes, List<String> wireOrder) {}

  /** One Java method to emit. */
  record Method(Entry entry, List<Param> params, boolean stringNames, List<Param> defaulted) {}

  /** What the server says about one function. */
  record ServerDoc(String name, String usage, String since, List<String[]> examples) {}

  static final Set<String> KINDS = Set.of("c", "C", "e", "t", "i", "l", "d", "s", "b", "m", "f1", "f2", "f3");
  static final Set<String> JAVA_KEYWORDS = Set.of("abstract", "assert", "boolean", "break", "byte", "case", "catch",
      "char", "class", "const", "continue", "default", "do", "double", "else", "enum", "extends", "final", "finally",
      "float", "for", "goto", "if", "implements", "import", "instanceof", "int", "interface", "long", "native", "new",
      "package", "private", "protected", "public", "return", "short", "static", "strictfp", "super", "switch",
      "synchronized", "this", "throw", "throws", "transient", "try", "void", "volatile", "while", "true", "false",
      "null", "var", "record", "yield", "sealed", "permits");
  static final Set<String> STATUSES = Set.of("ok", "special", "not-yet", "not-exposed");

  public static void main(String[] args) throws IOException {
    if (args.length != 4) {
      System.err.println("usage: java FunctionsGenerator.java <functions.tsv> <server-functions.tsv> <template> <outDir>");
      System.exit(2);
    }
    List<Entry> entries = parseRegistry(Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8));
    Map<String, ServerDoc> docs = parseServerDump(Files.readAllLines(Path.of(args[1]), StandardCharsets.UTF_8));
    String template = Files.readString(Path.of(args[2]), StandardCharsets.UTF_8);
    String source = generate(entries, docs, template);
    Path out = Path.of(args[3], "io", "github", "reactivespark", "connect", "functions.java");
    Files.createDirectories(out.getParent());
    if (!Files.exists(out) || !Files.readString(out, StandardCharsets.UTF_8).equals(source)) {
      Files.writeString(out, source, StandardCharsets.UTF_8);
    }
    System.out.println("functions.java: " + entries.size() + " registry lines");
  }

  // ---------------------------------------------------------------- registry

  /**
   * Parses the registry. Columns (tab-separated): java name, spark name ({@code name+distinct} for
   * {@code is_distinct}, {@code -} when there is none), parameters, category, status, notes. Blank lines and lines
   * starting with {@code #} are skipped.
   *
   * @throws IllegalArgumentException naming the line for any malformed entry
   */
  static List<Entry> parseRegistry(List<String> lines) {
    List<Entry> out = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String raw = lines.get(i);
      if (raw.isBlank() || raw.startsWith("#")) {
        continue;
      }
      String[] f = raw.split("\t", -1);
      if (f.length != 6) {
        throw new IllegalArgumentException("registry line " + (i + 1) + ": expected 6 tab-separated fields, got "
            + f.length + ": " + raw);
      }
      String java = f[0].trim();
      if (!java.matches("[A-Za-z_][A-Za-z0-9_]*") || JAVA_KEYWORDS.contains(java)) {
        throw new IllegalArgumentException("registry line " + (i + 1) + ": bad Java name '" + java + "'");
      }
      String spark = f[1].trim();
      boolean distinct = spark.endsWith("+distinct");
      if (distinct) {
        spark = spark.substring(0, spark.length() - "+distinct".length());
      }
      List<String> wireOrder = List.of();
      int paren = spark.indexOf('(');
      if (paren > 0 && spark.endsWith(")")) {
        wireOrder = List.of(spark.substring(paren + 1, spark.length() - 1).split("\\s*,\\s*"));
        spark = spark.substring(0, paren);
      }
      String status = f[4].trim();
      if (!STATUSES.contains(status)) {
        throw new IllegalArgumentException("registry line " + (i + 1) + ": unknown status '" + status + "'");
      }
      List<Param> params = parseParams(f[2].trim(), i + 1);
      for (String w : wireOrder) {
        if (params.stream().noneMatch(p -> p.name().equals(w) && !p.varargs())) {
          throw new IllegalArgumentException("registry line " + (i + 1) + ": wire order names unknown parameter " + w);
        }
      }
      out.add(new Entry(i + 1, java, spark, distinct, params, f[3].trim(), status, f[5].trim(), wireOrder));
    }
    return out;
  }

  static List<Param> parseParams(String spec, int line) {
    List<Param> params = new ArrayList<>();
    if (spec.isEmpty() || spec.equals("-")) {
      return params;
    }
    boolean seenOptional = false;
    for (String tok : splitOutsideQuotes(spec)) {
      tok = tok.trim();
      String defaultJava = null;
      boolean optional = false;
      int eq = tok.indexOf('=');
      if (eq >= 0) {
        defaultJava = tok.substring(eq + 1).trim();
        tok = tok.substring(0, eq).trim();
        optional = true;
      } else if (tok.endsWith("?")) {
        tok = tok.substring(0, tok.length() - 1);
        optional = true;
      }
      int colon = tok.indexOf(':');
      String kind = colon < 0 ? tok : tok.substring(0, colon);
      String name = colon < 0 ? "col" : tok.substring(colon + 1);
      boolean varargs = kind.endsWith("...");
      if (varargs) {
        kind = kind.substring(0, kind.length() - 3);
      }
      if (!KINDS.contains(kind)) {
        throw new IllegalArgumentException("registry line " + line + ": unknown parameter kind '" + kind + "'");
      }
      if (!name.matches("[A-Za-z_][A-Za-z0-9_]*") || JAVA_KEYWORDS.contains(name)) {
        throw new IllegalArgumentException("registry line " + line + ": bad parameter name '" + name + "'");
      }
      if (seenOptional && !optional) {
        throw new IllegalArgumentException("registry line " + line + ": required parameter after an optional one");
      }
      if (varargs && !(kind.equals("c") || kind.equals("s") || kind.equals("e"))) {
        throw new IllegalArgumentException("registry line " + line + ": varargs only for c, s and e");
      }
      seenOptional |= optional;
      params.add(new Param(kind, name, varargs, optional, defaultJava));
    }
    for (int k = 0; k < params.size() - 1; k++) {
      if (params.get(k).varargs()) {
        throw new IllegalArgumentException("registry line " + line + ": varargs must be the last parameter");
      }
    }
    return params;
  }

  /** Splits on commas that are not inside a double-quoted Java string literal. */
  static List<String> splitOutsideQuotes(String spec) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < spec.length(); i++) {
      char c = spec.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      }
      if (c == ',' && !quoted) {
        out.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    out.add(cur.toString());
    return out;
  }

  // ---------------------------------------------------------------- server dump

  static final Pattern SINCE = Pattern.compile("Since: ([0-9][0-9.]*)");

  static Map<String, ServerDoc> parseServerDump(List<String> lines) {
    Map<String, ServerDoc> out = new LinkedHashMap<>();
    for (String line : lines) {
      int tab = line.indexOf('\t');
      if (tab < 0) {
        continue;
      }
      String name = line.substring(0, tab);
      String text = unescape(line.substring(tab + 1));
      String usage = "";
      int u = text.indexOf("Usage:");
      int x = text.indexOf("Extended Usage:");
      if (u >= 0) {
        usage = text.substring(u + 6, x > u ? x : text.length()).trim();
      }
      Matcher m = SINCE.matcher(text);
      String since = m.find() ? m.group(1) : "";
      out.put(name, new ServerDoc(name, usage, since, examples(text)));
    }
    return out;
  }

  static String unescape(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        char n = s.charAt(++i);
        b.append(n == 'n' ? '\n' : n == 't' ? '\t' : n);
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  /** Spark's documented examples: pairs of ({@code SELECT ...;} without the semicolon, result text). */
  static List<String[]> examples(String text) {
    List<String[]> out = new ArrayList<>();
    String[] lines = text.split("\n");
    for (int i = 0; i < lines.length; i++) {
      String l = lines[i].trim();
      if (!l.startsWith("> SELECT")) {
        continue;
      }
      StringBuilder sql = new StringBuilder(l.substring(2));
      while (!sql.toString().trim().endsWith(";") && i + 1 < lines.length) {
        sql.append(' ').append(lines[++i].trim());
      }
      StringBuilder result = new StringBuilder();
      while (i + 1 < lines.length && !lines[i + 1].trim().startsWith(">")
          && !lines[i + 1].trim().startsWith("Since:") && !lines[i + 1].trim().startsWith("Note:")) {
        String r = lines[++i].trim();
        if (r.isEmpty()) {
          break;
        }
        result.append(result.length() == 0 ? "" : "\n").append(r);
      }
      String s = sql.toString().trim();
      out.add(new String[] {s.substring(0, s.length() - 1).trim(), result.toString()});
    }
    return out;
  }

  // ---------------------------------------------------------------- generation

  static String generate(List<Entry> entries, Map<String, ServerDoc> docs, String template) {
    StringBuilder b = new StringBuilder();
    Set<String> signatures = new LinkedHashSet<>();
    String category = null;
    for (Entry e : entries) {
      if (!e.status().equals("ok")) {
        continue;
      }
      if (!e.category().equals(category)) {
        category = e.category();
        b.append("\n  // ---------------------------------------------------------------- ").append(category)
            .append(" functions\n");
      }
      for (Method m : methods(e)) {
        String sig = e.java() + "(" + String.join(",", javaTypes(m)) + ")";
        if (signatures.add(sig)) {
          emit(b, m, docs);
        }
      }
    }
    int marker = template.indexOf("// @@GENERATED@@");
    if (marker < 0) {
      throw new IllegalArgumentException("template lacks the // @@GENERATED@@ marker");
    }
    int lineEnd = template.indexOf('\n', marker);
    return template.substring(0, marker) + "// Generated from src/main/functions/functions.tsv by src/build/"
        + "FunctionsGenerator.java: edit those, not this.\n" + b + template.substring(lineEnd + 1);
  }

  /** The Java overloads of one registry line: each optional tail cut, each in Column and column-name form. */
  static List<Method> methods(Entry e) {
    List<Method> out = new ArrayList<>();
    List<Param> ps = e.params();
    for (int cut = ps.size(); cut >= 0; cut--) {
      if (cut < ps.size() && !ps.get(cut).optional()) {
        break;
      }
      List<Param> kept = ps.subList(0, cut);
      List<Param> defaulted = new ArrayList<>();
      for (Param p : ps.subList(cut, ps.size())) {
        if (p.defaultJava() != null) {
          defaulted.add(p);
        } else {
          break; // an omitted optional without default: everything after it is omitted too
        }
      }
      out.add(new Method(e, kept, false, defaulted));
      if (kept.stream().anyMatch(p -> p.kind().equals("c"))) {
        out.add(new Method(e, kept, true, defaulted));
      }
    }
    // A family ending in c... has a Column... and a String... overload, so a call without varargs (array(),
    // grouping_id()) would be ambiguous: give it an overload of its own, as Spark's single Column... allows the call.
    if (!ps.isEmpty() && ps.get(ps.size() - 1).varargs() && ps.get(ps.size() - 1).kind().equals("c")) {
      List<Param> fixed = ps.subList(0, ps.size() - 1);
      out.add(new Method(e, fixed, false, List.of()));
    }
    return out;
  }

  /**
   * The Java parameter name: in the column-name form ({@code String}s naming columns) a {@code c} parameter is
   * called {@code <name>Name} ({@code <name>Names} for varargs, {@code cols} → {@code colNames}), so that the
   * signature says which strings are column names and which are literals ({@code trim(String colName, String
   * trimName)} against {@code trim(Column col, String trimString)}); JvmParityDocTest reads these names.
   */
  static String javaName(Param p, boolean stringNames) {
    if (!stringNames || !p.kind().equals("c")) {
      return p.name();
    }
    if (p.varargs()) {
      String base = p.name().endsWith("s") ? p.name().substring(0, p.name().length() - 1) : p.name();
      return base + "Names";
    }
    return p.name() + "Name";
  }

  static List<String> javaTypes(Method m) {
    List<String> types = new ArrayList<>();
    for (Param p : m.params()) {
      types.add(javaType(p, m.stringNames()));
    }
    return types;
  }

  static String javaType(Param p, boolean stringNames) {
    String t = switch (p.kind()) {
      case "c" -> stringNames ? "String" : "Column";
      case "C" -> "Column";
      case "e" -> "Object";
      case "t" -> "io.github.reactivespark.connect.types.DataType";
      case "i" -> "int";
      case "l" -> "long";
      case "d" -> "double";
      case "s" -> "String";
      case "b" -> "boolean";
      case "m" -> "Map<String, String>";
      case "f1" -> "Function<Column, Column>";
      case "f2" -> "BiFunction<Column, Column, Column>";
      case "f3" -> "Function3";
      default -> throw new IllegalStateException(p.kind());
    };
    return p.varargs() ? t + "..." : t;
  }

  static void emit(StringBuilder b, Method m, Map<String, ServerDoc> docs) {
    Entry e = m.entry();
    ServerDoc doc = docs.get(e.spark());
    b.append("\n  /**\n");
    wrap(b, description(e, doc));
    b.append("   *\n");
    StringBuilder p1 = new StringBuilder();
    p1.append("<p>Calls Spark's <code>").append(escape(e.spark())).append("</code>")
        .append(e.distinct() ? " over distinct values" : "").append(" (")
        .append(e.category()).append(" function");
    if (doc != null && !doc.since().isEmpty()) {
      p1.append(", Spark ").append(doc.since());
    }
    p1.append("). Builds an unresolved expression; nothing runs until an action, and the server reports a wrong "
        + "argument type then.");
    if (!m.defaulted().isEmpty()) {
      p1.append(" Omitted here:");
      for (Param p : m.defaulted()) {
        p1.append(" <code>").append(p.name()).append(" = ").append(escape(p.defaultJava())).append("</code>");
      }
      p1.append('.');
    }
    String note = note(e, "note");
    if (note != null) {
      p1.append(' ').append(escape(note));
    }
    wrap(b, p1.toString());
    if (doc != null && !doc.examples().isEmpty()) {
      String[] ex = doc.examples().get(0);
      if (ex[0].length() + ex[1].length() < 400) {
        b.append("   *\n");
        String result = ex[1].isBlank() ? "an empty string"
            : "<code>" + escape(ex[1].replaceAll("\\s+", " ")) + "</code>";
        wrap(b, "<p>Spark's example: <code>" + escape(ex[0]) + "</code> returns " + result + ".");
      }
    }
    b.append("   *\n");
    for (Param p : m.params()) {
      b.append("   * @param ").append(javaName(p, m.stringNames())).append(' ').append(paramDoc(p, m.stringNames()))
          .append('\n');
    }
    b.append("   * @return the expression, a {@link Column}\n");
    if (doc != null && !doc.since().isEmpty()) {
      b.append("   * @since Spark ").append(doc.since()).append('\n');
    }
    b.append("   */\n");
    b.append("  public static Column ").append(e.java()).append('(');
    List<String> types = javaTypes(m);
    for (int i = 0; i < m.params().size(); i++) {
      b.append(i == 0 ? "" : ", ").append(types.get(i)).append(' ').append(javaName(m.params().get(i), m.stringNames()));
    }
    b.append(") {\n");
    List<String> fixed = new ArrayList<>();
    Map<String, String> byName = new LinkedHashMap<>();
    String varargs = null;
    String options = null;
    for (Param p : m.params()) {
      String n = javaName(p, m.stringNames());
      if (p.varargs()) {
        varargs = switch (p.kind()) {
          case "c" -> m.stringNames() ? "cols(" + n + ")" : n;
          default -> "lits(" + n + ")";
        };
      } else if (p.kind().equals("m")) {
        options = n;
      } else {
        byName.put(p.name(), argExpr(p, m.stringNames()));
      }
    }
    for (Param p : m.defaulted()) {
      byName.put(p.name(), "lit(" + p.defaultJava() + ")");
    }
    if (e.wireOrder().isEmpty()) {
      fixed.addAll(byName.values());
    } else {
      for (String w : e.wireOrder()) {
        if (byName.containsKey(w)) {
          fixed.add(byName.get(w));
        }
      }
    }
    String fixedArgs = String.join(", ", fixed);
    String call;
    if (options != null) {
      // Spark's Column.fnWithOptions: the options map is an argument only when it has entries (an empty map()
      // literal is MAP<VOID, VOID>, which the server refuses: INVALID_OPTIONS.NON_STRING_TYPE)
      call = "Column.fn(\"" + e.spark() + "\", " + e.distinct() + ", withOptions(" + options
          + (fixed.isEmpty() ? "" : ", " + fixedArgs) + "))";
    } else if (varargs == null) {
      call = "Column.fn(\"" + e.spark() + "\", " + e.distinct() + (fixed.isEmpty() ? "" : ", " + fixedArgs) + ")";
    } else {
      call = "Column.fn(\"" + e.spark() + "\", " + e.distinct() + ", join(" + varargs
          + (fixed.isEmpty() ? "" : ", " + fixedArgs) + "))";
    }
    b.append("    return ").append(call).append(";\n  }\n");
  }

  /** Appends text as javadoc lines of at most 120 characters (words are never split). */
  static void wrap(StringBuilder b, String text) {
    StringBuilder line = new StringBuilder("   *");
    for (String word : text.split(" ")) {
      if (word.isEmpty()) {
        continue;
      }
      if (line.length() + 1 + word.length() > 120 && line.length() > 4) {
        b.append(line).append('\n');
        line.setLength(0);
        line.append("   *");
      }
      line.append(' ').append(word);
    }
    b.append(line).append('\n');
  }

  static String argExpr(Param p, boolean stringNames) {
    String n = javaName(p, stringNames);
    return switch (p.kind()) {
      case "c" -> stringNames ? "col(" + n + ")" : n;
      case "C" -> n;
      case "f1", "f2", "f3" -> "lambda(" + n + ")";
      case "t" -> "schemaLit(" + n + ")";
      default -> "lit(" + n + ")";
    };
  }

  static String paramDoc(Param p, boolean stringNames) {
    String n = "{@code " + p.name() + "}";
    return switch (p.kind()) {
      case "c" -> stringNames ? (p.varargs() ? "names of the columns" : "name of the column") + " (see {@link #col})"
          : (p.varargs() ? "the columns" : "the column") + " " + n;
      case "C" -> "the column " + n;
      case "e" -> (p.varargs() ? "values" : "a value") + ": a {@link Column}, or a Java value made a literal by "
          + "{@link #lit}";
      case "i" -> "an int literal";
      case "l" -> "a long literal";
      case "d" -> "a double literal";
      case "s" -> p.varargs() ? "string literals" : "a string literal";
      case "b" -> "a boolean literal";
      case "m" -> "options (name to value), sent as a {@code map(k1, v1, ...)} argument; an empty map sends none";
      case "t" -> "the type, sent as its DDL string (a {@link io.github.reactivespark.connect.types.StructType} as"
          + " {@code \"a INT, b STRING\"})";
      case "f1" -> "a function of one lambda variable, called once to build the lambda body";
      case "f2" -> "a function of two lambda variables, called once to build the lambda body";
      case "f3" -> "a function of three lambda variables, called once to build the lambda body";
      default -> throw new IllegalStateException(p.kind());
    };
  }

  static String description(Entry e, ServerDoc doc) {
    String override = note(e, "doc");
    if (override != null) {
      return escape(override);
    }
    if (doc == null || doc.usage().isEmpty()) {
      return "Spark's <code>" + escape(e.spark()) + "</code> function.";
    }
    String u = doc.usage().replaceAll("\\s+", " ").trim();
    int dash = u.indexOf(" - ");
    String d = dash >= 0 ? u.substring(dash + 3) : u;
    // first sentence, up to the next "name(args) - " signature
    Matcher next = Pattern.compile(" [a-z_0-9]+\\([^)]*\\) - ").matcher(d);
    if (next.find()) {
      d = d.substring(0, next.start());
    }
    if (d.length() > 400) {
      int dot = d.lastIndexOf(". ", 400);
      d = dot > 0 ? d.substring(0, dot + 1) : d.substring(0, 400) + "...";
    }
    d = d.trim();
    if (!d.endsWith(".")) {
      d = d + ".";
    }
    return Character.toUpperCase(d.charAt(0)) + escape(d.substring(1));
  }

  /**
   * The value of one {@code key: value} segment of an entry's notes (segments are separated by {@code |}), or null.
   * Keys: {@code doc} (description instead of the server's), {@code note} (added to the javadoc), {@code reason}
   * (why a function is not generated), {@code test} (how FunctionsIT tests it), {@code nondeterministic}.
   */
  static String note(Entry e, String key) {
    for (String seg : e.notes().split("\\|")) {
      String t = seg.trim();
      if (t.equals(key)) {
        return "";
      }
      if (t.startsWith(key + ":")) {
        return t.substring(key.length() + 1).trim();
      }
    }
    return null;
  }

  /** Escapes text for javadoc HTML (used inside {@code <code>} elements and prose). */
  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("@", "&#64;")
        .replace("*/", "*&#47;").replace("{", "&#123;").replace("}", "&#125;").replace("\\", "&#92;");
  }

}
