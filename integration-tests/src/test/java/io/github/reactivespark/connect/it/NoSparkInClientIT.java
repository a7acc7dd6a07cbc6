package io.github.reactivespark.connect.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The client JVM neither has nor loads any Spark class while running queries against the real server. */
class NoSparkInClientIT extends ServerTestBase {

  @Test
  void noSparkClassIsLoadableOrLoaded() throws Exception {
    assertEquals(499_500L, spark.range(1000).selectExpr("sum(id)").rows().next().block(TIMEOUT).get(0));

    List<String> sparkJars = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(p -> p.contains("org/apache/spark") || p.contains("scala-library")).toList();
    assertEquals(List.of(), sparkJars, "Spark or Scala jars on the client's classpath");
    assertThrows(ClassNotFoundException.class, () -> Class.forName("org.apache.spark.sql.SparkSession"));

    // Ask the JVM itself which classes it has loaded.
    String jcmd = System.getProperty("java.home") + File.separator + "bin" + File.separator + "jcmd";
    Process p = new ProcessBuilder(jcmd, Long.toString(ProcessHandle.current().pid()), "VM.class_hierarchy")
        .redirectErrorStream(true).start();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    p.getInputStream().transferTo(out);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    String classes = out.toString(StandardCharsets.UTF_8);
    assertTrue(classes.contains("io.github.reactivespark.connect.SparkSession"), "class list looks incomplete");
    assertFalse(classes.contains("org.apache.spark."), "a Spark class was loaded in the client JVM");
    assertFalse(classes.contains("scala."), "a Scala class was loaded in the client JVM");
  }
}
