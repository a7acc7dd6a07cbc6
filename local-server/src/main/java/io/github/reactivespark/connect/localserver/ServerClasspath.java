package io.github.reactivespark.connect.localserver;

import io.github.reactivespark.connect.spi.PackageResolutionException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.artifact.Artifact;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.repository.LocalRepository;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.resolution.DependencyResolutionException;
import org.eclipse.aether.resolution.DependencyResult;
import org.eclipse.aether.supplier.RepositorySystemSupplier;
import org.eclipse.aether.supplier.SessionBuilderSupplier;
import org.eclipse.aether.transfer.AbstractTransferListener;
import org.eclipse.aether.transfer.TransferEvent;
import org.eclipse.aether.transfer.TransferResource;
import org.eclipse.aether.util.artifact.JavaScopes;
import org.eclipse.aether.util.filter.DependencyFilterUtils;
import org.jspecify.annotations.Nullable;

/**
 * Resolves the server JVM's classpath on this machine with Maven Resolver: Spark's server artifacts (from the
 * bundled {@code spark-server.properties}, coordinates only) plus any requested packages, with their runtime
 * dependency graph mediated as Maven does, into the user's local repository, from the repositories of their Maven
 * settings ({@link ResolverSettings}).
 *
 * <p>The result is cached in a file (one absolute jar path a line) under {@link ResolverSettings#cacheDir()},
 * named by a SHA-256 of the coordinates, the local repository and the repositories. A cached classpath whose
 * files all exist is used without running the resolver at all, so a cached start needs no network and no POM
 * parsing. While files download, a progress line goes to standard error every few seconds; nothing is printed when
 * everything is already local.
 */
final class ServerClasspath {

  /** The bundled resource naming the Spark server's coordinates (filtered by the build; no machine paths). */
  static final String SERVER_RESOURCE = "io/github/reactivespark/connect/localserver/spark-server.properties";

  private static final long PROGRESS_EVERY_NANOS = 5_000_000_000L;

  private ServerClasspath() {}

  /** The Spark server's own coordinates, {@code groupId:artifactId:version}, in classpath order. */
  static List<String> sparkServerCoordinates() {
    Properties p = new Properties();
    try (InputStream in = ServerClasspath.class.getClassLoader().getResourceAsStream(SERVER_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("Resource " + SERVER_RESOURCE + " missing from the local-server jar");
      }
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + SERVER_RESOURCE, e);
    }
    return Arrays.stream(p.getProperty("coordinates", "").split(",")).map(String::trim).filter(s -> !s.isEmpty())
        .toList();
  }

  /**
   * The jars of {@code coordinates} and their runtime dependencies, from the cache or resolved now (blocking;
   * minutes on first use, when about 480 MB of Spark jars download).
   *
   * @param coordinates {@code groupId:artifactId[:extension[:classifier]]:version}, earlier ones win conflicts
   * @param packages the subset of {@code coordinates} the user asked for, named first in errors
   * @throws PackageResolutionException if an artifact cannot be resolved; the message names the coordinates
   */
  static synchronized List<Path> resolve(List<String> coordinates, List<String> packages, ResolverSettings settings) {
    Path cacheFile = settings.cacheDir().resolve(cacheKey(coordinates, settings) + ".classpath");
    List<Path> cached = readCache(cacheFile);
    if (cached != null) {
      return cached;
    }
    List<Path> jars = resolveNow(coordinates, packages, settings, System.err);
    writeCache(cacheFile, coordinates, settings, jars);
    return jars;
  }

  static String cacheKey(List<String> coordinates, ResolverSettings settings) {
    StringBuilder b = new StringBuilder("v1\n");
    coordinates.forEach(c -> b.append(c).append('\n'));
    b.append(settings.localRepository()).append('\n');
    settings.repositories().forEach(r -> b.append(r.getId()).append('=').append(r.getUrl()).append('\n'));
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(b.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static @Nullable List<Path> readCache(Path cacheFile) {
    if (!Files.isRegularFile(cacheFile)) {
      return null;
    }
    try {
      List<Path> jars = Files.readAllLines(cacheFile, StandardCharsets.UTF_8).stream()
          .filter(line -> !line.isBlank() && !line.startsWith("#"))
          .map(Paths::get)
          .toList();
      return !jars.isEmpty() && jars.stream().allMatch(Files::isRegularFile) ? jars : null;
    } catch (IOException | RuntimeException e) {
      return null; // unreadable or stale: resolve again
    }
  }

  private static void writeCache(Path cacheFile, List<String> coordinates, ResolverSettings settings,
      List<Path> jars) {
    try {
      Files.createDirectories(cacheFile.getParent());
      Path tmp = Files.createTempFile(cacheFile.getParent(), cacheFile.getFileName().toString(), ".tmp");
      List<String> lines = new ArrayList<>();
      lines.add("# Spark server classpath resolved by reactive-spark-connect local-server; safe to delete");
      lines.add("# coordinates: " + String.join(",", coordinates));
      lines.add("# local repository: " + settings.localRepository());
      jars.forEach(j -> lines.add(j.toString()));
      Files.write(tmp, lines, StandardCharsets.UTF_8);
      try {
        Files.move(tmp, cacheFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, cacheFile, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      // a cache we cannot write only costs the next start a resolution
      System.err.println("[local-server] cannot write the classpath cache " + cacheFile + ": " + e);
    }
  }

  static List<Path> resolveNow(List<String> coordinates, List<String> packages, ResolverSettings settings,
      PrintStream progressOut) {
    long start = System.nanoTime();
    Progress progress = new Progress(progressOut, settings.localRepository(), start);
    RepositorySystem system = new RepositorySystemSupplier().get();
    // Offline: take whatever the local repository holds, whichever repository it came from ("simple" layout
    // bookkeeping); online: Maven's own "enhanced" local repository, which tracks origins.
    LocalRepository local = new LocalRepository(settings.localRepository(), settings.offline() ? "simple" : "");
    try (RepositorySystemSession.CloseableSession session = new SessionBuilderSupplier(system).get()
        .withLocalRepositories(local)
        .setOffline(settings.offline())
        .setSystemProperties(System.getProperties())
        .setMirrorSelector(settings.mirrors())
        .setProxySelector(settings.proxies())
        .setAuthenticationSelector(settings.authentication())
        .setTransferListener(progress)
        .build()) {
      CollectRequest collect = new CollectRequest();
      for (String coordinate : coordinates) {
        collect.addDependency(new Dependency(artifact(coordinate), JavaScopes.RUNTIME));
      }
      List<RemoteRepository> repositories = system.newResolutionRepositories(session, settings.repositories());
      collect.setRepositories(repositories);
      DependencyRequest request =
          new DependencyRequest(collect, DependencyFilterUtils.classpathFilter(JavaScopes.RUNTIME));
      DependencyResult result;
      try {
        result = system.resolveDependencies(session, request);
      } catch (DependencyResolutionException e) {
        throw failure(e, coordinates, packages, settings, repositories);
      }
      Set<Path> jars = new LinkedHashSet<>();
      for (ArtifactResult r : result.getArtifactResults()) {
        Artifact a = r.getArtifact();
        if (a != null && a.getPath() != null && a.getPath().toString().endsWith(".jar")) {
          jars.add(a.getPath().toAbsolutePath());
        }
      }
      progress.finished(jars.size());
      return List.copyOf(jars);
    } finally {
      system.shutdown();
    }
  }

  static DefaultArtifact artifact(String coordinate) {
    try {
      return new DefaultArtifact(coordinate);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Not a Maven coordinate (groupId:artifactId[:extension[:classifier]]"
          + ":version): '" + coordinate + "'", e);
    }
  }

  private static PackageResolutionException failure(DependencyResolutionException e, List<String> coordinates,
      List<String> packages, ResolverSettings settings, List<RemoteRepository> repositories) {
    // Which requested coordinates failed: those named in the resolver's message, the packages first.
    String text = describe(e);
    List<String> failed = new ArrayList<>();
    List<String> ordered = new ArrayList<>(packages);
    coordinates.stream().filter(c -> !packages.contains(c)).forEach(ordered::add);
    for (String c : ordered) {
      DefaultArtifact a = artifact(c);
      if (text.contains(a.getGroupId() + ":" + a.getArtifactId())) {
        failed.add(c);
      }
    }
    if (failed.isEmpty()) {
      failed.addAll(packages.isEmpty() ? coordinates : packages);
    }
    String where = repositories.isEmpty() ? "no remote repository"
        : repositories.stream().map(r -> r.getId() + " (" + r.getUrl() + ")").collect(Collectors.joining(", "));
    String message = "Cannot resolve " + String.join(", ", failed) + " for the local Spark Connect server"
        + (settings.offline() ? " (offline)" : "") + ": " + text + System.lineSeparator()
        + "Searched: local repository " + settings.localRepository() + ", " + where + "; Maven settings: "
        + settings.source() + ". No server was started.";
    return new PackageResolutionException(message, failed, e);
  }

  /** The resolver's messages, outermost first, without repeats. */
  private static String describe(Throwable e) {
    Set<String> parts = new LinkedHashSet<>();
    for (Throwable t = e; t != null && parts.size() < 6; t = t.getCause()) {
      if (t.getMessage() != null) {
        parts.add(t.getMessage());
      }
    }
    return String.join("; ", parts);
  }

  /** One progress line every few seconds while files download; a summary line if anything downloaded. */
  static final class Progress extends AbstractTransferListener {
    private final PrintStream out;
    private final Path localRepository;
    private final long start;
    private final AtomicInteger files = new AtomicInteger();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong lastPrint = new AtomicLong();
    private volatile boolean announced;

    Progress(PrintStream out, Path localRepository, long start) {
      this.out = out;
      this.localRepository = localRepository;
      this.start = start;
    }

    @Override
    public void transferInitiated(TransferEvent event) {
      if (event.getRequestType() == TransferEvent.RequestType.GET && !announced) {
        synchronized (this) {
          if (!announced) {
            announced = true;
            lastPrint.set(System.nanoTime());
            out.println("[local-server] Downloading jars for the local Spark server into " + localRepository
                + " (first use only; later starts use them offline)...");
          }
        }
      }
    }

    @Override
    public void transferSucceeded(TransferEvent event) {
      if (event.getRequestType() != TransferEvent.RequestType.GET) {
        return;
      }
      files.incrementAndGet();
      TransferResource resource = event.getResource();
      bytes.addAndGet(Math.max(0, event.getTransferredBytes()));
      long now = System.nanoTime();
      long last = lastPrint.get();
      if (now - last >= PROGRESS_EVERY_NANOS && lastPrint.compareAndSet(last, now)) {
        out.printf(Locale.ROOT, "[local-server]   %d files, %.1f MB so far (%.0f s; last: %s)%n", files.get(),
            bytes.get() / 1e6, (now - start) / 1e9, resource.getResourceName());
      }
    }

    void finished(int jars) {
      if (announced) {
        out.printf(Locale.ROOT, "[local-server] Resolved %d jars for the Spark server in %.1f s (%d files, %.1f MB"
            + " downloaded)%n", jars, (System.nanoTime() - start) / 1e9, files.get(), bytes.get() / 1e6);
      }
    }
  }
}
