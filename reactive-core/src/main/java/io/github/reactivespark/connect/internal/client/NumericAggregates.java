package io.github.reactivespark.connect.internal.client;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.github.reactivespark.connect.internal.proto.Aggregate;
import io.github.reactivespark.connect.internal.proto.AnalyzePlanResponse;
import io.github.reactivespark.connect.internal.proto.AnalyzePlanRequest;
import io.github.reactivespark.connect.internal.proto.Expression;
import io.github.reactivespark.connect.internal.proto.Plan;
import io.github.reactivespark.connect.internal.proto.Relation;
import io.github.reactivespark.connect.internal.types.DataTypeProtos;
import io.github.reactivespark.connect.types.ByteType;
import io.github.reactivespark.connect.types.DataType;
import io.github.reactivespark.connect.types.DecimalType;
import io.github.reactivespark.connect.types.DoubleType;
import io.github.reactivespark.connect.types.FloatType;
import io.github.reactivespark.connect.types.IntegerType;
import io.github.reactivespark.connect.types.LongType;
import io.github.reactivespark.connect.types.ShortType;
import io.github.reactivespark.connect.types.StructField;
import io.github.reactivespark.connect.types.StructType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The aggregates of {@code GroupedData.avg()}, {@code mean}, {@code sum}, {@code min} and {@code max} called
 * without column names: every numeric column of the grouped DataFrame, as PySpark Connect ({@code group.py
 * _numeric_agg}) and classic Spark ({@code RelationalGroupedDataset.aggregateNumericColumns}) choose them. Which
 * columns are numeric is only known from the server's analysis, and transformations here do no I/O; so the
 * transformation records a placeholder relation (the {@code Aggregate} without aggregate expressions, packed in
 * {@code Relation.extension} under {@link #TYPE_URL_PREFIX}), and {@link ConnectClient} resolves it just before it sends a
 * plan: one {@code AnalyzePlan(schema)} of the aggregate's input, then the real {@code Aggregate} with
 * {@code fn(col)} for each numeric column, in schema order, under the placeholder's plan id. Nested placeholders
 * (a no-argument aggregate over another) resolve innermost first; the same placeholder used twice in one plan is
 * resolved once.
 *
 * <p>Spark's Scala Connect client differs: it sends no aggregate expressions at all (its
 * {@code selectNumericColumns} returns the given names only), so {@code groupBy("k").avg()} there returns the
 * distinct groups. Numeric here means Spark's {@code NumericType}: byte, short, int, bigint, float, double, decimal;
 * grouping columns count too when they are numeric (as in both Spark implementations).
 */
public final class NumericAggregates {

  /** Prefix of the placeholder's {@code Any} type URL; the suffix after it is the aggregate function. */
  static final String TYPE_URL_PREFIX = "type.reactivespark.io/numeric-aggregate/";

  private NumericAggregates() {}

  /**
   * Makes {@code relation} the placeholder for {@code fn} over every numeric column of {@code aggregate}'s input.
   *
   * @param relation the builder of the new relation (its plan id set already)
   * @param aggregate the aggregate without aggregate expressions (input, grouping, pivot)
   * @param fn the aggregate function: {@code avg}, {@code mean}, {@code sum}, {@code min} or {@code max}
   * @return {@code relation}
   */
  public static Relation.Builder placeholder(Relation.Builder relation, Aggregate aggregate, String fn) {
    return relation.setExtension(Any.pack(aggregate, TYPE_URL_PREFIX + fn));
  }

  /** {@code message} with every placeholder resolved, or {@code message} itself (at once) when it has none. */
  @SuppressWarnings("unchecked")
  static <M extends Message> Mono<M> resolve(Analyzer session, M message) {
    Map<Long, Relation> found = new LinkedHashMap<>();
    PlanTrees.collect(message, NumericAggregates::isPlaceholder, found);
    if (found.isEmpty()) {
      return Mono.just(message);
    }
    return Flux.fromIterable(found.values())
        .concatMap(p -> resolveOne(session, p).map(r -> Map.entry(p.getCommon().getPlanId(), r)))
        .collectMap(Map.Entry::getKey, Map.Entry::getValue)
        .map(byId -> (M) PlanTrees.replace(message, NumericAggregates::isPlaceholder, byId));
  }

  static boolean isPlaceholder(Relation r) {
    return r.hasExtension() && r.getExtension().getTypeUrl().startsWith(TYPE_URL_PREFIX);
  }

  /** One placeholder → the real aggregate: its input resolved first, then its schema asked of the server. */
  private static Mono<Relation> resolveOne(Analyzer session, Relation placeholder) {
    Aggregate aggregate;
    try {
      aggregate = placeholder.getExtension().unpack(Aggregate.class);
    } catch (InvalidProtocolBufferException e) {
      return Mono.error(new IllegalStateException("corrupt numeric-aggregate placeholder", e));
    }
    String fn = placeholder.getExtension().getTypeUrl().substring(TYPE_URL_PREFIX.length());
    fn = fn.substring(0, fn.indexOf('/'));
    String function = fn;
    return resolve(session, aggregate.getInput())
        .flatMap(input -> session.analyze(b -> b.setSchema(AnalyzePlanRequest.Schema.newBuilder()
                .setPlan(Plan.newBuilder().setRoot(input))))
            .map(r -> {
              StructType schema = (StructType) DataTypeProtos.fromProto(r.getSchema().getSchema());
              Aggregate.Builder a = aggregate.toBuilder().setInput(input);
              for (StructField field : schema.fields()) {
                if (numeric(field.dataType())) {
                  a.addAggregateExpressions(Expression.newBuilder().setUnresolvedFunction(
                      Expression.UnresolvedFunction.newBuilder().setFunctionName(function).addArguments(
                          Expression.newBuilder().setUnresolvedAttribute(Expression.UnresolvedAttribute.newBuilder()
                              .setUnparsedIdentifier(quoted(field.name()))))));
                }
              }
              return Relation.newBuilder().setCommon(placeholder.getCommon()).setAggregate(a).build();
            }));
  }

  /** The one RPC resolution needs: {@code AnalyzePlan} of the client (unresolved placeholders are never sent). */
  @FunctionalInterface
  interface Analyzer {
    Mono<AnalyzePlanResponse> analyze(UnaryOperator<AnalyzePlanRequest.Builder> request);
  }

  static boolean numeric(DataType t) {
    return t instanceof ByteType || t instanceof ShortType || t instanceof IntegerType || t instanceof LongType
        || t instanceof FloatType || t instanceof DoubleType || t instanceof DecimalType;
  }

  /** A column name as a back-quoted identifier, so that dots or spaces in it are not parsed. */
  static String quoted(String name) {
    return "`" + name.replace("`", "``") + "`";
  }
}
