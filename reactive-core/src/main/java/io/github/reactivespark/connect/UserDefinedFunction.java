package io.github.reactivespark.connect;

import io.github.reactivespark.connect.internal.proto.CommonInlineUserDefinedFunction;
import io.github.reactivespark.connect.internal.proto.Expression;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A user-defined function whose code runs on the server: an immutable description that {@link #apply(Column...)}
 * turns into a {@link Column}, and that {@link UDFRegistration#register(String, UserDefinedFunction)} registers under
 * a name for SQL and {@link functions#call_udf}. Mirrors Spark's {@code org.apache.spark.sql.expressions.UserDefinedFunction}.
 *
 * <p>This client has no Spark classes, so it cannot build the function's payload itself: the opt-in
 * {@code server-functions} module does ({@code ServerFunctions.udf(UDF1, DataType)},
 * {@code ServerFunctions.udaf(Aggregator, Encoder)}), as the Scala client's {@code UdfToProtoUtils} does: a
 * Java-serialized {@code UdfPacket} in a {@code CommonInlineUserDefinedFunction.scalar_scala_udf}. A Java class
 * already on the server is registered by name instead, with {@link UDFRegistration#registerJava}.
 *
 * <p>Building columns and copies does no I/O. Thread-safe (immutable).
 *
 * @since 0.1.0
 */
public final class UserDefinedFunction {

  /** The function without arguments: what {@link #apply} fills in. */
  final CommonInlineUserDefinedFunction function;

  UserDefinedFunction(CommonInlineUserDefinedFunction function) {
    this.function = Objects.requireNonNull(function, "function").toBuilder().clearArguments().build();
  }

  /**
   * A call of this function on {@code cols} (as Spark's {@code udf.apply(cols: _*)}): a
   * {@code CommonInlineUserDefinedFunction} expression the server deserializes when it plans the query. Does no I/O.
   *
   * @param cols the arguments, in the order of the function's parameters
   * @return the call, a column of the function's return type
   */
  public Column apply(Column... cols) {
    return apply(Arrays.asList(cols));
  }

  /**
   * As {@link #apply(Column...)}, for a list of arguments.
   *
   * @param cols the arguments
   * @return the call
   */
  public Column apply(List<Column> cols) {
    CommonInlineUserDefinedFunction.Builder call = function.toBuilder();
    for (Column c : cols) {
      call.addArguments(c.expr);
    }
    return new Column(Expression.newBuilder().setCommonInlineUserDefinedFunction(call).build(),
        Column.subqueriesOf(cols));
  }

  /**
   * This function under another name (the name shows in plans and error messages, and
   * {@link UDFRegistration#register(String, UserDefinedFunction)} replaces it with the registered name).
   *
   * @param name the new name
   * @return a copy with that name
   */
  public UserDefinedFunction withName(String name) {
    return new UserDefinedFunction(function.toBuilder().setFunctionName(Objects.requireNonNull(name, "name")).build());
  }

  /**
   * This function marked nondeterministic, so that the optimizer neither folds nor repeats it (Spark's
   * {@code asNondeterministic()}).
   *
   * @return a copy marked nondeterministic
   */
  public UserDefinedFunction asNondeterministic() {
    return new UserDefinedFunction(function.toBuilder().setDeterministic(false).build());
  }

  /**
   * This function declared never to return null (Spark's {@code asNonNullable()}).
   *
   * @return a copy whose result column is not nullable
   * @throws IllegalStateException for a function registered by class name (its nullability is the server's)
   */
  public UserDefinedFunction asNonNullable() {
    if (!function.hasScalarScalaUdf()) {
      throw new IllegalStateException("asNonNullable() applies to a serialized JVM function only");
    }
    CommonInlineUserDefinedFunction.Builder b = function.toBuilder();
    b.getScalarScalaUdfBuilder().setNullable(false);
    return new UserDefinedFunction(b.build());
  }

  /** The function's name, or null when it has none (an anonymous lambda). */
  public @Nullable String name() {
    return function.getFunctionName().isEmpty() ? null : function.getFunctionName();
  }

  /** Whether the function is deterministic (the default) or was marked {@link #asNondeterministic()}. */
  public boolean deterministic() {
    return function.getDeterministic();
  }

  /** Whether the function's result may be null (the default, unless {@link #asNonNullable()}). */
  public boolean nullable() {
    return !function.hasScalarScalaUdf() || function.getScalarScalaUdf().getNullable();
  }

  /** Whether this is an aggregate function (a {@code udaf}). */
  public boolean aggregate() {
    return function.hasScalarScalaUdf() && function.getScalarScalaUdf().getAggregate();
  }

  @Override
  public String toString() {
    return "UserDefinedFunction[" + (name() == null ? "<anonymous>" : name())
        + (aggregate() ? ", aggregate" : "") + (deterministic() ? "" : ", nondeterministic") + "]";
  }
}
