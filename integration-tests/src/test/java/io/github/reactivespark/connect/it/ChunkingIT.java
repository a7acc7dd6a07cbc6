package io.github.reactivespark.connect.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.reactivespark.connect.Row;
import io.github.reactivespark.connect.SparkSession;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** Spark 4.1 result chunking: batches larger than the chunk size arrive in pieces and are reassembled. */
class ChunkingIT extends ServerTestBase {

  private static final int MIB = 1024 * 1024;

  @Test
  void aSingleRowLargerThanTheChunkSizeIsReassembled() {
    try (SparkSession chunked = TestServer.builder().resultChunkSize(256 * 1024).create()) {
      List<Row> rows = chunked.sql("SELECT id, repeat(cast(id % 10 AS string), 3 * 1024 * 1024 + id) AS big"
          + " FROM range(3)").collectAsList().block(TIMEOUT);
      assertEquals(3, rows.size());
      for (int i = 0; i < 3; i++) {
        String big = rows.get(i).getString(1);
        char digit = (char) ('0' + i);
        assertEquals(3 * MIB + i, big.length());
        assertTrue(big.chars().allMatch(c -> c == digit), "row " + i + " content");
      }
      assertEquals(0, chunked.arrowAllocatedBytes());
    }
  }

  @Test
  void withoutChunkingARowOverTheMessageLimitFailsWithANamedCause() {
    try (SparkSession unchunked = SparkSession.builder()
        .remote(TestServer.remote("grpc_max_message_size=" + MIB))
        .resultChunkSize(0).create()) {
      StepVerifier.create(unchunked.sql("SELECT repeat('x', 4 * 1024 * 1024) AS big").rows())
          .expectErrorSatisfies(e -> {
            String all = e + " " + (e.getCause() == null ? "" : e.getCause().toString());
            assertTrue(all.contains("RESOURCE_EXHAUSTED") || all.toLowerCase().contains("larger than max"), all);
          })
          .verify(TIMEOUT);
      assertEquals(0, unchunked.arrowAllocatedBytes());
      // The same session still works afterwards.
      assertEquals(7L, unchunked.range(7).count().block(TIMEOUT));
    }
  }
}
