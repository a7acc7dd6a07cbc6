package io.github.reactivespark.connect.serverfunctions;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.github.reactivespark.connect.internal.proto.CommonInlineUserDefinedFunction;
import io.github.reactivespark.connect.internal.proto.Expression;
import io.github.reactivespark.connect.internal.proto.ScalarScalaUDF;
import io.github.reactivespark.connect.internal.types.DataTypeProtos;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.catalyst.encoders.AgnosticEncoder;
import org.apache.spark.sql.catalyst.encoders.AgnosticEncoders;
import org.apache.spark.sql.connect.common.DataTypeProtoConverter;
import org.apache.spark.sql.connect.common.UdfPacket;
import org.apache.spark.sql.types.DataType;
import org.jspecify.annotations.Nullable;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Builds the protocol messages of server-side functions exactly as Spark's Scala client does
 * ({@code sql/connect/client/jvm/.../UdfToProtoUtils.scala}): a Java-serialized {@code UdfPacket(function, input
 * encoders, output encoder)} in a {@code ScalarScalaUDF} whose input and output types are the encoders' types.
 * Spark's data types cross to this client's through their protocol form (Spark's own converter, then the bytes).
 */
final class Payloads {

  private Payloads() {}

  /** Spark's encoder for {@code encoder} (Spark's {@code agnosticEncoderFor}). */
  static AgnosticEncoder<?> agnostic(Encoder<?> encoder) {
    return AgnosticEncoders.agnosticEncoderFor(encoder);
  }

  /**
   * The {@code CommonInlineUserDefinedFunction} of {@code function} with its encoders, without arguments.
   *
   * @throws IllegalArgumentException if the function (with what it captures) is not serializable, naming the class
   *     that is not, or cannot be read back (a lambda that refers to itself)
   */
  static CommonInlineUserDefinedFunction function(Object function, List<AgnosticEncoder<?>> inputs,
      AgnosticEncoder<?> output, boolean aggregate, boolean nullable, boolean deterministic, @Nullable String name) {
    byte[] payload = serialize(new UdfPacket(function, CollectionConverters.asScala(inputs).toList(), output));
    ScalarScalaUDF.Builder udf = ScalarScalaUDF.newBuilder().setPayload(ByteString.copyFrom(payload))
        .setOutputType(toProto(output.dataType())).setNullable(nullable).setAggregate(aggregate);
    for (AgnosticEncoder<?> input : inputs) {
      udf.addInputTypes(toProto(input.dataType()));
    }
    CommonInlineUserDefinedFunction.Builder f = CommonInlineUserDefinedFunction.newBuilder()
        .setDeterministic(deterministic).setScalarScalaUdf(udf);
    if (name != null) {
      f.setFunctionName(name);
    }
    return f.build();
  }

  /** A typed call: {@code function} applied to {@code n} times {@code *} (the whole row per input encoder). */
  static CommonInlineUserDefinedFunction typedCall(Object function, List<AgnosticEncoder<?>> inputs,
      AgnosticEncoder<?> output) {
    CommonInlineUserDefinedFunction.Builder f = function(function, inputs, output, false, true, true, null)
        .toBuilder();
    for (int i = 0; i < inputs.size(); i++) {
      f.addArguments(star());
    }
    return f.build();
  }

  /** {@code *}: an unresolved star, which the server reads as "the whole input row". */
  static Expression star() {
    return Expression.newBuilder().setUnresolvedStar(Expression.UnresolvedStar.getDefaultInstance()).build();
  }

  static Expression expression(CommonInlineUserDefinedFunction function) {
    return Expression.newBuilder().setCommonInlineUserDefinedFunction(function).build();
  }

  static List<AgnosticEncoder<?>> list(AgnosticEncoder<?>... encoders) {
    return new ArrayList<>(List.of(encoders));
  }

  /** Spark's data type in this client's protocol form. */
  static io.github.reactivespark.connect.internal.proto.DataType toProto(DataType type) {
    byte[] bytes = DataTypeProtoConverter.toConnectProtoType(type, DataTypeProtoConverter.toConnectProtoType$default$2())
        .toByteArray();
    try {
      return io.github.reactivespark.connect.internal.proto.DataType.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("Spark's protocol form of " + type + " does not parse", e);
    }
  }

  /** This client's data type as Spark's. */
  static DataType toSpark(io.github.reactivespark.connect.types.DataType type) {
    try {
      return DataTypeProtoConverter.toCatalystType(
          org.apache.spark.connect.proto.DataType.parseFrom(DataTypeProtos.toProto(type).toByteArray()));
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("The protocol form of " + type + " does not parse as Spark's", e);
    }
  }

  /**
   * Java-serializes {@code packet} and reads it back with the context class loader, as Spark's client checks
   * ({@code UdfToProtoUtils.checkDeserializable}), so that a function the server could not read fails here.
   */
  static byte[] serialize(Object packet) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(packet);
    } catch (NotSerializableException e) {
      throw new IllegalArgumentException("The function is not serializable: it captures (or holds) an instance of "
          + e.getMessage() + ", which is not java.io.Serializable; nothing was sent", e);
    } catch (IOException e) {
      throw new IllegalArgumentException("The function is not serializable (" + e + "); nothing was sent", e);
    }
    byte[] payload = bytes.toByteArray();
    try (ObjectInputStream in = new ContextObjectInputStream(new ByteArrayInputStream(payload))) {
      in.readObject();
    } catch (IOException | ClassNotFoundException | RuntimeException e) {
      throw new IllegalArgumentException("The function cannot be deserialized again, so the server could not run it"
          + " (a lambda that refers to itself is the usual cause): " + e + "; nothing was sent", e);
    }
    return payload;
  }

  /** Resolves classes with the thread's context class loader, as Spark's {@code Utils.deserialize} does. */
  private static final class ContextObjectInputStream extends ObjectInputStream {
    ContextObjectInputStream(ByteArrayInputStream in) throws IOException {
      super(in);
    }

    @Override
    protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
      ClassLoader loader = Thread.currentThread().getContextClassLoader();
      if (loader == null) {
        return super.resolveClass(desc);
      }
      try {
        return Class.forName(desc.getName(), false, loader);
      } catch (ClassNotFoundException e) {
        return super.resolveClass(desc);
      }
    }
  }
}
