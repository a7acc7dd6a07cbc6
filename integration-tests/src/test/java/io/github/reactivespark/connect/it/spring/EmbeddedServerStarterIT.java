package io.github.reactivespark.connect.it.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.reactivespark.connect.ConnectionString;
import io.github.reactivespark.connect.Row;
import io.github.reactivespark.connect.SparkSession;
import io.github.reactivespark.connect.autoconfigure.SparkConnectAutoConfiguration;
import io.github.reactivespark.connect.autoconfigure.health.SparkConnectHealthContributorAutoConfiguration;
import io.github.reactivespark.connect.autoconfigure.health.SparkConnectHealthIndicator;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * {@code reactive-spark.connect.remote=local} with the real {@code local-server} module on the classpath: the
 * auto-configuration starts an embedded Spark Connect 4.1.2 server with the configured package (Delta Lake 4.3.1)
 * and conf, the session works against it (a Delta table written, its history read), the health indicator is up
 * without showing the server's token, and closing the context stops the server (its port refuses connections).
 * Starts a server of its own (tens of seconds, Delta's jars cached in the local Maven repository after the first
 * run).
 */
class EmbeddedServerStarterIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(180);

  @Test
  void remoteLocalStartsAnEmbeddedServerWithDeltaAndStopsItWithTheContext() throws Exception {
    AtomicInteger port = new AtomicInteger();
    String table = "starter_delta_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(SparkConnectAutoConfiguration.class,
            SparkConnectHealthContributorAutoConfiguration.class))
        .withPropertyValues("reactive-spark.connect.remote=local",
            "reactive-spark.connect.local-server.packages=io.delta:delta-spark_4.1_2.13:4.3.1",
            "reactive-spark.connect.local-server.conf[spark.sql.shuffle.partitions]=3",
            "reactive-spark.connect.health.timeout=60s")
        .run(context -> {
          assertThat(context).hasNotFailed();
          SparkSession spark = context.getBean(SparkSession.class);
          ConnectionString cs = spark.connectionString();
          port.set(cs.port());
          assertThat(cs.host()).isIn("127.0.0.1", "localhost");
          String token = cs.token().orElseThrow(); // the embedded server always requires a fresh token

          Health health = context.getBean(SparkConnectHealthIndicator.class).health().block(TIMEOUT);
          assertThat(health.getStatus()).isEqualTo(Status.UP);
          assertThat(health.getDetails()).containsEntry("version", "4.1.2")
              .containsEntry("remote", "sc://" + cs.host() + ":" + cs.port());
          assertThat(health.toString()).doesNotContain(token);

          assertThat(spark.conf().get("spark.sql.catalog.spark_catalog").block(TIMEOUT)).endsWith("DeltaCatalog");
          assertThat(spark.conf().get("spark.sql.shuffle.partitions").block(TIMEOUT)).isEqualTo("3");
          try {
            sql(spark, "CREATE TABLE " + table + " (id BIGINT, name STRING) USING delta");
            sql(spark, "INSERT INTO " + table + " VALUES (1, 'a'), (2, 'b'), (3, 'c')");
            assertThat(sql(spark, "DESCRIBE DETAIL " + table).get(0).<String>getAs("format")).isEqualTo("delta");
            assertThat(sql(spark, "DESCRIBE HISTORY " + table)).extracting(r -> r.<String>getAs("operation"))
                .containsExactlyInAnyOrder("CREATE TABLE", "WRITE");
            assertThat(spark.table(table).count().block(TIMEOUT)).isEqualTo(3L);
          } finally {
            sql(spark, "DROP TABLE IF EXISTS " + table);
          }
        });
    // the context's close released the session and stopped the embedded server
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (listening(port.get()) && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    assertThat(listening(port.get())).as("embedded server on port %d stopped", port.get()).isFalse();
  }

  private static List<Row> sql(SparkSession spark, String query) {
    return spark.sql(query).collectAsList().block(TIMEOUT);
  }

  private static boolean listening(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
