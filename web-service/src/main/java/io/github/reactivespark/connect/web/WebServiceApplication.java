package io.github.reactivespark.connect.web;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * The service's main class. With the packaged {@code application.yml} it starts the embedded Spark Connect 4.1.2
 * server with Delta Lake ({@code reactive-spark.connect.remote=local}), registers the flights and airports data
 * ({@link Datasets}) and serves {@code /api/spark/**}, the page at {@code /} and the OpenAPI UI at
 * {@code /swagger-ui.html} on port 8080.
 */
@SpringBootApplication
@EnableConfigurationProperties(WebServiceProperties.class)
public class WebServiceApplication {

  /** Created by Spring. */
  public WebServiceApplication() {}

  /**
   * Runs the service until the JVM is stopped.
   *
   * @param args Spring Boot arguments, for example {@code --server.port=9090}
   */
  public static void main(String[] args) {
    SpringApplication.run(WebServiceApplication.class, args);
  }
}
