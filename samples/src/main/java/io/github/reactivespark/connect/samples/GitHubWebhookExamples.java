package io.github.reactivespark.connect.samples;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Objects;

/**
 * Real varying-schema JSON for the VARIANT labs: the GitHub webhook payloads of the npm package
 * {@code @octokit/webhooks-examples@7.6.1}, fetched with the ordinary npm client ({@code npm pack}) and cached on the
 * local disk like {@link VegaDatasets} (same SHA-256 pinning and atomic extraction).
 *
 * <p>{@link #apiGitHubCom()} is {@code api.github.com/index.json}: one JSON array of {@value #EVENT_TYPES} event
 * types, each an object with {@code name}, {@code description}, {@code actions}, {@code properties} and
 * {@code examples}, the latter an array of real payloads ({@value #PAYLOADS} in all, {@value #TOP_LEVEL_SHAPES}
 * distinct sets of top-level keys, nested up to 7 levels).
 *
 * <p>Cache directory: the system property {@value VegaDatasets#DATA_DIR_PROPERTY} if set and not blank (shared with
 * {@link VegaDatasets}; the file names do not clash), otherwise
 * {@code ${user.home}/.cache/reactive-spark-connect/octokit-webhooks-examples-7.6.1}. All methods block (process
 * start, disk and network I/O); instances are thread-safe.
 */
public final class GitHubWebhookExamples {

  /** The npm package name. */
  public static final String PACKAGE = "@octokit/webhooks-examples";
  /** The npm package version this class pins. */
  public static final String VERSION = "7.6.1";
  /** The SHA-256 (lower-case hex) that the {@code npm pack} tarball of {@link #PACKAGE}@{@link #VERSION} must have. */
  public static final String TARBALL_SHA256 = "89e6cb1c6345d32e3dd775617fa54effbdc26c859e514898d7728e95e9738280";
  /** Event types in {@code api.github.com/index.json}. */
  public static final int EVENT_TYPES = 58;
  /** Example payloads in {@code api.github.com/index.json}, over all event types. */
  public static final int PAYLOADS = 329;
  /** Distinct sets of top-level keys among the payloads. */
  public static final int TOP_LEVEL_SHAPES = 164;

  private final Path cacheDir;
  private final NpmPackage npm;

  /**
   * A cache in {@code cacheDir} (created when first needed).
   *
   * @param cacheDir the cache directory; made absolute
   */
  public GitHubWebhookExamples(Path cacheDir) {
    this.cacheDir = Objects.requireNonNull(cacheDir, "cacheDir").toAbsolutePath().normalize();
    this.npm = new NpmPackage(PACKAGE, VERSION, TARBALL_SHA256, "package/api.github.com/", this.cacheDir);
  }

  /**
   * A cache in the directory named by {@value VegaDatasets#DATA_DIR_PROPERTY}, or the default one.
   *
   * @return a new instance; does no I/O
   */
  public static GitHubWebhookExamples fromSystemProperties() {
    String dir = System.getProperty(VegaDatasets.DATA_DIR_PROPERTY, "");
    return new GitHubWebhookExamples(dir.isBlank()
        ? Paths.get(System.getProperty("user.home"), ".cache", "reactive-spark-connect",
            "octokit-webhooks-examples-" + VERSION)
        : Paths.get(dir.trim()));
  }

  /**
   * {@code api.github.com/index.json} of the package, fetched and extracted if needed.
   *
   * @return the file's absolute path (4,301,964 bytes of JSON)
   * @throws UncheckedIOException if npm fails, the tarball's hash is wrong, or the file cannot be extracted
   */
  public Path apiGitHubCom() {
    return npm.files("index.json").get("index.json");
  }

  /**
   * The cache directory.
   *
   * @return an absolute, normalised path (it may not exist yet)
   */
  public Path cacheDir() {
    return cacheDir;
  }

  @Override
  public String toString() {
    return "GitHubWebhookExamples[" + PACKAGE + "@" + VERSION + " in " + cacheDir + "]";
  }
}
