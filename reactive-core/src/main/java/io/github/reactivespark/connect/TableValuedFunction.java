package io.github.reactivespark.connect;

import io.github.reactivespark.connect.internal.proto.UnresolvedTableValuedFunction;
import java.util.Objects;

/**
 * Spark's table-valued functions as DataFrames ({@code spark.tvf()}): each method builds a lazy
 * {@code UnresolvedTableValuedFunction} relation (except {@link #range}, a {@code Range} relation, as in PySpark),
 * resolved by the server when an action runs; a wrong argument fails that action with an
 * {@code AnalysisException}.
 *
 * <p>Method names are the SQL function names, as in Scala's {@code TableValuedFunction} and PySpark's
 * {@code spark.tvf} (and like {@link functions}); {@link #call(String, Column...)} reaches any other table function
 * of the server.
 *
 * @since 0.2.0
 */
@SuppressWarnings("checkstyle:MethodName")
public final class TableValuedFunction {

  private final SparkSession session;

  TableValuedFunction(SparkSession session) {
    this.session = session;
  }

  /** Any table-valued function of the server by name, for example {@code call("range", lit(5))}. */
  public DataFrame call(String functionName, Column... args) {
    Objects.requireNonNull(functionName, "functionName");
    UnresolvedTableValuedFunction.Builder f = UnresolvedTableValuedFunction.newBuilder().setFunctionName(functionName);
    for (Column a : args) {
      f.addArguments(a.expr);
    }
    return session.newDataFrame(b -> b.setUnresolvedTableValuedFunction(f));
  }

  /** Same as {@link SparkSession#range(long)}. */
  public DataFrame range(long end) {
    return session.range(end);
  }

  /** Same as {@link SparkSession#range(long, long)}. */
  public DataFrame range(long start, long end) {
    return session.range(start, end);
  }

  /** Same as {@link SparkSession#range(long, long, long)}. */
  public DataFrame range(long start, long end, long step) {
    return session.range(start, end, step);
  }

  /** Same as {@link SparkSession#range(long, long, long, int)}. */
  public DataFrame range(long start, long end, long step, int numPartitions) {
    return session.range(start, end, step, numPartitions);
  }

  /** One row per element of an array ({@code col}) or entry of a map ({@code key}, {@code value}). */
  public DataFrame explode(Column collection) {
    return call("explode", collection);
  }

  /** As {@link #explode}, with one row of nulls for a null or empty collection. */
  public DataFrame explode_outer(Column collection) {
    return call("explode_outer", collection);
  }

  /** One row per struct of an array of structs, one column per struct field. */
  public DataFrame inline(Column input) {
    return call("inline", input);
  }

  /** As {@link #inline}, with one row of nulls for a null or empty array. */
  public DataFrame inline_outer(Column input) {
    return call("inline_outer", input);
  }

  /** One row with columns {@code c0, c1, …}: the given top-level fields of a JSON string. */
  public DataFrame json_tuple(Column json, Column... fields) {
    Column[] args = new Column[fields.length + 1];
    args[0] = json;
    System.arraycopy(fields, 0, args, 1, fields.length);
    return call("json_tuple", args);
  }

  /** As {@link #explode} with the position: columns {@code pos} then {@code col} (or {@code key}, {@code value}). */
  public DataFrame posexplode(Column collection) {
    return call("posexplode", collection);
  }

  /** As {@link #posexplode}, with one row of nulls for a null or empty collection. */
  public DataFrame posexplode_outer(Column collection) {
    return call("posexplode_outer", collection);
  }

  /** Spreads {@code values} over {@code n} rows: {@code stack(lit(2), lit(1), lit(2), lit(3), lit(4))}. */
  public DataFrame stack(Column n, Column... values) {
    Column[] args = new Column[values.length + 1];
    args[0] = n;
    System.arraycopy(values, 0, args, 1, values.length);
    return call("stack", args);
  }

  /** The collations the server supports. */
  public DataFrame collations() {
    return call("collations");
  }

  /** The SQL keywords of the server ({@code keyword}, {@code reserved}). */
  public DataFrame sql_keywords() {
    return call("sql_keywords");
  }

  /** One row per element of a variant array or field of a variant object: {@code pos}, {@code key}, {@code value}. */
  public DataFrame variant_explode(Column input) {
    return call("variant_explode", input);
  }

  /** As {@link #variant_explode}, with one row of nulls for a null, non-array/object or empty variant. */
  public DataFrame variant_explode_outer(Column input) {
    return call("variant_explode_outer", input);
  }

}
