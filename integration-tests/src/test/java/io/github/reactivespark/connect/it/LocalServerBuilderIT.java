package io.github.reactivespark.connect.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.reactivespark.connect.SparkSession;
import io.github.reactivespark.connect.spi.PackageResolutionException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code SparkSession.builder().remote("local").localServerPackages(...)} reaches the embedded server's resolver
 * through the SPI: a package that does not exist fails {@code create()} with {@link PackageResolutionException}
 * naming it, before any server JVM starts (so well before a server could have started).
 */
class LocalServerBuilderIT {

  @Test
  void anUnresolvablePackageFailsCreateNamingIt() {
    String missing = "io.github.reactivespark.nosuch:builder-package:0.0.1";
    long t0 = System.nanoTime();
    PackageResolutionException e = assertThrows(PackageResolutionException.class, () -> {
      try (SparkSession spark = SparkSession.builder().remote("local").localServerPackages(missing).create()) {
        spark.range(1).count().block();
      }
    });
    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    assertEquals(List.of(missing), e.coordinates());
    assertTrue(e.getMessage().contains(missing) && e.getMessage().contains("No server was started"), e.getMessage());
    assertTrue(took.compareTo(Duration.ofSeconds(60)) < 0, "failed in " + took);
  }
}
