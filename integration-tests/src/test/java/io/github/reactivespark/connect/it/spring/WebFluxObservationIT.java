package io.github.reactivespark.connect.it.spring;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.reactivespark.connect.autoconfigure.observation.SparkConnectObservationAutoConfiguration;
import io.github.reactivespark.connect.it.TestServer;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.webflux.autoconfigure.WebHttpHandlerBuilderCustomizer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The query's observation inside the web request's, in a real WebFlux application on Reactor Netty: the server's
 * {@code http.server.requests} observation travels in the Reactor context of the response's subscription, and the
 * auto-configured {@code ObservationSparkConnectListener} makes it the parent of the {@code spark.connect.execute}
 * observation of the query the endpoint streams (so a tracer nests the Spark call under the HTTP request).
 */
class WebFluxObservationIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(120);

  @Configuration(proxyBeanMethods = false)
  @Import(GracefulShutdownIT.App.class)
  @ImportAutoConfiguration(SparkConnectObservationAutoConfiguration.class)
  static class ObservedApp {

    @Bean
    TestObservationRegistry observationRegistry() {
      return TestObservationRegistry.create();
    }

    /** WebFlux observes every request with this registry ({@code http.server.requests}). */
    @Bean
    WebHttpHandlerBuilderCustomizer observeRequests(ObservationRegistry observationRegistry) {
      return builder -> builder.observationRegistry(observationRegistry);
    }
  }

  @Test
  void theQueryIsObservedInsideTheHttpRequest() throws Exception {
    try (ConfigurableApplicationContext context = new SpringApplicationBuilder(ObservedApp.class)
        .web(WebApplicationType.REACTIVE)
        .properties("server.port=0", "reactive-spark.connect.remote=" + TestServer.remote())
        .run()) {
      int port = ((WebServerApplicationContext) context).getWebServer().getPort();
      HttpResponse<String> response = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ids")).timeout(TIMEOUT).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body().lines()).hasSize((int) GracefulShutdownIT.ROWS);

      TestObservationRegistry observations = context.getBean(TestObservationRegistry.class);
      assertThat(observations).hasObservationWithNameEqualTo("spark.connect.execute").that()
          .hasLowCardinalityKeyValue("spark.connect.rpc", "ExecutePlan")
          .hasLowCardinalityKeyValue("spark.connect.outcome", "success")
          .hasBeenStopped()
          .hasParentObservationContextMatching(parent -> parent.getName().equals("http.server.requests"),
              "the HTTP request's observation");
    }
  }
}
