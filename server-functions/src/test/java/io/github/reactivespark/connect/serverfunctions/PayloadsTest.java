package io.github.reactivespark.connect.serverfunctions;

import static io.github.reactivespark.connect.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.reactivespark.connect.RetryPolicy;
import io.github.reactivespark.connect.SparkSession;
import io.github.reactivespark.connect.UserDefinedFunction;
import io.github.reactivespark.connect.internal.ConnectInternals;
import io.github.reactivespark.connect.internal.proto.CommonInlineUserDefinedFunction;
import io.github.reactivespark.connect.internal.proto.GroupMap;
import io.github.reactivespark.connect.internal.proto.Relation;
import io.github.reactivespark.connect.types.DataTypes;
import java.io.ByteArrayInputStream;
import java.io.ObjectInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.connect.EmptyInitialStateStruct;
import org.apache.spark.sql.connect.common.UdfPacket;
import org.apache.spark.sql.expressions.Aggregator;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.streaming.StatefulProcessor;
import org.apache.spark.sql.streaming.TimeMode;
import org.apache.spark.sql.streaming.TimerValues;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import scala.Function1;
import scala.Function2;

/**
 * The payloads are what Spark's server deserializes: read back here with Java serialization (as the server's
 * {@code Utils.deserialize} does), each is a {@code UdfPacket} whose function, called as the server calls it, reaches
 * the user's function; the types and encoders are those the Scala client sends. No server: nothing here sends an RPC.
 */
class PayloadsTest {

  SparkSession spark;
  ServerFunctions fns;

  @BeforeEach
  void session() {
    spark = SparkSession.builder().remote("sc://127.0.0.1:1").retryPolicy(RetryPolicy.none()).create();
    fns = ServerFunctions.of(spark);
  }

  @AfterEach
  void close() {
    spark.close();
  }

  static UdfPacket packet(CommonInlineUserDefinedFunction f) throws Exception {
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(
        f.getScalarScalaUdf().getPayload().toByteArray()))) {
      return (UdfPacket) in.readObject();
    }
  }

  static CommonInlineUserDefinedFunction proto(UserDefinedFunction udf) {
    return ConnectInternals.expression(udf.apply(col("id"))).getCommonInlineUserDefinedFunction();
  }

  @Test
  @SuppressWarnings("unchecked")
  void aLambdaUdfIsAPacketOfTheWrappedLambdaWithTheRowEncoderOfItsType() throws Exception {
    long offset = 1;
    UserDefinedFunction plus = fns.udf((UDF1<Long, Long>) x -> x + offset, DataTypes.LongType);
    CommonInlineUserDefinedFunction f = proto(plus);
    assertTrue(f.hasScalarScalaUdf());
    assertFalse(f.getScalarScalaUdf().getAggregate());
    assertTrue(f.getScalarScalaUdf().getOutputType().hasLong());
    assertEquals(0, f.getScalarScalaUdf().getInputTypesCount(), "Java UDFs carry no input encoders");
    UdfPacket packet = packet(f);
    assertEquals(0, packet.inputEncoders().size());
    assertEquals(org.apache.spark.sql.types.DataTypes.LongType, packet.outputEncoder().dataType());
    assertEquals(42L, ((Function1<Object, Object>) packet.function()).apply(41L));
    assertTrue(plus.deterministic());
    assertFalse(plus.asNondeterministic().deterministic());
  }

  @Test
  @SuppressWarnings("unchecked")
  void twoArgumentsAndAName() throws Exception {
    UserDefinedFunction concat = fns.udf((UDF2<String, Integer, String>) (s, n) -> s.repeat(n), DataTypes.StringType)
        .withName("rep");
    CommonInlineUserDefinedFunction f = proto(concat);
    assertEquals("rep", f.getFunctionName());
    assertEquals("abab", ((Function2<Object, Object, Object>) packet(f).function()).apply("ab", 2));
  }

  @Test
  void anAggregatorIsAnAggregatePacketWithItsInputEncoder() throws Exception {
    UserDefinedFunction sum = fns.udaf(new LongSum(), Encoders.LONG());
    CommonInlineUserDefinedFunction f = proto(sum);
    assertTrue(f.getScalarScalaUdf().getAggregate());
    assertTrue(f.getScalarScalaUdf().getInputTypes(0).hasLong());
    UdfPacket packet = packet(f);
    assertInstanceOf(LongSum.class, packet.function());
    assertEquals(1, packet.inputEncoders().size());
  }

  @Test
  void aNonSerializableCaptureIsRefusedAtDefinitionNamingItsClass() {
    Object notSerializable = new Object();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> fns.udf((UDF1<Long, Long>) x -> x + notSerializable.hashCode(), DataTypes.LongType));
    assertTrue(e.getMessage().contains("java.lang.Object"), e.getMessage());
    assertTrue(e.getMessage().contains("nothing was sent"), e.getMessage());
  }

  @Test
  void typedOperationsSendTheRelationsTheScalaClientSends() throws Exception {
    Dataset<Long> ids = fns.dataset(spark.range(10), Encoders.LONG());
    Relation mapped = ConnectInternals.relation(ids.map((MapFunction<Long, Long>) x -> x * 2, Encoders.LONG()).toDF());
    assertTrue(mapped.hasMapPartitions());
    CommonInlineUserDefinedFunction f = mapped.getMapPartitions().getFunc();
    assertEquals(1, f.getArgumentsCount());
    assertTrue(f.getArguments(0).hasUnresolvedStar());
    assertEquals(1, packet(f).inputEncoders().size());
    Relation filtered = ConnectInternals.relation(ids.filter(x -> x % 2 == 0).toDF());
    assertTrue(filtered.getFilter().getCondition().hasCommonInlineUserDefinedFunction());
    Relation grouped = ConnectInternals.relation(ids.groupByKey((MapFunction<Long, Long>) x -> x % 3, Encoders.LONG())
        .mapGroups((k, vs) -> k, Encoders.LONG()).toDF());
    assertEquals(1, grouped.getGroupMap().getGroupingExpressionsCount());
    assertEquals(2, grouped.getGroupMap().getFunc().getArgumentsCount());
    assertEquals(2, packet(grouped.getGroupMap().getFunc()).inputEncoders().size());
  }

  @Test
  void transformWithStateIsAGroupMapOfTheProcessorItselfWithTheTimeModeAsTheScalaClientSendsIt() throws Exception {
    Dataset<Long> ids = fns.dataset(spark.range(10), Encoders.LONG());
    Relation tws = ConnectInternals.relation(ids.groupByKey((MapFunction<Long, Long>) x -> x % 3, Encoders.LONG())
        .transformWithState(new Echo(), TimeMode.ProcessingTime(), OutputMode.Append(), Encoders.LONG()).toDF());
    GroupMap g = tws.getGroupMap();
    assertEquals(1, g.getGroupingExpressionsCount());
    assertEquals("Append", g.getOutputMode());
    assertEquals(TimeMode.ProcessingTime().toString(), g.getTransformWithStateInfo().getTimeMode());
    assertFalse(g.getTransformWithStateInfo().hasEventTimeColumnName());
    assertFalse(g.hasIsMapGroupsWithState());
    assertFalse(g.hasStateSchema());
    assertEquals(0, g.getFunc().getArgumentsCount());
    UdfPacket p = packet(g.getFunc());
    assertInstanceOf(Echo.class, p.function());
    assertEquals(3, p.inputEncoders().size()); // key, EmptyInitialStateStruct (no initial state), value
    assertEquals(EmptyInitialStateStruct.class, p.inputEncoders().apply(1).clsTag().runtimeClass());
  }

  /** A processor that emits its input. */
  static final class Echo extends StatefulProcessor<Long, Long, Long> {
    private static final long serialVersionUID = 1L;

    @Override
    public void init(OutputMode outputMode, TimeMode timeMode) {}

    @Override
    public scala.collection.Iterator<Long> handleInputRows(Long key, scala.collection.Iterator<Long> rows,
        TimerValues timerValues) {
      return rows;
    }
  }

  @Test
  void codeSourcesAreThisModulesClassesAndNeverSparkJars() throws Exception {
    fns.udf((UDF1<Long, Long>) x -> x + 1, DataTypes.LongType);
    Path testClasses = Paths.get("target", "test-classes").toAbsolutePath();
    assertTrue(fns.codeSources().contains(testClasses), fns.codeSources().toString());
    assertFalse(fns.codeSources().stream().anyMatch(p -> p.getFileName().toString().startsWith("spark-")),
        fns.codeSources().toString());
    FunctionClasses.Packed once = FunctionClasses.pack(testClasses);
    FunctionClasses.Packed twice = FunctionClasses.pack(testClasses);
    assertEquals(once.name(), twice.name(), "equal content, equal artifact name");
    assertTrue(once.name().matches("rsc-[0-9a-f]{20}-test-classes\\.jar"), once.name());
    Path copy = Files.createTempDirectory("rsc-pack");
    try {
      Path file = copy.resolve("A.class");
      Files.write(file, new byte[] {1, 2, 3});
      String before = FunctionClasses.pack(copy).name();
      Files.write(file, new byte[] {1, 2, 4});
      assertNotEquals(before, FunctionClasses.pack(copy).name(), "changed content, another artifact name");
    } finally {
      Files.walk(copy).sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** A sum of longs. */
  static final class LongSum extends Aggregator<Long, Long, Long> {
    @Override
    public Long zero() {
      return 0L;
    }

    @Override
    public Long reduce(Long b, Long a) {
      return b + a;
    }

    @Override
    public Long merge(Long b1, Long b2) {
      return b1 + b2;
    }

    @Override
    public Long finish(Long reduction) {
      return reduction;
    }

    @Override
    public org.apache.spark.sql.Encoder<Long> bufferEncoder() {
      return Encoders.LONG();
    }

    @Override
    public org.apache.spark.sql.Encoder<Long> outputEncoder() {
      return Encoders.LONG();
    }
  }
}
