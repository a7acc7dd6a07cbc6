package io.github.reactivespark.connect.bench;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.util.Iterator;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.connect.SparkSession;

/**
 * The comparison of issue 12's load figures: the web service's NDJSON query endpoint ({@code POST
 * /api/spark/parquet/query}, body {@code {"sql": "...", "limit": n}}) built the classic way, on the official Spark
 * Connect client ({@code spark-connect-client-jvm} 4.1.2) in a blocking server: the JDK's
 * {@code com.sun.net.httpserver.HttpServer} with a fixed pool of threads, one thread per request for the whole
 * request (the query's {@code toLocalIterator()} is read and each row written to the response stream on it). A
 * measurement aid, not a product: no query guard, no problem details.
 *
 * <p>Rows are written as the web service writes them: one JSON object per line, column name to value, timestamps as
 * ISO-8601 instants, through one Jackson generator per response into a 64 KiB buffered stream (chunked transfer
 * encoding). A query error before the first row answers 400 with the message.
 *
 * <p>Run by {@code web-service}'s {@code bench.ServiceLoad} in a JVM of its own: {@code java -cp benchmarks.jar
 * io.github.reactivespark.connect.bench.BlockingNdjsonService <remote> <threads> <view=parquet path>...}; it prints
 * {@code PORT <n>} once it serves, then its JVM's heap and thread figures once a second ({@code STATS} lines), and
 * stops when its standard input ends.
 */
public final class BlockingNdjsonService {

  private static final ObjectMapper JSON = new ObjectMapper();

  private BlockingNdjsonService() {}

  /**
   * Serves until standard input closes.
   *
   * @param args the Spark Connect remote ({@code sc://...}), the number of request threads, then
   *     {@code name=path} for each Parquet file to register as a temporary view
   * @throws Exception if the session or the server cannot start
   */
  public static void main(String[] args) throws Exception {
    SparkSession spark = SparkSession.builder().remote(args[0]).getOrCreate();
    for (int i = 2; i < args.length; i++) {
      String[] view = args[i].split("=", 2);
      spark.read().parquet(view[1]).createOrReplaceTempView(view[0]);
    }
    ExecutorService threads = Executors.newFixedThreadPool(Integer.parseInt(args[1]));
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
    server.setExecutor(threads);
    server.createContext("/api/spark/parquet/query", exchange -> {
      try (exchange) {
        query(spark, exchange);
      } catch (IOException | RuntimeException e) {
        System.err.println("request failed: " + e);
      }
    });
    server.start();
    System.out.println("PORT " + server.getAddress().getPort());
    System.out.flush();
    Thread stats = new Thread(BlockingNdjsonService::printStats, "stats");
    stats.setDaemon(true);
    stats.start();
    while (System.in.read() >= 0) {
      // until the parent closes our standard input
    }
    server.stop(0);
    threads.shutdownNow();
    spark.close();
  }

  /** Once a second: {@code STATS <heap used> <live threads> <heap after the last GC>} (bytes, count, bytes). */
  private static void printStats() {
    while (true) {
      long afterGc = 0;
      for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
        if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null) {
          afterGc += pool.getCollectionUsage().getUsed();
        }
      }
      System.out.println("STATS " + ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() + " "
          + ManagementFactory.getThreadMXBean().getThreadCount() + " " + afterGc);
      System.out.flush();
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private static void query(SparkSession spark, HttpExchange exchange) throws IOException {
    JsonNode body = JSON.readTree(exchange.getRequestBody());
    Dataset<Row> df = spark.sql("SELECT * FROM (" + body.path("sql").asText() + ")");
    if (body.hasNonNull("limit")) {
      df = df.limit(body.get("limit").asInt());
    }
    Iterator<Row> rows;
    try {
      rows = df.toLocalIterator();
      rows.hasNext(); // runs the query: an error still becomes a 400
    } catch (RuntimeException e) {
      byte[] text = String.valueOf(e.getMessage()).getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(400, text.length);
      exchange.getResponseBody().write(text);
      return;
    }
    try {
      exchange.getResponseHeaders().set("Content-Type", "application/x-ndjson");
      exchange.sendResponseHeaders(200, 0);
      OutputStream out = new BufferedOutputStream(exchange.getResponseBody(), 64 * 1024);
      try (JsonGenerator g = JSON.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
        String[] names = null;
        while (rows.hasNext()) {
          Row row = rows.next();
          if (names == null) {
            names = row.schema().fieldNames();
          }
          g.writeStartObject();
          for (int c = 0; c < names.length; c++) {
            g.writeFieldName(names[c]);
            write(g, row.get(c));
          }
          g.writeEndObject();
          g.writeRaw('\n');
        }
      }
    } finally {
      try {
        ((AutoCloseable) rows).close();
      } catch (Exception e) {
        System.err.println("close: " + e);
      }
    }
  }

  private static void write(JsonGenerator g, Object value) throws IOException {
    if (value == null) {
      g.writeNull();
    } else if (value instanceof String s) {
      g.writeString(s);
    } else if (value instanceof Integer n) {
      g.writeNumber(n);
    } else if (value instanceof Long n) {
      g.writeNumber(n);
    } else if (value instanceof Double n) {
      g.writeNumber(n);
    } else if (value instanceof Float n) {
      g.writeNumber(n);
    } else if (value instanceof Short n) {
      g.writeNumber(n);
    } else if (value instanceof Byte n) {
      g.writeNumber(n);
    } else if (value instanceof BigDecimal n) {
      g.writeNumber(n);
    } else if (value instanceof Boolean b) {
      g.writeBoolean(b);
    } else if (value instanceof Timestamp t) {
      g.writeString(t.toInstant().toString());
    } else {
      g.writeString(value.toString());
    }
  }
}
