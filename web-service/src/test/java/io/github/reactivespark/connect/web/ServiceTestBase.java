package io.github.reactivespark.connect.web;

import io.github.reactivespark.connect.SparkSession;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The service on a random port over {@link SharedSparkServer}, with the real data registered: one Spring context
 * for every test class that extends this (Spring's test context cache), so one service session and one start.
 */
@SpringBootTest(classes = WebServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"reactive-spark.web.token=" + ServiceTestBase.TOKEN,
        "reactive-spark.web.data-dir=target/web-service-data"})
abstract class ServiceTestBase {

  static final String TOKEN = "it-token-7f3a";

  @LocalServerPort
  int port;

  @Autowired
  SparkSession spark;

  WebTestClient client;

  @DynamicPropertySource
  static void sparkRemote(DynamicPropertyRegistry registry) {
    registry.add("reactive-spark.connect.remote", SharedSparkServer::remote);
  }

  @BeforeEach
  void client() {
    client = WebTestClient.bindToServer().baseUrl("http://localhost:" + port)
        .responseTimeout(Duration.ofMinutes(2))
        .codecs(c -> c.defaultCodecs().maxInMemorySize(64 * 1024 * 1024))
        .build();
  }
}
