package io.github.reactivespark.connect.it.serverfunctions;

import static io.github.reactivespark.connect.functions.call_udf;
import static io.github.reactivespark.connect.functions.col;
import static io.github.reactivespark.connect.functions.lit;
import static io.github.reactivespark.connect.functions.sum;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.reactivespark.connect.Row;
import io.github.reactivespark.connect.SparkSession;
import io.github.reactivespark.connect.UserDefinedFunction;
import io.github.reactivespark.connect.events.OperationStartedEvent;
import io.github.reactivespark.connect.events.SparkConnectListener;
import io.github.reactivespark.connect.exceptions.SparkConnectException;
import io.github.reactivespark.connect.it.ErrorText;
import io.github.reactivespark.connect.it.ServerTestBase;
import io.github.reactivespark.connect.it.TestServer;
import io.github.reactivespark.connect.it.serverside.TypedFunctions;
import io.github.reactivespark.connect.serverfunctions.ServerFunctions;
import io.github.reactivespark.connect.types.DataTypes;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.sql.Encoders;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * UDF lambdas and Aggregators from Java, as Spark's own payload ({@code scalar_scala_udf} with a serialized
 * {@code UdfPacket}), their classes shipped as content-addressed artifacts once per session; inline, registered for
 * SQL and {@code call_udf}, and the bad cases: an exception in the lambda, a result of the wrong type, classes never
 * shipped.
 */
class UdfLambdaIT extends ServerTestBase {

  ServerFunctions fns;

  @BeforeEach
  void functions() {
    fns = ServerFunctions.of(spark);
  }

  @Test
  void aLambdaUdfRunsInlineAndRegistered() {
    UserDefinedFunction plusOne = fns.udf(TypedFunctions.plus(1), DataTypes.LongType);
    fns.ship().block(TIMEOUT);
    assertEquals(500_500L, spark.range(1000).select(sum(plusOne.apply(col("id")))).first().block(TIMEOUT)
        .getLong(0));
    fns.register("plus_two", fns.udf(TypedFunctions.plus(2), DataTypes.LongType)).block(TIMEOUT);
    assertEquals(501_500L, spark.sql("SELECT sum(plus_two(id)) FROM range(1000)").first().block(TIMEOUT).getLong(0));
    assertEquals(12L, spark.range(10, 11).select(call_udf("plus_two", col("id"))).first().block(TIMEOUT).getLong(0));
    UserDefinedFunction rep = fns.udf(TypedFunctions.repeat(), DataTypes.StringType).asNondeterministic();
    assertEquals("abab", spark.range(1).select(rep.apply(lit("ab"), lit(2))).first().block(TIMEOUT).getString(0));
    // a Spark UserDefinedFunction built with Spark's own functions.udf
    UserDefinedFunction viaSpark = fns.udf(org.apache.spark.sql.functions.udf(TypedFunctions.plus(10),
        org.apache.spark.sql.types.DataTypes.LongType));
    fns.ship().block(TIMEOUT);
    assertEquals(10L, spark.range(1).select(viaSpark.apply(col("id"))).first().block(TIMEOUT).getLong(0));
  }

  @Test
  void classesAreShippedOncePerSession() {
    AtomicInteger uploads = new AtomicInteger();
    SparkConnectListener countUploads = new SparkConnectListener() {
      @Override
      public void onOperationStarted(OperationStartedEvent event) {
        if (event.rpc().equals("AddArtifacts")) {
          uploads.incrementAndGet();
        }
      }
    };
    SparkSession counted = TestServer.builder().listener(countUploads).create();
    try {
      ServerFunctions first = ServerFunctions.of(counted);
      first.udf(TypedFunctions.plus(1), DataTypes.LongType);
      first.ship().block(TIMEOUT);
      int afterFirst = uploads.get();
      assertTrue(afterFirst >= 1, "the first ship sent the classes");
      ServerFunctions again = ServerFunctions.of(counted);
      UserDefinedFunction plusThree = again.udf(TypedFunctions.plus(3), DataTypes.LongType);
      again.ship().block(TIMEOUT); // the same content-addressed jar: nothing to send
      assertEquals(afterFirst, uploads.get(), "a second ship of the same classes sent them again");
      assertEquals(3L, counted.range(1).select(plusThree.apply(col("id"))).first().block(TIMEOUT).getLong(0));
    } finally {
      counted.stop().block(TIMEOUT);
    }
  }

  @Test
  void anAggregatorIsAUdafInlineAndInSql() {
    UserDefinedFunction longSum = fns.udaf(new TypedFunctions.LongSum(), Encoders.LONG());
    fns.ship().block(TIMEOUT);
    List<Row> byMod = spark.range(100).groupBy(col("id").mod(3).as("m")).agg(longSum.apply(col("id")).as("s"))
        .orderBy("m").collectAsList().block(TIMEOUT);
    assertEquals(List.of(1683L, 1617L, 1650L), byMod.stream().map(r -> r.getLong(1)).toList());
    fns.register("long_sum_agg", longSum).block(TIMEOUT);
    assertEquals(4950L, spark.sql("SELECT long_sum_agg(id) FROM range(100)").first().block(TIMEOUT).getLong(0));
  }

  @Test
  void anExceptionInTheLambdaIsATypedErrorWithItsClassAndMessage() {
    UserDefinedFunction failing = fns.udf(TypedFunctions.failOnThree(), DataTypes.LongType);
    fns.ship().block(TIMEOUT);
    SparkConnectException e = assertThrows(SparkConnectException.class,
        () -> spark.range(10).select(failing.apply(col("id"))).collectAsList().block(TIMEOUT));
    String all = ErrorText.of(e);
    assertTrue(all.contains("FAILED_EXECUTE_UDF"), all);
    assertTrue(all.contains("java.lang.IllegalArgumentException") && all.contains("the lambda refuses 3"), all);
    assertEquals(3L, spark.range(3).select(failing.apply(col("id"))).count().block(TIMEOUT), "session usable");
  }

  @Test
  void aResultOfTheWrongTypeIsTheServersTypedError() {
    UserDefinedFunction text = fns.udf(TypedFunctions.notANumber(), DataTypes.LongType);
    fns.ship().block(TIMEOUT);
    SparkConnectException e = assertThrows(SparkConnectException.class,
        () -> spark.range(3).select(text.apply(col("id"))).collectAsList().block(TIMEOUT));
    String all = ErrorText.of(e);
    assertTrue(all.contains("String") && (all.contains("cannot be cast") || all.contains("ClassCast")), all);
    assertEquals(1L, spark.range(1).count().block(TIMEOUT), "session usable");
  }

  @Test
  void classesNeverShippedAreATypedErrorNamingTheClassAndTheArtifact() {
    UserDefinedFunction plusOne = fns.udf(TypedFunctions.plus(1), DataTypes.LongType);
    // no fns.ship(): the server cannot load the lambda's class
    SparkConnectException e = assertThrows(SparkConnectException.class,
        () -> spark.range(3).select(plusOne.apply(col("id"))).collectAsList().block(TIMEOUT));
    String all = ErrorText.of(e);
    assertTrue(all.contains("TypedFunctions"), all);
    assertTrue(all.contains("addArtifact"), all);
    assertEquals(1L, spark.range(1).count().block(TIMEOUT), "session usable");
  }
}
