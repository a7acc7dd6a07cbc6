package io.github.reactivespark.connect.types;

import java.util.List;

/** String helpers shared by the type classes, after Spark's {@code QuotingUtils} and {@code SparkSchemaUtils}. */
final class DataTypeStrings {
  private DataTypeStrings() {}

  /** Spark's default {@code spark.sql.debug.maxToStringFields}. */
  static final int MAX_TO_STRING_FIELDS = 25;

  /** Backquotes an identifier unless it is only letters, digits and underscores (and not only digits). */
  static String quoteIfNeeded(String part) {
    boolean plain = !part.isEmpty();
    boolean allDigits = true;
    for (int i = 0; i < part.length() && plain; i++) {
      char c = part.charAt(i);
      boolean digit = c >= '0' && c <= '9';
      allDigits &= digit;
      plain = digit || c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
    return plain && !allDigits ? part : "`" + part.replace("`", "``") + "`";
  }

  /** Escapes backslashes and single quotes for a single-quoted SQL string literal. */
  static String escapeSingleQuoted(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' || c == '\'') {
        sb.append('\\');
      }
      sb.append(c);
    }
    return sb.toString();
  }

  /** Makes control characters in field names visible, as Spark's {@code escapeMetaCharacters} does. */
  static String escapeMetaCharacters(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '\f' -> sb.append("\\f");
        case '\b' -> sb.append("\\b");
        case '\u000B' -> sb.append("\\v");
        case '\u0007' -> sb.append("\\a");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }

  /** Spark's {@code SparkStringUtils.truncatedString}. */
  static String truncated(List<String> items, String start, String sep, String end, int maxFields) {
    if (items.size() <= maxFields) {
      return start + String.join(sep, items) + end;
    }
    int shown = Math.max(maxFields - 1, 0);
    return start + String.join(sep, items.subList(0, shown)) + sep + "... " + (items.size() - shown)
        + " more fields" + end;
  }
}
