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
 * One pinned npm package as a local file cache: the tarball comes from {@code npm pack <name>@<version>} (npm's own
 * configuration applies; no registry or host is named here), must have exactly the expected SHA-256 (checked after
 * every fetch and again on every later call; a tarball with another hash is deleted and the call fails), and the
 * requested files under one prefix of the tarball are extracted next to it, each through a temporary file and an
 * atomic move (a crashed or concurrent run never leaves a half-written file under the final name).
 *
 * <p>All methods block (process start, disk and network I/O). Instances are thread-safe. Used by
 * {@link VegaDatasets} and {@link GitHubWebhookExamples}.
 */
final class NpmPackage {

  /** How long {@code npm pack} may take. */
  private static final long NPM_TIMEOUT_SECONDS = 300;

  private final String name;
  private final String version;
  private final String sha256;
  private final String prefix;
  private final String tarballName;
  private final Path cacheDir;

  /**
   * @param name the npm package name, for example {@code @octokit/webhooks-examples}
   * @param version its exact version
   * @param sha256 the lower-case hex SHA-256 its {@code npm pack} tarball must have
   * @param prefix the tarball folder the files are taken from, ending with {@code /}
   * @param cacheDir the cache directory (absolute, normalised)
   */
  NpmPackage(String name, String version, String sha256, String prefix, Path cacheDir) {
    this.name = name;
    this.version = version;
    this.sha256 = sha256;
    this.prefix = prefix;
    this.cacheDir = cacheDir;
    this.tarballName = name.replace("@", "").replace('/', '-') + "-" + version + ".tgz";
  }

  /**
   * Files under {@link #prefix} of the package, extracting all missing ones in one pass over the tarball.
   * First makes sure the cached tarball exists and has the expected SHA-256 (running {@code npm pack} if it
   * does not exist); files already extracted are reused.
   *
   * @param names file names under the prefix; no path separators
   * @return each name mapped to its absolute path, in the order given
   * @throws IllegalArgumentException if a name is empty or contains a path separator or {@code ..}
   * @throws UncheckedIOException if npm fails, the tarball's hash is wrong (the bad tarball is deleted), or a file
   *     is missing from the package or cannot be written
   */
  public synchronized Map<String, Path> files(String... names) {
    Set<String> wanted = new LinkedHashSet<>();
    for (String n : names) {
      if (n.isEmpty() || n.contains("/") || n.contains("\\") || n.contains("..")) {
        throw new IllegalArgumentException("Not a plain file name under " + prefix + ": '" + n + "'");
      }
      wanted.add(n);
    }
    try {
      Files.createDirectories(cacheDir);
      Path tarball = cacheDir.resolve(tarballName);
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
      throw new UncheckedIOException("Could not provide " + wanted + " of " + name + "@" + version + " in "
          + cacheDir + ": " + e.getMessage(), e);
    }
  }

  /**
   * Whether the cached tarball exists and has the expected hash. A cached tarball with another hash (damaged or
   * tampered with) is deleted, so that it is fetched again.
   */
  private boolean verifyCachedTarball(Path tarball) throws IOException {
    if (!Files.isRegularFile(tarball)) {
      return false;
    }
    String actual = sha256(tarball);
    if (actual.equals(this.sha256)) {
      return true;
    }
    System.err.println("[" + name + "] cached " + tarball + " has SHA-256 " + actual + ", expected "
        + this.sha256 + ": deleting it and fetching the package again");
    Files.delete(tarball);
    return false;
  }

  /** Runs npm pack into a temporary directory, checks the hash, and moves the tarball to {@code tarball}. */
  private void fetchTarball(Path tarball) throws IOException {
    Path packDir = Files.createTempDirectory(cacheDir, ".npm-pack-");
    try {
      Path packed = npmPack(packDir);
      String actual = sha256(packed);
      if (!actual.equals(this.sha256)) {
        Files.deleteIfExists(packed);
        throw new IOException("npm pack " + name + "@" + version + " produced a tarball with SHA-256 " + actual
            + ", expected exactly " + this.sha256 + ". The file was deleted. Check your npm registry"
            + " configuration (npm config get registry): it does not serve the published package.");
      }
      move(packed, tarball);
    } finally {
      deleteRecursively(packDir);
    }
  }

  /** Runs {@code npm pack} into {@code dir} and returns the one tarball it wrote. */
  private Path npmPack(Path dir) throws IOException {
    boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
    List<String> command = List.of(windows ? "npm.cmd" : "npm", "pack", name + "@" + version,
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
        if (!entry.isFile() || !entry.getName().startsWith(prefix)) {
          continue;
        }
        String name = entry.getName().substring(prefix.length());
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
      throw new IOException(name + "@" + version + " has no " + prefix + pending);
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

}
