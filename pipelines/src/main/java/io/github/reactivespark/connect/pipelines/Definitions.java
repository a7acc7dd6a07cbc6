package io.github.reactivespark.connect.pipelines;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Argument checks and copies shared by the definition builders. */
final class Definitions {

  private Definitions() {}

  /** {@code value}, checked to be neither null nor blank. */
  static String name(String value, String what) {
    if (Objects.requireNonNull(value, what).isBlank()) {
      throw new IllegalArgumentException(what + " must not be blank");
    }
    return value;
  }

  /** Adds {@code names} (each checked) to {@code target}. */
  static void addNames(List<String> target, Collection<String> names, String what) {
    for (String n : Objects.requireNonNull(names, what)) {
      target.add(name(n, what));
    }
  }

  /** Puts {@code key -> value} (both checked) into {@code target}. */
  static void put(Map<String, String> target, String key, String value, String what) {
    target.put(name(key, what + " key"), Objects.requireNonNull(value, what + " value"));
  }

  /** An unmodifiable copy keeping the order. */
  static Map<String, String> copy(Map<String, String> map) {
    return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }

  /** An unmodifiable copy keeping the order. */
  static List<String> copy(List<String> list) {
    return List.copyOf(new ArrayList<>(list));
  }
}
