package io.github.reactivespark.connect.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.reactivespark.connect.Row;
import io.github.reactivespark.connect.SparkSession;
import io.github.reactivespark.connect.exceptions.SparkConnectException;
import io.github.reactivespark.connect.it.artifacts.ProbeA;
import io.github.reactivespark.connect.it.artifacts.ProbeB;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Artifacts on the real server: a class file and a jar (over 32 KiB, so uploaded in CRC-checked chunks) are added to
 * the session, and the server then runs their code through SQL {@code reflect}. Neither class is on the server's
 * classpath, so the answers can only come from the uploaded bytes.
 */
class ArtifactsIT extends ServerTestBase {

  @TempDir Path tmp;

  @Test
  void uploadedClassFileRunsOnTheServer() throws Exception {
    // A fresh session: artifacts belong to the session, and the class loader of a session caches classes.
    try (SparkSession s = TestServer.newSession()) {
      String ref = "reflect('" + ProbeA.class.getName() + "', 'digest', v)";
      assertThrows(SparkConnectException.class,
          () -> s.sql("SELECT " + ref + " FROM VALUES ('x') AS t(v)").collectAsList().block(TIMEOUT),
          "the probe must not be loadable before it is uploaded");

      s.addArtifact(classBytes(ProbeA.class), ProbeA.class.getName().replace('.', '/') + ".class").block(TIMEOUT);

      List<Row> rows = s.sql("SELECT v, " + ref + " AS d FROM VALUES ('flights'), ('airports'), ('') AS t(v) ORDER BY v")
          .collectAsList().block(TIMEOUT);
      assertEquals(3, rows.size());
      for (Row row : rows) {
        assertEquals("ProbeA:" + sha256(row.getString(0)), row.getString(1));
      }
    }
  }

  @Test
  void uploadedJarLargerThanOneChunkRunsOnTheServer() throws Exception {
    Path jar = tmp.resolve("probe-b.jar");
    byte[] filler = new byte[100 * 1024];
    new Random(42).nextBytes(filler); // incompressible: the jar stays above 32 KiB and goes in 4 chunks
    try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jos = new JarOutputStream(out)) {
      String entry = ProbeB.class.getName().replace('.', '/') + ".class";
      jos.putNextEntry(new JarEntry(entry));
      jos.write(classBytes(ProbeB.class));
      jos.closeEntry();
      jos.putNextEntry(new JarEntry("filler.bin"));
      jos.write(filler);
      jos.closeEntry();
    }
    assertTrue(Files.size(jar) > 3 * 32 * 1024, "jar must need several chunks: " + Files.size(jar));

    try (SparkSession s = TestServer.newSession()) {
      s.addArtifact(jar).block(TIMEOUT);
      Row row = s.sql("SELECT reflect('" + ProbeB.class.getName() + "', 'digest', 'JFK')").first().block(TIMEOUT);
      assertEquals("ProbeB:" + sha256("JFK"), row.getString(0));
    }
  }

  @Test
  void unsupportedOrMissingArtifactsFailWithTheCause() {
    IllegalArgumentException ext = assertThrows(IllegalArgumentException.class,
        () -> spark.addArtifact(new byte[] {1, 2, 3}, "notes.txt").block(TIMEOUT));
    assertTrue(ext.getMessage().contains("notes.txt") && ext.getMessage().contains(".jar"), ext.getMessage());

    IllegalArgumentException escape = assertThrows(IllegalArgumentException.class,
        () -> spark.addArtifact(new byte[] {1}, "../evil.jar").block(TIMEOUT));
    assertTrue(escape.getMessage().contains("../evil.jar"), escape.getMessage());

    Path missing = tmp.resolve("missing.jar");
    RuntimeException io = assertThrows(RuntimeException.class, () -> spark.addArtifact(missing).block(TIMEOUT));
    assertTrue(io.getMessage().contains(missing.toString()), io.getMessage());

    // The session is still usable.
    assertEquals(4L, spark.range(4).count().block(TIMEOUT));
  }

  private static byte[] classBytes(Class<?> type) throws IOException {
    try (InputStream in = type.getResourceAsStream(type.getSimpleName() + ".class")) {
      return in.readAllBytes();
    }
  }

  private static String sha256(String text) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }
}
