package io.github.reactivespark.connect.streaming.foreach;

import io.github.reactivespark.connect.SparkSession;
import io.github.reactivespark.connect.serverfunctions.FunctionClasses;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.catalyst.encoders.AgnosticEncoders;
import org.apache.spark.sql.connect.common.ForeachWriterPacket;
import reactor.core.publisher.Mono;

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
    this.codeSources = List.copyOf(FunctionClasses.codeSources(function, List.of()));
  }

  /** The serialized packet for {@code ScalaFunction.payload}; a copy, in bytes. */
  @Override
  public byte[] payload() {
    return payload.clone();
  }

  /**
   * The local class directories and jars holding the function's own classes (its class, the class that created a
   * lambda, and the classes of its captured values, followed into captured lambdas), excluding the JDK and
   * Spark/Scala jars, which the server has; found by {@link FunctionClasses#codeSources(Object, java.util.Collection)}.
   */
  public List<Path> codeSources() {
    return codeSources;
  }

  /**
   * Uploads {@link #codeSources()} into {@code session} as content-addressed jar artifacts, each at most once per
   * session, as {@link FunctionClasses#ship} does for every server-side function (a class directory is packed into a
   * jar first).
   *
   * @return cold; the files are read on {@code boundedElastic}, then one {@code AddArtifacts} RPC per code source not
   *     shipped to this session yet, in order; completes empty when all are stored; emits
   *     {@link java.io.UncheckedIOException} when a file cannot be read and the session's typed error when the server
   *     refuses an upload
   */
  @Override
  public Mono<Void> uploadClasses(SparkSession session) {
    return FunctionClasses.ship(session, codeSources);
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

  static List<Path> list(Path... paths) {
    return new ArrayList<>(List.of(paths));
  }
}
