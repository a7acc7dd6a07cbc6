package io.github.reactivespark.connect.serverfunctions;

import io.github.reactivespark.connect.SparkSession;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.CodeSource;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Finds the classes a server-side function needs and ships them to a session as <b>content-addressed</b> jar
 * artifacts, at most once per session.
 *
 * <p>What is shipped: the code sources (class directories and jars) of the function's class, of the class that
 * created a lambda, of every captured value (followed into captured lambdas, as Spark's own adaptors wrap a user's
 * lambda in a Scala one), and of any extra classes named (for example a bean class behind an encoder). JDK classes
 * and Spark's or Scala's jars are skipped: the server has them.
 *
 * <p>How: a class directory is packed into a jar in memory (entries sorted, fixed timestamps, so equal content gives
 * equal bytes); a jar is sent as it is. Each goes as {@code jars/rsc-<sha256 prefix>-<name>.jar}, so a changed class
 * never collides with an earlier upload (Spark's server refuses to overwrite an artifact with other content), and an
 * artifact name already shipped to the same session is not sent again. The record of what a session has is kept
 * beside the session object, weakly (it goes with the session and never keeps one alive); a second upload of the
 * same name by another process is harmless (the server accepts identical content again).
 */
public final class FunctionClasses {

  /** Artifact name → the upload, per session (weak keys: the record dies with its session). */
  private static final Map<SparkSession, Map<String, Mono<Void>>> SHIPPED =
      Collections.synchronizedMap(new WeakHashMap<>());

  private FunctionClasses() {}

  /**
   * The local class directories and jars that hold {@code function}'s own classes (see the class comment).
   *
   * @param function a function object (a lambda, an anonymous class, an instance of a named class)
   * @param more further classes whose code sources are needed (bean classes of encoders, ...)
   * @return code sources in discovery order, without JDK, Spark or Scala jars
   * @throws IllegalStateException if the class that created a lambda cannot be loaded
   */
  public static Set<Path> codeSources(Object function, Collection<Class<?>> more) {
    Set<Class<?>> classes = new LinkedHashSet<>();
    collect(function, classes, Collections.newSetFromMap(new IdentityHashMap<>()), 0);
    classes.addAll(more);
    return codeSources(classes);
  }

  /**
   * The local class directories and jars that hold {@code classes}, without JDK, Spark or Scala jars.
   *
   * @param classes the classes
   * @return their code sources, in order
   */
  public static Set<Path> codeSources(Collection<Class<?>> classes) {
    Set<Path> sources = new LinkedHashSet<>();
    for (Class<?> type : classes) {
      Path source = codeSource(type);
      if (source != null && !isSparkOrScala(source)) {
        sources.add(source);
      }
    }
    return sources;
  }

  /**
   * Ships {@code codeSources} to {@code session}: each as a content-addressed jar artifact that the session has not
   * received from this JVM yet (see the class comment).
   *
   * @param session the session whose server-side class loader needs the classes
   * @param codeSources class directories and jars, as {@link #codeSources} finds them
   * @return cold; reads and packs the files on {@code boundedElastic}, then one {@code AddArtifacts} RPC per new
   *     artifact, in order; completes empty when the server has stored all of them (concurrent ships of the same
   *     artifact share one upload); emits {@link UncheckedIOException} when a file cannot be read and the session's
   *     typed error when the server refuses an upload (which is then forgotten, so a later ship tries again)
   */
  public static Mono<Void> ship(SparkSession session, Collection<Path> codeSources) {
    List<Path> sources = List.copyOf(codeSources);
    return Flux.fromIterable(sources)
        .concatMap(source -> Mono.fromCallable(() -> pack(source)).subscribeOn(Schedulers.boundedElastic())
            .flatMap(packed -> upload(session, packed)))
        .then();
  }

  /**
   * A code source as jar bytes: a jar as it is, a class directory packed (deterministically) as {@link #ship} sends it.
   *
   * @param codeSource a class directory or a jar
   * @return the jar's bytes
   * @throws IOException if the files cannot be read
   */
  public static byte[] jarBytes(Path codeSource) throws IOException {
    return pack(codeSource).bytes();
  }

  /** One code source as a jar: its bytes and its content-addressed artifact name. */
  record Packed(String name, byte[] bytes) {}

  private static Mono<Void> upload(SparkSession session, Packed packed) {
    Map<String, Mono<Void>> shipped = SHIPPED.computeIfAbsent(session, s -> new ConcurrentHashMap<>());
    return shipped.computeIfAbsent(packed.name(), name -> session.addArtifact(packed.bytes(), name)
        .doOnError(e -> shipped.remove(name))
        .cache());
  }

  static Packed pack(Path source) throws IOException {
    byte[] bytes = Files.isDirectory(source) ? jarOf(source) : Files.readAllBytes(source);
    String base = source.getFileName() == null ? "classes" : source.getFileName().toString();
    if (base.endsWith(".jar")) {
      base = base.substring(0, base.length() - 4);
    }
    base = base.replaceAll("[^A-Za-z0-9._-]", "_");
    return new Packed("rsc-" + sha256(bytes).substring(0, 20) + "-" + base + ".jar", bytes);
  }

  /** The {@code .class} files below {@code root} as a jar, deterministic for equal content. */
  static byte[] jarOf(Path root) throws IOException {
    List<Path> files = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(root)) {
      walk.filter(Files::isRegularFile).filter(f -> f.getFileName().toString().endsWith(".class")).sorted()
          .forEach(files::add);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JarOutputStream jar = new JarOutputStream(out)) {
      for (Path file : files) {
        JarEntry entry = new JarEntry(root.relativize(file).toString().replace(File.separatorChar, '/'));
        entry.setTime(0L);
        jar.putNextEntry(entry);
        jar.write(Files.readAllBytes(file));
        jar.closeEntry();
      }
    }
    return out.toByteArray();
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private static void collect(@Nullable Object value, Set<Class<?>> classes, Set<Object> seen, int depth) {
    if (value == null || depth > 16 || !seen.add(value)) {
      return;
    }
    classes.add(value.getClass());
    SerializedLambda lambda = serializedLambda(value);
    if (lambda == null) {
      return;
    }
    ClassLoader loader = value.getClass().getClassLoader();
    try {
      classes.add(Class.forName(lambda.getCapturingClass().replace('/', '.'), false, loader));
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("Cannot load the class that created the lambda: " + lambda.getCapturingClass(), e);
    }
    for (int i = 0; i < lambda.getCapturedArgCount(); i++) {
      collect(lambda.getCapturedArg(i), classes, seen, depth + 1);
    }
  }

  private static @Nullable SerializedLambda serializedLambda(Object function) {
    if (!(function instanceof Serializable) || !function.getClass().isSynthetic()) {
      return null;
    }
    try {
      Method writeReplace = function.getClass().getDeclaredMethod("writeReplace");
      writeReplace.setAccessible(true);
      Object replacement = writeReplace.invoke(function);
      return replacement instanceof SerializedLambda sl ? sl : null;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  private static @Nullable Path codeSource(Class<?> type) {
    CodeSource source = type.getProtectionDomain().getCodeSource();
    if (source == null || source.getLocation() == null) {
      return null; // JDK classes, hidden lambda classes
    }
    try {
      return Paths.get(source.getLocation().toURI());
    } catch (URISyntaxException | RuntimeException e) {
      throw new UncheckedIOException(new IOException("Cannot locate the classes of " + type.getName(), e));
    }
  }

  private static boolean isSparkOrScala(Path source) {
    String name = source.getFileName() == null ? "" : source.getFileName().toString();
    return name.endsWith(".jar") && (name.startsWith("spark-") || name.startsWith("scala-"));
  }
}
