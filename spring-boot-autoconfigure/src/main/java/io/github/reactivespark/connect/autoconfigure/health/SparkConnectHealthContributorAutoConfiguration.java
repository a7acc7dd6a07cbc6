package io.github.reactivespark.connect.autoconfigure.health;

import io.github.reactivespark.connect.SparkSession;
import io.github.reactivespark.connect.autoconfigure.SparkConnectAutoConfiguration;
import io.github.reactivespark.connect.autoconfigure.SparkConnectProperties;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of {@link SparkConnectHealthIndicator} (health component {@code sparkConnect}) for the
 * application's one {@link SparkSession} bean, when Spring Boot's health module is on the classpath and
 * {@code management.health.spark-connect.enabled} is not {@code false}. Its round trip is bounded by
 * {@code reactive-spark.connect.health.timeout}.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = SparkConnectAutoConfiguration.class)
@ConditionalOnClass({ SparkSession.class, ReactiveHealthIndicator.class, ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnSingleCandidate(SparkSession.class)
@ConditionalOnEnabledHealthIndicator("spark-connect")
public final class SparkConnectHealthContributorAutoConfiguration {

  SparkConnectHealthContributorAutoConfiguration() {}

  @Bean
  @ConditionalOnMissingBean(name = { "sparkConnectHealthIndicator", "sparkConnectHealthContributor" })
  SparkConnectHealthIndicator sparkConnectHealthIndicator(SparkSession sparkSession,
      SparkConnectProperties properties) {
    return new SparkConnectHealthIndicator(sparkSession, properties.getHealth().getTimeout());
  }
}
