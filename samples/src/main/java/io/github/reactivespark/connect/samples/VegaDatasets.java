package io.github.reactivespark.connect.samples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.Objects;

/**
 * Real data for the samples: files of the npm package {@code vega-datasets@3.2.1}, fetched with the ordinary npm
 * client and cached on the local disk.
 *
 * <p>The package tarball is obtained with {@code npm pack vega-datasets@3.2.1 --pack-destination <dir>}, so npm's
 * own configuration (registry, proxy, cache) applies; this class names no registry or host. The tarball's SHA-256
 * must be exactly {@link #TARBALL_SHA256}: a tarball with another hash is deleted and the call fails. The tarball
 * is kept in the cache directory and its hash is checked again on every later call, before any cached file is
 * handed out. Requested files ({@code package/data/<name>} in the tarball) are extracted next to it.
 *
 * <p>Every file appears atomically: it is written to a temporary file in the cache directory and then moved into
 * place, so a crashed or concurrent run never leaves a half-written file under the final name, and two processes
 * using the same cache at once are safe (the last move wins; both wrote identical bytes).
 *
 * <p>Cache directory: the system property {@value #DATA_DIR_PROPERTY} if set and not blank, otherwise
 * {@code ${user.home}/.cache/reactive-spark-connect/vega-datasets-3.2.1} (see {@link #defaultCacheDir()}).
 *
 * <p>All methods block (process start, disk and network I/O): call them before building reactive pipelines, never
 * inside an operator. Instances are thread-safe.
 *
 * <pre>{@code
 * VegaDatasets data = VegaDatasets.fromSystemProperties();
 * Path flights = data.flights3m();     // absolute path of flights-3m.parquet
 * }</pre>
 */
public final class VegaDatasets {

  /** The npm package name. */
  public static final String PACKAGE = "vega-datasets";
  /** The npm package version this class pins. */
  public static final String VERSION = "3.2.1";
  /** The SHA-256 (lower-case hex) that the {@code npm pack} tarball of {@link #PACKAGE}@{@link #VERSION} must have. */
  public static final String TARBALL_SHA256 = "6f72fda460a9863fae5fcb32f85bcd49e1761fdea6dc6cf9f4962472881cc5a3";
  /** System property naming the cache directory. */
  public static final String DATA_DIR_PROPERTY = "reactivespark.data.dir";
  /** 3,000,000 US domestic flights, January to June 2001 (date, delay, distance, origin, destination). */
  public static final String FLIGHTS_3M = "flights-3m.parquet";
  /** 3,376 US airports with a header row (iata, name, city, state, country, latitude, longitude). */
  public static final String AIRPORTS = "airports.csv";

  private final Path cacheDir;
  private final NpmPackage npm;

  /**
   * A cache in {@code cacheDir} (created when first needed).
   *
   * @param cacheDir the cache directory; made absolute
   */
  public VegaDatasets(Path cacheDir) {
    this.cacheDir = Objects.requireNonNull(cacheDir, "cacheDir").toAbsolutePath().normalize();
    this.npm = new NpmPackage(PACKAGE, VERSION, TARBALL_SHA256, "package/data/", this.cacheDir);
  }

  /**
   * A cache in the directory named by the system property {@value #DATA_DIR_PROPERTY}, or in
   * {@link #defaultCacheDir()} when the property is not set or blank.
   *
   * @return a new instance; does no I/O
   */
  public static VegaDatasets fromSystemProperties() {
    String dir = System.getProperty(DATA_DIR_PROPERTY, "");
    return new VegaDatasets(dir.isBlank() ? defaultCacheDir() : Paths.get(dir.trim()));
  }

  /**
   * The default cache directory, {@code ${user.home}/.cache/reactive-spark-connect/vega-datasets-3.2.1}.
   *
   * @return an absolute path
   */
  public static Path defaultCacheDir() {
    return Paths.get(System.getProperty("user.home"), ".cache", "reactive-spark-connect", PACKAGE + "-" + VERSION)
        .toAbsolutePath();
  }

  /**
   * The cache directory.
   *
   * @return an absolute, normalised path (it may not exist yet)
   */
  public Path cacheDir() {
    return cacheDir;
  }

  /**
   * {@value #FLIGHTS_3M}, fetched and extracted if needed.
   *
   * @return the file's absolute path
   * @throws UncheckedIOException if npm fails, the tarball's hash is wrong, or the file cannot be extracted
   */
  public Path flights3m() {
    return file(FLIGHTS_3M);
  }

  /**
   * {@value #AIRPORTS}, fetched and extracted if needed.
   *
   * @return the file's absolute path
   * @throws UncheckedIOException if npm fails, the tarball's hash is wrong, or the file cannot be extracted
   */
  public Path airports() {
    return file(AIRPORTS);
  }

  /**
   * One file of the package's {@code data/} directory, for example {@code "seattle-weather.csv"}.
   *
   * @param name the file name under {@code package/data/}
   * @return the file's absolute path in the cache directory
   * @throws UncheckedIOException if npm fails, the tarball's hash is wrong, or the package has no such file
   */
  public Path file(String name) {
    return files(name).get(name);
  }

  /**
   * Files of the package's {@code data/} directory, extracting all missing ones in one pass over the tarball.
   * First makes sure the cached tarball exists and has the expected SHA-256 (running {@code npm pack} if it
   * does not exist); files already extracted are reused.
   *
   * @param names file names under {@code package/data/}; no path separators
   * @return each name mapped to its absolute path, in the order given
   * @throws IllegalArgumentException if a name is empty or contains a path separator or {@code ..}
   * @throws UncheckedIOException if npm fails, the tarball's hash is wrong (the bad tarball is deleted), or a file
   *     is missing from the package or cannot be written
   */
  public Map<String, Path> files(String... names) {
    return npm.files(names);
  }

  /**
   * The SHA-256 of a file.
   *
   * @param file the file to hash
   * @return lower-case hex
   * @throws IOException if the file cannot be read
   */
  static String sha256(Path file) throws IOException {
    return NpmPackage.sha256(file);
  }

  @Override
  public String toString() {
    return "VegaDatasets[" + PACKAGE + "@" + VERSION + " in " + cacheDir + "]";
  }
}
