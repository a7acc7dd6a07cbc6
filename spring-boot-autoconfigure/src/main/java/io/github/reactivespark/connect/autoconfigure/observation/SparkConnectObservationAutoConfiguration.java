package io.github.reactivespark.connect.autoconfigure.observation;

import io.github.reactivespark.connect.SparkSession;
import io.github.reactivespark.connect.autoconfigure.SparkConnectAutoConfiguration;
import io.github.reactivespark.connect.micrometer.MeterSparkConnectListener;
import io.github.reactivespark.connect.micrometer.ObservationSparkConnectListener;
import io.github.reactivespark.connect.micrometer.SparkConnectObservationConvention;
import io.github.reactivespark.connect.micrometer.SparkSessionMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Micrometer for the auto-configured session, when {@code reactive-spark-connect-micrometer} is on the classpath:
 *
 * <ul>
 *   <li>with an {@link ObservationRegistry} bean (Spring Boot's observation auto-configuration makes one), an
 *       {@link ObservationSparkConnectListener}: an observation {@code spark.connect.execute} per operation, named
 *       by the application's {@link SparkConnectObservationConvention} bean if it has one;
 *   <li>with a {@link MeterRegistry} bean, a {@link MeterSparkConnectListener} (responses, Arrow batches and bytes,
 *       rows, reattaches, retries, operations in flight) and, for the one {@link SparkSession} bean, a
 *       {@link SparkSessionMetrics} binder (the Arrow memory it holds), which Spring Boot binds to its registries.
 * </ul>
 *
 * <p>The listeners are {@code SparkConnectListener} beans: {@link SparkConnectAutoConfiguration} registers every
 * such bean on the builder of the session it creates. An application that defines its own {@code SparkSession} bean
 * adds them to its builder itself.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = SparkConnectAutoConfiguration.class, afterName = {
    "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration",
    "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
    "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration" })
@ConditionalOnClass({ SparkSession.class, ObservationSparkConnectListener.class })
public final class SparkConnectObservationAutoConfiguration {

  SparkConnectObservationAutoConfiguration() {}

  /** Observations, with an observation registry. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(ObservationRegistry.class)
  @ConditionalOnBean(ObservationRegistry.class)
  static final class Observations {

    @Bean
    @ConditionalOnMissingBean
    ObservationSparkConnectListener observationSparkConnectListener(ObservationRegistry observationRegistry,
        ObjectProvider<SparkConnectObservationConvention> convention) {
      return new ObservationSparkConnectListener(observationRegistry, convention.getIfAvailable());
    }
  }

  /** Meters, with a meter registry. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(MeterRegistry.class)
  @ConditionalOnBean(MeterRegistry.class)
  static final class Meters {

    @Bean
    @ConditionalOnMissingBean
    MeterSparkConnectListener meterSparkConnectListener(MeterRegistry meterRegistry) {
      return new MeterSparkConnectListener(meterRegistry);
    }
  }

  /** The Arrow memory of the session (bound by Spring Boot to its registries, as every {@code MeterBinder}). */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(MeterRegistry.class)
  static final class SessionMetrics {

    @Bean
    @ConditionalOnSingleCandidate(SparkSession.class)
    @ConditionalOnMissingBean
    SparkSessionMetrics sparkSessionMetrics(SparkSession sparkSession) {
      return new SparkSessionMetrics(sparkSession, Tags.empty());
    }
  }
}
