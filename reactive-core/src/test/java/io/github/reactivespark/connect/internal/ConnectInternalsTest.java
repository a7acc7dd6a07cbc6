package io.github.reactivespark.connect.internal;

import static io.github.reactivespark.connect.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.github.reactivespark.connect.Column;
import io.github.reactivespark.connect.DataFrame;
import io.github.reactivespark.connect.RetryPolicy;
import io.github.reactivespark.connect.SparkSession;
import io.github.reactivespark.connect.internal.client.ConnectClient;
import io.github.reactivespark.connect.internal.proto.Expression;
import io.github.reactivespark.connect.internal.proto.Range;
import io.github.reactivespark.connect.internal.proto.Relation;
import java.time.Duration;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/**
 * The seam resolves every package-private member it reaches (a renamed field or constructor fails here, not in
 * another module), and each accessor hands out what the public object holds. No server: nothing here sends an RPC
 * until the session closes (its {@code ReleaseSession} to a closed port fails fast and is only logged).
 */
class ConnectInternalsTest {

  SparkSession spark;

  @BeforeEach
  void session() {
    spark = SparkSession.builder().remote("sc://127.0.0.1:1").retryPolicy(RetryPolicy.none()).create();
  }

  @AfterEach
  void close() {
    spark.close();
  }

  @Test
  void theSessionCoreIsTheSessions() {
    ConnectClient client = ConnectInternals.client(spark);
    assertEquals(spark.sessionId(), client.sessionId());
    assertSame(client, ConnectInternals.client(spark));
    assertEquals("127.0.0.1", client.options().host());
    assertEquals(1, client.options().port());
  }

  @Test
  void dataFramesAndRelationsRoundTrip() {
    DataFrame df = ConnectInternals.dataFrame(spark, b -> b.setRange(Range.newBuilder().setEnd(10).setStep(1)));
    Relation relation = ConnectInternals.relation(df);
    assertEquals(10, relation.getRange().getEnd());
    assertEquals(df.planId(), relation.getCommon().getPlanId());
    assertSame(relation, ConnectInternals.plan(df).getRoot());
    DataFrame again = ConnectInternals.dataFrame(spark, relation);
    assertSame(relation, ConnectInternals.relation(again));
    assertSame(spark, again.sparkSession());
    // plan ids come from the session core: the next relation gets the next id
    assertEquals(df.planId() + 1, spark.range(1).planId());
  }

  @Test
  void columnsAndExpressionsRoundTrip() {
    Expression e = ConnectInternals.expression(col("delay"));
    assertEquals("delay", e.getUnresolvedAttribute().getUnparsedIdentifier());
    Column c = ConnectInternals.column(e);
    assertSame(e, ConnectInternals.expression(c));
  }

  @Test
  void arrowBatchesOfNoResponsesAreNone() {
    try (RootAllocator allocator = new RootAllocator()) {
      StepVerifier.create(ConnectInternals.arrowBatches(allocator, Flux.empty())).verifyComplete();
    }
  }

  @Test
  void aClosedSessionsCoreRefusesWork() {
    spark.close();
    StepVerifier.create(ConnectInternals.client(spark).execute(ConnectInternals.plan(spark.range(1))))
        .expectErrorMessage("SparkSession " + spark.sessionId() + " is closed")
        .verify(Duration.ofSeconds(5));
  }

  @Test
  void userDefinedFunctionsCarryTheirProtoIntoEveryCall() {
    io.github.reactivespark.connect.internal.proto.CommonInlineUserDefinedFunction f =
        io.github.reactivespark.connect.internal.proto.CommonInlineUserDefinedFunction.newBuilder()
            .setFunctionName("plus_one").setDeterministic(true)
            .setScalarScalaUdf(io.github.reactivespark.connect.internal.proto.ScalarScalaUDF.newBuilder()
                .setNullable(true).setPayload(com.google.protobuf.ByteString.copyFromUtf8("payload")))
            .build();
    io.github.reactivespark.connect.UserDefinedFunction udf = ConnectInternals.userDefinedFunction(f);
    Expression call = ConnectInternals.expression(udf.asNondeterministic().asNonNullable().apply(col("id")));
    assertEquals("plus_one", call.getCommonInlineUserDefinedFunction().getFunctionName());
    assertEquals(false, call.getCommonInlineUserDefinedFunction().getDeterministic());
    assertEquals(false, call.getCommonInlineUserDefinedFunction().getScalarScalaUdf().getNullable());
    assertEquals("payload", call.getCommonInlineUserDefinedFunction().getScalarScalaUdf().getPayload().toStringUtf8());
    assertEquals(1, call.getCommonInlineUserDefinedFunction().getArgumentsCount());
    assertEquals("plus_one", udf.name());
    assertEquals(true, udf.deterministic());
  }
}
