package io.github.reactivespark.connect.it;

import io.github.reactivespark.connect.Row;
import io.github.reactivespark.connect.SparkSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Bootstrap tool for the function registry (not a test): asks a real Spark Connect server for its builtin functions
 * ({@code SHOW SYSTEM FUNCTIONS}) and for each one its {@code DESCRIBE FUNCTION EXTENDED} text (usage, Spark's own
 * documented examples with their results, since-version), and writes them to one tab-separated file, one function a
 * line, newlines escaped as {@code \n}. {@code reactive-core/src/build/registry-tool.py} merges that dump into
 * {@code reactive-core/src/main/functions/functions.tsv}.
 *
 * <p>Run: {@code java -cp <integration-tests test classpath> io.github.reactivespark.connect.it.FunctionsServerDump
 * sc://localhost:15099 out.tsv}
 */
public final class FunctionsServerDump {

  private FunctionsServerDump() {}

  public static void main(String[] args) throws IOException {
    String remote = args[0];
    Path out = Path.of(args[1]);
    Duration t = Duration.ofMinutes(2);
    try (SparkSession spark = SparkSession.builder().remote(remote).create()) {
      List<String> names = new ArrayList<>();
      for (Row r : spark.sql("SHOW SYSTEM FUNCTIONS").collect().block(t)) {
        names.add(r.getString(0));
      }
      List<String> lines = new ArrayList<>();
      for (String name : names) {
        String quoted = name.matches("[A-Za-z_][A-Za-z0-9_]*") ? name : "`" + name.replace("`", "``") + "`";
        StringBuilder desc = new StringBuilder();
        try {
          for (Row r : spark.sql("DESCRIBE FUNCTION EXTENDED " + quoted).collect().block(t)) {
            desc.append(r.getString(0)).append('\n');
          }
        } catch (RuntimeException e) {
          desc.append("ERROR: ").append(e.getMessage());
        }
        lines.add(name + "\t" + desc.toString().replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n"));
      }
      Files.write(out, lines, StandardCharsets.UTF_8);
      System.out.println(names.size() + " functions written to " + out);
    }
  }
}
