package io.github.reactivespark.connect.delta;

import io.github.reactivespark.connect.Row;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Typed, null-tolerant reads of the result rows of Delta's commands, by column name. */
final class Rows {

  private Rows() {}

  static boolean has(Row row, String field) {
    return row.schema().getFieldIndex(field).isPresent();
  }

  static @Nullable String string(Row row, String field) {
    return has(row, field) ? row.getAs(field) : null;
  }

  static @Nullable Long longValue(Row row, String field) {
    if (!has(row, field)) {
      return null;
    }
    Object v = row.get(field);
    return v == null ? null : ((Number) v).longValue();
  }

  static long longOrZero(Row row, String field) {
    Long v = longValue(row, field);
    return v == null ? 0L : v;
  }

  static @Nullable Integer intValue(Row row, String field) {
    Long v = longValue(row, field);
    return v == null ? null : Math.toIntExact(v);
  }

  static @Nullable Boolean bool(Row row, String field) {
    return has(row, field) ? row.getAs(field) : null;
  }

  static @Nullable Instant instant(Row row, String field) {
    return has(row, field) ? row.getAs(field) : null;
  }

  static List<String> strings(Row row, String field) {
    List<?> v = has(row, field) ? row.getAs(field) : null;
    return v == null ? List.of() : v.stream().map(String::valueOf).toList();
  }

  static Map<String, String> map(Row row, String field) {
    Map<?, ?> v = has(row, field) ? row.getAs(field) : null;
    if (v == null) {
      return Map.of();
    }
    Map<String, String> out = new LinkedHashMap<>();
    v.forEach((k, x) -> out.put(String.valueOf(k), x == null ? null : String.valueOf(x)));
    return Collections.unmodifiableMap(out);
  }

  static @Nullable Row struct(Row row, String field) {
    return has(row, field) ? row.getAs(field) : null;
  }
}
