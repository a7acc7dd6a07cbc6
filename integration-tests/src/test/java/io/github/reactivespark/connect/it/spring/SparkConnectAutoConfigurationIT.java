package io.github.reactivespark.connect.it.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.reactivespark.connect.ConnectionString;
import io.github.reactivespark.connect.SparkSession;
import io.github.reactivespark.connect.autoconfigure.SparkConnectAutoConfiguration;
import io.github.reactivespark.connect.autoconfigure.health.SparkConnectHealthContributorAutoConfiguration;
import io.github.reactivespark.connect.autoconfigure.health.SparkConnectHealthIndicator;
import io.github.reactivespark.connect.autoconfigure.observation.SparkConnectObservationAutoConfiguration;
import io.github.reactivespark.connect.exceptions.SessionNotFoundException;
import io.github.reactivespark.connect.it.TestServer;
import io.github.reactivespark.connect.micrometer.MeterSparkConnectListener;
import io.github.reactivespark.connect.micrometer.SparkSessionMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
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
 * a query through the {@code SparkSession} bean timed as {@code spark.connect.execute} and counted, and the session
 * released on the server when the context closes (its id is refused afterwards).
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
}
