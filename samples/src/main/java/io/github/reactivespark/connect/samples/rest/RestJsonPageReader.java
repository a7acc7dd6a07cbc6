package io.github.reactivespark.connect.samples.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Iterator;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampType;
import org.apache.spark.unsafe.types.UTF8String;

/** Reads one page (one HTTP request) and turns its JSON objects into rows of the schema, by field name. */
final class RestJsonPageReader implements PartitionReader<InternalRow> {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private final StructType schema;
  private final Iterator<JsonNode> rows;
  private InternalRow current = new GenericInternalRow(0);

  RestJsonPageReader(String url, int page, int pageSize, StructType schema) {
    this.schema = schema;
    this.rows = fetch(url, page, pageSize).path("rows").elements();
  }

  /** GET {@code url?page=<page>&size=<size>} as JSON; a status other than 200 fails the task, naming it. */
  static JsonNode fetch(String url, int page, int size) {
    URI uri = URI.create(url + (url.contains("?") ? "&" : "?") + "page=" + page + "&size=" + size);
    try {
      HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(),
          HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("GET " + uri + " answered HTTP " + response.statusCode());
      }
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException("GET " + uri + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during GET " + uri, e);
    }
  }

  @Override
  public boolean next() {
    if (!rows.hasNext()) {
      return false;
    }
    JsonNode row = rows.next();
    StructField[] fields = schema.fields();
    Object[] values = new Object[fields.length];
    for (int i = 0; i < fields.length; i++) {
      values[i] = value(row.get(fields[i].name()), fields[i].dataType());
    }
    current = new GenericInternalRow(values);
    return true;
  }

  private static Object value(JsonNode node, DataType type) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (type instanceof StringType) {
      return UTF8String.fromString(node.asText());
    }
    if (type instanceof IntegerType) {
      return node.asInt();
    }
    if (type instanceof LongType) {
      return node.asLong();
    }
    if (type instanceof DoubleType) {
      return node.asDouble();
    }
    if (type instanceof BooleanType) {
      return node.asBoolean();
    }
    if (type instanceof DateType) {
      return (int) LocalDate.parse(node.asText()).toEpochDay();
    }
    if (type instanceof TimestampType) {
      Instant t = Instant.parse(node.asText());
      return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
    }
    throw new IllegalArgumentException("RestJsonSource does not read " + type.simpleString() + " columns");
  }

  @Override
  public InternalRow get() {
    return current;
  }

  @Override
  public void close() {}
}
