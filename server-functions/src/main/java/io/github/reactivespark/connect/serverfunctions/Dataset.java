package io.github.reactivespark.connect.serverfunctions;

import io.github.reactivespark.connect.DataFrame;
import io.github.reactivespark.connect.Row;
import io.github.reactivespark.connect.internal.ConnectInternals;
import io.github.reactivespark.connect.internal.proto.CommonInlineUserDefinedFunction;
import io.github.reactivespark.connect.internal.proto.Filter;
import io.github.reactivespark.connect.internal.proto.MapPartitions;
import io.github.reactivespark.connect.internal.proto.Relation;
import java.util.List;
import java.util.Objects;
import org.apache.spark.api.java.function.FilterFunction;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.ForeachFunction;
import org.apache.spark.api.java.function.ForeachPartitionFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.catalyst.encoders.AgnosticEncoder;
import org.apache.spark.sql.catalyst.encoders.AgnosticEncoders;
import org.apache.spark.sql.catalyst.encoders.RowEncoder;
import org.apache.spark.sql.internal.ToScalaUDF;
import org.apache.spark.sql.internal.UDFAdaptors;
import org.apache.spark.sql.types.StructType;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A typed view of a {@link DataFrame}: rows that the server turns into {@code T} objects with Spark's
 * {@link Encoder}, for operations whose Java functions run on the server. Mirrors the typed half of Spark's
 * {@code Dataset<T>} as the Scala client sends it: {@code map}/{@code flatMap}/{@code mapPartitions} become a
 * {@code MapPartitions} relation, {@code filter(FilterFunction)} a {@code Filter} whose condition is the typed UDF,
 * {@code groupByKey} a {@link KeyValueGroupedDataset}; each function travels as a serialized {@code UdfPacket} with
 * its input and output encoders.
 *
 * <p>Results come back as this client's {@link Row}s ({@link #toDF()}, {@link #rows()}): the columns are the
 * output encoder's (a bean's properties, a tuple's {@code _1, _2}, a primitive's {@code value}). Decoding them into
 * {@code T} on the client would need Spark's encoders at run time in the client, which this client does not do.
 *
 * <p>Immutable; transformations do no I/O. Actions ({@link #rows()}, {@link #collectAsList()}, {@link #count()},
 * {@link #foreach}, {@link #foreachPartition}) first {@link ServerFunctions#ship()} the functions' classes, then run
 * as the DataFrame's actions do (cold, one {@code ExecutePlan} per subscription). An exception thrown by a function
 * fails the action with the server's typed error ({@code FAILED_EXECUTE_UDF} naming the exception).
 *
 * @param <T> the element type
 * @since 0.1.0
 */
public final class Dataset<T> {

  private final ServerFunctions functions;
  private final DataFrame df;
  private final Encoder<T> encoder;
  private final AgnosticEncoder<T> agnostic;

  Dataset(ServerFunctions functions, DataFrame df, Encoder<T> encoder) {
    this.functions = functions;
    this.df = df;
    this.encoder = encoder;
    this.agnostic = AgnosticEncoders.agnosticEncoderFor(encoder);
  }

  /** The untyped DataFrame over the same plan (its columns: the encoder's schema after a typed operation). */
  public DataFrame toDF() {
    return df;
  }

  /** The encoder of {@code T}. */
  public Encoder<T> encoder() {
    return encoder;
  }

  /** The server functions (and session) this Dataset belongs to. */
  public ServerFunctions functions() {
    return functions;
  }

  /**
   * The same plan viewed with another encoder (Spark's {@code as(Encoder)}).
   *
   * @param other the encoder of {@code U}
   * @param <U> the new element type
   * @return the view (no I/O)
   */
  public <U> Dataset<U> as(Encoder<U> other) {
    return functions.dataset(df, other);
  }

  // ---------------------------------------------------------------- typed transformations

  /**
   * Applies {@code f} to each element (Spark's {@code map(MapFunction, Encoder)}, a {@code MapPartitions} over
   * Spark's {@code UDFAdaptors.mapToMapPartitions}).
   *
   * @param f runs on the server for each element; serializable with all it captures
   * @param outputEncoder encoder of the results
   * @param <U> the result type
   * @return the mapped Dataset
   * @throws IllegalArgumentException if {@code f} is not serializable (naming the class); nothing is sent
   */
  public <U> Dataset<U> map(MapFunction<T, U> f, Encoder<U> outputEncoder) {
    return mapPartitionsOf(UDFAdaptors.mapToMapPartitions(Objects.requireNonNull(f, "f")), f, outputEncoder);
  }

  /**
   * Applies {@code f} to each element and flattens the iterators it returns (Spark's
   * {@code flatMap(FlatMapFunction, Encoder)}).
   *
   * @param f runs on the server for each element
   * @param outputEncoder encoder of the results
   * @param <U> the result type
   * @return the flattened Dataset
   */
  public <U> Dataset<U> flatMap(FlatMapFunction<T, U> f, Encoder<U> outputEncoder) {
    return mapPartitionsOf(UDFAdaptors.flatMapToMapPartitions(Objects.requireNonNull(f, "f")), f, outputEncoder);
  }

  /**
   * Applies {@code f} to each partition's iterator (Spark's {@code mapPartitions(MapPartitionsFunction, Encoder)}).
   *
   * @param f runs on the server once per partition
   * @param outputEncoder encoder of the results
   * @param <U> the result type
   * @return the Dataset of what {@code f} returns
   */
  public <U> Dataset<U> mapPartitions(MapPartitionsFunction<T, U> f, Encoder<U> outputEncoder) {
    return mapPartitionsOf(ToScalaUDF.apply(Objects.requireNonNull(f, "f")), f, outputEncoder);
  }

  /**
   * Keeps the elements for which {@code f} returns true (Spark's {@code filter(FilterFunction)}: a {@code Filter}
   * whose condition is the typed function over the whole row, which the server plans as a {@code TypedFilter}).
   *
   * @param f runs on the server for each element
   * @return the filtered Dataset, same encoder
   */
  public Dataset<T> filter(FilterFunction<T> f) {
    CommonInlineUserDefinedFunction udf = Payloads.typedCall(ToScalaUDF.apply(Objects.requireNonNull(f, "f")),
        Payloads.list(agnostic), AgnosticEncoders.PrimitiveBooleanEncoder$.MODULE$);
    functions.record(List.of(f), List.of(agnostic));
    return new Dataset<>(functions, ConnectInternals.dataFrame(df.sparkSession(), b -> b.setFilter(
        Filter.newBuilder().setInput(relation()).setCondition(Payloads.expression(udf)))), encoder);
  }

  /**
   * Groups the elements by the key {@code f} computes (Spark's {@code groupByKey(MapFunction, Encoder)}).
   *
   * @param f computes each element's key, on the server
   * @param keyEncoder encoder of the keys
   * @param <K> the key type
   * @return the grouped Dataset (no I/O)
   */
  public <K> KeyValueGroupedDataset<K, T> groupByKey(MapFunction<T, K> f, Encoder<K> keyEncoder) {
    AgnosticEncoder<K> k = AgnosticEncoders.agnosticEncoderFor(keyEncoder);
    CommonInlineUserDefinedFunction key = Payloads.typedCall(ToScalaUDF.apply(Objects.requireNonNull(f, "f")),
        Payloads.list(agnostic), k);
    functions.record(List.of(f), List.of(agnostic, k));
    return new KeyValueGroupedDataset<>(functions, df, keyEncoder, encoder, List.of(Payloads.expression(key)));
  }

  // ---------------------------------------------------------------- actions

  /**
   * Runs {@code f} on the server for each element, for its side effects (Spark's {@code foreach(ForeachFunction)}:
   * a {@code mapPartitions} that returns nothing, collected).
   *
   * @param f runs on the server, in the executors, for each element
   * @return cold; ships the classes, then one {@code ExecutePlan}; completes empty when every partition ran;
   *     emits the server's typed error when {@code f} throws
   */
  public Mono<Void> foreach(ForeachFunction<T> f) {
    return foreachPartitionOf(UDFAdaptors.foreachToForeachPartition(Objects.requireNonNull(f, "f")), f);
  }

  /**
   * Runs {@code f} on the server once per partition (Spark's {@code foreachPartition(ForeachPartitionFunction)}).
   *
   * @param f runs on the server for each partition's iterator
   * @return cold; completes empty when every partition ran; emits the server's typed error when {@code f} throws
   */
  public Mono<Void> foreachPartition(ForeachPartitionFunction<T> f) {
    return foreachPartitionOf(ToScalaUDF.apply(Objects.requireNonNull(f, "f")), f);
  }

  /**
   * The rows of this Dataset (the encoder's columns). Cold: ships the classes, then {@link DataFrame#rows()}.
   *
   * @return the rows, in the server's order; errors as {@link DataFrame#rows()} and {@link ServerFunctions#ship()}
   */
  public Flux<Row> rows() {
    return functions.ship().thenMany(Flux.defer(df::rows));
  }

  /**
   * All rows in one list. Cold: ships the classes, then {@link DataFrame#collectAsList()}.
   *
   * @return the rows
   */
  public Mono<List<Row>> collectAsList() {
    return functions.ship().then(Mono.defer(df::collectAsList));
  }

  /**
   * The number of elements. Cold: ships the classes, then {@link DataFrame#count()}.
   *
   * @return the count
   */
  public Mono<Long> count() {
    return functions.ship().then(Mono.defer(df::count));
  }

  // ---------------------------------------------------------------- plumbing

  Relation relation() {
    return ConnectInternals.relation(df);
  }

  AgnosticEncoder<T> agnostic() {
    return agnostic;
  }

  private <U> Dataset<U> mapPartitionsOf(Object scalaFunction, Object userFunction, Encoder<U> outputEncoder) {
    AgnosticEncoder<U> out = AgnosticEncoders.agnosticEncoderFor(Objects.requireNonNull(outputEncoder,
        "outputEncoder"));
    CommonInlineUserDefinedFunction udf = Payloads.typedCall(scalaFunction, Payloads.list(agnostic), out);
    functions.record(List.of(userFunction), List.of(agnostic, out));
    return new Dataset<>(functions, ConnectInternals.dataFrame(df.sparkSession(), b -> b.setMapPartitions(
        MapPartitions.newBuilder().setInput(relation()).setFunc(udf))), outputEncoder);
  }

  private Mono<Void> foreachPartitionOf(scala.Function1<scala.collection.Iterator<T>, scala.runtime.BoxedUnit> f,
      Object userFunction) {
    Encoder<org.apache.spark.sql.Row> nothing = RowEncoder.encoderFor(new StructType());
    Dataset<org.apache.spark.sql.Row> done = mapPartitionsOf(UDFAdaptors.foreachPartitionToMapPartitions(f),
        userFunction, nothing);
    return done.rows().then();
  }
}
