package io.github.reactivespark.connect.it.delta;

import static io.github.reactivespark.connect.functions.col;
import static io.github.reactivespark.connect.functions.lit;
import static io.github.reactivespark.connect.functions.when;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.reactivespark.connect.Column;
import io.github.reactivespark.connect.DataFrame;
import io.github.reactivespark.connect.Row;
import io.github.reactivespark.connect.delta.DeltaCommit;
import io.github.reactivespark.connect.delta.DeltaTable;
import io.github.reactivespark.connect.delta.MergeMetrics;
import io.github.reactivespark.connect.delta.SqlText;
import io.github.reactivespark.connect.exceptions.AnalysisException;
import io.github.reactivespark.connect.internal.ConnectInternals;
import io.github.reactivespark.connect.internal.proto.Command;
import io.github.reactivespark.connect.internal.proto.ExecutePlanResponse;
import io.github.reactivespark.connect.internal.proto.Relation;
import io.github.reactivespark.connect.internal.proto.SQL;
import io.github.reactivespark.connect.internal.proto.SqlCommand;
import io.github.reactivespark.connect.types.DataTypes;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Period;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * How values reach Delta's SQL statements, proved on the server.
 *
 * <ul>
 *   <li>Parameter markers: with Delta 4.3.1's SQL extension, Spark 4.1.2 binds markers in its parser
 *       ({@code ParserInterface.parsePlanWithParameters}, a default method that drops the parameters), and
 *       {@code DeltaSqlParser} does not forward it. So the {@code SQL} relation (what {@code spark.sql(query, args)}
 *       sends) always leaves them unbound, and so does {@code SqlCommand}; {@code SqlCommand} goes through
 *       {@code SparkSession.sql(text, args)}, which under {@code spark.sql.legacy.parameterSubstitution.constantsOnly=true}
 *       wraps the plan for the analyzer to bind, and then a DML statement with markers runs. The module cannot rely
 *       on a legacy session conf, hence the renderer.</li>
 *   <li>The renderer ({@link SqlText}): every literal type evaluates to exactly the value and type the protocol
 *       literal has; hostile strings and names are inert.</li>
 * </ul>
 */
class DeltaSqlSafetyIT extends DeltaTestBase {

  private static final List<String> HOSTILE = List.of("x'; DROP TABLE victim; --", "back`tick", "back\\slash'",
      "\\'; SELECT 1; --", "%_\\%\\_", "line\nbreak", "", "caf\u00e9 \u6771\u4eac \ud83d\ude00", "') OR (1=1",
      "*/ OR 1=1 /*");

  @Test
  void everyLiteralRenderedAsSqlEvaluatesToTheProtocolLiteral() {
    List<Object> values = new ArrayList<>(List.of((byte) -128, (short) 32767, Integer.MIN_VALUE, Long.MIN_VALUE,
        Long.MAX_VALUE, 1.5f, -0.0f, Float.NaN, Float.POSITIVE_INFINITY, 1e-300, -2.5e300, Double.NEGATIVE_INFINITY,
        new BigDecimal("-123.450"), new BigDecimal("0.000001"), true, false, new byte[] {0, -1, 39, 92},
        LocalDate.of(1, 1, 1), LocalDate.of(9999, 12, 31), Instant.parse("2001-01-01T00:00:00.000001Z"),
        Instant.parse("1969-12-31T23:59:59.999999Z"), LocalDateTime.of(2001, 6, 30, 23, 59, 59, 123_456_000),
        Duration.ofDays(-3).minusNanos(1000), Duration.ofSeconds(86_399, 999_999_000), Period.ofMonths(-14)));
    values.addAll(HOSTILE);
    String select = values.stream().map(v -> SqlText.expression(lit(v))).collect(Collectors.joining(", "));
    Row rendered = sql("SELECT " + select).get(0);
    Row sent = block(spark.range(1).select(values.stream().map(v -> lit(v)).toArray(
        io.github.reactivespark.connect.Column[]::new)).collectAsList()).get(0);
    for (int i = 0; i < values.size(); i++) {
      assertEquals(sent.schema().get(i).dataType(), rendered.schema().get(i).dataType(), "type of " + values.get(i));
      if (values.get(i) instanceof byte[] b) {
        assertArrayEquals(b, (byte[]) rendered.get(i));
        assertArrayEquals(b, (byte[]) sent.get(i));
      } else {
        assertEquals(sent.get(i), rendered.get(i), "value " + values.get(i));
      }
    }
    assertEquals(HOSTILE, Arrays.asList(rendered.toList().subList(values.size() - HOSTILE.size(), values.size())
        .toArray()), "hostile strings come back exactly");
  }

  @Test
  void hostileValuesAndNamesAreInertInEveryStatement() {
    String victim = table("victim");
    sql("CREATE TABLE " + victim + " (id BIGINT) USING delta");
    String t = table("hostile");
    String weird = "we`ird; DROP TABLE " + victim + " --";
    String weirdColumn = SqlText.identifier(weird);
    DeltaTable table = block(DeltaTable.create(spark).tableName(t)
        .addColumn("id", DataTypes.LongType).addColumn("name", DataTypes.StringType)
        .addColumn(weird, DataTypes.StringType)
        .property("delta.columnMapping.mode", "name")
        .property("comment.with'quote", "value'); DROP TABLE " + victim + "; --")
        .execute());
    sql("INSERT INTO " + t + " VALUES " + IntStream.range(0, HOSTILE.size())
        .mapToObj(i -> "(" + i + ", " + SqlText.expression(lit(HOSTILE.get(i))) + ", NULL)")
        .collect(Collectors.joining(", ")));

    // One UPDATE whose condition and value carry every hostile string: name i gets name i+1 in the weird column.
    Column next = when(col("name").equalTo(HOSTILE.get(0)), HOSTILE.get(1));
    for (int i = 1; i < HOSTILE.size(); i++) {
      next = next.when(col("name").equalTo(HOSTILE.get(i)), HOSTILE.get((i + 1) % HOSTILE.size()));
    }
    assertEquals((long) HOSTILE.size(), block(table.update(col("name").isin(HOSTILE.toArray()),
        Map.of(weirdColumn, next))));
    List<Row> rows = block(table.toDF().orderBy("id").collectAsList());
    for (int i = 0; i < HOSTILE.size(); i++) {
      assertEquals(HOSTILE.get(i), rows.get(i).getString(1));
      assertEquals(HOSTILE.get((i + 1) % HOSTILE.size()), rows.get(i).getString(2));
    }

    // A MERGE whose source, condition and values are hostile too; then a DELETE by the weird column.
    DataFrame source = spark.range(1).select(lit(HOSTILE.get(0)).alias("n"), lit(HOSTILE.get(3)).alias("v"))
        .alias("s");
    MergeMetrics merged = block(table.as("t").merge(source, col("t.name").equalTo(col("s.n")))
        .whenMatched(col("s.v").notEqual(HOSTILE.get(2))).update(Map.of("name", col("s.v"))).execute());
    assertEquals(1L, merged.numUpdatedRows());
    assertEquals(1L, block(table.delete(col(weirdColumn).equalTo(HOSTILE.get(2)))), "the row whose weird value is 2");
    assertEquals(HOSTILE.size() - 1L, block(table.toDF().count()));
    assertEquals(List.of(HOSTILE.get(3), HOSTILE.get(3)), block(table.toDF().where(col("name").equalTo(HOSTILE.get(3)))
        .select("name").collectAsList()).stream().map(r -> r.getString(0)).toList());
    assertEquals("value'); DROP TABLE " + victim + "; --",
        block(table.detail()).properties().get("comment.with'quote"));
    assertEquals(List.of("DELETE", "MERGE", "UPDATE", "WRITE", "CREATE TABLE"),
        block(table.history().map(DeltaCommit::operation).collectList()), "one commit per statement, newest first");
    assertEquals(Boolean.TRUE, block(DeltaTable.forName(spark, victim).map(v -> true)), "the victim table exists");
  }

  @Test
  void sqlStringsThatWouldEscapeTheirExpressionAreRefusedBeforeAnythingIsSent() {
    String t = table("escape");
    sql("CREATE TABLE " + t + " (id BIGINT) USING delta");
    DeltaTable table = block(DeltaTable.forName(spark, t));
    for (String bad : List.of("id = 1) OR (1 = 1", "id = 1; DROP TABLE " + t, "id = 1 --", "id = 'x")) {
      assertThrows(IllegalArgumentException.class, () -> table.delete(bad), bad);
      assertThrows(IllegalArgumentException.class, () -> table.updateExpr(bad, Map.of("id", "0")), bad);
    }
    assertEquals(1, block(table.history().collectList()).size(), "no statement reached the table");
  }

  @Test
  void parameterMarkersAreUnboundUnderDeltasParserOnEveryPathUnlessTheLegacyConfRoutesThemToTheAnalyzer() {
    String t = table("params");
    sql("CREATE TABLE " + t + " (id BIGINT, name STRING) USING delta");
    sql("INSERT INTO " + t + " VALUES (1, 'a'), (2, 'b')");
    String update = "UPDATE " + t + " SET name = :v WHERE id = :id";
    Map<String, Object> args = Map.of("v", "x'; DROP TABLE " + t + "; --", "id", 2L);

    AnalysisException relation = assertThrows(AnalysisException.class,
        () -> block(spark.sql(update, args).collectAsList()));
    assertEquals("UNBOUND_SQL_PARAMETER", relation.errorClass(), "the SQL relation");
    AnalysisException command = assertThrows(AnalysisException.class, () -> sqlCommand(update, args));
    assertEquals("UNBOUND_SQL_PARAMETER", command.errorClass(), "SqlCommand");

    block(spark.conf().set("spark.sql.legacy.parameterSubstitution.constantsOnly", "true"));
    AnalysisException stillRelation = assertThrows(AnalysisException.class,
        () -> block(spark.sql(update, args).collectAsList()));
    assertEquals("UNBOUND_SQL_PARAMETER", stillRelation.errorClass(), "the SQL relation parses with the parser only");
    List<ExecutePlanResponse> responses = sqlCommand(update, args);
    assertTrue(responses.stream().anyMatch(ExecutePlanResponse::hasSqlCommandResult), "SqlCommand ran the UPDATE");
    assertEquals(List.of("1 a", "2 x'; DROP TABLE " + t + "; --"), sql("SELECT id, name FROM " + t + " ORDER BY id")
        .stream().map(r -> r.getLong(0) + " " + r.getString(1)).toList(), "the marker was bound as a value");
  }

  /** What the official JVM client sends for {@code spark.sql(query, args)}: a {@code SqlCommand}. */
  private List<ExecutePlanResponse> sqlCommand(String query, Map<String, Object> args) {
    SQL.Builder sqlRelation = SQL.newBuilder().setQuery(query);
    args.forEach((k, v) -> sqlRelation.putNamedArguments(k, ConnectInternals.expression(lit(v))));
    Command command = Command.newBuilder().setSqlCommand(SqlCommand.newBuilder()
        .setInput(Relation.newBuilder().setSql(sqlRelation))).build();
    return block(ConnectInternals.client(spark).execute(command).collectList());
  }
}
