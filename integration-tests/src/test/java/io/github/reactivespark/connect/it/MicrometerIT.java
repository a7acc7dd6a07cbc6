package io.github.reactivespark.connect.it;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.reactivespark.connect.ConnectionString;
import io.github.reactivespark.connect.SparkSession;
import io.github.reactivespark.connect.exceptions.ParseException;
import io.github.reactivespark.connect.micrometer.MeterSparkConnectListener;
import io.github.reactivespark.connect.micrometer.ObservationSparkConnectListener;
import io.github.reactivespark.connect.micrometer.SparkSessionMetrics;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.vector.BigIntVector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * The Micrometer module on real queries: one observation {@code spark.connect.execute} per query with its outcome
 * and Spark's error class, and meters that add up to what the query really returned, for a successful query, a
 * failed one (bad SQL) and one whose stream is cut and resumed.
 */
class MicrometerIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(120);
  private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

  private TestObservationRegistry observations;
  private SimpleMeterRegistry meters;

  @BeforeEach
  void registries() {
    observations = TestObservationRegistry.create();
    meters = new SimpleMeterRegistry();
    observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
  }

  private SparkSession session(String remote) {
    SparkSession spark = SparkSession.builder().remote(remote)
        .listener(new ObservationSparkConnectListener(observations))
        .listener(new MeterSparkConnectListener(meters))
        .create();
    new SparkSessionMetrics(spark, Tags.empty()).bindTo(meters);
    return spark;
  }

  private double count(String name) {
    return meters.get(name).counter().count();
  }

  @AfterEach
  void nothingRunsAnyMore() {
    assertThat(meters.get(MeterSparkConnectListener.OPERATIONS_ACTIVE).gauge().value()).isZero();
  }

  @Test
  void aSuccessfulQueryIsOneObservationAndItsMetersAddUpToItsResult() {
    long n = 25_000;
    try (SparkSession spark = session(TestServer.remote())) {
      long sum = spark.range(0, n, 1, 3).mapBatches(b -> {
        BigIntVector ids = (BigIntVector) b.root().getVector(0);
        long s = 0;
        for (int i = 0; i < b.rowCount(); i++) {
          s += ids.get(i);
        }
        return s;
      }).reduce(0L, Long::sum).block(TIMEOUT);
      assertThat(sum).isEqualTo(n * (n - 1) / 2);

      assertThat(observations).hasSingleObservationThat()
          .hasNameEqualTo("spark.connect.execute")
          .hasContextualNameEqualTo("spark.connect.SparkConnectService/ExecutePlan")
          .hasLowCardinalityKeyValue("spark.connect.rpc", "ExecutePlan")
          .hasLowCardinalityKeyValue("spark.connect.outcome", "success")
          .hasLowCardinalityKeyValue("spark.connect.error.class", "none")
          .hasHighCardinalityKeyValue("spark.connect.session.id", spark.sessionId())
          .hasHighCardinalityKeyValueWithKey("spark.connect.operation.id")
          .doesNotHaveError().hasBeenStarted().hasBeenStopped()
          .satisfies(context -> assertThat(context.getHighCardinalityKeyValue("spark.connect.operation.id")
              .getValue()).matches(UUID));

      assertThat(count(MeterSparkConnectListener.ROWS)).isEqualTo(n);
      assertThat(count(MeterSparkConnectListener.ARROW_BATCHES)).isGreaterThanOrEqualTo(3);
      assertThat(count(MeterSparkConnectListener.ARROW_BYTES)).isGreaterThan(n * 8); // 8 bytes per bigint, plus IPC
      assertThat(count(MeterSparkConnectListener.RESPONSES))
          .isGreaterThan(count(MeterSparkConnectListener.ARROW_BATCHES)); // and the schema, ResultComplete
      assertThat(count(MeterSparkConnectListener.RESPONSE_BYTES))
          .isGreaterThan(count(MeterSparkConnectListener.ARROW_BYTES));
      assertThat(meters.find(MeterSparkConnectListener.RETRIES).counter()).isNull();
      assertThat(meters.get("spark.connect.execute").tag("spark.connect.outcome", "success").timer().count())
          .isEqualTo(1);
      assertThat(meters.get(SparkSessionMetrics.ARROW_MEMORY).gauge().value()).isZero();
    }
  }

  @Test
  void aFailedQueryRecordsSparksErrorClass() {
    try (SparkSession spark = session(TestServer.remote())) {
      ParseException e = assertThrows(ParseException.class, () -> spark.sql("SELEC 1").count().block(TIMEOUT));
      assertThat(e.errorClass()).isEqualTo("PARSE_SYNTAX_ERROR");

      assertThat(observations).hasSingleObservationThat()
          .hasLowCardinalityKeyValue("spark.connect.rpc", "ExecutePlan")
          .hasLowCardinalityKeyValue("spark.connect.outcome", "error")
          .hasLowCardinalityKeyValue("spark.connect.error.class", "PARSE_SYNTAX_ERROR")
          .hasError(e).hasBeenStopped();
      assertThat(meters.get("spark.connect.execute").tag("spark.connect.error.class", "PARSE_SYNTAX_ERROR")
          .tag("error", "ParseException").timer().count()).isEqualTo(1);
      assertThat(count(MeterSparkConnectListener.ROWS)).isZero();
    }
  }

  @Test
  void aCutStreamShowsItsReattachAndRetriesAndStillCountsEveryRowOnce() throws Exception {
    long n = 3_000_000;
    ConnectionString target = ConnectionString.parse(TestServer.remote());
    try (CuttingProxy proxy = new CuttingProxy(target.host(), target.port());
        SparkSession spark = session(TestServer.via(proxy.port()))) {
      CountDownLatch first = new CountDownLatch(1);
      Mono<Long> rows = spark.range(0, n, 1, 6).mapBatches(b -> (long) b.rowCount())
          .doOnNext(r -> first.countDown())
          .concatMap(r -> Mono.just(r).delayElement(Duration.ofMillis(10)), 1) // a slow consumer: the call stays open
          .reduce(0L, Long::sum);
      var result = rows.toFuture();
      assertThat(first.await(60, TimeUnit.SECONDS)).isTrue();
      proxy.refuse(true); // the cut and the first reconnects fail: the reattach is retried
      proxy.cutAll();
      Thread.sleep(600);
      proxy.refuse(false);
      assertThat(result.get(120, TimeUnit.SECONDS)).isEqualTo(n);

      assertThat(count(MeterSparkConnectListener.ROWS)).isEqualTo(n);
      assertThat(count(MeterSparkConnectListener.REATTACHES)).isGreaterThanOrEqualTo(1);
      assertThat(meters.get(MeterSparkConnectListener.RETRIES).tag("spark.connect.rpc", "ExecutePlan").counter()
          .count()).isGreaterThanOrEqualTo(1);
      assertThat(observations).hasSingleObservationThat()
          .hasLowCardinalityKeyValue("spark.connect.outcome", "success").doesNotHaveError();
    }
  }
}
