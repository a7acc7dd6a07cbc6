package io.github.reactivespark.connect.streaming.foreach;

import io.github.reactivespark.connect.SparkSession;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.catalyst.encoders.AgnosticEncoders;
import org.apache.spark.sql.connect.common.ForeachWriterPacket;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A user function that Spark runs on the <b>server</b>, in the payload Spark's server expects: a Java-serialized
 * {@code ForeachWriterPacket(function, UnboundRowEncoder)}, as Spark's Scala client builds it
 * ({@code sql/connect/client/jvm/.../streaming/DataStreamWriter.scala}); the server deserializes it with the session's
 * class loader ({@code sql/connect/server/.../planner/StreamingForeachBatchHelper.scala}). The function's classes must
 * therefore be uploaded to the session first: {@link #uploadClasses(SparkSession)} does that.
 *
 * <p>Immutable; the payload is computed once, when the function is created.
 */
public abstract class ServerFunction implements io.github.reactivespark.connect.streaming.ServerSideFunction {

  private final byte[] payload;
  private final List<Path> codeSources;

  ServerFunction(Object function) {
    this.payload = serialize(new ForeachWriterPacket(function, AgnosticEncoders.UnboundRowEncoder$.MODULE$));
    this.codeSources = List.copyOf(codeSourcesOf(function));
  }

  /** The serialized packet for {@code ScalaFunction.payload}; a copy, in bytes. */
  @Override
  public byte[] payload() {
    return payload.clone();
  }

  /**
   * The local class directories and jars holding the function's own classes (its class, the class that created a
   * lambda, and the classes of its captured values), excluding the JDK and Spark/Scala jars, which the server has.
   */
  public List<Path> codeSources() {
    return codeSources;
  }

  /**
   * Uploads {@link #codeSources()} into {@code session} as artifacts: a directory as {@code classes/...}
   * ({@link SparkSession#addClassDirectory}), a jar as {@code jars/...} ({@link SparkSession#addArtifact(Path)}).
   *
   * @return cold; one {@code AddArtifacts} RPC per code source, in order; completes empty when all are stored;
   *     errors as {@link SparkSession#addArtifact(Path)}
   */
  @Override
  public Mono<Void> uploadClasses(SparkSession session) {
    return Flux.fromIterable(codeSources)
        // the directory check is file I/O: off the subscriber's thread, as the uploads' own file reads are
        .concatMap(p -> Mono.fromCallable(() -> Files.isDirectory(p)).subscribeOn(Schedulers.boundedElastic())
            .flatMap(directory -> directory ? session.addClassDirectory(p) : session.addArtifact(p)))
        .then();
  }

  static byte[] serialize(Object packet) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(packet);
    } catch (IOException e) {
      throw new IllegalArgumentException("The function is not serializable (every captured value must be "
          + "Serializable): " + e, e);
    }
    return bytes.toByteArray();
  }

  private static Set<Path> codeSourcesOf(Object function) {
    Set<Class<?>> classes = new LinkedHashSet<>();
    classes.add(function.getClass());
    SerializedLambda lambda = serializedLambda(function);
    if (lambda != null) {
      ClassLoader loader = function.getClass().getClassLoader();
      try {
        classes.add(Class.forName(lambda.getCapturingClass().replace('/', '.'), false, loader));
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException("Cannot load the class that created the lambda: " + lambda.getCapturingClass(), e);
      }
      for (int i = 0; i < lambda.getCapturedArgCount(); i++) {
        Object arg = lambda.getCapturedArg(i);
        if (arg != null) {
          classes.add(arg.getClass());
        }
      }
    }
    Set<Path> sources = new LinkedHashSet<>();
    for (Class<?> type : classes) {
      Path source = codeSource(type);
      if (source != null && !isSparkOrScala(source)) {
        sources.add(source);
      }
    }
    return sources;
  }

  private static SerializedLambda serializedLambda(Object function) {
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

  private static Path codeSource(Class<?> type) {
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

  static List<Path> list(Path... paths) {
    return new ArrayList<>(List.of(paths));
  }
}
