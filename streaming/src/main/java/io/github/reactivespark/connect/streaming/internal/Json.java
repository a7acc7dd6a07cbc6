package io.github.reactivespark.connect.streaming.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** Jackson helpers for Spark's streaming JSON (absent fields, NaN rates that Spark omits). Not an API. */
public final class Json {

  /** The one mapper; thread-safe once configured. */
  public static final ObjectMapper MAPPER = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private Json() {}

  /**
   * Parses {@code json}.
   *
   * @throws IllegalArgumentException naming {@code what} when the text is not JSON
   */
  public static JsonNode parse(String json, String what) {
    try {
      return MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a " + what + " JSON: " + e.getOriginalMessage(), e);
    }
  }

  public static @Nullable String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.isValueNode() ? v.asText() : v.toString();
  }

  public static String textOr(JsonNode n, String field, String dflt) {
    String s = text(n, field);
    return s == null ? dflt : s;
  }

  public static long longOr(JsonNode n, String field, long dflt) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? dflt : v.asLong(dflt);
  }

  /** A double; {@code NaN} when absent (Spark omits NaN and infinite rates from its JSON). */
  public static double doubleOrNaN(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? Double.NaN : v.asDouble(Double.NaN);
  }

  public static @Nullable UUID uuid(JsonNode n, String field) {
    String s = text(n, field);
    return s == null ? null : UUID.fromString(s);
  }

  public static <T> Map<String, T> map(JsonNode n, String field, Function<JsonNode, T> value) {
    JsonNode v = n.get(field);
    if (v == null || !v.isObject()) {
      return Map.of();
    }
    Map<String, T> m = new LinkedHashMap<>();
    v.fields().forEachRemaining(e -> m.put(e.getKey(), value.apply(e.getValue())));
    return Collections.unmodifiableMap(m);
  }

  public static <T> List<T> list(JsonNode n, String field, Function<JsonNode, T> element) {
    JsonNode v = n.get(field);
    if (v == null || !v.isArray()) {
      return List.of();
    }
    List<T> l = new ArrayList<>();
    v.forEach(e -> l.add(element.apply(e)));
    return Collections.unmodifiableList(l);
  }

  /** A value node's text, or a container's JSON text. */
  public static String raw(JsonNode v) {
    return v.isValueNode() ? v.asText() : v.toString();
  }
}
