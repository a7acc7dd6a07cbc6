package io.github.reactivespark.connect.samples;

import static io.github.reactivespark.connect.functions.avg;
import static io.github.reactivespark.connect.functions.col;
import static io.github.reactivespark.connect.functions.count;
import static io.github.reactivespark.connect.functions.round;
import static io.github.reactivespark.connect.functions.sum;

import io.github.reactivespark.connect.DataFrame;
import io.github.reactivespark.connect.Row;
import io.github.reactivespark.connect.SparkSession;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * The REST data source sample: a Spark DSv2 data source written in Java ({@code samples.rest.RestJsonSource}), shipped
 * to the session as a jar artifact at run time, reads a paged JSON API (real data: vega-datasets'
 * {@code seattle-weather.csv}, 1,461 days of Seattle weather, served as JSON pages by a {@link PagedJsonServer} on
 * loopback) with {@code spark.read().format(className).load()}. The driver asks page 0 how many pages there are; each
 * page is one partition, fetched by an executor.
 *
 * <p>This JVM never loads the data source's classes (they need Spark's connector API): it packs their class files
 * into a jar and uploads it with {@code addArtifact}; the server loads them from the session's artifacts.
 */
public final class RestDataSourceSample {

  /** The data source's class name, for {@code format(...)}. */
  public static final String SOURCE = "io.github.reactivespark.connect.samples.rest.RestJsonSource";
  /** The data source's package, as a resource path. */
  static final String PACKAGE = "io/github/reactivespark/connect/samples/rest/";
  /** The schema of seattle-weather.csv, as the data source's reader gets it. */
  public static final String WEATHER_SCHEMA =
      "date DATE, precipitation DOUBLE, temp_max DOUBLE, temp_min DOUBLE, wind DOUBLE, weather STRING";

  private static final Duration TIMEOUT = Duration.ofMinutes(5);

  private RestDataSourceSample() {}

  /**
   * The data source's classes as a jar (read as resources from this module's classes directory or jar; none of them
   * is loaded).
   *
   * @return the jar's bytes
   * @throws UncheckedIOException if the class files cannot be read
   */
  public static byte[] dataSourceJar() {
    URL source = RestDataSourceSample.class.getClassLoader().getResource(PACKAGE + "RestJsonSource.class");
    if (source == null) {
      throw new IllegalStateException("The data source's classes are not on the class path: " + PACKAGE);
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (JarOutputStream jar = new JarOutputStream(bytes)) {
      if (source.getProtocol().equals("jar")) {
        JarURLConnection connection = (JarURLConnection) source.openConnection();
        try (JarFile file = new JarFile(Paths.get(connection.getJarFileURL().toURI()).toFile())) {
          List<JarEntry> entries = new ArrayList<>();
          for (Enumeration<JarEntry> e = file.entries(); e.hasMoreElements(); ) {
            JarEntry entry = e.nextElement();
            if (entry.getName().startsWith(PACKAGE) && entry.getName().endsWith(".class")) {
              entries.add(entry);
            }
          }
          for (JarEntry entry : entries) {
            try (InputStream in = file.getInputStream(entry)) {
              add(jar, entry.getName(), in.readAllBytes());
            }
          }
        }
      } else {
        Path dir = Paths.get(source.toURI()).getParent();
        Path root = dir;
        for (int i = 0; i < PACKAGE.split("/").length; i++) {
          root = root.getParent();
        }
        try (Stream<Path> files = Files.list(dir)) {
          for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".class")).sorted().toList()) {
            add(jar, root.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot pack the data source's classes", e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    return bytes.toByteArray();
  }

  private static void add(JarOutputStream jar, String name, byte[] content) throws IOException {
    JarEntry entry = new JarEntry(name);
    entry.setTime(0L);
    jar.putNextEntry(entry);
    jar.write(content);
    jar.closeEntry();
  }

  /**
   * The weather served at {@code url}, read through the data source (the jar must be in the session).
   *
   * @param spark the session
   * @param url the endpoint
   * @param pageSize rows per page (and per partition)
   * @return the DataFrame (lazy)
   */
  public static DataFrame weather(SparkSession spark, String url, int pageSize) {
    return spark.read().format(SOURCE).schema(WEATHER_SCHEMA).option("url", url).option("pageSize", pageSize).load();
  }

  /** Runs the sample; exits 1 on failure. */
  public static void main(String[] args) {
    int status;
    try {
      run(System.out);
      status = 0;
    } catch (Throwable t) {
      System.err.println("RestDataSourceSample FAILED: " + t);
      t.printStackTrace();
      status = 1;
    }
    System.exit(status);
  }

  /**
   * The whole sample. Blocks (a program, not library code).
   *
   * @param out where the results go
   * @throws IllegalStateException if the data source's totals differ from the CSV's
   */
  public static void run(PrintStream out) {
    Path csv = VegaDatasets.fromSystemProperties().file("seattle-weather.csv");
    try (PagedJsonServer api = PagedJsonServer.ofCsv(csv);
         SparkSession spark = SparkSession.builder().create()) {
      out.printf("Connected to Spark %s; %,d days of Seattle weather served as JSON pages at %s%n",
          spark.version().block(TIMEOUT), api.rows().size(), api.url());
      byte[] jar = dataSourceJar();
      spark.addArtifact(jar, "rest-json-source.jar").block(TIMEOUT);
      out.printf("Shipped the data source (%,d bytes) as jars/rest-json-source.jar%n", jar.length);
      DataFrame weather = weather(spark, api.url(), 100);
      List<Row> byKind = weather.groupBy("weather")
          .agg(count("*").as("days"), round(avg(col("temp_max")), 1).as("avg_max_c"),
              round(sum(col("precipitation")), 1).as("precipitation_mm"))
          .orderBy(col("days").desc()).collectAsList().block(TIMEOUT);
      out.println("weather   days  avg max °C  precipitation mm");
      for (Row r : byKind) {
        out.printf("%-8s %5d %11s %17s%n", r.getString(0), r.getLong(1), r.get(2), r.get(3));
      }
      long days = weather.count().block(TIMEOUT);
      out.printf("%,d rows read from %d pages; requests per page: %s%n", days,
          api.requestsPerPage().size(), api.requestsPerPage());
      if (days != api.rows().size()) {
        throw new IllegalStateException("read " + days + " rows, the API serves " + api.rows().size());
      }
    }
  }
}
