package io.github.reactivespark.connect.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Test-side reader of the function registry ({@code reactive-core/src/main/functions/functions.tsv}) and of the
 * server's function docs dump ({@code server-functions-4.1.2.tsv}), the same files the build-time generator reads
 * (format in the registry's header). Kept independent of the generator on purpose: a generator bug should not be
 * mirrored by the test.
 */
final class FunctionsRegistry {

  record Param(String kind, String name, boolean varargs, boolean optional, boolean hasDefault) {}

  record Entry(int line, String java, String spark, boolean distinct, List<String> wireOrder, List<Param> params,
      String category, String status, String notes) {
    boolean nondeterministic() {
      return notes.matches("(^|.*\\|)\\s*nondeterministic\\s*(\\|.*|$)");
    }
  }

  /** An example Spark documents for a function: the SELECT statement and the result text it shows. */
  record Example(String sql, String result) {}

  private FunctionsRegistry() {}

  static Path functionsDir() {
    Path here = Path.of(System.getProperty("user.dir"));
    for (Path p : List.of(here.resolve("../reactive-core/src/main/functions"),
        here.resolve("reactive-core/src/main/functions"))) {
      if (Files.isDirectory(p)) {
        return p.normalize();
      }
    }
    throw new IllegalStateException("reactive-core/src/main/functions not found from " + here);
  }

  static List<Entry> entries() {
    try {
      List<String> lines = Files.readAllLines(functionsDir().resolve("functions.tsv"), StandardCharsets.UTF_8);
      List<Entry> out = new ArrayList<>();
      for (int i = 0; i < lines.size(); i++) {
        String raw = lines.get(i);
        if (raw.isBlank() || raw.startsWith("#")) {
          continue;
        }
        String[] f = raw.split("\t", -1);
        if (f.length != 6) {
          throw new IllegalStateException("functions.tsv line " + (i + 1) + " has " + f.length + " fields");
        }
        String spark = f[1];
        List<String> wire = List.of();
        int paren = spark.indexOf('(');
        if (paren > 0) {
          wire = List.of(spark.substring(paren + 1, spark.length() - 1).split("\\s*,\\s*"));
          spark = spark.substring(0, paren);
        }
        boolean distinct = spark.endsWith("+distinct");
        spark = spark.replace("+distinct", "");
        out.add(new Entry(i + 1, f[0], spark, distinct, wire, params(f[2]), f[3], f[4], f[5]));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<Param> params(String spec) {
    List<Param> out = new ArrayList<>();
    if (spec.isBlank() || spec.equals("-")) {
      return out;
    }
    for (String tok : splitTopLevel(spec, false)) {
      tok = tok.trim();
      boolean hasDefault = tok.contains("=");
      if (hasDefault) {
        tok = tok.substring(0, tok.indexOf('='));
      }
      boolean optional = hasDefault || tok.endsWith("?");
      tok = tok.replace("?", "");
      String kind = tok.contains(":") ? tok.substring(0, tok.indexOf(':')) : tok;
      String name = tok.contains(":") ? tok.substring(tok.indexOf(':') + 1) : "col";
      boolean varargs = kind.endsWith("...");
      out.add(new Param(varargs ? kind.substring(0, kind.length() - 3) : kind, name, varargs, optional, hasDefault));
    }
    return out;
  }

  /** Function name to its documented examples, from the server dump. */
  static Map<String, List<Example>> serverExamples() {
    Map<String, List<Example>> out = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : serverDocs().entrySet()) {
      out.put(e.getKey(), examples(e.getValue()));
    }
    return out;
  }

  /** Function name to its {@code DESCRIBE FUNCTION EXTENDED} text, from the server dump. */
  static Map<String, String> serverDocs() {
    try {
      Map<String, String> out = new LinkedHashMap<>();
      for (String line : Files.readAllLines(functionsDir().resolve("server-functions-4.1.2.tsv"),
          StandardCharsets.UTF_8)) {
        int tab = line.indexOf('\t');
        if (tab > 0) {
          out.put(line.substring(0, tab), unescape(line.substring(tab + 1)));
        }
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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

  static List<Example> examples(String text) {
    List<Example> out = new ArrayList<>();
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
      out.add(new Example(s.substring(0, s.length() - 1).trim(), result.toString()));
    }
    return out;
  }

  /**
   * Splits on commas outside parentheses, brackets and quotes ({@code '...'}, {@code "..."}, back-ticks).
   *
   * @param sql whether backslash escapes apply inside quotes (SQL) or not (registry)
   */
  static List<String> splitTopLevel(String s, boolean sql) {
    List<String> out = new ArrayList<>();
    int depth = 0;
    char quote = 0;
    StringBuilder cur = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (quote != 0) {
        cur.append(c);
        if (sql && c == '\\' && i + 1 < s.length()) {
          cur.append(s.charAt(++i));
        } else if (c == quote) {
          quote = 0;
        }
        continue;
      }
      if (c == '\'' || c == '"' || c == '`') {
        quote = c;
      } else if (c == '(' || c == '[') {
        depth++;
      } else if (c == ')' || c == ']') {
        depth--;
      } else if (c == ',' && depth == 0) {
        out.add(cur.toString().trim());
        cur.setLength(0);
        continue;
      }
      cur.append(c);
    }
    if (!cur.toString().isBlank() || !out.isEmpty()) {
      out.add(cur.toString().trim());
    }
    return out;
  }

  /** Index of the parenthesis closing the one at {@code open}, honouring quotes; -1 if none. */
  static int closingParen(String s, int open) {
    int depth = 0;
    char quote = 0;
    for (int i = open; i < s.length(); i++) {
      char c = s.charAt(i);
      if (quote != 0) {
        if (c == '\\') {
          i++;
        } else if (c == quote) {
          quote = 0;
        }
        continue;
      }
      if (c == '\'' || c == '"' || c == '`') {
        quote = c;
      } else if (c == '(') {
        depth++;
      } else if (c == ')') {
        if (--depth == 0) {
          return i;
        }
      }
    }
    return -1;
  }
}
