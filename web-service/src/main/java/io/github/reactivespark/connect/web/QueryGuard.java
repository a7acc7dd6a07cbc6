package io.github.reactivespark.connect.web;

import java.util.Locale;
import java.util.Set;

/**
 * Lets only queries through to the query endpoints. Spark runs a DDL or DML statement as soon as its plan is
 * analysed (a SQL relation's commands run eagerly on the server), so a statement is checked here before anything
 * is sent, and then sent as a subquery, where the server's own parser accepts nothing but a query.
 *
 * <p>The check scans the text as Spark's lexer would (quoted strings with backslash escapes, backquoted names,
 * {@code --} and nested {@code /* *}{@code /} comments): the first keyword must start a query ({@code SELECT},
 * {@code WITH}, {@code VALUES}, {@code FROM}, {@code TABLE} or a parenthesis), parentheses must balance, and no
 * {@code ;} may separate a second statement. {@code WITH ... INSERT} and {@code FROM t INSERT ...}, which pass
 * the first-keyword check, are refused by the server's parser inside the subquery.
 */
final class QueryGuard {

  private static final Set<String> QUERY_STARTS = Set.of("SELECT", "WITH", "VALUES", "FROM", "TABLE");

  private QueryGuard() {}

  /**
   * The statement as a subquery, after the checks above.
   *
   * @param sql the statement
   * @return {@code SELECT * FROM (sql)}, the statement on lines of its own (so a trailing {@code --} comment ends)
   * @throws NotAQueryException if the statement is not a single query
   */
  static String subquery(String sql) {
    String body = check(sql);
    return "SELECT * FROM (\n" + body + "\n) AS query";
  }

  /** Checks and returns the statement without a trailing {@code ;}. */
  static String check(String sql) {
    StringBuilder firstWord = new StringBuilder();
    boolean firstSeen = false;
    int depth = 0;
    int end = sql.length();
    int i = 0;
    int n = sql.length();
    while (i < n) {
      char c = sql.charAt(i);
      if (c == '\'' || c == '"' || c == '`') {
        if (!firstSeen && firstWord.length() == 0) {
          throw new NotAQueryException("A query starts with SELECT, WITH, VALUES, FROM or TABLE, not " + c);
        }
        i = skipQuoted(sql, i, c);
        firstSeen = true;
        continue;
      }
      if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
        while (i < n && sql.charAt(i) != '\n') {
          i++;
        }
        continue;
      }
      if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        i = skipComment(sql, i);
        continue;
      }
      if (!firstSeen) {
        if (Character.isLetter(c) || c == '_') {
          firstWord.append(c);
          i++;
          continue;
        }
        if (firstWord.length() > 0 || c == '(') {
          firstSeen = true;
        } else if (!Character.isWhitespace(c)) {
          throw new NotAQueryException("A query starts with SELECT, WITH, VALUES, FROM or TABLE, not '" + c + "'");
        }
      }
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        if (--depth < 0) {
          throw new NotAQueryException("Unbalanced ')' at offset " + i);
        }
      } else if (c == ';') {
        if (depth != 0 || end != n) {
          throw new NotAQueryException("Only one statement is allowed: ';' at offset " + i);
        }
        end = i;
      } else if (end != n && !Character.isWhitespace(c)) {
        throw new NotAQueryException("Only one statement is allowed: text after ';' at offset " + i);
      }
      i++;
    }
    if (depth != 0) {
      throw new NotAQueryException("Unbalanced '(': " + depth + " not closed");
    }
    String keyword = firstWord.toString().toUpperCase(Locale.ROOT);
    if (keyword.isEmpty() && sql.substring(0, end).isBlank()) {
      throw new NotAQueryException("The statement is empty");
    }
    if (!keyword.isEmpty() && !QUERY_STARTS.contains(keyword)) {
      throw new NotAQueryException("Only queries run here; '" + keyword + "' statements are refused");
    }
    return sql.substring(0, end);
  }

  private static int skipQuoted(String sql, int start, char quote) {
    int i = start + 1;
    while (i < sql.length()) {
      char c = sql.charAt(i);
      if (c == '\\' && quote != '`') {
        i += 2;
        continue;
      }
      if (c == quote) {
        if (quote == '`' && i + 1 < sql.length() && sql.charAt(i + 1) == '`') {
          i += 2;
          continue;
        }
        return i + 1;
      }
      i++;
    }
    throw new NotAQueryException("Unterminated " + quote + " starting at offset " + start);
  }

  private static int skipComment(String sql, int start) {
    int depth = 0;
    int i = start;
    while (i + 1 < sql.length()) {
      if (sql.charAt(i) == '/' && sql.charAt(i + 1) == '*') {
        depth++;
        i += 2;
      } else if (sql.charAt(i) == '*' && sql.charAt(i + 1) == '/') {
        i += 2;
        if (--depth == 0) {
          return i;
        }
      } else {
        i++;
      }
    }
    throw new NotAQueryException("Unterminated comment starting at offset " + start);
  }

  /** A statement sent to a query endpoint that is not a single query: answered with 400, nothing runs. */
  static final class NotAQueryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotAQueryException(String message) {
      super(message);
    }
  }
}
