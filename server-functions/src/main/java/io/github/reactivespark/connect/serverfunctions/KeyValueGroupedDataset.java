package io.github.reactivespark.connect.serverfunctions;

import io.github.reactivespark.connect.DataFrame;
import io.github.reactivespark.connect.internal.ConnectInternals;
import io.github.reactivespark.connect.internal.proto.Aggregate;
import io.github.reactivespark.connect.internal.proto.CoGroupMap;
import io.github.reactivespark.connect.internal.proto.CommonInlineUserDefinedFunction;
import io.github.reactivespark.connect.internal.proto.Expression;
import io.github.reactivespark.connect.internal.proto.GroupMap;
import io.github.reactivespark.connect.internal.proto.TransformWithStateInfo;
import io.github.reactivespark.connect.internal.proto.TypedAggregateExpression;
import java.util.List;
import java.util.Objects;
import org.apache.spark.api.java.function.CoGroupFunction;
import org.apache.spark.api.java.function.FlatMapGroupsFunction;
import org.apache.spark.api.java.function.FlatMapGroupsWithStateFunction;
import org.apache.spark.api.java.function.MapGroupsFunction;
import org.apache.spark.api.java.function.MapGroupsWithStateFunction;
import org.apache.spark.api.java.function.ReduceFunction;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.TypedColumn;
import org.apache.spark.sql.catalyst.encoders.AgnosticEncoder;
import org.apache.spark.sql.catalyst.encoders.AgnosticEncoders;
import org.apache.spark.sql.connect.EmptyInitialStateStruct;
import org.apache.spark.sql.expressions.Aggregator;
import org.apache.spark.sql.expressions.ReduceAggregator;
import org.apache.spark.sql.internal.InvokeInlineUserDefinedFunction;
import org.apache.spark.sql.internal.ToScalaUDF;
import org.apache.spark.sql.internal.UDFAdaptors;
import org.apache.spark.sql.streaming.GroupStateTimeout;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.streaming.StatefulProcessor;
import org.apache.spark.sql.streaming.TimeMode;
import scala.Option;
import scala.Tuple2;
import scala.reflect.ClassTag$;

/**
 * A {@link Dataset} grouped by a key that a Java function computes on the server (Spark's
 * {@code KeyValueGroupedDataset<K, V>}, from {@link Dataset#groupByKey}). Sent as the Scala client sends it: the key
 * function is a typed UDF in the grouping expressions; {@code mapGroups}/{@code flatMapGroups} and the
 * {@code ...WithState} forms are a {@code GroupMap} relation whose function takes the key and the group's values
 * (and the {@code GroupState}); {@code transformWithState} a {@code GroupMap} of the {@code StatefulProcessor} with
 * a {@code TransformWithStateInfo}; {@code cogroup} a {@code CoGroupMap}; {@code reduceGroups} and {@code agg} an
 * {@code Aggregate} of {@code TypedAggregateExpression}s.
 *
 * <p>{@code mapGroupsWithState}/{@code flatMapGroupsWithState} over a streaming DataFrame keep Spark's per-key state
 * in the query's state store between micro-batches (with {@link GroupStateTimeout}s), exactly as in Spark; on a
 * batch DataFrame they run once with empty state.
 *
 * <p>Immutable; every method does no I/O (run the result's actions, which ship the functions' classes first).
 *
 * @param <K> the key type
 * @param <V> the value type
 * @since 0.1.0
 */
public final class KeyValueGroupedDataset<K, V> {

  /**
   * The state encoder Spark's client sends when a {@code transformWithState} has no initial state: the encoder of
   * its (field-less) case class {@code EmptyInitialStateStruct}, which the server has.
   */
  private static final AgnosticEncoder<EmptyInitialStateStruct> NO_INITIAL_STATE =
      new AgnosticEncoders.ProductEncoder<>(ClassTag$.MODULE$.apply(EmptyInitialStateStruct.class),
          scala.collection.immutable.List$.MODULE$.empty(), Option.empty());

  private final ServerFunctions functions;
  private final DataFrame input;
  private final Encoder<K> keyEncoder;
  private final Encoder<V> valueEncoder;
  private final AgnosticEncoder<K> k;
  private final AgnosticEncoder<V> v;
  private final List<Expression> grouping;

  KeyValueGroupedDataset(ServerFunctions functions, DataFrame input, Encoder<K> keyEncoder, Encoder<V> valueEncoder,
      List<Expression> grouping) {
    this.functions = functions;
    this.input = input;
    this.keyEncoder = keyEncoder;
    this.valueEncoder = valueEncoder;
    this.k = AgnosticEncoders.agnosticEncoderFor(keyEncoder);
    this.v = AgnosticEncoders.agnosticEncoderFor(valueEncoder);
    this.grouping = List.copyOf(grouping);
  }

  /**
   * One result per group (Spark's {@code mapGroups(MapGroupsFunction, Encoder)}).
   *
   * @param f called on the server with each key and an iterator over its values
   * @param outputEncoder encoder of the results
   * @param <U> the result type
   * @return a Dataset with one element per key
   * @throws IllegalArgumentException if {@code f} is not serializable (naming the class); nothing is sent
   */
  public <U> Dataset<U> mapGroups(MapGroupsFunction<K, V, U> f, Encoder<U> outputEncoder) {
    return flatMapGroupsOf(UDFAdaptors.mapGroupsToFlatMapGroups(ToScalaUDF.apply(Objects.requireNonNull(f, "f"))), f,
        outputEncoder);
  }

  /**
   * Any number of results per group (Spark's {@code flatMapGroups(FlatMapGroupsFunction, Encoder)}).
   *
   * @param f called on the server with each key and its values; returns an iterator of results
   * @param outputEncoder encoder of the results
   * @param <U> the result type
   * @return the Dataset of every group's results
   */
  public <U> Dataset<U> flatMapGroups(FlatMapGroupsFunction<K, V, U> f, Encoder<U> outputEncoder) {
    return flatMapGroupsOf(ToScalaUDF.apply(Objects.requireNonNull(f, "f")), f, outputEncoder);
  }

  /**
   * Reduces each group's values with {@code f} (Spark's {@code reduceGroups(ReduceFunction)}: an aggregate of
   * Spark's {@code ReduceAggregator}).
   *
   * @param f an associative, commutative reduction, run on the server
   * @return a Dataset of (key, reduced value) pairs, columns {@code key} and the reduction
   */
  public Dataset<Tuple2<K, V>> reduceGroups(ReduceFunction<V> f) {
    ReduceAggregator<V> reduce = new ReduceAggregator<>(ToScalaUDF.apply(Objects.requireNonNull(f, "f")),
        valueEncoder);
    functions.record(List.of(f), List.of(v));
    return aggregate(List.of(typedAggregate(reduce)), Encoders.tuple(keyEncoder, valueEncoder));
  }

  /**
   * One typed aggregate per group (Spark's {@code agg(TypedColumn)}), for a column made by
   * {@code aggregator.toColumn()}.
   *
   * @param col1 an {@link Aggregator}'s typed column over {@code V}
   * @param <U1> the aggregate's type
   * @return a Dataset of (key, aggregate) pairs
   * @throws IllegalArgumentException if the column is not an {@code Aggregator.toColumn()}
   */
  public <U1> Dataset<Tuple2<K, U1>> agg(TypedColumn<V, U1> col1) {
    return aggregate(List.of(typedAggregate(aggregatorOf(col1))), Encoders.tuple(keyEncoder, col1.encoder()));
  }

  /**
   * Two typed aggregates per group (Spark's {@code agg(TypedColumn, TypedColumn)}).
   *
   * @param col1 the first aggregator's typed column
   * @param col2 the second aggregator's typed column
   * @param <U1> the first aggregate's type
   * @param <U2> the second aggregate's type
   * @return a Dataset of (key, aggregate 1, aggregate 2)
   */
  public <U1, U2> Dataset<scala.Tuple3<K, U1, U2>> agg(TypedColumn<V, U1> col1, TypedColumn<V, U2> col2) {
    return aggregate(List.of(typedAggregate(aggregatorOf(col1)), typedAggregate(aggregatorOf(col2))),
        Encoders.tuple(keyEncoder, col1.encoder(), col2.encoder()));
  }

  /**
   * Groups both sides by key and calls {@code f} once per key with both sides' values (Spark's
   * {@code cogroup(KeyValueGroupedDataset, CoGroupFunction, Encoder)}, a {@code CoGroupMap} relation).
   *
   * @param other the other grouped Dataset (same key type, same session)
   * @param f called on the server with each key, this side's values and the other side's values
   * @param outputEncoder encoder of the results
   * @param <U> the other side's value type
   * @param <R> the result type
   * @return the Dataset of every key's results
   */
  @SuppressWarnings({"unchecked", "rawtypes"}) // Scala's IterableOnce vs Iterator: the adaptor takes either
  public <U, R> Dataset<R> cogroup(KeyValueGroupedDataset<K, U> other, CoGroupFunction<K, V, U, R> f,
      Encoder<R> outputEncoder) {
    Objects.requireNonNull(f, "f");
    AgnosticEncoder<R> out = AgnosticEncoders.agnosticEncoderFor(outputEncoder);
    CommonInlineUserDefinedFunction udf = Payloads.typedCall(
        UDFAdaptors.coGroupWithMappedValues((scala.Function3) ToScalaUDF.apply(f), Option.empty(), Option.empty()),
        Payloads.list(k, v, other.v), out);
    functions.record(List.of(f), List.of(k, v, other.v, out));
    DataFrame result = ConnectInternals.dataFrame(input.sparkSession(), b -> b.setCoGroupMap(CoGroupMap.newBuilder()
        .setInput(ConnectInternals.relation(input)).addAllInputGroupingExpressions(grouping)
        .setOther(ConnectInternals.relation(other.input)).addAllOtherGroupingExpressions(other.grouping)
        .setFunc(udf)));
    return new Dataset<>(functions, result, outputEncoder);
  }

  /**
   * Spark's {@code mapGroupsWithState(MapGroupsWithStateFunction, Encoder, Encoder)} without a timeout.
   *
   * @param f called with each key, its new values and its {@code GroupState}; returns one result
   * @param stateEncoder encoder of the state
   * @param outputEncoder encoder of the results
   * @param <S> the state type
   * @param <U> the result type
   * @return the Dataset of results (update output mode)
   */
  public <S, U> Dataset<U> mapGroupsWithState(MapGroupsWithStateFunction<K, V, S, U> f, Encoder<S> stateEncoder,
      Encoder<U> outputEncoder) {
    return mapGroupsWithState(f, stateEncoder, outputEncoder, GroupStateTimeout.NoTimeout());
  }

  /**
   * Keeps a state per key across the micro-batches of a streaming query (Spark's
   * {@code mapGroupsWithState(MapGroupsWithStateFunction, Encoder, Encoder, GroupStateTimeout)}: a {@code GroupMap}
   * with {@code is_map_groups_with_state}, output mode {@code Update}, the timeout and the state's schema). For each
   * key with new values in a micro-batch (or whose timeout expired), {@code f} gets the key, the new values and the
   * key's {@code GroupState} ({@code get}, {@code update}, {@code remove}, {@code setTimeoutDuration}, ...), and
   * returns one result. The state lives in the query's checkpoint ({@code format("statestore")} reads it).
   *
   * @param f called on the server per key and micro-batch
   * @param stateEncoder encoder of the state (a bean, a primitive, ...)
   * @param outputEncoder encoder of the results
   * @param timeout Spark's timeout kind ({@code NoTimeout}, {@code ProcessingTimeTimeout}, {@code EventTimeTimeout})
   * @param <S> the state type
   * @param <U> the result type
   * @return the streaming (or batch) Dataset of results
   */
  public <S, U> Dataset<U> mapGroupsWithState(MapGroupsWithStateFunction<K, V, S, U> f, Encoder<S> stateEncoder,
      Encoder<U> outputEncoder, GroupStateTimeout timeout) {
    Object nf = UDFAdaptors.mapGroupsWithStateToFlatMapWithState(ToScalaUDF.apply(Objects.requireNonNull(f, "f")));
    return withState(nf, f, true, OutputMode.Update(), stateEncoder, outputEncoder, timeout);
  }

  /**
   * Spark's {@code flatMapGroupsWithState(FlatMapGroupsWithStateFunction, OutputMode, Encoder, Encoder,
   * GroupStateTimeout)}: as {@link #mapGroupsWithState(MapGroupsWithStateFunction, Encoder, Encoder,
   * GroupStateTimeout)}, with any number of results per key and micro-batch, in {@code Append} or {@code Update} mode.
   *
   * @param f called on the server per key and micro-batch; returns an iterator of results
   * @param outputMode {@code OutputMode.Append()} or {@code OutputMode.Update()}
   * @param stateEncoder encoder of the state
   * @param outputEncoder encoder of the results
   * @param timeout Spark's timeout kind
   * @param <S> the state type
   * @param <U> the result type
   * @return the Dataset of results
   * @throws IllegalArgumentException for an output mode other than append or update (Spark's rule)
   */
  public <S, U> Dataset<U> flatMapGroupsWithState(FlatMapGroupsWithStateFunction<K, V, S, U> f,
      OutputMode outputMode, Encoder<S> stateEncoder, Encoder<U> outputEncoder, GroupStateTimeout timeout) {
    if (!outputMode.equals(OutputMode.Append()) && !outputMode.equals(OutputMode.Update())) {
      throw new IllegalArgumentException("The output mode of function should be append or update");
    }
    return withState(ToScalaUDF.apply(Objects.requireNonNull(f, "f")), f, false, outputMode, stateEncoder,
        outputEncoder, timeout);
  }

  /**
   * Spark's {@code transformWithState(StatefulProcessor, TimeMode, OutputMode, Encoder)}, the successor of
   * {@code flatMapGroupsWithState}: a {@link StatefulProcessor} run per key on the server, with the state it declares
   * in {@code init} through {@code getHandle()} ({@code ValueState}, {@code ListState}, {@code MapState}, with TTLs)
   * and timers in processing or event time. Sent as Spark's 4.1.2 Scala client sends it
   * ({@code KeyValueGroupedDatasetImpl.transformWithStateHelper}): a {@code GroupMap} whose function is a
   * {@code UdfPacket} of the processor itself with the encoders (key, Spark's {@code EmptyInitialStateStruct} for
   * "no initial state", value) and the output encoder, the output mode, and a {@code TransformWithStateInfo} with the
   * time mode.
   *
   * <p>The server keeps the state in the query's state store, which must be RocksDB
   * ({@code spark.sql.streaming.stateStore.providerClass =
   * org.apache.spark.sql.execution.streaming.state.RocksDBStateStoreProvider}, a session conf set before the query
   * starts); with Spark's default HDFS-backed store the query fails at its first micro-batch with the server's
   * {@code UNSUPPORTED_FEATURE.STATE_STORE_MULTIPLE_COLUMN_FAMILIES} ({@code TransformWithStateIT} shows both). Spark
   * runs {@code transformWithState} on streaming DataFrames; the processor's class (and what it references) ships
   * with the other function classes. Not built here: the forms with an initial state or an event-time column.
   *
   * @param statefulProcessor the processor (serializable; its {@code init}, {@code handleInputRows},
   *     {@code handleExpiredTimer} and {@code close} run on the server)
   * @param timeMode {@code TimeMode.None()}, {@code ProcessingTime()} or {@code EventTime()}
   * @param outputMode {@code OutputMode.Append()} or {@code OutputMode.Update()} (the server checks)
   * @param outputEncoder encoder of what the processor emits
   * @param <U> the output type
   * @return the streaming Dataset of the processor's output
   * @throws IllegalArgumentException if the processor is not serializable (naming the class); nothing is sent
   */
  public <U> Dataset<U> transformWithState(StatefulProcessor<K, V, U> statefulProcessor, TimeMode timeMode,
      OutputMode outputMode, Encoder<U> outputEncoder) {
    Objects.requireNonNull(statefulProcessor, "statefulProcessor");
    AgnosticEncoder<U> out = AgnosticEncoders.agnosticEncoderFor(outputEncoder);
    CommonInlineUserDefinedFunction udf = Payloads.function(statefulProcessor,
        Payloads.list(k, NO_INITIAL_STATE, v), out, false, true, true, null);
    functions.record(List.of(statefulProcessor), List.of(k, v, out));
    return groupMap(GroupMap.newBuilder().setFunc(udf).setOutputMode(outputMode.toString())
        .setTransformWithStateInfo(TransformWithStateInfo.newBuilder()
            .setTimeMode(Objects.requireNonNull(timeMode, "timeMode").toString())), outputEncoder);
  }

  // ---------------------------------------------------------------- plumbing

  private <U> Dataset<U> flatMapGroupsOf(Object scalaFunction, Object userFunction, Encoder<U> outputEncoder) {
    AgnosticEncoder<U> out = AgnosticEncoders.agnosticEncoderFor(outputEncoder);
    CommonInlineUserDefinedFunction udf = Payloads.typedCall(scalaFunction, Payloads.list(k, v), out);
    functions.record(List.of(userFunction), List.of(k, v, out));
    return groupMap(GroupMap.newBuilder().setFunc(udf), outputEncoder);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private <S, U> Dataset<U> withState(Object scalaFunction, Object userFunction, boolean mapGroups,
      OutputMode outputMode, Encoder<S> stateEncoder, Encoder<U> outputEncoder, GroupStateTimeout timeout) {
    AgnosticEncoder<S> s = AgnosticEncoders.agnosticEncoderFor(stateEncoder);
    AgnosticEncoder<U> out = AgnosticEncoders.agnosticEncoderFor(outputEncoder);
    Object nf = UDFAdaptors.flatMapGroupsWithStateWithMappedValues((scala.Function3) scalaFunction, Option.empty());
    CommonInlineUserDefinedFunction udf = Payloads.typedCall(nf, Payloads.list(k, s, v), out);
    functions.record(List.of(userFunction), List.of(k, s, v, out));
    return groupMap(GroupMap.newBuilder().setFunc(udf).setIsMapGroupsWithState(mapGroups)
        .setOutputMode(outputMode.toString()).setTimeoutConf(timeout.toString())
        .setStateSchema(Payloads.toProto(s.schema())), outputEncoder);
  }

  private <U> Dataset<U> groupMap(GroupMap.Builder groupMap, Encoder<U> outputEncoder) {
    DataFrame result = ConnectInternals.dataFrame(input.sparkSession(), b -> b.setGroupMap(groupMap
        .setInput(ConnectInternals.relation(input)).addAllGroupingExpressions(grouping)));
    return new Dataset<>(functions, result, outputEncoder);
  }

  private <R> Dataset<R> aggregate(List<Expression> aggregates, Encoder<R> resultEncoder) {
    DataFrame result = ConnectInternals.dataFrame(input.sparkSession(), b -> b.setAggregate(Aggregate.newBuilder()
        .setInput(ConnectInternals.relation(input)).setGroupType(Aggregate.GroupType.GROUP_TYPE_GROUPBY)
        .addAllGroupingExpressions(grouping).addAllAggregateExpressions(aggregates)));
    return new Dataset<>(functions, result, resultEncoder);
  }

  /** The {@code TypedAggregateExpression} of {@code aggregator} over this group's values. */
  private Expression typedAggregate(Aggregator<?, ?, ?> aggregator) {
    AgnosticEncoder<?> out = Payloads.agnostic(aggregator.outputEncoder());
    CommonInlineUserDefinedFunction f = Payloads.function(aggregator, Payloads.list(v), out, true, true, true, null);
    functions.record(List.of(aggregator), List.of(v, out, Payloads.agnostic(aggregator.bufferEncoder())));
    return Expression.newBuilder().setTypedAggregateExpression(TypedAggregateExpression.newBuilder()
        .setScalarScalaUdf(f.getScalarScalaUdf())).build();
  }

  private static Aggregator<?, ?, ?> aggregatorOf(TypedColumn<?, ?> column) {
    if (column.node() instanceof InvokeInlineUserDefinedFunction call && call.function() instanceof Aggregator<?, ?, ?> a
        && call.arguments().isEmpty()) {
      return a;
    }
    throw new IllegalArgumentException("agg takes the typed column of an Aggregator (aggregator.toColumn()), not "
        + column);
  }
}
