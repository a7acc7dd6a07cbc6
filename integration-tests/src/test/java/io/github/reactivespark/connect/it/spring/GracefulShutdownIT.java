package io.github.reactivespark.connect.it.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.reactivespark.connect.SparkSession;
import io.github.reactivespark.connect.autoconfigure.SparkConnectAutoConfiguration;
import io.github.reactivespark.connect.autoconfigure.SparkSessionLifecycle;
import io.github.reactivespark.connect.exceptions.SessionNotFoundException;
import io.github.reactivespark.connect.internal.ConnectInternals;
import io.github.reactivespark.connect.it.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.reactor.netty.autoconfigure.NettyReactiveWebServerAutoConfiguration;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.webflux.autoconfigure.HttpHandlerAutoConfiguration;
import org.springframework.boot.webflux.autoconfigure.WebFluxAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The auto-configured session's release in a real WebFlux application on Reactor Netty with
 * {@code server.shutdown=graceful}: the context is closed while a response is still streaming query rows. The web
 * server's graceful shutdown lets that response finish (every row arrives, the sum is right), and only then, in
 * {@link SparkSessionLifecycle}'s later phase, is the session released ({@code ReleaseSession}: the server refuses
 * its id afterwards). Were the session released first, ReleaseSession would end the running query and cut the
 * response short.
 */
class GracefulShutdownIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(120);
  static final long ROWS = 3_000;

  /** What the endpoint saw: its first row sent, and whether the session was still open when its last row went out. */
  static final class Probe {
    final CountDownLatch firstRow = new CountDownLatch(1);
    final AtomicReference<Boolean> sessionOpenAtLastRow = new AtomicReference<>();
  }

  @Configuration(proxyBeanMethods = false)
  @ImportAutoConfiguration({ NettyReactiveWebServerAutoConfiguration.class, HttpHandlerAutoConfiguration.class,
      WebFluxAutoConfiguration.class, SparkConnectAutoConfiguration.class })
  static class App {

    @Bean
    Probe probe() {
      return new Probe();
    }

    /** GET /ids: the ids 0..ROWS-1 as NDJSON, one every millisecond or so (a response streaming for seconds). */
    @Bean
    RouterFunction<ServerResponse> ids(SparkSession spark, Probe probe) {
      return RouterFunctions.route(RequestPredicates.GET("/ids"), request -> ServerResponse.ok()
          .contentType(MediaType.APPLICATION_NDJSON)
          .body(spark.range(0, ROWS, 1, 4).rows()
              .map(row -> row.getLong(0) + "\n")
              .delayElements(Duration.ofMillis(1))
              .doOnNext(line -> probe.firstRow.countDown())
              .doOnComplete(() -> probe.sessionOpenAtLastRow.set(!ConnectInternals.client(spark).isClosed())),
              String.class));
    }
  }

  @Test
  void aStreamingResponseFinishesBeforeTheSessionIsReleased() throws Exception {
    ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
        .web(WebApplicationType.REACTIVE)
        .properties("server.port=0", "server.shutdown=graceful",
            "spring.lifecycle.timeout-per-shutdown-phase=60s",
            "reactive-spark.connect.remote=" + TestServer.remote(),
            "reactive-spark.connect.shutdown-timeout=30s")
        .run();
    SparkSession spark = context.getBean(SparkSession.class);
    String sessionId = spark.sessionId();
    Probe probe = context.getBean(Probe.class);
    int port = ((WebServerApplicationContext) context).getWebServer().getPort();

    HttpClient http = HttpClient.newHttpClient();
    CompletableFuture<HttpResponse<String>> response = http.sendAsync(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ids")).timeout(TIMEOUT).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(probe.firstRow.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    assertThat(response).isNotDone(); // rows keep coming for seconds

    long t0 = System.nanoTime();
    context.close(); // graceful: waits for the response, then releases the session
    long closeMillis = (System.nanoTime() - t0) / 1_000_000;

    assertThat(response).isDone(); // the web server's graceful phase waited for it
    HttpResponse<String> done = response.get();
    assertThat(done.statusCode()).isEqualTo(200);
    List<String> lines = done.body().lines().toList();
    assertThat(lines).hasSize((int) ROWS);
    assertThat(lines.stream().mapToLong(Long::parseLong).sum()).isEqualTo(ROWS * (ROWS - 1) / 2);
    assertThat(probe.sessionOpenAtLastRow.get()).as("session still open when the last row was sent").isTrue();
    assertThat(ConnectInternals.client(spark).isClosed()).isTrue();
    assertThat(closeMillis).isLessThan(60_000);

    try (SparkSession again = SparkSession.builder().remote(TestServer.remote("session_id=" + sessionId))
        .create()) {
      SessionNotFoundException e = assertThrows(SessionNotFoundException.class,
          () -> again.range(1).count().block(TIMEOUT));
      assertThat(List.of("INVALID_HANDLE.SESSION_CLOSED", "INVALID_HANDLE.SESSION_NOT_FOUND"))
          .contains(e.errorClass());
    }
  }
}
