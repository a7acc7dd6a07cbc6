package io.github.reactivespark.connect.pipelines;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How to run a dataflow graph: the fields of {@code StartRun}. Immutable; {@link Builder#build()} checks what
 * Spark's CLI and the server would refuse, so a bad combination fails before anything is sent.
 *
 * <ul>
 *   <li>{@link #storage()}: where the run keeps its streaming checkpoints and metadata; required by Spark Connect
 *       4.1.2 ({@code "Storage must be specified to start a run."}) and an absolute URI with a scheme
 *       ({@code PIPELINE_STORAGE_ROOT_INVALID} otherwise), for example {@code file:///data/pipelines/flights}.</li>
 *   <li>neither selection nor {@link #fullRefreshAll()}: a default run, which refreshes every dataset
 *       incrementally (streaming tables process only new data; materialized views are recomputed).</li>
 *   <li>{@link #fullRefresh()}: these datasets are reset (streaming tables emptied, their checkpoints dropped) and
 *       recomputed; other datasets are left as they are unless also in {@link #refresh()}.</li>
 *   <li>{@link #refresh()}: only these datasets are refreshed; the others are excluded from the run.</li>
 *   <li>{@link #fullRefreshAll()}: every dataset is reset and recomputed.</li>
 *   <li>{@link #dry()}: the graph is only resolved and validated; no flow runs and nothing is written.</li>
 * </ul>
 */
public final class RunOptions {

  private final String storage;
  private final boolean fullRefreshAll;
  private final List<String> fullRefresh;
  private final List<String> refresh;
  private final boolean dry;

  private RunOptions(Builder b) {
    this.storage = b.storage;
    this.fullRefreshAll = b.fullRefreshAll;
    this.fullRefresh = List.copyOf(b.fullRefresh);
    this.refresh = List.copyOf(b.refresh);
    this.dry = b.dry;
  }

  /**
   * A builder of options for a run that keeps its state under {@code storage}.
   *
   * @param storage an absolute URI with a scheme, for example {@code file:///tmp/pipeline-storage} or
   *     {@code s3a://bucket/pipelines/x}
   * @return a new builder
   * @throws IllegalArgumentException if {@code storage} is blank, not a URI, has no scheme or is not absolute
   */
  public static Builder builder(String storage) {
    return new Builder(checkStorage(storage));
  }

  /**
   * A builder of options for a run that keeps its state in a local directory (the server must see the same path:
   * an embedded server or one on this machine).
   *
   * @param storage the directory; sent as its absolute {@code file:} URI
   * @return a new builder
   */
  public static Builder builder(Path storage) {
    return new Builder(fileUri(storage));
  }

  /**
   * The absolute {@code file:} URI of a local path, without the trailing {@code /} that {@link Path#toUri()} adds
   * for an existing directory (so that the URI of a storage directory does not change once a run created it).
   *
   * @param path the path
   * @return for example {@code file:///tmp/pipeline-storage}
   */
  public static String fileUri(Path path) {
    String uri = path.toAbsolutePath().normalize().toUri().toString();
    return uri.endsWith("/") && !uri.endsWith(":///") ? uri.substring(0, uri.length() - 1) : uri;
  }

  /**
   * A default run (every dataset refreshed incrementally) with state under {@code storage}.
   *
   * @param storage see {@link #builder(String)}
   * @return the options
   */
  public static RunOptions of(String storage) {
    return builder(storage).build();
  }

  private static String checkStorage(String storage) {
    if (Objects.requireNonNull(storage, "storage").isBlank()) {
      throw new IllegalArgumentException("storage must not be blank: Spark Connect 4.1.2 needs a storage location"
          + " to start a run");
    }
    URI uri;
    try {
      uri = new URI(storage);
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException("storage is not a URI: " + storage, e);
    }
    if (uri.getScheme() == null || !uri.isAbsolute() || uri.getPath() == null || !uri.getPath().startsWith("/")) {
      throw new IllegalArgumentException("storage must be an absolute path with a URI scheme, for example"
          + " file:///tmp/pipeline-storage (the server refuses others: PIPELINE_STORAGE_ROOT_INVALID), was "
          + storage);
    }
    return storage;
  }

  /**
   * Where the run keeps its checkpoints and metadata ({@code StartRun.storage}).
   *
   * @return the storage URI
   */
  public String storage() {
    return storage;
  }

  /**
   * Whether every dataset is reset and recomputed ({@code StartRun.full_refresh_all}).
   *
   * @return true for a full refresh of the whole graph
   */
  public boolean fullRefreshAll() {
    return fullRefreshAll;
  }

  /**
   * The datasets to reset and recompute ({@code StartRun.full_refresh_selection}).
   *
   * @return an unmodifiable list, possibly empty
   */
  public List<String> fullRefresh() {
    return fullRefresh;
  }

  /**
   * The datasets to refresh ({@code StartRun.refresh_selection}); when not empty, the others are excluded.
   *
   * @return an unmodifiable list, possibly empty
   */
  public List<String> refresh() {
    return refresh;
  }

  /**
   * Whether the run only validates the graph ({@code StartRun.dry}).
   *
   * @return true for a dry run
   */
  public boolean dry() {
    return dry;
  }

  @Override
  public String toString() {
    return "RunOptions[storage=" + storage + (dry ? ", dry" : "") + (fullRefreshAll ? ", fullRefreshAll" : "")
        + (fullRefresh.isEmpty() ? "" : ", fullRefresh=" + fullRefresh)
        + (refresh.isEmpty() ? "" : ", refresh=" + refresh) + "]";
  }

  /** Builds {@link RunOptions}. Not thread-safe. */
  public static final class Builder {
    private final String storage;
    private boolean fullRefreshAll;
    private final List<String> fullRefresh = new ArrayList<>();
    private final List<String> refresh = new ArrayList<>();
    private boolean dry;

    private Builder(String storage) {
      this.storage = storage;
    }

    /**
     * Resets and recomputes every dataset.
     *
     * @param fullRefreshAll true for a full refresh of the whole graph
     * @return this builder
     */
    public Builder fullRefreshAll(boolean fullRefreshAll) {
      this.fullRefreshAll = fullRefreshAll;
      return this;
    }

    /**
     * Adds datasets to reset and recompute.
     *
     * @param datasets dataset names as defined (qualified or not)
     * @return this builder
     */
    public Builder fullRefresh(String... datasets) {
      return fullRefresh(Arrays.asList(datasets));
    }

    /**
     * Adds datasets to reset and recompute.
     *
     * @param datasets dataset names as defined (qualified or not)
     * @return this builder
     */
    public Builder fullRefresh(Collection<String> datasets) {
      Definitions.addNames(fullRefresh, datasets, "full refresh dataset");
      return this;
    }

    /**
     * Adds datasets to refresh; the datasets not named here or in {@link #fullRefresh(String...)} are excluded.
     *
     * @param datasets dataset names as defined (qualified or not)
     * @return this builder
     */
    public Builder refresh(String... datasets) {
      return refresh(Arrays.asList(datasets));
    }

    /**
     * Adds datasets to refresh.
     *
     * @param datasets dataset names as defined (qualified or not)
     * @return this builder
     */
    public Builder refresh(Collection<String> datasets) {
      Definitions.addNames(refresh, datasets, "refresh dataset");
      return this;
    }

    /**
     * Only validates the graph: no flow runs, nothing is written.
     *
     * @param dry true for a dry run
     * @return this builder
     */
    public Builder dry(boolean dry) {
      this.dry = dry;
      return this;
    }

    /**
     * The immutable options.
     *
     * @return the options
     * @throws IllegalArgumentException if {@code fullRefreshAll} is combined with a selection (Spark's CLI:
     *     {@code CONFLICTING_PIPELINE_REFRESH_OPTIONS}), or a dataset is both in the refresh and in the full refresh
     *     selection (the server refuses overlapping selections)
     */
    public RunOptions build() {
      if (fullRefreshAll && !fullRefresh.isEmpty()) {
        throw new IllegalArgumentException("fullRefreshAll cannot be combined with a full refresh selection "
            + fullRefresh + " (CONFLICTING_PIPELINE_REFRESH_OPTIONS)");
      }
      if (fullRefreshAll && !refresh.isEmpty()) {
        throw new IllegalArgumentException("fullRefreshAll cannot be combined with a refresh selection " + refresh
            + " (CONFLICTING_PIPELINE_REFRESH_OPTIONS)");
      }
      Set<String> overlap = new HashSet<>(fullRefresh);
      overlap.retainAll(refresh);
      if (!overlap.isEmpty()) {
        throw new IllegalArgumentException("datasets cannot be both refreshed and fully refreshed: " + overlap);
      }
      return new RunOptions(this);
    }
  }
}
