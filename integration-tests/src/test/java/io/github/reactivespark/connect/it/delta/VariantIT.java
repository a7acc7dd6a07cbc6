package io.github.reactivespark.connect.it.delta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.reactivespark.connect.Row;
import io.github.reactivespark.connect.exceptions.SparkConnectException;
import io.github.reactivespark.connect.samples.GitHubWebhookExamples;
import io.github.reactivespark.connect.types.DataTypes;
import io.github.reactivespark.connect.types.VariantVal;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * VARIANT over real varying-schema JSON: the 329 GitHub webhook payloads of npm
 * {@code @octokit/webhooks-examples@7.6.1} parsed with {@code parse_json} on the server, stored as one VARIANT
 * column in a Delta table, read back and queried with {@code v:path}, {@code variant_get}, {@code try_variant_get},
 * {@code schema_of_variant} and {@code variant_explode}, and decoded on the client as {@link VariantVal}. The expected
 * figures were counted independently over the same file (Python's json module).
 */
class VariantIT extends DeltaTestBase {

  @Test
  void webhookPayloadsAsVariantInADeltaTable() {
    String file = GitHubWebhookExamples.fromSystemProperties().apiGitHubCom().toString();
    String t = table("webhooks");
    sql("CREATE TABLE " + t + " (event STRING, payload VARIANT) USING delta");
    // The whole file is one JSON array of event types; each has an array of example payloads.
    spark.read().option("wholetext", "true").text(file).createOrReplaceTempView("webhooks_file").block(TIMEOUT);
    try {
      sql("INSERT INTO " + t + " SELECT CAST(e.value:name AS STRING), x.value"
          + " FROM (SELECT parse_json(value) AS doc FROM webhooks_file) f,"
          + " LATERAL variant_explode(f.doc) e, LATERAL variant_explode(e.value:examples) x");
    } finally {
      sql("DROP VIEW IF EXISTS webhooks_file");
    }

    assertEquals(DataTypes.VariantType, block(spark.table(t).schema()).field("payload").dataType());
    Row counts = one("SELECT count(*), count(DISTINCT event), count_if(payload:action::string = 'created'),"
        + " count_if(payload:action IS NULL), count_if(variant_get(payload, '$.repository.id', 'bigint') = 186853002),"
        + " max(payload:repository.stargazers_count::int) FROM " + t);
    assertEquals(GitHubWebhookExamples.PAYLOADS, counts.getLong(0));
    assertEquals(GitHubWebhookExamples.EVENT_TYPES, counts.getLong(1));
    assertEquals(64L, counts.getLong(2), "payloads with action 'created'");
    assertEquals(43L, counts.getLong(3), "payloads without an action");
    assertEquals(219L, counts.getLong(4), "payloads of the most frequent repository");
    assertEquals(87864, counts.getInt(5));

    assertEquals((long) GitHubWebhookExamples.TOP_LEVEL_SHAPES, one("SELECT count(DISTINCT keys) FROM (SELECT"
        + " array_sort(collect_list(k.key)) AS keys FROM (SELECT monotonically_increasing_id() AS id, payload FROM "
        + t + ") p, LATERAL variant_explode(p.payload) k GROUP BY p.id)").getLong(0), "distinct top-level shapes");

    // A string is not an int: try_variant_get gives null where variant_get fails with Spark's typed error.
    assertEquals(280L, one("SELECT count_if(try_variant_get(payload, '$.repository.name', 'int') IS NULL"
        + " AND payload:repository.name IS NOT NULL) FROM " + t).getLong(0));
    SparkConnectException cast = fails(SparkConnectException.class,
        () -> spark.sql("SELECT variant_get(payload, '$.repository.name', 'int') FROM " + t).collectAsList());
    // The scan of the table's Parquet files reports the failure, with the cast error as its cause.
    assertEquals("FAILED_READ_FILE.NO_HINT", cast.errorClass());
    Throwable cause = cast;
    while (cause != null
        && !(cause instanceof SparkConnectException c && "INVALID_VARIANT_CAST".equals(c.errorClass()))) {
      cause = cause.getCause();
    }
    assertTrue(cause != null || cast.getMessage().contains("INVALID_VARIANT_CAST"), cast::toString);

    Row ping = one("SELECT payload, to_json(payload), schema_of_variant(payload), payload:hook.id::bigint,"
        + " payload:zen::string FROM " + t + " WHERE event = 'ping' ORDER BY payload:hook.id::bigint LIMIT 1");
    VariantVal v = assertInstanceOf(VariantVal.class, ping.get(0));
    assertEquals(ping.getString(1), v.toJson(), "the client's JSON form equals the server's to_json");
    assertTrue(ping.getString(2).startsWith("OBJECT<hook: OBJECT<"), ping.getString(2));
    assertTrue(ping.getString(2).contains("zen: STRING"), ping.getString(2));
    assertEquals(109948940L, ping.getLong(3));
    assertEquals("Anything added dilutes everything else.", ping.getString(4));
    assertNull(one("SELECT payload:no.such.path FROM " + t + " LIMIT 1").get(0));
  }

  private Row one(String query) {
    List<Row> rows = sql(query);
    assertEquals(1, rows.size(), query);
    return rows.get(0);
  }
}
