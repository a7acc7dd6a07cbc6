package io.github.reactivespark.connect.autoconfigure;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.reactivespark.connect.SparkSession;
import io.github.reactivespark.connect.autoconfigure.health.SparkConnectHealthContributorAutoConfiguration;
import io.github.reactivespark.connect.autoconfigure.health.SparkConnectHealthIndicator;
import io.github.reactivespark.connect.autoconfigure.observation.SparkConnectObservationAutoConfiguration;
import io.github.reactivespark.connect.events.SparkConnectListener;
import io.github.reactivespark.connect.internal.ConnectInternals;
import io.github.reactivespark.connect.internal.client.ClientOptions;
import io.github.reactivespark.connect.micrometer.DefaultSparkConnectObservationConvention;
import io.github.reactivespark.connect.micrometer.MeterSparkConnectListener;
import io.github.reactivespark.connect.micrometer.ObservationSparkConnectListener;
import io.github.reactivespark.connect.micrometer.SparkConnectObservationConvention;
import io.github.reactivespark.connect.micrometer.SparkSessionMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

/**
 * The auto-configuration in a plain (non-web) context, without a server: conditions on classes and beans, property
 * binding, customizers and listener beans, backing off for the application's own session, the health indicator down
 * against a dead address within its timeout, the Micrometer wiring (a health check's failed {@code AnalyzePlan} is a
 * real operation and becomes a real observation), the embedded server's settings and the release on shutdown.
 * {@code SparkConnectAutoConfigurationIT} (integration-tests) runs the same against the real server: health up,
 * queries observed, the session released on the server.
 */
class SparkConnectAutoConfigurationTest {

  private static String dead;

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(SparkConnectAutoConfiguration.class,
          SparkConnectHealthContributorAutoConfiguration.class, SparkConnectObservationAutoConfiguration.class));

  @BeforeAll
  static void deadAddress() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      dead = "sc://127.0.0.1:" + s.getLocalPort(); // nothing listens there once closed
    }
  }

  private ApplicationContextRunner toDeadServer(String... more) {
    return runner.withPropertyValues("reactive-spark.connect.remote=" + dead).withPropertyValues(more);
  }

  private static ClientOptions options(SparkSession session) {
    return ConnectInternals.client(session).options();
  }

  @Test
  void withoutTheClientNothingIsConfigured() {
    toDeadServer().withClassLoader(new FilteredClassLoader(SparkSession.class)).run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(context).doesNotHaveBean(SparkConnectProperties.class);
      assertThat(context).doesNotHaveBean("sparkSession");
      assertThat(context).doesNotHaveBean(SparkSessionLifecycle.class);
    });
  }

  @Test
  void theSessionIsBuiltFromTheProperties() {
    toDeadServer("reactive-spark.connect.retry.max-retries=2", "reactive-spark.connect.retry.initial-backoff=10ms",
        "reactive-spark.connect.retry.multiplier=2", "reactive-spark.connect.retry.max-backoff=100ms",
        "reactive-spark.connect.max-bytes-in-flight=8MB", "reactive-spark.connect.result-chunk-size=1MB",
        "reactive-spark.connect.user-agent=flights-service", "reactive-spark.connect.session-tags=nightly,web")
        .run(context -> {
          SparkSession session = context.getBean(SparkSession.class);
          ClientOptions o = options(session);
          assertThat(session.connectionString().toString()).isEqualTo(dead);
          assertThat(o.retryConfig().getMaxAttempts()).isEqualTo(3);
          assertThat(o.maxBytesInFlight()).isEqualTo(8L * 1024 * 1024);
          assertThat(o.resultChunkSize()).isEqualTo(1024L * 1024);
          assertThat(o.prefetchMessages()).isEqualTo(8);
          assertThat(o.userAgent()).isEqualTo("flights-service");
          assertThat(session.getTags()).isEqualTo(Set.of("nightly", "web"));
          assertThat(context).hasSingleBean(SparkSessionLifecycle.class);
          assertThat(context.getBean(SparkConnectProperties.class).getRetry().getInitialBackoff())
              .isEqualTo(Duration.ofMillis(10));
        });
  }

  @Test
  void theDefaultsAreTheClientsDefaults() {
    toDeadServer().run(context -> {
      ClientOptions o = options(context.getBean(SparkSession.class));
      assertThat(o.retryConfig().getMaxAttempts()).isEqualTo(16);
      assertThat(o.maxBytesInFlight()).isEqualTo(SparkSession.Builder.DEFAULT_MAX_BYTES_IN_FLIGHT);
      assertThat(o.resultChunkSize()).isEqualTo(SparkSession.Builder.DEFAULT_RESULT_CHUNK_SIZE);
      assertThat(o.userAgent()).isEqualTo("reactive-spark-connect");
      assertThat(o.listeners()).isEmpty(); // no Micrometer registry in this context: nothing listens
    });
  }

  @Test
  void badValuesFailTheContextNamingThem() {
    toDeadServer("reactive-spark.connect.retry.multiplier=0.5").run(context ->
        assertThat(context).getFailure().rootCause().hasMessageContaining("backoffMultiplier"));
    toDeadServer("reactive-spark.connect.session-tags=a,b").run(context -> assertThat(context).hasNotFailed());
    runner.withPropertyValues("reactive-spark.connect.remote=sc://host:notaport").run(context ->
        assertThat(context).getFailure().rootCause().hasMessageContaining("notaport"));
  }

  @Configuration(proxyBeanMethods = false)
  static class CustomizersAndListeners {
    static final List<String> calls = new CopyOnWriteArrayList<>();

    @Bean
    @Order(2)
    SparkSessionBuilderCustomizer second() {
      return b -> {
        calls.add("second");
        b.userAgent("from-customizer");
      };
    }

    @Bean
    @Order(1)
    SparkSessionBuilderCustomizer first() {
      return b -> calls.add("first");
    }

    @Bean
    SparkConnectListener myListener() {
      return new SparkConnectListener() {};
    }
  }

  @Test
  void customizersRunInOrderAfterThePropertiesAndListenerBeansAreRegistered() {
    CustomizersAndListeners.calls.clear();
    toDeadServer("reactive-spark.connect.user-agent=from-properties").withUserConfiguration(
        CustomizersAndListeners.class).run(context -> {
          ClientOptions o = options(context.getBean(SparkSession.class));
          assertThat(CustomizersAndListeners.calls).containsExactly("first", "second");
          assertThat(o.userAgent()).isEqualTo("from-customizer");
          assertThat(o.listeners()).containsExactly(context.getBean("myListener", SparkConnectListener.class));
        });
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnSession {
    @Bean
    SparkSession mySession() {
      return SparkSession.builder().remote(dead).userAgent("mine").create();
    }
  }

  @Test
  void theApplicationsOwnSessionWins() {
    toDeadServer().withUserConfiguration(OwnSession.class).run(context -> {
      assertThat(context).hasSingleBean(SparkSession.class);
      assertThat(options(context.getBean(SparkSession.class)).userAgent()).isEqualTo("mine");
      assertThat(context).doesNotHaveBean(SparkSessionLifecycle.class);
      assertThat(context).hasSingleBean(SparkConnectHealthIndicator.class); // still checked
    });
  }

  @Test
  void healthIsDownAgainstADeadAddressWithinItsTimeoutAndShowsNoSecret() {
    // Spark's default retry policy would retry UNAVAILABLE for minutes: the health timeout bounds the check
    runner.withPropertyValues("reactive-spark.connect.remote=" + dead + "/;token=s3cr3t;x-api-key=k3y",
        "reactive-spark.connect.health.timeout=1500ms").run(context -> {
          ReactiveHealthIndicator indicator = context.getBean(SparkConnectHealthIndicator.class);
          long t0 = System.nanoTime();
          Health health = indicator.health().block(Duration.ofSeconds(10));
          long millis = (System.nanoTime() - t0) / 1_000_000;
          assertThat(health).isNotNull();
          assertThat(health.getStatus()).isEqualTo(Status.DOWN);
          assertThat(millis).isBetween(1400L, 5000L);
          assertThat(health.getDetails()).containsEntry("remote", dead)
              .containsEntry("sessionId", context.getBean(SparkSession.class).sessionId())
              .doesNotContainKey("version");
          assertThat(String.valueOf(health.getDetails().get("error"))).contains("TimeoutException");
          assertThat(health.toString()).doesNotContain("s3cr3t").doesNotContain("k3y");
        });
    toDeadServer("reactive-spark.connect.retry.max-retries=0").run(context -> {
      Health health = context.getBean(SparkConnectHealthIndicator.class).health().block(Duration.ofSeconds(10));
      assertThat(health.getStatus()).isEqualTo(Status.DOWN);
      assertThat(String.valueOf(health.getDetails().get("error"))).containsIgnoringCase("connection refused");
    });
  }

  @Test
  void healthCanBeSwitchedOffAndNeedsBootsHealthModule() {
    toDeadServer("management.health.spark-connect.enabled=false").run(context -> {
      assertThat(context).hasSingleBean(SparkSession.class);
      assertThat(context).doesNotHaveBean(SparkConnectHealthIndicator.class);
    });
    toDeadServer().withClassLoader(new FilteredClassLoader(ReactiveHealthIndicator.class)).run(context -> {
      assertThat(context).hasSingleBean(SparkSession.class);
      assertThat(context).doesNotHaveBean(SparkConnectHealthIndicator.class);
    });
  }

  @Configuration(proxyBeanMethods = false)
  static class Registries {
    @Bean
    TestObservationRegistry observationRegistry() {
      return TestObservationRegistry.create();
    }

    @Bean
    SimpleMeterRegistry meterRegistry() {
      return new SimpleMeterRegistry();
    }
  }

  @Test
  void withMicrometerRegistriesEveryOperationIsObservedAndCounted() {
    toDeadServer("reactive-spark.connect.retry.max-retries=1", "reactive-spark.connect.retry.initial-backoff=1ms")
        .withUserConfiguration(Registries.class).run(context -> {
          SparkSession session = context.getBean(SparkSession.class);
          assertThat(options(session).listeners()).containsExactlyInAnyOrder(
              context.getBean(ObservationSparkConnectListener.class), context.getBean(MeterSparkConnectListener.class));
          MeterRegistry meters = context.getBean(MeterRegistry.class);
          context.getBean(SparkSessionMetrics.class).bindTo(meters); // Boot's metrics auto-configuration does this

          Health health = context.getBean(SparkConnectHealthIndicator.class).health().block(Duration.ofSeconds(10));
          assertThat(health.getStatus()).isEqualTo(Status.DOWN);

          TestObservationRegistry observations = context.getBean(TestObservationRegistry.class);
          assertThat(observations).hasSingleObservationThat()
              .hasNameEqualTo(DefaultSparkConnectObservationConvention.NAME)
              .hasContextualNameEqualTo("spark.connect.SparkConnectService/AnalyzePlan")
              .hasLowCardinalityKeyValue("spark.connect.rpc", "AnalyzePlan")
              .hasLowCardinalityKeyValue("spark.connect.outcome", "error")
              .hasLowCardinalityKeyValue("spark.connect.error.class", "none")
              .hasHighCardinalityKeyValue("spark.connect.session.id", session.sessionId())
              .hasHighCardinalityKeyValue("spark.connect.operation.id", "none")
              .hasError().hasBeenStarted().hasBeenStopped();
          assertThat(meters.get(MeterSparkConnectListener.RETRIES).tag("spark.connect.rpc", "AnalyzePlan")
              .counter().count()).isEqualTo(1.0);
          assertThat(meters.get(MeterSparkConnectListener.OPERATIONS_ACTIVE).gauge().value()).isZero();
          assertThat(meters.get(SparkSessionMetrics.ARROW_MEMORY).gauge().value()).isZero();
        });
  }

  @Configuration(proxyBeanMethods = false)
  static class Convention {
    @Bean
    SparkConnectObservationConvention myConvention() {
      return new DefaultSparkConnectObservationConvention() {
        @Override
        public String getName() {
          return "flights.spark";
        }
      };
    }
  }

  @Test
  void theApplicationsConventionNamesTheObservations() {
    toDeadServer("reactive-spark.connect.retry.max-retries=0").withUserConfiguration(Registries.class,
        Convention.class).run(context -> {
          context.getBean(SparkConnectHealthIndicator.class).health().block(Duration.ofSeconds(10));
          assertThat(context.getBean(TestObservationRegistry.class)).hasSingleObservationThat()
              .hasNameEqualTo("flights.spark");
        });
  }

  @Test
  void withoutMicrometerOrItsRegistriesNoListenerIsAdded() {
    toDeadServer().withUserConfiguration(Registries.class)
        .withClassLoader(new FilteredClassLoader(ObservationSparkConnectListener.class)).run(context -> {
          assertThat(context).hasSingleBean(SparkSession.class);
          assertThat(context).doesNotHaveBean(ObservationSparkConnectListener.class);
          assertThat(context).doesNotHaveBean(MeterSparkConnectListener.class);
          assertThat(options(context.getBean(SparkSession.class)).listeners()).isEmpty();
        });
    toDeadServer().withBean(ObservationRegistry.class, ObservationRegistry::create).run(context -> {
      assertThat(context).hasSingleBean(ObservationSparkConnectListener.class);
      assertThat(context).doesNotHaveBean(MeterSparkConnectListener.class); // no MeterRegistry bean
    });
  }

  @Test
  void remoteLocalStartsTheEmbeddedServerWithItsPackagesAndConfsAndReleasesItOnShutdown() {
    RecordingLocalServerProvider.STARTS.clear();
    RecordingLocalServerProvider.remote = dead;
    int closedBefore = RecordingLocalServerProvider.CLOSED.get();
    runner.withPropertyValues("reactive-spark.connect.remote=local",
        "reactive-spark.connect.local-server.packages=io.delta:delta-spark_4.1_2.13:4.3.1",
        "reactive-spark.connect.local-server.conf[spark.sql.shuffle.partitions]=4",
        "reactive-spark.connect.local-server.conf.spark.ui.enabled=false").run(context -> {
          assertThat(context).hasNotFailed();
          assertThat(RecordingLocalServerProvider.STARTS).containsExactly(Map.of(
              "spark.jars.packages", "io.delta:delta-spark_4.1_2.13:4.3.1",
              "spark.sql.shuffle.partitions", "4", "spark.ui.enabled", "false"));
          assertThat(context.getBean(SparkSession.class).connectionString().toString()).isEqualTo(dead);
        });
    assertThat(RecordingLocalServerProvider.CLOSED.get()).isEqualTo(closedBefore + 1);
  }

  @Test
  void closingTheContextReleasesTheSessionInTheShutdownPhase() {
    SparkSession[] session = new SparkSession[1];
    toDeadServer("reactive-spark.connect.shutdown-timeout=3s").run(context -> {
      session[0] = context.getBean(SparkSession.class);
      assertThat(context.getBean(SparkSessionLifecycle.class).isRunning()).isTrue();
      assertThat(ConnectInternals.client(session[0]).isClosed()).isFalse();
    });
    assertThat(ConnectInternals.client(session[0]).isClosed()).isTrue();
    assertThat(session[0].arrowAllocatedBytes()).isZero();
    assertThat(SparkSessionLifecycle.PHASE).isLessThan(Integer.MAX_VALUE - 2048); // after the web server stops
  }

  @Test
  void theJarCarriesConfigurationMetadataForIdes() throws IOException {
    String json;
    try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
      assertThat(in).as("generated by spring-boot-configuration-processor").isNotNull();
      json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    for (String property : List.of("reactive-spark.connect.remote", "reactive-spark.connect.retry.max-retries",
        "reactive-spark.connect.retry.initial-backoff", "reactive-spark.connect.retry.multiplier",
        "reactive-spark.connect.retry.max-backoff", "reactive-spark.connect.max-bytes-in-flight",
        "reactive-spark.connect.result-chunk-size", "reactive-spark.connect.user-agent",
        "reactive-spark.connect.session-tags", "reactive-spark.connect.local-server.packages",
        "reactive-spark.connect.local-server.conf", "reactive-spark.connect.health.timeout",
        "reactive-spark.connect.shutdown-timeout", "management.health.spark-connect.enabled")) {
      assertThat(json).contains("\"name\": \"" + property + "\"");
    }
    assertThat(json).contains("\"defaultValue\": \"64MB\"").contains("\"defaultValue\": \"50ms\"");
  }
}
