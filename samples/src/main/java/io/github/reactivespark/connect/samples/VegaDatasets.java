package io.github.reactivespark.connect.samples;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

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

  /** How long {@code npm pack} may take. */
  private static final long NPM_TIMEOUT_SECONDS = 300;
  private static final String TARBALL_NAME = PACKAGE + "-" + VERSION + ".tgz";
  private static final String DATA_PREFIX = "package/data/";

  private final Path cacheDir;

  /**
   * A cache in {@code cacheDir} (created when first needed).
   *
   * @param cacheDir the cache directory; made absolute
   */
  public VegaDatasets(Path cacheDir) {
    this.cacheDir = Objects.requireNonNull(cacheDir, "cacheDir").toAbsolutePath().normalize();
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
  public synchronized Map<String, Path> files(String... names) {
    Set<String> wanted = new LinkedHashSet<>();
    for (String n : names) {
      if (n.isEmpty() || n.contains("/") || n.contains("\\") || n.contains("..")) {
        throw new IllegalArgumentException("Not a plain file name under " + DATA_PREFIX + ": '" + n + "'");
      }
      wanted.add(n);
    }
    try {
      Files.createDirectories(cacheDir);
      Path tarball = cacheDir.resolve(TARBALL_NAME);
      // Files extracted from a tarball that turned out bad are not trusted: extract them again.
      boolean fresh = !verifyCachedTarball(tarball);
      if (fresh) {
        fetchTarball(tarball);
      }
      Map<String, Path> result = new LinkedHashMap<>();
      Set<String> missing = new LinkedHashSet<>();
      for (String n : wanted) {
        Path target = cacheDir.resolve(n);
        result.put(n, target);
        if (fresh || !Files.isRegularFile(target)) {
          missing.add(n);
        }
      }
      if (!missing.isEmpty()) {
        extract(tarball, missing);
      }
      return result;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not provide " + wanted + " of " + PACKAGE + "@" + VERSION + " in "
          + cacheDir + ": " + e.getMessage(), e);
    }
  }

  /**
   * Whether the cached tarball exists and has the expected hash. A cached tarball with another hash (damaged or
   * tampered with) is deleted, so that it is fetched again.
   */
  private static boolean verifyCachedTarball(Path tarball) throws IOException {
    if (!Files.isRegularFile(tarball)) {
      return false;
    }
    String actual = sha256(tarball);
    if (actual.equals(TARBALL_SHA256)) {
      return true;
    }
    System.err.println("[vega-datasets] cached " + tarball + " has SHA-256 " + actual + ", expected "
        + TARBALL_SHA256 + ": deleting it and fetching the package again");
    Files.delete(tarball);
    return false;
  }

  /** Runs npm pack into a temporary directory, checks the hash, and moves the tarball to {@code tarball}. */
  private void fetchTarball(Path tarball) throws IOException {
    Path packDir = Files.createTempDirectory(cacheDir, ".npm-pack-");
    try {
      Path packed = npmPack(packDir);
      String actual = sha256(packed);
      if (!actual.equals(TARBALL_SHA256)) {
        Files.deleteIfExists(packed);
        throw new IOException("npm pack " + PACKAGE + "@" + VERSION + " produced a tarball with SHA-256 " + actual
            + ", expected exactly " + TARBALL_SHA256 + ". The file was deleted. Check your npm registry"
            + " configuration (npm config get registry): it does not serve the published package.");
      }
      move(packed, tarball);
    } finally {
      deleteRecursively(packDir);
    }
  }

  /** Runs {@code npm pack} into {@code dir} and returns the one tarball it wrote. */
  private static Path npmPack(Path dir) throws IOException {
    boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
    List<String> command = List.of(windows ? "npm.cmd" : "npm", "pack", PACKAGE + "@" + VERSION,
        "--pack-destination", dir.toString());
    Path log = dir.resolve("npm-pack.log");
    Process process;
    try {
      process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
          .redirectOutput(log.toFile()).start();
    } catch (IOException e) {
      throw new IOException("Could not run '" + String.join(" ", command) + "': is npm (Node.js) installed and on"
          + " the PATH? " + e.getMessage(), e);
    }
    boolean finished;
    try {
      finished = process.waitFor(NPM_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted while waiting for npm pack", e);
    }
    if (!finished) {
      process.destroyForcibly();
      throw new IOException("'" + String.join(" ", command) + "' did not finish within " + NPM_TIMEOUT_SECONDS
          + " s; its output:\n" + tail(log));
    }
    if (process.exitValue() != 0) {
      throw new IOException("'" + String.join(" ", command) + "' failed with exit code " + process.exitValue()
          + "; its output:\n" + tail(log));
    }
    List<Path> tarballs = new ArrayList<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*.tgz")) {
      s.forEach(tarballs::add);
    }
    if (tarballs.size() != 1) {
      throw new IOException("npm pack wrote " + tarballs.size() + " tarballs to " + dir + " (expected 1): "
          + tarballs + "; its output:\n" + tail(log));
    }
    return tarballs.get(0);
  }

  /** Extracts {@code package/data/<name>} for each name, each through a temporary file and a move. */
  private void extract(Path tarball, Set<String> names) throws IOException {
    Set<String> pending = new LinkedHashSet<>(names);
    try (InputStream file = Files.newInputStream(tarball);
        TarArchiveInputStream tar = new TarArchiveInputStream(
            new GzipCompressorInputStream(new BufferedInputStream(file, 1 << 16)))) {
      TarArchiveEntry entry;
      while (!pending.isEmpty() && (entry = tar.getNextEntry()) != null) {
        if (!entry.isFile() || !entry.getName().startsWith(DATA_PREFIX)) {
          continue;
        }
        String name = entry.getName().substring(DATA_PREFIX.length());
        if (!pending.remove(name)) {
          continue;
        }
        Path tmp = Files.createTempFile(cacheDir, "." + name + ".", ".part");
        try {
          long copied = Files.copy(tar, tmp, StandardCopyOption.REPLACE_EXISTING);
          if (copied != entry.getSize()) {
            throw new IOException("Extracted " + copied + " bytes of " + entry.getName() + ", the tarball says "
                + entry.getSize());
          }
          move(tmp, cacheDir.resolve(name));
        } finally {
          Files.deleteIfExists(tmp);
        }
      }
    }
    if (!pending.isEmpty()) {
      throw new IOException(PACKAGE + "@" + VERSION + " has no " + DATA_PREFIX + pending);
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /**
   * The SHA-256 of a file.
   *
   * @param file the file to hash
   * @return lower-case hex
   * @throws IOException if the file cannot be read
   */
  static String sha256(Path file) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every Java platform has SHA-256", e);
    }
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        digest.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(no output: " + e.getMessage() + ")";
    }
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException ignored) {
          // best effort: a leftover temp directory is harmless
        }
      });
    } catch (IOException ignored) {
      // best effort
    }
  }

  @Override
  public String toString() {
    return "VegaDatasets[" + PACKAGE + "@" + VERSION + " in " + cacheDir + "]";
  }
}
