package io.github.reactivespark.connect.delta;

import io.github.reactivespark.connect.Column;
import io.github.reactivespark.connect.internal.ConnectInternals;
import io.github.reactivespark.connect.internal.proto.Expression;
import io.github.reactivespark.connect.types.DataType;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Spark SQL text from values the client holds, written so that nothing a user passes can change the statement's
 * structure: the one place of the {@code delta} module that writes SQL.
 *
 * <p>Delta's SQL extension makes Spark 4.1.2 drop parameter markers ({@code DeltaSqlParser} does not forward
 * {@code parsePlanWithParameters}; {@code DeltaSqlSafetyIT} proves it), so statements that exist only as SQL
 * ({@code UPDATE}, {@code DELETE}, {@code MERGE INTO}, {@code RESTORE}, {@code VACUUM}, {@code OPTIMIZE},
 * {@code DESCRIBE HISTORY}, ...) carry their values as literals rendered here:
 * <ul>
 *   <li>identifiers are always back-quoted, {@code `} doubled inside ({@link #identifier}); a multi-part name given as
 *       a string is first split by Spark's rules ({@link #parseMultipart}) and then re-quoted part by part;</li>
 *   <li>a {@link Column} is rendered from its expression tree ({@link #expression}): attributes as quoted
 *       identifiers, operators infix and parenthesised, functions by name, literals by type ({@link #literal}); a
 *       string value containing {@code '} or {@code \} becomes {@code CAST(X'<utf-8 hex>' AS STRING)}, so it is one
 *       token whatever it holds and keeps its exact value under any parser setting;</li>
 *   <li>an expression given as SQL text ({@code functions.expr(...)}, the {@code String} overloads, as in Delta's
 *       own API) is user-written SQL by definition: it is checked lexically ({@link #checkedExpression}) so that it
 *       stays one parenthesised expression (balanced brackets outside literals, every literal and quoted identifier
 *       closed, no {@code ;} and no comment), then pasted inside parentheses;</li>
 *   <li>a string that must be a string-literal token (a path, a comment, a property, a timestamp of {@code TIMESTAMP
 *       AS OF}) is single-quoted with {@code \} and {@code '} backslash-escaped ({@link #stringLiteral}): exact under
 *       Spark's default {@code spark.sql.parser.escapedStringLiterals=false}, and one token under either setting.</li>
 * </ul>
 *
 * <p>Public for programs that write their own Delta or Spark SQL statements the same way (and for the integration
 * tests that evaluate its renderings on a server); every method is a pure function of its arguments and throws
 * {@link IllegalArgumentException} for input it cannot render safely.
 *
 * @since 0.1.0
 */
public final class SqlText {

  private static final HexFormat HEX = HexFormat.of().withUpperCase();
  private static final Pattern PLAIN_FUNCTION = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  /** A type name as {@code Column.cast(String)} takes it: letters, digits, {@code _ < > ( ) , :} and spaces. */
  private static final Pattern TYPE_TEXT = Pattern.compile("[A-Za-z0-9_<>(),: ]+");
  private static final DateTimeFormatter NTZ = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS", Locale.ROOT);
  private static final Map<String, String> INFIX = Map.ofEntries(
      Map.entry("==", "="), Map.entry("<=>", "<=>"), Map.entry("!=", "!="), Map.entry("<>", "<>"),
      Map.entry("<", "<"), Map.entry("<=", "<="), Map.entry(">", ">"), Map.entry(">=", ">="),
      Map.entry("+", "+"), Map.entry("-", "-"), Map.entry("*", "*"), Map.entry("/", "/"), Map.entry("%", "%"),
      Map.entry("&", "&"), Map.entry("|", "|"), Map.entry("^", "^"), Map.entry("and", "AND"), Map.entry("or", "OR"));

  private SqlText() {}

  // ---------------------------------------------------------------- identifiers

  /**
   * One identifier part, always back-quoted: {@code a`b} becomes {@code `a``b`}.
   *
   * @param part the name, any characters
   * @return the quoted identifier
   */
  public static String identifier(String part) {
    return "`" + part.replace("`", "``") + "`";
  }

  /**
   * A multi-part name from its parts, each back-quoted, joined by {@code .}.
   *
   * @param parts the parts, at least one
   * @return the quoted name
   */
  public static String identifier(List<String> parts) {
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("An identifier needs at least one part");
    }
    return parts.stream().map(SqlText::identifier).collect(Collectors.joining("."));
  }

  /**
   * {@code name} split by Spark's rules ({@link #parseMultipart}) and re-quoted: {@code db.`my table`} becomes
   * {@code `db`.`my table`}.
   *
   * @param name a possibly qualified name
   * @return the quoted name
   */
  public static String qualifiedName(String name) {
    return identifier(parseMultipart(name));
  }

  /** The identifier of a path-based Delta table: {@code delta.`/the/path`}. */
  static String pathIdentifier(String path) {
    if (path.isEmpty()) {
      throw new IllegalArgumentException("A Delta table path must not be empty");
    }
    return "delta." + identifier(path);
  }

  /**
   * Splits a multi-part name as Spark's {@code parseMultipartIdentifier} does: parts separated by {@code .}, a part
   * either plain (letters, digits, {@code _}) or back-quoted with {@code ``} for a back-quote inside.
   *
   * @param name the name as a string
   * @return its parts, unquoted
   * @throws IllegalArgumentException if the name is empty, has an empty part, an unclosed back-quote, or a plain part
   *     with any other character
   */
  public static List<String> parseMultipart(String name) {
    List<String> parts = new ArrayList<>();
    int i = 0;
    int n = name.length();
    while (true) {
      if (i >= n) {
        throw new IllegalArgumentException("Not a valid (multi-part) name: '" + name + "' (empty part)");
      }
      StringBuilder part = new StringBuilder();
      if (name.charAt(i) == '`') {
        i++;
        while (true) {
          if (i >= n) {
            throw new IllegalArgumentException("Not a valid (multi-part) name: '" + name + "' (unclosed `)");
          }
          char c = name.charAt(i++);
          if (c == '`') {
            if (i < n && name.charAt(i) == '`') {
              part.append('`');
              i++;
            } else {
              break;
            }
          } else {
            part.append(c);
          }
        }
      } else {
        while (i < n && name.charAt(i) != '.') {
          char c = name.charAt(i++);
          if (!(Character.isLetterOrDigit(c) || c == '_')) {
            throw new IllegalArgumentException("Not a valid (multi-part) name: '" + name + "' (character '" + c
                + "' in an unquoted part: quote the part with back-quotes)");
          }
          part.append(c);
        }
        if (part.isEmpty()) {
          throw new IllegalArgumentException("Not a valid (multi-part) name: '" + name + "' (empty part)");
        }
      }
      parts.add(part.toString());
      if (i == n) {
        return parts;
      }
      if (name.charAt(i) != '.') {
        throw new IllegalArgumentException("Not a valid (multi-part) name: '" + name + "' (expected '.' after a"
            + " quoted part)");
      }
      i++;
    }
  }

  // ---------------------------------------------------------------- literal tokens

  /**
   * A single-quoted string-literal token; {@code \} and {@code '} are backslash-escaped.
   *
   * @param s the string
   * @return the literal token
   */
  public static String stringLiteral(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('\'');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' || c == '\'') {
        b.append('\\');
      }
      b.append(c);
    }
    return b.append('\'').toString();
  }

  /** A string value as an expression: a plain {@code '...'} literal, or {@code CAST(X'..' AS STRING)}. */
  static String stringValue(String s) {
    if (s.indexOf('\'') < 0 && s.indexOf('\\') < 0) {
      return "'" + s + "'";
    }
    return "CAST(X'" + HEX.formatHex(s.getBytes(StandardCharsets.UTF_8)) + "' AS STRING)";
  }

  /** A TBLPROPERTIES list: {@code ('k' = 'v', ...)}. */
  static String properties(Map<String, String> properties) {
    return properties.entrySet().stream().map(e -> stringLiteral(e.getKey()) + " = " + stringLiteral(e.getValue()))
        .collect(Collectors.joining(", ", "(", ")"));
  }

  /** An instant as the string Delta's {@code TIMESTAMP AS OF} and {@code timestampAsOf} take (UTC, microseconds). */
  static String timestamp(Instant instant) {
    return LocalDateTime.ofInstant(instant, ZoneOffset.UTC).format(NTZ) + "Z";
  }

  /** A type written by the programmer ({@code "int"}, {@code "decimal(10,2)"}, {@code "array<string>"}). */
  static String typeText(String type) {
    if (!TYPE_TEXT.matcher(type).matches()) {
      throw new IllegalArgumentException("Not a type name: '" + type + "' (letters, digits, _ < > ( ) , : only;"
          + " pass a DataType for anything else)");
    }
    return type;
  }

  // ---------------------------------------------------------------- expressions

  /**
   * A column's expression as SQL text.
   *
   * @param column the column
   * @return SQL text of one expression
   * @throws IllegalArgumentException for an expression with no SQL form here (UDFs, windows, subqueries,
   *     {@code withField}/{@code dropFields}, regex columns, sort orders, internal functions)
   */
  public static String expression(Column column) {
    return expression(ConnectInternals.expression(column));
  }

  static String expression(Expression e) {
    return switch (e.getExprTypeCase()) {
      case LITERAL -> literal(e.getLiteral());
      case UNRESOLVED_ATTRIBUTE -> qualifiedName(e.getUnresolvedAttribute().getUnparsedIdentifier());
      case UNRESOLVED_STAR -> star(e.getUnresolvedStar());
      case EXPRESSION_STRING -> checkedExpression(e.getExpressionString().getExpression());
      case UNRESOLVED_FUNCTION -> function(e.getUnresolvedFunction());
      case CALL_FUNCTION -> qualifiedName(e.getCallFunction().getFunctionName())
          + arguments(e.getCallFunction().getArgumentsList(), false);
      case ALIAS -> alias(e.getAlias());
      case CAST -> cast(e.getCast());
      case UNRESOLVED_EXTRACT_VALUE -> "(" + expression(e.getUnresolvedExtractValue().getChild()) + ")["
          + expression(e.getUnresolvedExtractValue().getExtraction()) + "]";
      case LAMBDA_FUNCTION -> lambda(e.getLambdaFunction());
      case UNRESOLVED_NAMED_LAMBDA_VARIABLE -> identifier(e.getUnresolvedNamedLambdaVariable().getNamePartsList());
      case NAMED_ARGUMENT_EXPRESSION -> identifier(e.getNamedArgumentExpression().getKey()) + " => "
          + expression(e.getNamedArgumentExpression().getValue());
      default -> throw new IllegalArgumentException("This expression has no SQL form a Delta statement can carry ("
          + e.getExprTypeCase().name().toLowerCase(Locale.ROOT) + "): use column names, literals, operators,"
          + " functions by name, casts, or a SQL expression string");
    };
  }

  private static String star(Expression.UnresolvedStar s) {
    if (!s.hasUnparsedTarget() || s.getUnparsedTarget().isEmpty()) {
      return "*";
    }
    String target = s.getUnparsedTarget();
    if (!target.endsWith(".*")) {
      throw new IllegalArgumentException("Not a star expression: '" + target + "'");
    }
    return qualifiedName(target.substring(0, target.length() - 2)) + ".*";
  }

  private static String function(Expression.UnresolvedFunction f) {
    String name = f.getFunctionName();
    if (f.hasIsInternal() && f.getIsInternal()) {
      throw new IllegalArgumentException("Function '" + name + "' is internal to Spark Connect and has no SQL"
          + " form: write the expression as a SQL string");
    }
    List<Expression> args = f.getArgumentsList();
    String infix = INFIX.get(name);
    if (infix != null && args.size() == 2 && !f.getIsDistinct()) {
      return "(" + expression(args.get(0)) + " " + infix + " " + expression(args.get(1)) + ")";
    }
    if (name.equals("not") && args.size() == 1) {
      return "(NOT " + expression(args.get(0)) + ")";
    }
    if (name.equals("in") && !args.isEmpty()) {
      return "(" + expression(args.get(0)) + " IN " + arguments(args.subList(1, args.size()), false) + ")";
    }
    if (name.equals("when") && args.size() >= 2) {
      StringBuilder b = new StringBuilder("CASE");
      int i = 0;
      for (; i + 1 < args.size(); i += 2) {
        b.append(" WHEN ").append(expression(args.get(i))).append(" THEN ").append(expression(args.get(i + 1)));
      }
      if (i < args.size()) {
        b.append(" ELSE ").append(expression(args.get(i)));
      }
      return b.append(" END").toString();
    }
    String rendered = PLAIN_FUNCTION.matcher(name).matches() ? name : qualifiedName(name);
    return rendered + arguments(args, f.getIsDistinct());
  }

  private static String arguments(List<Expression> args, boolean distinct) {
    return args.stream().map(SqlText::expression)
        .collect(Collectors.joining(", ", distinct ? "(DISTINCT " : "(", ")"));
  }

  private static String alias(Expression.Alias a) {
    if (a.getNameCount() == 1) {
      return expression(a.getExpr()) + " AS " + identifier(a.getName(0));
    }
    return expression(a.getExpr()) + " AS " + a.getNameList().stream().map(SqlText::identifier)
        .collect(Collectors.joining(", ", "(", ")"));
  }

  private static String cast(Expression.Cast c) {
    String type = c.hasType() ? dataType(c.getType()) : typeText(c.getTypeStr());
    String function = c.getEvalMode() == Expression.Cast.EvalMode.EVAL_MODE_TRY ? "TRY_CAST" : "CAST";
    return function + "(" + expression(c.getExpr()) + " AS " + type + ")";
  }

  private static String lambda(Expression.LambdaFunction l) {
    // Spark's grammar: "x -> body" or "(x, y) -> body"; a lambda only appears as a function argument.
    List<String> params = l.getArgumentsList().stream().map(v -> identifier(v.getNamePartsList())).toList();
    String head = params.size() == 1 ? params.get(0) : "(" + String.join(", ", params) + ")";
    return head + " -> " + expression(l.getFunction());
  }

  private static String dataType(io.github.reactivespark.connect.internal.proto.DataType proto) {
    DataType type = ConnectInternals.dataType(proto);
    return type.sql();
  }

  // ---------------------------------------------------------------- literals

  /** A literal of the protocol as SQL, exactly its value and type. */
  static String literal(Expression.Literal l) {
    String value = switch (l.getLiteralTypeCase()) {
      case NULL -> l.getNull().hasNull() ? "NULL" : "CAST(NULL AS " + dataType(l.getNull()) + ")";
      case BOOLEAN -> l.getBoolean() ? "TRUE" : "FALSE";
      case BYTE -> signed(Integer.toString(l.getByte()), "Y");
      case SHORT -> signed(Integer.toString(l.getShort()), "S");
      case INTEGER -> signed(Integer.toString(l.getInteger()), "");
      case LONG -> signed(Long.toString(l.getLong()), "L");
      case FLOAT -> floating(l.getFloat(), "FLOAT", "F");
      case DOUBLE -> floating(l.getDouble(), "DOUBLE", "D");
      case DECIMAL -> decimal(l.getDecimal());
      case STRING -> stringValue(l.getString());
      case BINARY -> "X'" + HEX.formatHex(l.getBinary().toByteArray()) + "'";
      case DATE -> date(l.getDate());
      case TIMESTAMP -> timestampLiteral(l.getTimestamp(), true);
      case TIMESTAMP_NTZ -> timestampLiteral(l.getTimestampNtz(), false);
      case DAY_TIME_INTERVAL -> dayTime(l.getDayTimeInterval());
      case YEAR_MONTH_INTERVAL -> yearMonth(l.getYearMonthInterval());
      case CALENDAR_INTERVAL -> "make_interval(0, " + l.getCalendarInterval().getMonths() + ", 0, "
          + l.getCalendarInterval().getDays() + ", 0, 0, "
          + signed(BigDecimal.valueOf(l.getCalendarInterval().getMicroseconds(), 6).toPlainString(), "BD") + ")";
      case ARRAY -> l.getArray().getElementsList().stream().map(SqlText::literal)
          .collect(Collectors.joining(", ", "array(", ")"));
      case MAP -> map(l.getMap());
      case STRUCT -> l.getStruct().getElementsList().stream().map(SqlText::literal)
          .collect(Collectors.joining(", ", "struct(", ")"));
      default -> throw new IllegalArgumentException("A literal of kind "
          + l.getLiteralTypeCase().name().toLowerCase(Locale.ROOT) + " has no SQL form here");
    };
    if (l.hasDataType() && (l.hasArray() || l.hasMap() || l.hasStruct())) {
      return "CAST(" + value + " AS " + dataType(l.getDataType()) + ")";
    }
    return value;
  }

  private static String signed(String digits, String suffix) {
    // A negative literal is parenthesised so that "a - -1" never becomes "a--1" (a comment).
    return digits.startsWith("-") ? "(" + digits + suffix + ")" : digits + suffix;
  }

  private static String floating(double v, String type, String suffix) {
    if (Double.isNaN(v)) {
      return "CAST('NaN' AS " + type + ")";
    }
    if (Double.isInfinite(v)) {
      return "CAST('" + (v > 0 ? "Infinity" : "-Infinity") + "' AS " + type + ")";
    }
    String digits = type.equals("FLOAT") ? Float.toString((float) v) : Double.toString(v);
    return signed(digits, suffix);
  }

  private static String decimal(Expression.Literal.Decimal d) {
    BigDecimal v = new BigDecimal(d.getValue());
    String digits = signed(v.toPlainString(), "BD");
    if (d.hasPrecision() && d.hasScale()) {
      return "CAST(" + digits + " AS DECIMAL(" + d.getPrecision() + "," + d.getScale() + "))";
    }
    return digits;
  }

  private static String date(int epochDay) {
    LocalDate d = LocalDate.ofEpochDay(epochDay);
    checkYear(d.getYear());
    return "DATE '" + d + "'";
  }

  private static String timestampLiteral(long micros, boolean zoned) {
    LocalDateTime t = LocalDateTime.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
        (int) Math.floorMod(micros, 1_000_000L) * 1000, ZoneOffset.UTC);
    checkYear(t.getYear());
    String text = t.format(NTZ);
    return zoned ? "TIMESTAMP_LTZ '" + text + "Z'" : "TIMESTAMP_NTZ '" + text + "'";
  }

  private static void checkYear(int year) {
    if (year < 1 || year > 9999) {
      throw new IllegalArgumentException("A date or timestamp in year " + year + ": Spark SQL literals range over"
          + " the years 0001 to 9999");
    }
  }

  private static String dayTime(long micros) {
    String sign = micros < 0 ? "-" : "";
    // Long.MIN_VALUE has no positive counterpart: go through BigDecimal.
    BigDecimal abs = BigDecimal.valueOf(micros).abs();
    BigDecimal[] daysAndRest = abs.divideAndRemainder(BigDecimal.valueOf(86_400_000_000L));
    long rest = daysAndRest[1].longValueExact();
    long hours = rest / 3_600_000_000L;
    long minutes = rest / 60_000_000L % 60;
    long seconds = rest / 1_000_000L % 60;
    long fraction = rest % 1_000_000L;
    return String.format(Locale.ROOT, "INTERVAL '%s%s %02d:%02d:%02d.%06d' DAY TO SECOND", sign,
        daysAndRest[0].toPlainString(), hours, minutes, seconds, fraction);
  }

  private static String yearMonth(int months) {
    long abs = Math.abs((long) months);
    return "INTERVAL '" + (months < 0 ? "-" : "") + abs / 12 + "-" + abs % 12 + "' YEAR TO MONTH";
  }

  private static String map(Expression.Literal.Map m) {
    if (m.getKeysCount() != m.getValuesCount()) {
      throw new IllegalArgumentException("A map literal with " + m.getKeysCount() + " keys and "
          + m.getValuesCount() + " values");
    }
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < m.getKeysCount(); i++) {
      parts.add(literal(m.getKeys(i)));
      parts.add(literal(m.getValues(i)));
    }
    return String.join(", ", parts).isEmpty() ? "map()" : "map(" + String.join(", ", parts) + ")";
  }

  // ---------------------------------------------------------------- SQL written by the user

  /**
   * A SQL expression written by the caller, parenthesised, after a lexical check that it cannot end the expression
   * early: every string literal ({@code '...'}, {@code "..."}, {@code r'...'}) and back-quoted identifier is closed,
   * {@code ( )} and {@code [ ]} are balanced outside them and never close more than they opened, and there is no
   * {@code ;} and no comment ({@code --}, {@code /*}).
   *
   * @param sql the expression
   * @return {@code (sql)}
   * @throws IllegalArgumentException naming the first problem
   */
  public static String checkedExpression(String sql) {
    if (sql.isBlank()) {
      throw new IllegalArgumentException("An empty SQL expression");
    }
    int depth = 0;
    int i = 0;
    int n = sql.length();
    List<Character> open = new ArrayList<>();
    while (i < n) {
      char c = sql.charAt(i);
      if ((c == 'r' || c == 'R') && i + 1 < n && (sql.charAt(i + 1) == '\'' || sql.charAt(i + 1) == '"')
          && (i == 0 || !isIdentifierChar(sql.charAt(i - 1)))) {
        char quote = sql.charAt(i + 1);
        int end = sql.indexOf(quote, i + 2);
        if (end < 0) {
          throw unclosed(sql, "raw string literal");
        }
        i = end + 1;
      } else if (c == '\'' || c == '"') {
        i = skipQuoted(sql, i, c);
      } else if (c == '`') {
        i++;
        while (true) {
          if (i >= n) {
            throw unclosed(sql, "back-quoted identifier");
          }
          if (sql.charAt(i) == '`') {
            if (i + 1 < n && sql.charAt(i + 1) == '`') {
              i += 2;
              continue;
            }
            i++;
            break;
          }
          i++;
        }
      } else {
        if (c == ';') {
          throw new IllegalArgumentException("A SQL expression must not contain ';': " + sql);
        }
        if ((c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') || (c == '/' && i + 1 < n
            && sql.charAt(i + 1) == '*')) {
          throw new IllegalArgumentException("A SQL expression must not contain a comment: " + sql);
        }
        if (c == '(' || c == '[') {
          open.add(c);
          depth++;
        } else if (c == ')' || c == ']') {
          char expected = c == ')' ? '(' : '[';
          if (depth == 0 || open.get(open.size() - 1) != expected) {
            throw new IllegalArgumentException("Unbalanced '" + c + "' in SQL expression: " + sql);
          }
          open.remove(open.size() - 1);
          depth--;
        }
        i++;
      }
    }
    if (depth != 0) {
      throw new IllegalArgumentException("Unclosed '" + open.get(open.size() - 1) + "' in SQL expression: " + sql);
    }
    return "(" + sql + ")";
  }

  private static int skipQuoted(String sql, int start, char quote) {
    int i = start + 1;
    int n = sql.length();
    while (i < n) {
      char c = sql.charAt(i);
      if (c == '\\') {
        i += 2;
      } else if (c == quote) {
        return i + 1;
      } else {
        i++;
      }
    }
    throw unclosed(sql, "string literal");
  }

  private static boolean isIdentifierChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_';
  }

  private static IllegalArgumentException unclosed(String sql, String what) {
    return new IllegalArgumentException("Unclosed " + what + " in SQL expression: " + sql);
  }
}
