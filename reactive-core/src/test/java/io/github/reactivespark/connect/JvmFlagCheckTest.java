package io.github.reactivespark.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Without the JVM flag Arrow needs, creating a session fails with a message that names the flag. */
class JvmFlagCheckTest {

  /** Run in a child JVM: tries to create a session and prints what happened. */
  public static void main(String[] args) {
    try {
      SparkSession.builder().remote("sc://localhost:1").create().close();
      System.out.println("CREATED");
    } catch (IllegalStateException e) {
      System.out.println("REFUSED: " + e.getMessage());
    }
  }

  private static String runChild(String... jvmFlags) throws Exception {
    String javaBin = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    List<String> cmd = new ArrayList<>(List.of(javaBin));
    cmd.addAll(List.of(jvmFlags));
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), JvmFlagCheckTest.class.getName()));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    p.getInputStream().transferTo(out);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue());
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void missingFlagIsNamed() throws Exception {
    String out = runChild();
    assertTrue(out.contains("REFUSED: Apache Arrow needs the JVM flag --add-opens=java.base/java.nio=ALL-UNNAMED"), out);
    assertFalse(out.contains("\tat "), "a message, not a stack trace: " + out);
  }

  @Test
  void withTheFlagTheSessionIsCreated() throws Exception {
    String out = runChild("--add-opens=java.base/java.nio=ALL-UNNAMED");
    assertTrue(out.contains("CREATED"), out);
  }
}
