package io.github.reactivespark.connect.it;

import static io.github.reactivespark.connect.functions.call_udf;
import static io.github.reactivespark.connect.functions.callUDF;
import static io.github.reactivespark.connect.functions.col;
import static io.github.reactivespark.connect.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.reactivespark.connect.Row;
import io.github.reactivespark.connect.exceptions.SparkConnectException;
import io.github.reactivespark.connect.types.DataTypes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Java UDFs registered by class name from a Spark-free client (PySpark's {@code registerJavaFunction} /
 * {@code registerJavaUDAF}): a jar of {@code UDF1}/{@code UDF2} and {@code UserDefinedAggregateFunction} classes,
 * compiled against Spark's API at test time, is shipped with {@code addArtifact}, registered, and called from
 * {@code call_udf} and SQL. Runs in the default pass, whose JVM has no Spark class (NoSparkInClientIT).
 */
class JavaUdfIT extends ServerTestBase {

  static Path jar;

  @BeforeAll
  static void buildJar() throws Exception {
    jar = UserJar.build(UserJar.sources("udfs"), Files.createTempDirectory("udfjar").resolve("udfjar.jar"));
  }

  @BeforeEach
  void shipJar() {
    spark.addArtifact(jar).block(TIMEOUT);
  }

  @Test
  void aRegisteredJavaUdfWorksFromCallUdfAndSql() {
    spark.udf().registerJava("plus_one", "udfjar.PlusOne", DataTypes.LongType).block(TIMEOUT);
    List<Row> rows = spark.range(5).select(call_udf("plus_one", col("id")).as("x")).orderBy("x")
        .collectAsList().block(TIMEOUT);
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L), rows.stream().map(r -> r.getLong(0)).toList());
    assertEquals(500_500L, spark.sql("SELECT sum(plus_one(id)) FROM range(1000)").first().block(TIMEOUT).getLong(0));
    // Spark's older name, and a null in, null out
    assertEquals(null, spark.sql("SELECT CAST(NULL AS BIGINT) AS n").select(callUDF("plus_one", col("n")))
        .first().block(TIMEOUT).get(0));
  }

  @Test
  void theReturnTypeCanBeInferredAndArgumentsCanBeSeveral() {
    spark.udf().registerJava("shout", "udfjar.Shout").block(TIMEOUT);
    Row r = spark.range(1).select(call_udf("shout", lit("spark"), lit(3)).as("s")).first().block(TIMEOUT);
    assertEquals("SPARK!!!", r.getString(0));
    assertEquals("string", spark.sql("SELECT shout('a', 1) AS s").schema().block(TIMEOUT).fields().get(0)
        .dataType().simpleString());
  }

  @Test
  void aJavaUdafAggregatesInSqlAndInGroupBy() {
    spark.udf().registerJavaUDAF("long_sum", "udfjar.LongSum").block(TIMEOUT);
    assertEquals(4950L, spark.sql("SELECT long_sum(id) FROM range(100)").first().block(TIMEOUT).getLong(0));
    List<Row> byParity = spark.range(10).groupBy(col("id").mod(2).as("p"))
        .agg(call_udf("long_sum", col("id")).as("s")).orderBy("p").collectAsList().block(TIMEOUT);
    assertEquals(20L, byParity.get(0).getLong(1));
    assertEquals(25L, byParity.get(1).getLong(1));
  }

  @Test
  void anExceptionInTheUdfIsATypedErrorWithItsClassAndMessageAndTheSessionStaysUsable() {
    spark.udf().registerJava("boom", "udfjar.Boom", DataTypes.LongType).block(TIMEOUT);
    SparkConnectException e = assertThrows(SparkConnectException.class,
        () -> spark.range(10).select(call_udf("boom", col("id"))).collectAsList().block(TIMEOUT));
    String all = ErrorText.of(e);
    assertTrue(all.contains("FAILED_EXECUTE_UDF") || String.valueOf(e.errorClass()).contains("FAILED_EXECUTE_UDF"),
        all);
    assertTrue(all.contains("java.lang.IllegalStateException"), all);
    assertTrue(all.contains("udfjar.Boom refuses 3"), all);
    assertEquals(3L, spark.range(3).select(call_udf("boom", col("id"))).count().block(TIMEOUT));
  }

  @Test
  void aClassMissingOnTheServerIsATypedErrorNamingIt() {
    SparkConnectException e = assertThrows(SparkConnectException.class,
        () -> spark.udf().registerJava("missing", "udfjar.NotInTheJar", DataTypes.LongType).block(TIMEOUT));
    assertTrue(ErrorText.of(e).contains("udfjar.NotInTheJar"), ErrorText.of(e));
    assertEquals(1L, spark.range(1).count().block(TIMEOUT));
  }

  @Test
  void aResultOfTheWrongTypeIsTheServersTypedErrorAndTheSessionStaysUsable() {
    spark.udf().registerJava("nan", "udfjar.NotANumber", DataTypes.LongType).block(TIMEOUT);
    SparkConnectException e = assertThrows(SparkConnectException.class,
        () -> spark.range(3).select(call_udf("nan", col("id"))).collectAsList().block(TIMEOUT));
    assertTrue(ErrorText.of(e).contains("String") || ErrorText.of(e).contains("cannot be cast"), ErrorText.of(e));
    assertInstanceOf(SparkConnectException.class, e);
    assertEquals(2L, spark.udf().registerJava("plus_one", "udfjar.PlusOne", DataTypes.LongType)
        .then(spark.sql("SELECT plus_one(1L) AS x").first()).block(TIMEOUT).getLong(0));
  }
}
