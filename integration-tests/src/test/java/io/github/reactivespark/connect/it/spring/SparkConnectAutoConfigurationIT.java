package io.github.reactivespark.connect.it.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.reactivespark.connect.ConnectionString;
import io.github.reactivespark.connect.SparkSession;
import io.github.reactivespark.connect.autoconfigure.SparkConnectAutoConfiguration;
import io.github.reactivespark.connect.autoconfigure.health.SparkConnectHealthContributorAutoConfiguration;
import io.github.reactivespark.connect.autoconfigure.health.SparkConnectHealthIndicator;
import io.github.reactivespark.connect.autoconfigure.observation.SparkConnectObservationAutoConfiguration;
import io.github.reactivespark.connect.exceptions.ParseException;
import io.github.reactivespark.connect.exceptions.SessionNotFoundException;
import io.github.reactivespark.connect.it.TestServer;
import io.github.reactivespark.connect.micrometer.MeterSparkConnectListener;
import io.github.reactivespark.connect.micrometer.SparkSessionMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The starter's auto-configuration against the real server, next to Spring Boot's own observation and metrics
 * auto-configurations, as in an application with the actuator: the health indicator up with the server's version,
 * a query through the {@code SparkSession} bean timed as {@code spark.connect.execute} and counted, bad SQL timed with
 * its outcome and Spark's error class, and the session released on the server when the context closes (its id is
 * refused afterwards); and the health indicator down against the live server when it refuses the token, showing
 * neither the wrong token nor the right one.
 */
class SparkConnectAutoConfigurationIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(120);

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class, MetricsAutoConfiguration.class,
          CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
          SparkConnectAutoConfiguration.class, SparkConnectHealthContributorAutoConfiguration.class,
          SparkConnectObservationAutoConfiguration.class))
      .withPropertyValues("reactive-spark.connect.remote=" + TestServer.remote(),
          "reactive-spark.connect.session-tags=it-spring", "reactive-spark.connect.user-agent=spring-it");

  @Test
  void healthUpQueriesObservedAndTheSessionReleasedOnShutdown() {
    AtomicReference<String> sessionId = new AtomicReference<>();
    runner.run(context -> {
      assertThat(context).hasNotFailed();
      SparkSession spark = context.getBean(SparkSession.class);
      sessionId.set(spark.sessionId());

      Health health = context.getBean(SparkConnectHealthIndicator.class).health().block(TIMEOUT);
      ConnectionString cs = ConnectionString.parse(TestServer.remote());
      assertThat(health.getStatus()).isEqualTo(Status.UP);
      assertThat(health.getDetails()).containsEntry("version", "4.1.2")
          .containsEntry("sessionId", spark.sessionId())
          .containsEntry("remote", "sc://" + cs.host() + ":" + cs.port());
      TestServer.token().ifPresent(token -> assertThat(health.toString()).doesNotContain(token));

      assertThat(spark.range(0, 1000).count().block(TIMEOUT)).isEqualTo(1000L);
      assertThat(spark.getTags()).containsExactly("it-spring");

      MeterRegistry meters = context.getBean(MeterRegistry.class);
      assertThat(meters.get("spark.connect.execute").tag("spark.connect.rpc", "ExecutePlan")
          .tag("spark.connect.outcome", "success").timer().count()).isEqualTo(1);
      assertThat(meters.get("spark.connect.execute").tag("spark.connect.rpc", "AnalyzePlan")
          .tag("spark.connect.outcome", "success").timer().count()).isEqualTo(1); // the health check
      assertThat(meters.get(MeterSparkConnectListener.ROWS).counter().count()).isEqualTo(1); // count(): one row
      ParseException bad = assertThrows(ParseException.class, () -> spark.sql("SELEC 1").count().block(TIMEOUT));
      assertThat(meters.get("spark.connect.execute").tag("spark.connect.rpc", "ExecutePlan")
          .tag("spark.connect.outcome", "error").tag("spark.connect.error.class", bad.errorClass())
          .tag("error", "ParseException").timer().count()).isEqualTo(1);
      assertThat(bad.errorClass()).isEqualTo("PARSE_SYNTAX_ERROR");
      assertThat(meters.get(SparkSessionMetrics.ARROW_MEMORY).gauge().value()).isZero(); // bound by Boot
      assertThat(meters.get(MeterSparkConnectListener.OPERATIONS_ACTIVE).gauge().value()).isZero();
    });
    // closing the context ran the lifecycle's ReleaseSession: the server refuses the id from now on
    try (SparkSession again = SparkSession.builder().remote(TestServer.remote("session_id=" + sessionId.get()))
        .create()) {
      SessionNotFoundException e = assertThrows(SessionNotFoundException.class,
          () -> again.range(1).count().block(TIMEOUT));
      assertThat(List.of("INVALID_HANDLE.SESSION_CLOSED", "INVALID_HANDLE.SESSION_NOT_FOUND"))
          .contains(e.errorClass());
    }
  }

  @Test
  void healthIsDownWhenTheServerRefusesTheTokenAndShowsNeitherToken() {
    ConnectionString cs = ConnectionString.parse(TestServer.remote());
    assumeTrue(TestServer.token().isPresent(), "the server under test requires no token");
    String wrong = "wrong-" + UUID.randomUUID();
    runner.withPropertyValues("reactive-spark.connect.remote=sc://" + cs.host() + ":" + cs.port() + "/;token=" + wrong,
        "reactive-spark.connect.health.timeout=30s").run(context -> {
          Health health = context.getBean(SparkConnectHealthIndicator.class).health().block(TIMEOUT);
          assertThat(health.getStatus()).isEqualTo(Status.DOWN);
          assertThat(String.valueOf(health.getDetails().get("error"))).contains("AuthenticationException")
              .contains("Invalid authentication token");
          assertThat(health.getDetails()).containsEntry("remote", "sc://" + cs.host() + ":" + cs.port())
              .doesNotContainKey("version");
          assertThat(health.toString()).doesNotContain(wrong);
          assertThat(health.toString()).doesNotContain(TestServer.token().orElseThrow());
          MeterRegistry meters = context.getBean(MeterRegistry.class);
          assertThat(meters.get("spark.connect.execute").tag("spark.connect.rpc", "AnalyzePlan")
              .tag("spark.connect.outcome", "error").timer().count()).isEqualTo(1); // refused at once, not retried
        });
  }
}
