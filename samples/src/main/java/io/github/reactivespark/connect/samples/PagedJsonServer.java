package io.github.reactivespark.connect.samples;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small paged JSON API on the loopback interface (the JDK's {@code HttpServer}), for the REST data source sample and
 * its test: {@code GET /rows?page=<n>&size=<m>} answers {@code {"page": n, "pages": total, "rows": [...]}} with rows
 * {@code n*m .. n*m+m-1} of a table read from a CSV file (values that parse as numbers are JSON numbers). Counts the
 * requests of each page. Closing stops the server.
 */
public final class PagedJsonServer implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final List<Map<String, Object>> rows;
  private final Map<Integer, AtomicInteger> requests = new ConcurrentHashMap<>();

  private PagedJsonServer(List<Map<String, Object>> rows) throws IOException {
    this.rows = List.copyOf(rows);
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.createContext("/rows", this::page);
    server.start();
  }

  /**
   * Serves the rows of a CSV file with a header line and no quoted fields (such as vega-datasets'
   * {@code seattle-weather.csv}).
   *
   * @param csv the file
   * @return the started server
   * @throws UncheckedIOException if the file cannot be read or the server cannot bind
   */
  public static PagedJsonServer ofCsv(Path csv) {
    try {
      List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
      String[] header = lines.get(0).split(",", -1);
      List<Map<String, Object>> rows = new ArrayList<>();
      for (String line : lines.subList(1, lines.size())) {
        if (line.isBlank()) {
          continue;
        }
        String[] cells = line.split(",", -1);
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < header.length; i++) {
          row.put(header[i], typed(i < cells.length ? cells[i] : ""));
        }
        rows.add(row);
      }
      return new PagedJsonServer(rows);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot serve " + csv, e);
    }
  }

  private static Object typed(String cell) {
    if (cell.isEmpty()) {
      return null;
    }
    try {
      return Double.valueOf(cell);
    } catch (NumberFormatException e) {
      return cell;
    }
  }

  /** The endpoint, {@code http://127.0.0.1:<port>/rows}. */
  public String url() {
    return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort() + "/rows";
  }

  /** The rows served, in order. */
  public List<Map<String, Object>> rows() {
    return rows;
  }

  /** How many requests each page got so far (page number → count). */
  public Map<Integer, Integer> requestsPerPage() {
    Map<Integer, Integer> out = new java.util.TreeMap<>();
    requests.forEach((p, n) -> out.put(p, n.get()));
    return out;
  }

  private void page(HttpExchange exchange) throws IOException {
    try (exchange) {
      Map<String, String> query = new LinkedHashMap<>();
      URI uri = exchange.getRequestURI();
      if (uri.getRawQuery() != null) {
        for (String kv : uri.getRawQuery().split("&")) {
          int eq = kv.indexOf('=');
          query.put(eq < 0 ? kv : kv.substring(0, eq), eq < 0 ? "" : kv.substring(eq + 1));
        }
      }
      int page;
      int size;
      try {
        page = Integer.parseInt(query.getOrDefault("page", "0"));
        size = Integer.parseInt(query.getOrDefault("size", "100"));
      } catch (NumberFormatException e) {
        exchange.sendResponseHeaders(400, -1);
        return;
      }
      int pages = (rows.size() + size - 1) / size;
      if (page < 0 || size <= 0 || page >= Math.max(pages, 1)) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      requests.computeIfAbsent(page, p -> new AtomicInteger()).incrementAndGet();
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("page", page);
      body.put("pages", pages);
      body.put("rows", rows.subList(Math.min(page * size, rows.size()), Math.min(page * size + size, rows.size())));
      byte[] bytes = JSON.writeValueAsBytes(body);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
