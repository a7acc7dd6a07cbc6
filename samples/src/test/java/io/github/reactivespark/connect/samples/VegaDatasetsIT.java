package io.github.reactivespark.connect.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link VegaDatasets} with the real npm client, in a fresh cache directory (runs {@code npm pack} twice). */
class VegaDatasetsIT {

  @Test
  void fetchesOnceReusesTheCacheAndRefetchesADamagedTarball(@TempDir Path dir) throws IOException {
    VegaDatasets data = new VegaDatasets(dir.resolve("cache"));
    Map<String, Path> files = data.files(VegaDatasets.FLIGHTS_3M, VegaDatasets.AIRPORTS);
    Path flights = files.get(VegaDatasets.FLIGHTS_3M);
    Path airports = files.get(VegaDatasets.AIRPORTS);
    assertTrue(flights.isAbsolute());
    assertEquals(13_493_022L, Files.size(flights));
    assertEquals("iata,name,city,state,country,latitude,longitude", Files.readAllLines(airports).get(0));
    assertEquals(3_377, Files.readAllLines(airports).size(), "header + 3,376 airports");
    Path tarball = data.cacheDir().resolve("vega-datasets-3.2.1.tgz");
    assertEquals(VegaDatasets.TARBALL_SHA256, VegaDatasets.sha256(tarball));
    try (Stream<Path> s = Files.list(data.cacheDir())) {
      assertEquals(List.of("airports.csv", "flights-3m.parquet", "vega-datasets-3.2.1.tgz"),
          s.map(p -> p.getFileName().toString()).sorted().toList(), "no temporary files left behind");
    }

    // A second call reuses the cache: nothing is rewritten.
    FileTime old = FileTime.fromMillis(1_000_000_000_000L);
    Files.setLastModifiedTime(flights, old);
    Files.setLastModifiedTime(tarball, old);
    assertEquals(flights, new VegaDatasets(dir.resolve("cache")).flights3m());
    assertEquals(old, Files.getLastModifiedTime(flights));
    assertEquals(old, Files.getLastModifiedTime(tarball));

    // A damaged tarball is detected on the next call, fetched again, and the files are extracted again.
    Files.write(tarball, new byte[] {1}, StandardOpenOption.APPEND);
    Files.write(flights, new byte[] {1}, StandardOpenOption.APPEND);
    assertEquals(flights, data.flights3m());
    assertEquals(VegaDatasets.TARBALL_SHA256, VegaDatasets.sha256(tarball));
    assertEquals(13_493_022L, Files.size(flights));

    assertThrows(java.io.UncheckedIOException.class, () -> data.file("no-such-file.csv"));
    assertThrows(IllegalArgumentException.class, () -> data.file("../airports.csv"));
  }
}
