package io.github.reactivespark.connect.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.reactivespark.connect.Row;
import io.github.reactivespark.connect.SparkSession;
import io.github.reactivespark.connect.exceptions.SparkConnectException;
import io.github.reactivespark.connect.exceptions.StatusCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bad input the other suites do not cover (ErrorsIT: SQL, analysis, runtime and catalog errors, task failures;
 * DeadServerIT: unknown host, refused port, TLS against plaintext; ConnectionStringTest: malformed connection
 * strings): bad reader options and a row larger than {@code grpc_max_message_size} with chunking off. Each gives a
 * typed error that names the cause, and the session keeps working. The reader tests write their input next to
 * the server (same machine), as ReaderIT does.
 */
class BadInputIT extends ServerTestBase {

  private Path scratch;

  @BeforeEach
  void scratchDir() throws IOException {
    scratch = Files.createTempDirectory("bad-input-it");
  }

  @AfterEach
  void deleteScratch() throws IOException {
    try (Stream<Path> s = Files.walk(scratch)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private Path malformedCsv() throws IOException {
    Path csv = scratch.resolve("people.csv");
    Files.writeString(csv, "id,age\n1,31\n2,not-a-number\n3,27\n");
    return csv;
  }

  private static String everything(Throwable e) {
    StringBuilder b = new StringBuilder(String.valueOf(e.getMessage()));
    for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
      b.append('\n').append(c.getMessage());
    }
    return b.toString();
  }

  @Test
  void failFastOnAMalformedCsvRecordNamesTheRecord() throws IOException {
    Path csv = malformedCsv();
    // PERMISSIVE (the default) turns the bad field into null: the data itself is readable
    List<Row> permissive = spark.read().schema("id INT, age INT").option("header", true).csv(csv.toString())
        .collectAsList().block(TIMEOUT);
    assertEquals(3, permissive.size());
    Throwable e = assertThrows(Throwable.class, () -> spark.read().schema("id INT, age INT")
        .option("header", true).option("mode", "FAILFAST").csv(csv.toString()).collectAsList().block(TIMEOUT));
    SparkConnectException s = assertInstanceOf(SparkConnectException.class, e, e::toString);
    String all = everything(s);
    assertTrue(s.errorClass() != null && s.errorClass().startsWith("MALFORMED_RECORD_IN_PARSING")
        || all.contains("MALFORMED_RECORD_IN_PARSING"), () -> s.errorClass() + ": " + all);
    assertTrue(all.contains("FAILFAST"), all);
  }

  @Test
  void anUnknownFormatIsDataSourceNotFound() {
    Throwable e = assertThrows(Throwable.class, () -> spark.read().format("no_such_format_f3")
        .load(scratch.toString()).collectAsList().block(TIMEOUT));
    SparkConnectException s = assertInstanceOf(SparkConnectException.class, e, e::toString);
    assertEquals("DATA_SOURCE_NOT_FOUND", s.errorClass(), s::toString);
    assertTrue(s.getMessage().contains("no_such_format_f3"), s.getMessage());
  }

  @Test
  void aBadOptionValueNamesTheOption() throws IOException {
    Path csv = malformedCsv();
    Throwable e = assertThrows(Throwable.class, () -> spark.read().schema("id INT, age INT")
        .option("header", "maybe").csv(csv.toString()).collectAsList().block(TIMEOUT));
    SparkConnectException s = assertInstanceOf(SparkConnectException.class, e, e::toString);
    String all = everything(s);
    // Spark 4.1.2: "[_LEGACY_ERROR_TEMP_2147] header flag can be true or false."
    assertEquals("_LEGACY_ERROR_TEMP_2147", s.errorClass(), all);
    assertTrue(all.contains("header flag can be true or false"), all);
  }

  @Test
  void aMissingPathIsPathNotFound() {
    String missing = scratch.resolve("nothing-here.parquet").toString();
    Throwable e = assertThrows(Throwable.class, () -> spark.read().parquet(missing).collectAsList().block(TIMEOUT));
    SparkConnectException s = assertInstanceOf(SparkConnectException.class, e, e::toString);
    assertEquals("PATH_NOT_FOUND", s.errorClass(), s::toString);
    assertTrue(s.getMessage().contains("nothing-here.parquet"), s.getMessage());
  }

  @Test
  void aRowLargerThanTheMessageLimitWithChunkingOffFailsTypedAndNamesTheLimit() {
    int limit = 1024 * 1024;
    String remote = TestServer.remote("grpc_max_message_size=" + limit);
    String query = "SELECT id, repeat('x', 3 * 1024 * 1024) AS wide FROM range(2)";
    try (SparkSession unchunked = SparkSession.builder().remote(remote).resultChunkSize(0).create()) {
      Throwable e = assertThrows(Throwable.class, () -> unchunked.sql(query).collectAsList().block(TIMEOUT));
      SparkConnectException s = assertInstanceOf(SparkConnectException.class, e, e::toString);
      assertEquals(StatusCode.RESOURCE_EXHAUSTED, s.statusCode(), s::toString);
      String all = everything(s).toLowerCase(Locale.ROOT);
      assertTrue(all.contains("exceeds maximum size") && all.contains(String.valueOf(limit)), all);
      // the session still works, and nothing is left allocated
      assertEquals(List.of(1L), unchunked.sql("SELECT 1 AS one").collectAsList().block(TIMEOUT).stream()
          .map(r -> ((Number) r.get(0)).longValue()).toList());
      assertEquals(0, unchunked.arrowAllocatedBytes());
    }
    // with chunking (the default) the same rows arrive in chunks of the preferred size, under the limit
    try (SparkSession chunked = SparkSession.builder().remote(remote).resultChunkSize(256 * 1024).create()) {
      List<Row> rows = chunked.sql(query).collectAsList().block(TIMEOUT);
      assertEquals(2, rows.size());
      assertEquals(3 * 1024 * 1024, ((String) rows.get(1).get(1)).length());
      assertEquals(0, chunked.arrowAllocatedBytes());
    }
  }
}
