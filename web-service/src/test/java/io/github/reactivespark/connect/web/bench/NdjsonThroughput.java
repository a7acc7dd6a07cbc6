package io.github.reactivespark.connect.web.bench;

import io.github.reactivespark.connect.SparkSession;
import io.github.reactivespark.connect.localserver.LocalServerOptions;
import io.github.reactivespark.connect.localserver.LocalSparkConnectServer;
import io.github.reactivespark.connect.web.WebServiceApplication;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * NDJSON rows/s over HTTP for all 3,000,000 flights against the same query's direct {@code rows()} on the service's
 * own session, in the same run, alternating, on the embedded server (issue 12: at least 0.5x). A measurement, not a
 * test: run it with {@code mvn -B -q -pl web-service -am -DskipTests -Pbench verify}.
 *
 * <p>The HTTP client counts newline bytes of the body (no JSON parsing on the client side); direct {@code rows()}
 * decodes every row into a {@code Row}. Both read the whole result through the same server.
 */
public final class NdjsonThroughput {

  private static final String QUERY = "SELECT * FROM flights";
  private static final Duration WAIT = Duration.ofMinutes(5);

  private NdjsonThroughput() {}

  /**
   * Runs the measurement and prints the figures.
   *
   * @param args optional: the number of rounds (default 3)
   */
  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    try (LocalSparkConnectServer server = LocalSparkConnectServer.start(LocalServerOptions.builder().delta()
        .conf("spark.sql.shuffle.partitions", "4").build())) {
      SpringApplication app = new SpringApplication(WebServiceApplication.class);
      app.setDefaultProperties(Map.of("reactive-spark.connect.remote", server.remote(), "server.port", "0",
          "reactive-spark.web.data-dir", "target/bench-data", "logging.level.root", "WARN"));
      try (ConfigurableApplicationContext context = app.run()) {
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        SparkSession spark = context.getBean(SparkSession.class);
        WebClient web = WebClient.create("http://localhost:" + port);
        List<Double> http = new ArrayList<>();
        List<Double> direct = new ArrayList<>();
        measureDirect(spark); // warm-up of both paths
        measureHttp(web);
        for (int i = 0; i < rounds; i++) {
          direct.add(measureDirect(spark));
          http.add(measureHttp(web));
          System.out.printf("round %d: direct rows() %,.0f rows/s, HTTP NDJSON %,.0f rows/s%n", i + 1,
              direct.get(i), http.get(i));
        }
        double d = median(direct);
        double h = median(http);
        System.out.printf("median of %d rounds: direct rows() %,.0f rows/s, HTTP NDJSON %,.0f rows/s, ratio %.2f%n",
            rounds, d, h, h / d);
      }
    }
  }

  private static double measureDirect(SparkSession spark) {
    long start = System.nanoTime();
    long rows = spark.sql(QUERY).rows().count().block(WAIT);
    return check(rows) / seconds(start);
  }

  private static double measureHttp(WebClient web) {
    AtomicLong lines = new AtomicLong();
    long start = System.nanoTime();
    web.post().uri("/api/spark/parquet/query").accept(MediaType.APPLICATION_NDJSON)
        .bodyValue(Map.of("sql", QUERY)).retrieve().bodyToFlux(DataBuffer.class)
        .doOnNext(buffer -> {
          try {
            // counted over the buffer's NIO views: a getByte per byte checks the Netty buffer's reference count
            // each time, which cost the measuring side more CPU than the service's encoding
            long n = 0;
            try (DataBuffer.ByteBufferIterator views = buffer.readableByteBuffers()) {
              while (views.hasNext()) {
                ByteBuffer view = views.next();
                for (int i = view.position(); i < view.limit(); i++) {
                  if (view.get(i) == '\n') {
                    n++;
                  }
                }
              }
            }
            lines.addAndGet(n);
          } finally {
            DataBufferUtils.release(buffer);
          }
        })
        .blockLast(WAIT);
    return check(lines.get()) / seconds(start);
  }

  private static long check(long rows) {
    if (rows != 3_000_000L) {
      throw new IllegalStateException("Expected 3,000,000 rows, got " + rows);
    }
    return rows;
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }
}
