package io.github.reactivespark.connect.serverfunctions;

import io.github.reactivespark.connect.DataFrame;
import io.github.reactivespark.connect.SparkSession;
import io.github.reactivespark.connect.UserDefinedFunction;
import io.github.reactivespark.connect.internal.ConnectInternals;
import io.github.reactivespark.connect.internal.proto.CommonInlineUserDefinedFunction;
import io.github.reactivespark.connect.types.DataType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.api.java.UDF0;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF10;
import org.apache.spark.sql.api.java.UDF11;
import org.apache.spark.sql.api.java.UDF12;
import org.apache.spark.sql.api.java.UDF13;
import org.apache.spark.sql.api.java.UDF14;
import org.apache.spark.sql.api.java.UDF15;
import org.apache.spark.sql.api.java.UDF16;
import org.apache.spark.sql.api.java.UDF17;
import org.apache.spark.sql.api.java.UDF18;
import org.apache.spark.sql.api.java.UDF19;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.api.java.UDF20;
import org.apache.spark.sql.api.java.UDF21;
import org.apache.spark.sql.api.java.UDF22;
import org.apache.spark.sql.api.java.UDF3;
import org.apache.spark.sql.api.java.UDF4;
import org.apache.spark.sql.api.java.UDF5;
import org.apache.spark.sql.api.java.UDF6;
import org.apache.spark.sql.api.java.UDF7;
import org.apache.spark.sql.api.java.UDF8;
import org.apache.spark.sql.api.java.UDF9;
import org.apache.spark.sql.catalyst.encoders.AgnosticEncoder;
import org.apache.spark.sql.catalyst.encoders.RowEncoder$;
import org.apache.spark.sql.expressions.Aggregator;
import org.apache.spark.sql.expressions.SparkUserDefinedFunction;
import org.apache.spark.sql.expressions.SparkUserDefinedFunction$;
import org.apache.spark.sql.expressions.UserDefinedAggregator;
import org.apache.spark.sql.internal.ToScalaUDF;
import reactor.core.publisher.Mono;

/**
 * Server-side functions of one session, from Java: UDF lambdas ({@code UDF0}…{@code UDF22}), {@link Aggregator}s
 * as UDAFs, and typed {@link Dataset}s whose operations ({@code map}, {@code filter}, {@code groupByKey} →
 * {@code mapGroups}, {@code mapGroupsWithState}, ...) run the user's Java functions on the server. Everything is
 * built as Spark's Scala client builds it ({@code UdfToProtoUtils}, {@code Dataset}, {@code KeyValueGroupedDataset}):
 * the function Java-serialized with Spark's encoders in a {@code UdfPacket}, which the server deserializes with the
 * session's class loader.
 *
 * <p><b>Classes.</b> Each definition records the code sources of its function (its class, the class that created a
 * lambda, captured values, the classes behind bean encoders; see {@link FunctionClasses}). {@link #ship()} uploads
 * the recorded ones the session does not have yet, as content-addressed jars, once per session. Call it before the
 * first action that uses a function defined here ({@link #register} and {@link Dataset}'s own actions do it
 * themselves); an action sent before the classes are there fails with the server's {@code ClassNotFoundException}
 * ("Make sure the artifact where the class is defined is installed by calling session.addArtifact"), typed.
 *
 * <p><b>Write functions in a class that references only Spark's API and the JDK</b> (a lambda is deserialized
 * through the class that created it, which the server must be able to load; this client's classes are not there).
 *
 * <p>Defining does no I/O; thread-safe.
 *
 * @since 0.1.0
 */
public final class ServerFunctions {

  private final SparkSession session;
  private final Set<Path> pending = new LinkedHashSet<>();

  private ServerFunctions(SparkSession session) {
    this.session = Objects.requireNonNull(session, "session");
  }

  /**
   * Server-side functions for {@code session}.
   *
   * @param session the session whose server runs the functions
   * @return a new factory (cheap; what a session has received is tracked per session, not per factory)
   */
  public static ServerFunctions of(SparkSession session) {
    return new ServerFunctions(session);
  }

  /** The session these functions are for. */
  public SparkSession session() {
    return session;
  }

  // ---------------------------------------------------------------- scalar UDFs

  /**
   * A UDF of 0 arguments from a Java lambda or class implementing Spark's {@code UDF0}, returning
   * {@code returnType} (Spark's {@code functions.udf(UDF0, DataType)}); see {@link #udf(UDF1, DataType)}.
   *
   * @param f the function; serializable with all it captures
   * @param returnType the SQL type of its result
   * @return the function, deterministic and nullable
   * @throws IllegalArgumentException if {@code f} is not serializable (naming the class that is not); nothing is sent
   */
  public UserDefinedFunction udf(UDF0<?> f, DataType returnType) {
    return javaUdf(ToScalaUDF.apply(f), f, 0, returnType);
  }

  /**
   * A UDF of one argument from a Java lambda or class implementing Spark's {@code UDF1}, returning
   * {@code returnType}: Spark's {@code functions.udf(UDF1, DataType)}, sent as the Scala client sends it (the
   * function wrapped by Spark's {@code ToScalaUDF}, no input encoders, the row encoder of {@code returnType} as output
   * encoder, in a {@code UdfPacket}). The function runs on the server, in the executors, once per row; Spark passes
   * SQL values as their Java types ({@code bigint} as {@code Long}, {@code string} as {@code String}, ...) and a
   * {@code null} input as {@code null}. Its classes are recorded for {@link #ship()}.
   *
   * <pre>{@code
   * UserDefinedFunction plusOne = fns.udf((UDF1<Long, Long>) x -> x + 1, DataTypes.LongType);
   * fns.ship().then(spark.range(10).select(plusOne.apply(col("id"))).collectAsList())
   * }</pre>
   *
   * <p>An exception the function throws fails the query with the server's typed error ({@code FAILED_EXECUTE_UDF},
   * carrying the exception's class and message); a result of another type than {@code returnType} fails it with the
   * server's cast error. Either way the session stays usable.
   *
   * @param f the function; serializable with all it captures
   * @param returnType the SQL type of its result
   * @return the function, deterministic and nullable (see {@link UserDefinedFunction#asNondeterministic()})
   * @throws IllegalArgumentException if {@code f} is not serializable (naming the class that is not); nothing is sent
   */
  public UserDefinedFunction udf(UDF1<?, ?> f, DataType returnType) {
    return javaUdf(ToScalaUDF.apply(f), f, 1, returnType);
  }

  /**
   * A UDF of 2 arguments from a Java lambda or class implementing Spark's {@code UDF2}, returning
   * {@code returnType} (Spark's {@code functions.udf(UDF2, DataType)}); see {@link #udf(UDF1, DataType)}.
   *
   * @param f the function; serializable with all it captures
   * @param returnType the SQL type of its result
   * @return the function, deterministic and nullable
   * @throws IllegalArgumentException if {@code f} is not serializable (naming the class that is not); nothing is sent
   */
  public UserDefinedFunction udf(UDF2<?, ?, ?> f, DataType returnType) {
    return javaUdf(ToScalaUDF.apply(f), f, 2, returnType);
  }

  /**
   * A UDF of 3 arguments from a Java lambda or class implementing Spark's {@code UDF3}, returning
   * {@code returnType} (Spark's {@code functions.udf(UDF3, DataType)}); see {@link #udf(UDF1, DataType)}.
   *
   * @param f the function; serializable with all it captures
   * @param returnType the SQL type of its result
   * @return the function, deterministic and nullable
   * @throws IllegalArgumentException if {@code f} is not serializable (naming the class that is not); nothing is sent
   */
  public UserDefinedFunction udf(UDF3<?, ?, ?, ?> f, DataType returnType) {
    return javaUdf(ToScalaUDF.apply(f), f, 3, returnType);
  }

  /**
   * A UDF of 4 arguments from a Java lambda or class implementing Spark's {@code UDF4}, returning
   * {@code returnType} (Spark's {@code functions.udf(UDF4, DataType)}); see {@link #udf(UDF1, DataType)}.
   *
   * @param f the function; serializable with all it captures
   * @param returnType the SQL type of its result
   * @return the function, deterministic and nullable
   * @throws IllegalArgumentException if {@code f} is not serializable (naming the class that is not); nothing is sent
   */
  public UserDefinedFunction udf(UDF4<?, ?, ?, ?, ?> f, DataType returnType) {
    return javaUdf(ToScalaUDF.apply(f), f, 4, returnType);
  }

  /**
   * A UDF of 5 arguments from a Java lambda or class implementing Spark's {@code UDF5}, returning
   * {@code returnType} (Spark's {@code functions.udf(UDF5, DataType)}); see {@link #udf(UDF1, DataType)}.
   *
   * @param f the function; serializable with all it captures
   * @param returnType the SQL type of its result
   * @return the function, deterministic and nullable
   * @throws IllegalArgumentException if {@code f} is not serializable (naming the class that is not); nothing is sent
   */
  public UserDefinedFunction udf(UDF5<?, ?, ?, ?, ?, ?> f, DataType returnType) {
    return javaUdf(ToScalaUDF.apply(f), f, 5, returnType);
  }

  /**
   * A UDF of 6 arguments from a Java lambda or class implementing Spark's {@code UDF6}, returning
   * {@code returnType} (Spark's {@code functions.udf(UDF6, DataType)}); see {@link #udf(UDF1, DataType)}.
   *
   * @param f the function; serializable with all it captures
   * @param returnType the SQL type of its result
   * @return the function, deterministic and nullable
   * @throws IllegalArgumentException if {@code f} is not serializable (naming the class that is not); nothing is sent
   */
  public UserDefinedFunction udf(UDF6<?, ?, ?, ?, ?, ?, ?> f, DataType returnType) {
    return javaUdf(ToScalaUDF.apply(f), f, 6, returnType);
  }

  /**
   * A UDF of 7 arguments from a Java lambda or class implementing Spark's {@code UDF7}, returning
   * {@code returnType} (Spark's {@code functions.udf(UDF7, DataType)}); see {@link #udf(UDF1, DataType)}.
   *
   * @param f the function; serializable with all it captures
   * @param returnType the SQL type of its result
   * @return the function, deterministic and nullable
   * @throws IllegalArgumentException if {@code f} is not serializable (naming the class that is not); nothing is sent
   */
  public UserDefinedFunction udf(UDF7<?, ?, ?, ?, ?, ?, ?, ?> f, DataType returnType) {
    return javaUdf(ToScalaUDF.apply(f), f, 7, returnType);
  }

  /**
   * A UDF of 8 arguments from a Java lambda or class implementing Spark's {@code UDF8}, returning
   * {@code returnType} (Spark's {@code functions.udf(UDF8, DataType)}); see {@link #udf(UDF1, DataType)}.
   *
   * @param f the function; serializable with all it captures
   * @param returnType the SQL type of its result
   * @return the function, deterministic and nullable
   * @throws IllegalArgumentException if {@code f} is not serializable (naming the class that is not); nothing is sent
   */
  public UserDefinedFunction udf(UDF8<?, ?, ?, ?, ?, ?, ?, ?, ?> f, DataType returnType) {
    return javaUdf(ToScalaUDF.apply(f), f, 8, returnType);
  }

  /**
   * A UDF of 9 arguments from a Java lambda or class implementing Spark's {@code UDF9}, returning
   * {@code returnType} (Spark's {@code functions.udf(UDF9, DataType)}); see {@link #udf(UDF1, DataType)}.
   *
   * @param f the function; serializable with all it captures
   * @param returnType the SQL type of its result
   * @return the function, deterministic and nullable
   * @throws IllegalArgumentException if {@code f} is not serializable (naming the class that is not); nothing is sent
   */
  public UserDefinedFunction udf(UDF9<?, ?, ?, ?, ?, ?, ?, ?, ?, ?> f, DataType returnType) {
    return javaUdf(ToScalaUDF.apply(f), f, 9, returnType);
  }

  /**
   * A UDF of 10 arguments from a Java lambda or class implementing Spark's {@code UDF10}, returning
   * {@code returnType} (Spark's {@code functions.udf(UDF10, DataType)}); see {@link #udf(UDF1, DataType)}.
   *
   * @param f the function; serializable with all it captures
   * @param returnType the SQL type of its result
   * @return the function, deterministic and nullable
   * @throws IllegalArgumentException if {@code f} is not serializable (naming the class that is not); nothing is sent
   */
  public UserDefinedFunction udf(UDF10<?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?> f, DataType returnType) {
    return javaUdf(ToScalaUDF.apply(f), f, 10, returnType);
  }

  /**
   * A UDF of 11 arguments from a Java lambda or class implementing Spark's {@code UDF11}, returning
   * {@code returnType} (Spark's {@code functions.udf(UDF11, DataType)}); see {@link #udf(UDF1, DataType)}.
   *
   * @param f the function; serializable with all it captures
   * @param returnType the SQL type of its result
   * @return the function, deterministic and nullable
   * @throws IllegalArgumentException if {@code f} is not serializable (naming the class that is not); nothing is sent
   */
  public UserDefinedFunction udf(UDF11<?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?> f, DataType returnType) {
    return javaUdf(ToScalaUDF.apply(f), f, 11, returnType);
  }

  /**
   * A UDF of 12 arguments from a Java lambda or class implementing Spark's {@code UDF12}, returning
   * {@code returnType} (Spark's {@code functions.udf(UDF12, DataType)}); see {@link #udf(UDF1, DataType)}.
   *
   * @param f the function; serializable with all it captures
   * @param returnType the SQL type of its result
   * @return the function, deterministic and nullable
   * @throws IllegalArgumentException if {@code f} is not serializable (naming the class that is not); nothing is sent
   */
  public UserDefinedFunction udf(UDF12<?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?> f, DataType returnType) {
    return javaUdf(ToScalaUDF.apply(f), f, 12, returnType);
  }

  /**
   * A UDF of 13 arguments from a Java lambda or class implementing Spark's {@code UDF13}, returning
   * {@code returnType} (Spark's {@code functions.udf(UDF13, DataType)}); see {@link #udf(UDF1, DataType)}.
   *
   * @param f the function; serializable with all it captures
   * @param returnType the SQL type of its result
   * @return the function, deterministic and nullable
   * @throws IllegalArgumentException if {@code f} is not serializable (naming the class that is not); nothing is sent
   */
  public UserDefinedFunction udf(UDF13<?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?> f, DataType returnType) {
    return javaUdf(ToScalaUDF.apply(f), f, 13, returnType);
  }

  /**
   * A UDF of 14 arguments from a Java lambda or class implementing Spark's {@code UDF14}, returning
   * {@code returnType} (Spark's {@code functions.udf(UDF14, DataType)}); see {@link #udf(UDF1, DataType)}.
   *
   * @param f the function; serializable with all it captures
   * @param returnType the SQL type of its result
   * @return the function, deterministic and nullable
   * @throws IllegalArgumentException if {@code f} is not serializable (naming the class that is not); nothing is sent
   */
  public UserDefinedFunction udf(UDF14<?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?> f, DataType returnType) {
    return javaUdf(ToScalaUDF.apply(f), f, 14, returnType);
  }

  /**
   * A UDF of 15 arguments from a Java lambda or class implementing Spark's {@code UDF15}, returning
   * {@code returnType} (Spark's {@code functions.udf(UDF15, DataType)}); see {@link #udf(UDF1, DataType)}.
   *
   * @param f the function; serializable with all it captures
   * @param returnType the SQL type of its result
   * @return the function, deterministic and nullable
   * @throws IllegalArgumentException if {@code f} is not serializable (naming the class that is not); nothing is sent
   */
  public UserDefinedFunction udf(UDF15<?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?> f, DataType returnType) {
    return javaUdf(ToScalaUDF.apply(f), f, 15, returnType);
  }

  /**
   * A UDF of 16 arguments from a Java lambda or class implementing Spark's {@code UDF16}, returning
   * {@code returnType} (Spark's {@code functions.udf(UDF16, DataType)}); see {@link #udf(UDF1, DataType)}.
   *
   * @param f the function; serializable with all it captures
   * @param returnType the SQL type of its result
   * @return the function, deterministic and nullable
   * @throws IllegalArgumentException if {@code f} is not serializable (naming the class that is not); nothing is sent
   */
  public UserDefinedFunction udf(UDF16<?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?> f, DataType returnType) {
    return javaUdf(ToScalaUDF.apply(f), f, 16, returnType);
  }

  /**
   * A UDF of 17 arguments from a Java lambda or class implementing Spark's {@code UDF17}, returning
   * {@code returnType} (Spark's {@code functions.udf(UDF17, DataType)}); see {@link #udf(UDF1, DataType)}.
   *
   * @param f the function; serializable with all it captures
   * @param returnType the SQL type of its result
   * @return the function, deterministic and nullable
   * @throws IllegalArgumentException if {@code f} is not serializable (naming the class that is not); nothing is sent
   */
  public UserDefinedFunction udf(UDF17<?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?> f, DataType returnType) {
    return javaUdf(ToScalaUDF.apply(f), f, 17, returnType);
  }

  /**
   * A UDF of 18 arguments from a Java lambda or class implementing Spark's {@code UDF18}, returning
   * {@code returnType} (Spark's {@code functions.udf(UDF18, DataType)}); see {@link #udf(UDF1, DataType)}.
   *
   * @param f the function; serializable with all it captures
   * @param returnType the SQL type of its result
   * @return the function, deterministic and nullable
   * @throws IllegalArgumentException if {@code f} is not serializable (naming the class that is not); nothing is sent
   */
  public UserDefinedFunction udf(UDF18<?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?> f, DataType returnType) {
    return javaUdf(ToScalaUDF.apply(f), f, 18, returnType);
  }

  /**
   * A UDF of 19 arguments from a Java lambda or class implementing Spark's {@code UDF19}, returning
   * {@code returnType} (Spark's {@code functions.udf(UDF19, DataType)}); see {@link #udf(UDF1, DataType)}.
   *
   * @param f the function; serializable with all it captures
   * @param returnType the SQL type of its result
   * @return the function, deterministic and nullable
   * @throws IllegalArgumentException if {@code f} is not serializable (naming the class that is not); nothing is sent
   */
  public UserDefinedFunction udf(UDF19<?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?> f, DataType returnType) {
    return javaUdf(ToScalaUDF.apply(f), f, 19, returnType);
  }

  /**
   * A UDF of 20 arguments from a Java lambda or class implementing Spark's {@code UDF20}, returning
   * {@code returnType} (Spark's {@code functions.udf(UDF20, DataType)}); see {@link #udf(UDF1, DataType)}.
   *
   * @param f the function; serializable with all it captures
   * @param returnType the SQL type of its result
   * @return the function, deterministic and nullable
   * @throws IllegalArgumentException if {@code f} is not serializable (naming the class that is not); nothing is sent
   */
  public UserDefinedFunction udf(UDF20<?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?> f, DataType returnType) {
    return javaUdf(ToScalaUDF.apply(f), f, 20, returnType);
  }

  /**
   * A UDF of 21 arguments from a Java lambda or class implementing Spark's {@code UDF21}, returning
   * {@code returnType} (Spark's {@code functions.udf(UDF21, DataType)}); see {@link #udf(UDF1, DataType)}.
   *
   * @param f the function; serializable with all it captures
   * @param returnType the SQL type of its result
   * @return the function, deterministic and nullable
   * @throws IllegalArgumentException if {@code f} is not serializable (naming the class that is not); nothing is sent
   */
  public UserDefinedFunction udf(UDF21<?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?> f, DataType returnType) {
    return javaUdf(ToScalaUDF.apply(f), f, 21, returnType);
  }

  /**
   * A UDF of 22 arguments from a Java lambda or class implementing Spark's {@code UDF22}, returning
   * {@code returnType} (Spark's {@code functions.udf(UDF22, DataType)}); see {@link #udf(UDF1, DataType)}.
   *
   * @param f the function; serializable with all it captures
   * @param returnType the SQL type of its result
   * @return the function, deterministic and nullable
   * @throws IllegalArgumentException if {@code f} is not serializable (naming the class that is not); nothing is sent
   */
  public UserDefinedFunction udf(UDF22<?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?> f, DataType returnType) {
    return javaUdf(ToScalaUDF.apply(f), f, 22, returnType);
  }

  /**
   * Any Spark {@code UserDefinedFunction} built with Spark's own API: a {@code functions.udf(...)} of Spark's
   * {@code org.apache.spark.sql.functions} (typed Scala closures included, with their input encoders) or a
   * {@code functions.udaf(aggregator, encoder)}, with its name, nullability and determinism.
   *
   * @param udf Spark's description of the function
   * @return this client's function with the same payload the Scala client sends
   * @throws IllegalArgumentException if the function is not serializable, or is not one of Spark's two kinds
   */
  public UserDefinedFunction udf(org.apache.spark.sql.expressions.UserDefinedFunction udf) {
    String name = udf.name() == null || udf.name().equals("UDF") ? null : udf.name();
    if (udf instanceof SparkUserDefinedFunction f) {
      AgnosticEncoder<?> output = f.outputEncoder().isDefined() ? Payloads.agnostic(f.outputEncoder().get())
          : RowEncoder$.MODULE$.encoderForDataType(f.dataType(), false);
      List<AgnosticEncoder<?>> inputs = new ArrayList<>();
      boolean typed = f.inputEncoders().exists(scala.Option::isDefined);
      if (typed) {
        f.inputEncoders().foreach(e -> inputs.add(Payloads.agnostic(e.get())));
      }
      return define(f.f(), inputs, output, false, f.nullable(), f.deterministic(), name, f.f());
    }
    if (udf instanceof UserDefinedAggregator<?, ?, ?> a) {
      return udaf(a.aggregator(), a.inputEncoder(), a.nullable(), a.deterministic(), name);
    }
    throw new IllegalArgumentException("Not a Spark JVM function: " + udf.getClass().getName());
  }

  /**
   * An {@link Aggregator} as an aggregate UDF (Spark's {@code functions.udaf(agg, inputEncoder)}): usable in
   * {@code groupBy(...).agg(udaf.apply(col("x")))}, {@code select} over a whole table, and, once registered, SQL.
   * The aggregator's {@code zero}, {@code reduce}, {@code merge} and {@code finish} run on the server; its buffer and
   * output encoders come from the aggregator, as in Spark.
   *
   * @param aggregator the aggregator; serializable with all it holds
   * @param inputEncoder the encoder of its input (one column, or several columns as a bean or tuple)
   * @param <IN> the input type
   * @return the function, deterministic and nullable
   * @throws IllegalArgumentException if the aggregator is not serializable (naming the class that is not)
   */
  public <IN> UserDefinedFunction udaf(Aggregator<IN, ?, ?> aggregator, Encoder<IN> inputEncoder) {
    return udaf(aggregator, inputEncoder, true, true, null);
  }

  private UserDefinedFunction udaf(Aggregator<?, ?, ?> aggregator, Encoder<?> inputEncoder, boolean nullable,
      boolean deterministic, @org.jspecify.annotations.Nullable String name) {
    AgnosticEncoder<?> input = Payloads.agnostic(inputEncoder);
    return define(aggregator, Payloads.list(input), Payloads.agnostic(aggregator.outputEncoder()), true, nullable,
        deterministic, name, aggregator, input, Payloads.agnostic(aggregator.bufferEncoder()));
  }

  /**
   * Registers {@code udf} under {@code name} for SQL and {@code call_udf}, after shipping the recorded classes
   * ({@link #ship()} then {@code session.udf().register(name, udf)}).
   *
   * @param name the name
   * @param udf a function of this session's factory (or of the core's {@code UserDefinedFunction})
   * @return cold; emits the named function once registered; errors as {@link #ship()} and the registration
   */
  public Mono<UserDefinedFunction> register(String name, UserDefinedFunction udf) {
    return ship().then(session.udf().register(name, udf));
  }

  // ---------------------------------------------------------------- typed Datasets

  /**
   * {@code df} as a typed {@link Dataset} of {@code T} (Spark's {@code df.as(encoder)}): the plan is unchanged; the
   * encoder tells the server how to turn its rows into {@code T} objects for the typed operations (by column name for
   * beans and tuples, the single column for a primitive encoder).
   *
   * @param df a DataFrame of this session
   * @param encoder Spark's encoder of {@code T} ({@code Encoders.LONG()}, {@code Encoders.bean(Flight.class)}, ...)
   * @param <T> the element type
   * @return the typed view (no I/O)
   * @throws IllegalArgumentException if {@code df} belongs to another session
   */
  public <T> Dataset<T> dataset(DataFrame df, Encoder<T> encoder) {
    if (df.sparkSession() != session) {
      throw new IllegalArgumentException("The DataFrame belongs to another SparkSession");
    }
    record(List.of(), List.of(Payloads.agnostic(encoder)));
    return new Dataset<>(this, df, encoder);
  }

  // ---------------------------------------------------------------- shipping

  /**
   * Ships the classes of every function defined here so far that this session has not received yet
   * ({@link FunctionClasses#ship}: content-addressed jars, once per session).
   *
   * @return cold; completes empty when the server has them; emits {@link java.io.UncheckedIOException} for an
   *     unreadable class file and the session's typed error when the server refuses an upload
   */
  public Mono<Void> ship() {
    return Mono.defer(() -> FunctionClasses.ship(session, pendingSources()));
  }

  /** The code sources recorded so far, in order (a copy). */
  public List<Path> codeSources() {
    return pendingSources();
  }

  private synchronized List<Path> pendingSources() {
    return List.copyOf(pending);
  }

  /** Records the classes of {@code functions} and of the encoders' classes. */
  synchronized void record(Collection<?> functions, Collection<AgnosticEncoder<?>> encoders) {
    List<Class<?>> more = new ArrayList<>();
    for (AgnosticEncoder<?> e : encoders) {
      more.add(e.clsTag().runtimeClass());
    }
    pending.addAll(FunctionClasses.codeSources(more));
    for (Object f : functions) {
      pending.addAll(FunctionClasses.codeSources(f, more));
    }
  }

  /** A function proto plus its classes recorded; the core's {@code UserDefinedFunction} over it. */
  private UserDefinedFunction define(Object function, List<AgnosticEncoder<?>> inputs, AgnosticEncoder<?> output,
      boolean aggregate, boolean nullable, boolean deterministic, @org.jspecify.annotations.Nullable String name,
      Object userFunction, AgnosticEncoder<?>... moreEncoders) {
    CommonInlineUserDefinedFunction proto = Payloads.function(function, inputs, output, aggregate, nullable,
        deterministic, name);
    List<AgnosticEncoder<?>> encoders = new ArrayList<>(inputs);
    encoders.add(output);
    encoders.addAll(List.of(moreEncoders));
    record(List.of(userFunction), encoders);
    return ConnectInternals.userDefinedFunction(proto);
  }

  private UserDefinedFunction javaUdf(Object scalaFunction, Object userFunction, int arity, DataType returnType) {
    Objects.requireNonNull(userFunction, "f");
    SparkUserDefinedFunction f = SparkUserDefinedFunction$.MODULE$.apply(scalaFunction, Payloads.toSpark(
        Objects.requireNonNull(returnType, "returnType")), arity);
    return define(f.f(), List.of(), RowEncoder$.MODULE$.encoderForDataType(f.dataType(), false), false, f.nullable(),
        f.deterministic(), null, userFunction);
  }
}
