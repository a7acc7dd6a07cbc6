package io.github.reactivespark.connect.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.reactivespark.connect.Row;
import io.github.reactivespark.connect.it.FunctionsRegistry.Entry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Fails when the function registry drifts from what the real server reports ({@code SHOW SYSTEM FUNCTIONS}):
 * a registry function the server does not know, a server builtin that is neither in the registry nor in the
 * explicit list of server-only functions (with reasons), or a stale server docs dump. Also prints the parity
 * counts against PySpark Connect's functions module.
 */
class FunctionsRegistryDriftIT extends ServerTestBase {

  @Test
  void registryMatchesTheServersBuiltins() throws IOException {
    Set<String> server = new TreeSet<>();
    for (Row r : spark.sql("SHOW SYSTEM FUNCTIONS").collect().block(TIMEOUT)) {
      server.add(r.getString(0));
    }
    List<Entry> entries = FunctionsRegistry.entries();
    Map<String, String> serverOnly = new LinkedHashMap<>();
    for (String line : Files.readAllLines(FunctionsRegistry.functionsDir().resolve("server-only-functions.tsv"),
        StandardCharsets.UTF_8)) {
      if (!line.isBlank() && !line.startsWith("#")) {
        String[] f = line.split("\t", 2);
        assertEquals(2, f.length, "server-only-functions.tsv: name<TAB>reason: " + line);
        assertTrue(!f[1].isBlank(), "server-only function without a reason: " + f[0]);
        serverOnly.put(f[0], f[1]);
      }
    }

    // 1. every generated function calls a function the server has (partition transforms and planner-internal
    //    functions are resolved elsewhere, and say so in the registry)
    List<String> unknown = new ArrayList<>();
    Set<String> registryNames = new TreeSet<>();
    for (Entry e : entries) {
      if (!e.spark().equals("-")) {
        registryNames.add(e.spark());
      }
      registryNames.add(e.java());
      if (e.status().equals("ok") && !server.contains(e.spark()) && !e.category().equals("partition")
          && !e.notes().contains("server: internal")) {
        unknown.add(e.java() + " -> " + e.spark() + " (line " + e.line() + ")");
      }
      if (e.status().equals("not-yet") || e.status().equals("not-exposed")) {
        assertTrue(e.notes().contains("reason:"), "line " + e.line() + " " + e.java() + ": status without a reason");
      }
    }
    assertTrue(unknown.isEmpty(), "registry functions the server does not know: " + unknown);

    // 2. every server builtin is in the registry or explicitly server-only
    List<String> unlisted = new ArrayList<>();
    for (String s : server) {
      if (!registryNames.contains(s) && !serverOnly.containsKey(s)) {
        unlisted.add(s);
      }
    }
    assertTrue(unlisted.isEmpty(), "server builtins neither in functions.tsv nor in server-only-functions.tsv: "
        + unlisted);
    List<String> stale = serverOnly.keySet().stream().filter(s -> !server.contains(s) || registryNames.contains(s))
        .toList();
    assertTrue(stale.isEmpty(), "server-only-functions.tsv lists names the server lacks or the registry has: "
        + stale);

    // 3. the docs dump the generator reads is the server's list
    assertEquals(server, new TreeSet<>(FunctionsRegistry.serverDocs().keySet()),
        "server-functions-4.1.2.tsv is stale: rerun FunctionsServerDump");

    // 4. not-yet functions that the server does have would be a missed opportunity: report them
    Set<String> pysparkNames = new TreeSet<>();
    Set<String> generated = new TreeSet<>();
    Set<String> notYet = new TreeSet<>();
    Set<String> notExposed = new TreeSet<>();
    for (Entry e : entries) {
      pysparkNames.add(e.java().equals("char_") ? "char" : e.java());
      switch (e.status()) {
        case "ok", "special" -> generated.add(e.java().equals("char_") ? "char" : e.java());
        case "not-yet" -> notYet.add(e.java());
        default -> notExposed.add(e.java());
      }
    }
    notYet.removeAll(generated);
    System.out.println("PARITY functions: PySpark Connect exposes " + pysparkNames.size() + " names; this client "
        + generated.size() + "; not yet " + notYet.size() + " " + notYet + "; not exposed " + notExposed.size()
        + " " + notExposed);
    assertTrue(generated.size() >= 450, "only " + generated.size() + " functions");
  }
}
