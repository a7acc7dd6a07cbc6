package io.github.reactivespark.connect.internal.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.reactivespark.connect.RetryPolicy;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The snapshot a session core is built from: defaults, copies, the derived prefetch window, a hidden token. */
class ClientOptionsTest {

  @Test
  void defaultsAreTheConstants() {
    ClientOptions o = ClientOptions.builder().build();
    assertEquals(ClientOptions.DEFAULT_HOST, o.host());
    assertEquals(ClientOptions.DEFAULT_PORT, o.port());
    assertEquals(ClientOptions.DEFAULT_GRPC_MAX_MESSAGE_SIZE, o.grpcMaxMessageSize());
    assertEquals(ClientOptions.DEFAULT_RESULT_CHUNK_SIZE, o.resultChunkSize());
    assertEquals(ClientOptions.DEFAULT_MAX_BYTES_IN_FLIGHT, o.maxBytesInFlight());
    assertEquals(ClientOptions.DEFAULT_FETCH_ERROR_DETAILS_TIMEOUT, o.fetchErrorDetailsTimeout());
    assertTrue(o.clientType().startsWith(ClientOptions.DEFAULT_USER_AGENT + "/"), o.clientType());
    assertEquals(4, UUID.fromString(o.sessionId()).version(), "a random session id");
    assertFalse(o.token().isPresent());
  }

  @Test
  void mutateAndCopyOfKeepEverySettingIncludingTheSessionId() {
    ClientOptions o = ClientOptions.builder().host("spark.example.com").port(443).useSsl(true).token("s3cret")
        .headers(Map.of("x-team", "data")).userId("ada").retryConfig(RetryPolicy.none().toRetryConfig())
        .resultChunkSize(0).maxBytesInFlight(1 << 20).build();
    ClientOptions copy = ClientOptions.copyOf(o);
    assertEquals(o.toString(), copy.toString());
    assertEquals(o.sessionId(), copy.sessionId());
    assertEquals("s3cret", copy.token().orElseThrow());
    ClientOptions changed = o.mutate().port(15003).build();
    assertEquals(15003, changed.port());
    assertEquals(o.sessionId(), changed.sessionId());
    assertEquals(1, o.retryConfig().getMaxAttempts());
  }

  @Test
  void thePrefetchWindowIsTheByteBudgetInResponses() {
    // 64 MiB of 4 MiB chunks
    assertEquals(16, ClientOptions.builder().build().prefetchMessages());
    // without chunking one response may be as large as the inbound limit: the floor of 2 applies
    assertEquals(2, ClientOptions.builder().resultChunkSize(0).build().prefetchMessages());
    // reactor-grpc's own default is the ceiling
    assertEquals(512, ClientOptions.builder().resultChunkSize(1024).maxBytesInFlight(1L << 40).build()
        .prefetchMessages());
  }

  @Test
  void toStringHidesTheToken() {
    String text = ClientOptions.builder().useSsl(true).token("s3cret").build().toString();
    assertFalse(text.contains("s3cret"), text);
    assertTrue(text.contains("token=***") && text.contains("use_ssl"), text);
  }

  @Test
  void badSizesAreRefusedAtOnce() {
    assertThrows(IllegalArgumentException.class, () -> ClientOptions.builder().resultChunkSize(-1));
    assertThrows(IllegalArgumentException.class, () -> ClientOptions.builder().maxBytesInFlight(0));
  }
}
