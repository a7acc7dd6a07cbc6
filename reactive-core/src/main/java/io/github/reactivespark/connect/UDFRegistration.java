package io.github.reactivespark.connect;

import io.github.reactivespark.connect.internal.proto.Command;
import io.github.reactivespark.connect.internal.proto.CommonInlineUserDefinedFunction;
import io.github.reactivespark.connect.internal.proto.JavaUDF;
import io.github.reactivespark.connect.internal.types.DataTypeProtos;
import io.github.reactivespark.connect.types.DataType;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Registers user-defined functions in a session ({@link SparkSession#udf()}), so that SQL and
 * {@link functions#call_udf(String, Column...)} can call them by name for the rest of the session. Mirrors Spark's
 * {@code UDFRegistration} and PySpark's {@code spark.udf.registerJavaFunction} / {@code registerJavaUDAF}.
 *
 * <p>Every method is cold: each subscription sends one {@code ExecutePlan(Command.register_function)} with a
 * {@code CommonInlineUserDefinedFunction}, and completes when the server has registered the function (a function of
 * the same name is replaced). The server loads the class or deserializes the payload with the session's class
 * loader, so the code must be there first: ship its jar with {@link SparkSession#addArtifact(java.nio.file.Path)}
 * before registering. Errors are the server's, typed ({@link io.github.reactivespark.connect.exceptions.SparkConnectException}
 * subclasses): a class that is not there fails the registration with the server's
 * {@code CANNOT_LOAD_FUNCTION_CLASS} (or {@code ClassNotFoundException}) error naming it.
 *
 * @since 0.1.0
 */
public final class UDFRegistration {

  private final SparkSession session;

  UDFRegistration(SparkSession session) {
    this.session = session;
  }

  /**
   * Registers a Java class of the server's class path or of the session's artifacts that implements one of Spark's
   * {@code org.apache.spark.sql.api.java.UDF0} … {@code UDF22} interfaces, under {@code name}: the
   * {@code java_udf{class_name, output_type}} form PySpark's {@code registerJavaFunction} sends. The server
   * instantiates it with its no-argument constructor ({@code spark.udf.registerJava(name, className, returnType)}).
   *
   * @param name the name SQL and {@code call_udf} use
   * @param className the fully qualified class name
   * @param returnType the SQL type of the result; {@code null} lets the server infer it from the class's generic
   *     {@code UDFn<…, R>} signature
   * @return cold; completes empty once registered; emits the server's typed error for a class it cannot load, that
   *     is not a {@code UDFn}, or has no no-argument constructor
   */
  public Mono<Void> registerJava(String name, String className, @Nullable DataType returnType) {
    JavaUDF.Builder java = JavaUDF.newBuilder().setClassName(Objects.requireNonNull(className, "className"));
    if (returnType != null) {
      java.setOutputType(DataTypeProtos.toProto(returnType));
    }
    return registerFunction(CommonInlineUserDefinedFunction.newBuilder()
        .setFunctionName(Objects.requireNonNull(name, "name")).setDeterministic(true).setJavaUdf(java).build());
  }

  /**
   * {@link #registerJava(String, String, DataType)} with the return type inferred by the server.
   *
   * @param name the name SQL and {@code call_udf} use
   * @param className the fully qualified class name of a {@code UDFn} implementation
   * @return cold; completes empty once registered
   */
  public Mono<Void> registerJava(String name, String className) {
    return registerJava(name, className, null);
  }

  /**
   * Registers a Java class that extends Spark's {@code org.apache.spark.sql.expressions.UserDefinedAggregateFunction}
   * as an aggregate function under {@code name} ({@code java_udf{aggregate=true}}, PySpark's
   * {@code registerJavaUDAF}; the server calls {@code spark.udf.registerJavaUDAF(name, className)}). For an
   * {@code Aggregator}, use the {@code server-functions} module's {@code ServerFunctions.udaf} and
   * {@link #register(String, UserDefinedFunction)}.
   *
   * @param name the name SQL and {@code call_udf} use
   * @param className the fully qualified class name
   * @return cold; completes empty once registered; emits the server's typed error for a class it cannot load or that
   *     is not a {@code UserDefinedAggregateFunction}
   */
  public Mono<Void> registerJavaUDAF(String name, String className) {
    return registerFunction(CommonInlineUserDefinedFunction.newBuilder()
        .setFunctionName(Objects.requireNonNull(name, "name")).setDeterministic(true)
        .setJavaUdf(JavaUDF.newBuilder().setClassName(Objects.requireNonNull(className, "className"))
            .setAggregate(true)).build());
  }

  /**
   * Registers {@code udf} (a serialized JVM function built by the {@code server-functions} module) under
   * {@code name}, as Spark's {@code spark.udf().register(name, udf)}: the {@code scalar_scala_udf} form.
   *
   * @param name the name SQL and {@code call_udf} use
   * @param udf the function; its own name is replaced by {@code name}
   * @return cold; emits {@code udf.withName(name)} once registered; emits the server's typed error when it cannot
   *     deserialize the payload (for example {@code ClassNotFoundException} when the function's classes were not
   *     uploaded to the session)
   */
  public Mono<UserDefinedFunction> register(String name, UserDefinedFunction udf) {
    UserDefinedFunction named = udf.withName(name);
    return registerFunction(named.function).thenReturn(named);
  }

  private Mono<Void> registerFunction(CommonInlineUserDefinedFunction function) {
    return Mono.defer(() -> session.client().execute(Command.newBuilder().setRegisterFunction(function).build())
        .then());
  }
}
