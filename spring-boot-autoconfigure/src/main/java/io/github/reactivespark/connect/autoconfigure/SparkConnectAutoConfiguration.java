package io.github.reactivespark.connect.autoconfigure;

import io.github.reactivespark.connect.RetryPolicy;
import io.github.reactivespark.connect.SparkSession;
import io.github.reactivespark.connect.events.SparkConnectListener;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of a {@link SparkSession} bean, when the client is on the classpath and the application has
 * no {@code SparkSession} bean of its own:
 *
 * <ol>
 *   <li>a {@link SparkSession.Builder} gets the {@code reactive-spark.connect.*} properties
 *       ({@link SparkConnectProperties}: remote, retry policy, bytes in flight, chunk size, user agent, the embedded
 *       server's packages and confs);
 *   <li>then every {@link SparkConnectListener} bean, in order (the Micrometer ones come from
 *       {@code SparkConnectObservationAutoConfiguration});
 *   <li>then every {@link SparkSessionBuilderCustomizer} bean, in order;
 *   <li>the session is created (no network I/O for an {@code sc://} remote; for {@code remote=local} this starts the
 *       embedded server and waits for it, seconds) and gets the {@code session-tags};
 *   <li>a {@link SparkSessionLifecycle} releases it in the shutdown phase, after a graceful web server shutdown.
 * </ol>
 *
 * @since 0.1.0
 */
@AutoConfiguration
@ConditionalOnClass(SparkSession.class)
@EnableConfigurationProperties(SparkConnectProperties.class)
public final class SparkConnectAutoConfiguration {

  SparkConnectAutoConfiguration() {}

  /** The session and its lifecycle: both only when the application defines no session itself. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnMissingBean(SparkSession.class)
  static final class SparkSessionConfiguration {

    @Bean
    SparkSession sparkSession(SparkConnectProperties properties, ObjectProvider<SparkConnectListener> listeners,
        ObjectProvider<SparkSessionBuilderCustomizer> customizers) {
      SparkSession.Builder builder = SparkSession.builder();
      apply(properties, builder);
      listeners.orderedStream().forEach(builder::listener);
      customizers.orderedStream().forEach(c -> c.customize(builder));
      SparkSession session = builder.create();
      try {
        properties.getSessionTags().forEach(session::addTag);
      } catch (RuntimeException e) {
        session.close();
        throw e;
      }
      return session;
    }

    @Bean
    SparkSessionLifecycle sparkSessionLifecycle(SparkSession sparkSession, SparkConnectProperties properties) {
      return new SparkSessionLifecycle(sparkSession, properties.getShutdownTimeout());
    }
  }

  /**
   * Applies the properties to a builder (what the auto-configured session is built from).
   *
   * @param properties the bound {@code reactive-spark.connect.*} properties
   * @param builder the builder to configure
   * @throws IllegalArgumentException if a value is out of range (negative sizes, a retry multiplier below 1, ...)
   */
  static void apply(SparkConnectProperties properties, SparkSession.Builder builder) {
    if (properties.getRemote() != null && !properties.getRemote().isBlank()) {
      builder.remote(properties.getRemote().trim());
    }
    if (properties.getUserAgent() != null) {
      builder.userAgent(properties.getUserAgent());
    }
    SparkConnectProperties.Retry retry = properties.getRetry();
    builder.retryPolicy(RetryPolicy.defaultPolicy().mutate()
        .maxRetries(retry.getMaxRetries())
        .initialBackoff(retry.getInitialBackoff())
        .backoffMultiplier(retry.getMultiplier())
        .maxBackoff(retry.getMaxBackoff())
        .build());
    builder.maxBytesInFlight(properties.getMaxBytesInFlight().toBytes());
    builder.resultChunkSize(properties.getResultChunkSize().toBytes());
    SparkConnectProperties.LocalServer local = properties.getLocalServer();
    for (Map.Entry<String, String> conf : local.getConf().entrySet()) {
      builder.localServerConf(conf.getKey(), conf.getValue());
    }
    if (!local.getPackages().isEmpty()) {
      builder.localServerPackages(local.getPackages().toArray(String[]::new));
    }
  }
}
