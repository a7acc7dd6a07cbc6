package io.github.reactivespark.connect.web;

import io.github.reactivespark.connect.DataFrame;
import io.github.reactivespark.connect.SaveMode;
import io.github.reactivespark.connect.SparkSession;
import io.github.reactivespark.connect.samples.VegaDatasets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The data the service serves: registered Parquet files (each also a temporary view of the session, queried by
 * name in {@code /parquet/query}) and Delta tables (addressed by name, stored under the data directory).
 *
 * <p>At start (unless {@code reactive-spark.web.register-datasets=false}) it fetches npm {@code vega-datasets@3.2.1}
 * through {@link VegaDatasets} (cached, checksummed) and registers {@value #FLIGHTS} ({@code flights-3m.parquet}:
 * 3,000,000 US flights of 2001; date, delay, distance, origin, destination) and {@value #AIRPORTS}
 * ({@code airports.csv}, 3,376 airports, rewritten once as Parquet), and writes the Delta table {@value #AIRPORTS}
 * from the airports (overwritten at every start, so its history grows by one version per start). Startup blocks
 * (it runs on the main thread, before the server accepts requests).
 */
@Component
public class Datasets implements InitializingBean {

  /** The flights' name. */
  public static final String FLIGHTS = "flights";
  /** The airports' name (a Parquet file and a Delta table). */
  public static final String AIRPORTS = "airports";

  private static final Logger LOG = LoggerFactory.getLogger(Datasets.class);
  private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(5);

  private final SparkSession spark;
  private final WebServiceProperties properties;
  private final Map<String, String> parquet = new ConcurrentHashMap<>();
  private final Map<String, String> delta = new ConcurrentHashMap<>();

  /**
   * Created by Spring.
   *
   * @param spark the session (the starter's bean)
   * @param properties the service's settings
   */
  public Datasets(SparkSession spark, WebServiceProperties properties) {
    this.spark = spark;
    this.properties = properties;
  }

  @Override
  public void afterPropertiesSet() {
    if (!properties.isRegisterDatasets()) {
      return;
    }
    long start = System.nanoTime();
    VegaDatasets vega = VegaDatasets.fromSystemProperties();
    Map<String, Path> files = vega.files(VegaDatasets.FLIGHTS_3M, VegaDatasets.AIRPORTS);
    String airportsParquet = parquetDir().resolve("airports.parquet").toString();
    spark.read().option("header", true).option("inferSchema", true)
        .csv(files.get(VegaDatasets.AIRPORTS).toString())
        .write().mode(SaveMode.Overwrite).parquet(airportsParquet).block(STARTUP_TIMEOUT);
    registerParquet(FLIGHTS, files.get(VegaDatasets.FLIGHTS_3M).toString()).block(STARTUP_TIMEOUT);
    registerParquet(AIRPORTS, airportsParquet).block(STARTUP_TIMEOUT);
    String airportsDelta = properties.getDataDir().resolve("delta").resolve(AIRPORTS).toAbsolutePath().toString();
    spark.read().parquet(airportsParquet).write().format("delta").mode(SaveMode.Overwrite).save(airportsDelta)
        .block(STARTUP_TIMEOUT);
    delta.put(AIRPORTS, airportsDelta);
    LOG.info("Registered Parquet {} and Delta {} in {} ms", parquet.keySet(), delta.keySet(),
        (System.nanoTime() - start) / 1_000_000);
  }

  /**
   * Registers a Parquet file (or directory) under a name and as a temporary view of that name.
   *
   * @param name the name, also the view's
   * @param path the path as the Spark server sees it
   * @return completes when the view is created (cold: subscribing creates it); a Spark error if the path cannot
   *     be read
   */
  public Mono<Void> registerParquet(String name, String path) {
    return spark.read().parquet(path).createOrReplaceTempView(name).doOnSuccess(v -> parquet.put(name, path));
  }

  /**
   * The directory Parquet outputs are written to, created if missing.
   *
   * @return the absolute directory
   */
  public Path parquetDir() {
    Path dir = properties.getDataDir().resolve("parquet").toAbsolutePath();
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return dir;
  }

  /**
   * A registered Parquet file as a DataFrame (lazy, nothing runs).
   *
   * @param name its name
   * @return the DataFrame
   * @throws NotFoundException if no file has this name
   */
  public DataFrame parquet(String name) {
    String path = Optional.ofNullable(parquet.get(name))
        .orElseThrow(() -> new NotFoundException("No registered Parquet file '" + name + "'"));
    return spark.read().parquet(path);
  }

  /**
   * The path of a Delta table.
   *
   * @param name its name
   * @return its path as the server sees it
   * @throws NotFoundException if no Delta table has this name
   */
  public String deltaPath(String name) {
    return Optional.ofNullable(delta.get(name))
        .orElseThrow(() -> new NotFoundException("No Delta table '" + name + "'"));
  }

  /** @return the registered Parquet files by name (path as the server sees it) */
  public Map<String, String> parquetFiles() {
    return Map.copyOf(parquet);
  }

  /** A name that names no registered file or table: answered with 404. */
  public static final class NotFoundException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what was not found */
    public NotFoundException(String message) {
      super(message);
    }
  }
}
