package io.github.reactivespark.connect.types;

import java.util.Optional;

/**
 * A minimal JSON reader for {@link StructField#metadata()}: finds a string value among the top-level members of
 * a JSON object, skipping all other values. Enough for {@code comment} and {@code CURRENT_DEFAULT}; not a
 * general JSON parser.
 */
final class MetadataJson {
  private final String s;
  private int pos;

  private MetadataJson(String s) {
    this.s = s;
  }

  static Optional<String> topLevelString(String json, String key) {
    if (json.isBlank()) {
      return Optional.empty();
    }
    MetadataJson p = new MetadataJson(json);
    p.ws();
    p.expect('{');
    p.ws();
    if (p.peek() == '}') {
      return Optional.empty();
    }
    String found = null;
    while (true) {
      p.ws();
      String name = p.string();
      p.ws();
      p.expect(':');
      p.ws();
      if (name.equals(key) && p.peek() == '"' && found == null) {
        found = p.string();
      } else {
        p.skipValue();
      }
      p.ws();
      char c = p.next();
      if (c == '}') {
        return Optional.ofNullable(found);
      }
      if (c != ',') {
        throw p.error("',' or '}'");
      }
    }
  }

  private char peek() {
    if (pos >= s.length()) {
      throw error("more input");
    }
    return s.charAt(pos);
  }

  private char next() {
    char c = peek();
    pos++;
    return c;
  }

  private void expect(char c) {
    if (next() != c) {
      throw error("'" + c + "'");
    }
  }

  private void ws() {
    while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
      pos++;
    }
  }

  private IllegalArgumentException error(String expected) {
    return new IllegalArgumentException("malformed field metadata JSON, expected " + expected + " at offset " + pos
        + ": " + s);
  }

  private String string() {
    expect('"');
    StringBuilder sb = new StringBuilder();
    while (true) {
      char c = next();
      if (c == '"') {
        return sb.toString();
      }
      if (c != '\\') {
        sb.append(c);
        continue;
      }
      char e = next();
      switch (e) {
        case 'n' -> sb.append('\n');
        case 't' -> sb.append('\t');
        case 'r' -> sb.append('\r');
        case 'b' -> sb.append('\b');
        case 'f' -> sb.append('\f');
        case 'u' -> {
          if (pos + 4 > s.length()) {
            throw error("4 hex digits");
          }
          sb.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
          pos += 4;
        }
        default -> sb.append(e);
      }
    }
  }

  private void skipValue() {
    char c = peek();
    if (c == '"') {
      string();
    } else if (c == '{' || c == '[') {
      char close = c == '{' ? '}' : ']';
      pos++;
      ws();
      if (peek() == close) {
        pos++;
        return;
      }
      while (true) {
        ws();
        if (close == '}') {
          string();
          ws();
          expect(':');
          ws();
        }
        skipValue();
        ws();
        char d = next();
        if (d == close) {
          return;
        }
        if (d != ',') {
          throw error("',' or '" + close + "'");
        }
      }
    } else {
      int start = pos;
      while (pos < s.length() && ",}] \t\r\n".indexOf(s.charAt(pos)) < 0) {
        pos++;
      }
      if (pos == start) {
        throw error("a value");
      }
    }
  }
}
