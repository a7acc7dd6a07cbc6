package io.github.reactivespark.connect.localserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The built {@code local-server} jar names no path of the machine that built it: every entry (classes, resources,
 * Maven metadata) is searched for this machine's home directory, the project directory, the local Maven repository
 * and the temporary directory. A jar built here must start a server anywhere.
 */
class JarHasNoMachinePathIT {

  @Test
  void noEntryNamesAPathOfTheBuildMachine() throws Exception {
    Path jar = builtJar();
    Set<String> machinePaths = new LinkedHashSet<>();
    machinePaths.add(Paths.get(System.getProperty("user.home")).toAbsolutePath() + "/");
    machinePaths.add(Paths.get(System.getProperty("basedir", ".")).toAbsolutePath().normalize().getParent() + "/");
    machinePaths.add(ResolverSettings.fromSystemProperties().localRepository() + "/");
    machinePaths.add("/.m2/repository/");
    String tmp = Paths.get(System.getProperty("java.io.tmpdir")).toAbsolutePath().toString();
    if (!tmp.equals("/tmp")) { // "/tmp" itself is too short to mean anything
      machinePaths.add(tmp + "/");
    }
    List<String> found = new ArrayList<>();
    int entries = 0;
    String coordinates = null;
    try (JarFile file = new JarFile(jar.toFile())) {
      Enumeration<JarEntry> all = file.entries();
      while (all.hasMoreElements()) {
        JarEntry e = all.nextElement();
        if (e.isDirectory()) {
          continue;
        }
        entries++;
        String text;
        try (InputStream in = file.getInputStream(e)) {
          // ISO-8859-1 maps every byte to one char, so UTF-8 strings in class constant pools are found too
          text = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
        for (String p : machinePaths) {
          if (text.contains(p)) {
            found.add(e.getName() + " contains " + p);
          }
        }
        if (e.getName().equals(ServerClasspath.SERVER_RESOURCE)) {
          coordinates = text;
        }
      }
    }
    assertTrue(entries > 10, "the jar has its classes: " + entries + " entries");
    assertEquals(List.of(), found, "machine paths in " + jar);
    assertNotNull(coordinates, "the jar carries the server's coordinates");
    assertTrue(coordinates.contains("org.apache.spark:spark-connect_2.13:4.1.2"), coordinates);
    assertTrue(coordinates.contains("org.apache.spark:spark-mllib_2.13:4.1.0"), coordinates);
  }

  static Path builtJar() throws Exception {
    Path target = Paths.get(System.getProperty("project.build.directory", "target"));
    try (Stream<Path> files = Files.list(target)) {
      return files.filter(p -> p.getFileName().toString().matches("reactive-spark-connect-local-server-.*\\.jar"))
          .filter(p -> !p.getFileName().toString().contains("-sources") && !p.getFileName().toString().contains("-javadoc"))
          .findFirst().orElseThrow(() -> new AssertionError("no local-server jar in " + target + ": run after package"));
    }
  }
}
