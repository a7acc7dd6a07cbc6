package io.github.reactivespark.connect.internal;

import io.github.reactivespark.connect.ArrowBatch;
import io.github.reactivespark.connect.Column;
import io.github.reactivespark.connect.DataFrame;
import io.github.reactivespark.connect.SparkSession;
import io.github.reactivespark.connect.internal.arrow.ArrowBatchAssembler;
import io.github.reactivespark.connect.internal.arrow.BatchFactory;
import io.github.reactivespark.connect.internal.client.ConnectClient;
import io.github.reactivespark.connect.internal.proto.ExecutePlanResponse;
import io.github.reactivespark.connect.internal.proto.Expression;
import io.github.reactivespark.connect.internal.proto.Plan;
import io.github.reactivespark.connect.internal.proto.Relation;
import io.github.reactivespark.connect.types.StructType;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.util.function.UnaryOperator;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import reactor.core.publisher.Flux;

/**
 * The seam through which reactive-spark-connect's own modules ({@code streaming}, {@code listeners},
 * {@code streaming-foreach}, the benchmarks and the integration tests) reach what the public classes keep to
 * themselves: a session's core ({@link ConnectClient}: plan ids, the reattachable {@code ExecutePlan} path,
 * {@code AnalyzePlan}, {@code Config}, the allocator) and the protobuf messages behind {@link DataFrame} and
 * {@link Column}. <b>Not an API</b>: it exposes generated protobuf types from the internal package and may change
 * in any release.
 *
 * <p>Everything the core returns has the semantics of the session's own actions: cold, one RPC per subscription,
 * retried with the session's {@code RetryPolicy}, errors converted to typed
 * {@link io.github.reactivespark.connect.exceptions.SparkConnectException}s, cancellation releases the operation.
 *
 * <p>The public package never names this class, so the dependency runs one way (this package uses the public one,
 * which uses the core below both): the package-private members are reached through private method-handle lookups
 * within reactive-core's own module, resolved once when this class initialises (a renamed member fails that, and
 * {@code ConnectInternalsTest}).
 */
public final class ConnectInternals {

  private static final VarHandle SESSION_CLIENT;
  private static final VarHandle DATA_FRAME_RELATION;
  private static final VarHandle COLUMN_EXPRESSION;
  private static final MethodHandle NEW_DATA_FRAME;
  private static final MethodHandle NEW_COLUMN;
  private static final MethodHandle NEW_ARROW_BATCH;

  static {
    try {
      MethodHandles.Lookup ours = MethodHandles.lookup();
      SESSION_CLIENT = MethodHandles.privateLookupIn(SparkSession.class, ours)
          .findVarHandle(SparkSession.class, "client", ConnectClient.class);
      MethodHandles.Lookup dataFrames = MethodHandles.privateLookupIn(DataFrame.class, ours);
      DATA_FRAME_RELATION = dataFrames.findVarHandle(DataFrame.class, "relation", Relation.class);
      NEW_DATA_FRAME = dataFrames.findConstructor(DataFrame.class,
          MethodType.methodType(void.class, SparkSession.class, Relation.class));
      MethodHandles.Lookup columns = MethodHandles.privateLookupIn(Column.class, ours);
      COLUMN_EXPRESSION = columns.findVarHandle(Column.class, "expr", Expression.class);
      NEW_COLUMN = columns.findConstructor(Column.class, MethodType.methodType(void.class, Expression.class));
      NEW_ARROW_BATCH = MethodHandles.privateLookupIn(ArrowBatch.class, ours).findConstructor(ArrowBatch.class,
          MethodType.methodType(void.class, StructType.class, VectorSchemaRoot.class, BufferAllocator.class,
              long.class));
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** How decoding makes {@link ArrowBatch}es here: its package-private constructor. */
  private static final BatchFactory<ArrowBatch> ARROW_BATCHES = (schema, root, allocator, startOffset) -> {
    try {
      return (ArrowBatch) NEW_ARROW_BATCH.invokeExact(schema, root, allocator, startOffset);
    } catch (Throwable e) {
      throw rethrow(e);
    }
  };

  private ConnectInternals() {}

  /**
   * The session's core: stamps and sends every request of the session.
   *
   * @param session an open or closed session
   * @return its core
   */
  public static ConnectClient client(SparkSession session) {
    return (ConnectClient) SESSION_CLIENT.get(session);
  }

  /**
   * The relation behind {@code df}.
   *
   * @param df a DataFrame
   * @return its root relation
   */
  public static Relation relation(DataFrame df) {
    return (Relation) DATA_FRAME_RELATION.get(df);
  }

  /**
   * The plan that executing {@code df} sends.
   *
   * @param df a DataFrame
   * @return a plan whose root is {@code df}'s relation
   */
  public static Plan plan(DataFrame df) {
    return Plan.newBuilder().setRoot(relation(df)).build();
  }

  /**
   * A DataFrame over {@code relation} in {@code session}.
   *
   * @param session the session the relation's plan ids come from
   * @param relation the relation
   * @return the DataFrame
   */
  public static DataFrame dataFrame(SparkSession session, Relation relation) {
    try {
      return (DataFrame) NEW_DATA_FRAME.invokeExact(session, relation);
    } catch (Throwable e) {
      throw rethrow(e);
    }
  }

  /**
   * A DataFrame over a new relation of {@code session} (its next plan id).
   *
   * @param session the session
   * @param relation fills in the relation
   * @return the DataFrame
   */
  public static DataFrame dataFrame(SparkSession session, UnaryOperator<Relation.Builder> relation) {
    return dataFrame(session, client(session).newRelation(relation));
  }

  /**
   * The expression behind {@code column}.
   *
   * @param column a Column
   * @return its expression
   */
  public static Expression expression(Column column) {
    return (Expression) COLUMN_EXPRESSION.get(column);
  }

  /**
   * A Column over {@code expression}.
   *
   * @param expression the expression
   * @return the Column
   */
  public static Column column(Expression expression) {
    try {
      return (Column) NEW_COLUMN.invokeExact(expression);
    } catch (Throwable e) {
      throw rethrow(e);
    }
  }

  /**
   * The data type a protocol {@code DataType} describes (as the client decodes schemas).
   *
   * @param type the protocol message
   * @return the data type; its {@link io.github.reactivespark.connect.types.DataType#sql()} is Spark's DDL form
   * @throws IllegalArgumentException for a message with no type set
   */
  public static io.github.reactivespark.connect.types.DataType dataType(
      io.github.reactivespark.connect.internal.proto.DataType type) {
    return io.github.reactivespark.connect.internal.types.DataTypeProtos.fromProto(type);
  }

  /**
   * Decodes the responses of one operation exactly as {@link DataFrame#toArrow()} does after the network (the
   * benchmarks measure the decode alone with it, on recorded responses).
   *
   * @param allocator parent of every batch's allocator
   * @param responses the responses of one operation, in order (schema first)
   * @return one batch per Arrow record batch; the subscriber owns and closes each; emits
   *     {@link io.github.reactivespark.connect.exceptions.MalformedResultException} as {@code toArrow()} does
   */
  public static Flux<ArrowBatch> arrowBatches(BufferAllocator allocator, Flux<ExecutePlanResponse> responses) {
    return ArrowBatchAssembler.decode(responses, allocator, ARROW_BATCHES, ArrowBatch.class);
  }

  private static RuntimeException rethrow(Throwable e) {
    if (e instanceof RuntimeException re) {
      return re;
    }
    if (e instanceof Error err) {
      throw err;
    }
    return new IllegalStateException(e);
  }
}
