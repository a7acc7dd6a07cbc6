package io.github.reactivespark.connect.localserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.reactivespark.connect.Row;
import io.github.reactivespark.connect.SparkSession;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded server starts from a local Maven repository other than the build's: an empty directory is filled
 * with just the artifacts the server needs, copied by the resolver from the build's own local repository (used as
 * a {@code file:} remote repository, so nothing comes from the network), then the server is started against that
 * directory offline with no remote repository at all, and runs a query. Its classpath names only jars of the new
 * directory.
 */
class OtherLocalRepositoryIT {

  @Test
  void startsAndQueriesFromAnotherLocalRepositoryOffline(@TempDir Path dir) throws Exception {
    Path buildRepository = ResolverSettings.fromSystemProperties().localRepository();
    Path repo = dir.resolve("m2-repository");
    Map<String, String> saved = new HashMap<>();
    try {
      set(saved, "localRepository", repo.toString());
      set(saved, "repositories", "build-local=" + buildRepository.toUri());
      set(saved, "offline", "false");
      set(saved, "cacheDir", dir.resolve("cache-fill").toString());
      long t0 = System.nanoTime();
      List<Path> copied = ServerClasspath.resolveNow(ServerClasspath.sparkServerCoordinates(), List.of(),
          ResolverSettings.fromSystemProperties(), System.err);
      System.out.printf("filled %s with %d jars from %s in %.1f s%n", repo, copied.size(), buildRepository,
          (System.nanoTime() - t0) / 1e9);
      assertTrue(copied.size() > 150, "Spark's server classpath: " + copied.size() + " jars");
      assertTrue(copied.stream().allMatch(p -> p.startsWith(repo)), "copied into the new repository");

      set(saved, "repositories", "");
      set(saved, "offline", "true");
      set(saved, "cacheDir", dir.resolve("cache").toString());
      t0 = System.nanoTime();
      try (LocalSparkConnectServer server = LocalSparkConnectServer.start(Map.of("spark.app.name", "other-repo",
              "spark.driver.memory", "1g"));
          SparkSession spark = SparkSession.builder().remote(server.remote()).create()) {
        System.out.printf("started offline from %s in %.1f s%n", repo, (System.nanoTime() - t0) / 1e9);
        Row r = spark.range(0, 100_000, 1, 4).selectExpr("sum(id)", "count(*)").first().block(Duration.ofMinutes(2));
        assertEquals(99_999L * 100_000L / 2, r.getLong(0));
        assertEquals(100_000L, r.getLong(1));

        String command = Files.readAllLines(server.logFile()).get(0);
        String classpath = command.substring(command.indexOf(" -cp ") + 5).split(" ")[0];
        List<String> sparkJars = Arrays.stream(classpath.split(File.pathSeparator))
            .filter(e -> e.endsWith(".jar") && Paths.get(e).getFileName().toString().startsWith("spark-"))
            .toList();
        assertFalse(sparkJars.isEmpty(), classpath);
        assertTrue(sparkJars.stream().allMatch(e -> e.startsWith(repo.toString())),
            "Spark's jars come from the new repository: " + sparkJars.subList(0, Math.min(3, sparkJars.size())));
        assertFalse(classpath.contains(buildRepository.toString() + File.separator + "org"),
            "nothing from the build's repository");
      }
    } finally {
      saved.forEach((k, v) -> {
        if (v == null) {
          System.clearProperty(LaunchSettings.PREFIX + k);
        } else {
          System.setProperty(LaunchSettings.PREFIX + k, v);
        }
      });
    }
  }

  private static void set(Map<String, String> saved, String key, String value) {
    saved.putIfAbsent(key, System.getProperty(LaunchSettings.PREFIX + key));
    System.setProperty(LaunchSettings.PREFIX + key, value);
  }
}
