package io.github.reactivespark.connect.internal.client;

import io.github.reactivespark.connect.events.SparkConnectListener;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Everything a {@link ConnectClient} is built from: an immutable snapshot taken when the session is created, read
 * back with its accessors and never consulted again afterwards. The fields are those of Spark's
 * {@code SparkConnectClient.Configuration}: where the server is and how to reach it (the parsed connection
 * string), who the session speaks for, how RPCs are retried, and how results are chunked and buffered.
 *
 * <p>Build one with {@link #builder()} (every unset option is its {@code DEFAULT_…} constant), change a copy with
 * {@link #mutate()}. {@link #toString()} never shows the token.
 *
 * <p>Not API: {@code SparkSession.Builder} and {@code ConnectionString} fill it from their public settings.
 */
public final class ClientOptions {

  /** Default for {@link Builder#host(String)}. */
  public static final String DEFAULT_HOST = "localhost";
  /** Default for {@link Builder#port(int)}: Spark Connect's port. */
  public static final int DEFAULT_PORT = 15002;
  /** Default for {@link Builder#grpcMaxMessageSize(int)}: 128 MiB, as Spark's clients. */
  public static final int DEFAULT_GRPC_MAX_MESSAGE_SIZE = 128 * 1024 * 1024;
  /** Default for {@link Builder#userAgent(String)}. */
  public static final String DEFAULT_USER_AGENT = "reactive-spark-connect";
  /** Default for {@link Builder#resultChunkSize(long)}: 4 MiB. */
  public static final long DEFAULT_RESULT_CHUNK_SIZE = 4L * 1024 * 1024;
  /** Default for {@link Builder#maxBytesInFlight(long)}: 64 MiB per query. */
  public static final long DEFAULT_MAX_BYTES_IN_FLIGHT = 64L * 1024 * 1024;
  /** Default for {@link Builder#fetchErrorDetailsTimeout(Duration)}: 30 s. */
  public static final Duration DEFAULT_FETCH_ERROR_DETAILS_TIMEOUT = Duration.ofSeconds(30);
  /** Default for {@link Builder#releaseSessionTimeout(Duration)}: 30 s. */
  public static final Duration DEFAULT_RELEASE_SESSION_TIMEOUT = Duration.ofSeconds(30);

  private final String host;
  private final int port;
  private final boolean useSsl;
  private final @Nullable String token;
  private final Map<String, String> headers;
  private final int grpcMaxMessageSize;
  private final String userAgent;
  private final String sessionId;
  private final String userId;
  private final String clientType;
  private final RetryConfig retryConfig;
  private final long resultChunkSize;
  private final long maxBytesInFlight;
  private final Duration fetchErrorDetailsTimeout;
  private final Duration releaseSessionTimeout;
  private final List<SparkConnectListener> listeners;

  private ClientOptions(Builder b) {
    this.host = b.host;
    this.port = b.port;
    this.useSsl = b.useSsl;
    this.token = b.token;
    this.headers = Map.copyOf(b.headers);
    this.grpcMaxMessageSize = b.grpcMaxMessageSize;
    this.userAgent = b.userAgent;
    this.sessionId = b.sessionId != null ? b.sessionId : UUID.randomUUID().toString();
    this.userId = b.userId != null ? b.userId : System.getProperty("user.name", "unknown");
    this.clientType = userAgent + "/" + Version.CLIENT_VERSION + " java/" + System.getProperty("java.version");
    this.retryConfig = b.retryConfig;
    this.resultChunkSize = b.resultChunkSize;
    this.maxBytesInFlight = b.maxBytesInFlight;
    this.fetchErrorDetailsTimeout = b.fetchErrorDetailsTimeout;
    this.releaseSessionTimeout = b.releaseSessionTimeout;
    this.listeners = List.copyOf(b.listeners);
  }

  /**
   * A builder with every option at its default.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder that starts from these options (including the session id they fixed).
   *
   * @return a new builder
   */
  public Builder mutate() {
    return new Builder(this);
  }

  /**
   * An equal copy of {@code options}.
   *
   * @param options the options to copy
   * @return a new instance with the same settings
   */
  public static ClientOptions copyOf(ClientOptions options) {
    return options.mutate().build();
  }

  /**
   * @return the server's host name or address; see {@link #DEFAULT_HOST}
   */
  public String host() {
    return host;
  }

  /**
   * @return the server's port; see {@link #DEFAULT_PORT}
   */
  public int port() {
    return port;
  }

  /**
   * @return whether the channel uses TLS
   */
  public boolean useSsl() {
    return useSsl;
  }

  /**
   * @return the bearer token sent with every call, if any (never printed)
   */
  public Optional<String> token() {
    return Optional.ofNullable(token);
  }

  /**
   * @return extra gRPC metadata headers sent with every call (unmodifiable)
   */
  public Map<String, String> headers() {
    return headers;
  }

  /**
   * @return the largest inbound message, in bytes; see {@link #DEFAULT_GRPC_MAX_MESSAGE_SIZE}
   */
  public int grpcMaxMessageSize() {
    return grpcMaxMessageSize;
  }

  /**
   * @return the user agent of the channel and first part of {@link #clientType()}; see {@link #DEFAULT_USER_AGENT}
   */
  public String userAgent() {
    return userAgent;
  }

  /**
   * @return the client-side session id, a UUID (a random one unless the connection string named one)
   */
  public String sessionId() {
    return sessionId;
  }

  /**
   * @return the user id sent as {@code UserContext.user_id} (default: the {@code user.name} system property)
   */
  public String userId() {
    return userId;
  }

  /**
   * @return what every request sends as {@code client_type}: user agent, client version and Java version
   */
  public String clientType() {
    return clientType;
  }

  /**
   * @return the retry of every RPC: which errors, how many times, how long to wait (Resilience4j)
   */
  public RetryConfig retryConfig() {
    return retryConfig;
  }

  /**
   * @return the preferred size of one result chunk, in bytes, 0 for no chunking; see {@link #DEFAULT_RESULT_CHUNK_SIZE}
   */
  public long resultChunkSize() {
    return resultChunkSize;
  }

  /**
   * @return response bytes a query may buffer ahead of its subscriber; see {@link #DEFAULT_MAX_BYTES_IN_FLIGHT}
   */
  public long maxBytesInFlight() {
    return maxBytesInFlight;
  }

  /**
   * How many streamed responses gRPC may deliver ahead of demand: {@link #maxBytesInFlight()} divided by the
   * largest expected response (the chunk size with chunking, otherwise {@link #grpcMaxMessageSize()}, since then
   * one response may be as large as the inbound limit), between 2 (so decoding overlaps the network) and 512
   * (reactor-grpc's own default).
   *
   * @return the message window
   */
  public int prefetchMessages() {
    long maxResponseBytes = resultChunkSize > 0 ? resultChunkSize : grpcMaxMessageSize;
    long n = maxBytesInFlight / Math.max(1, maxResponseBytes);
    return (int) Math.max(2, Math.min(512, n));
  }

  /**
   * @return how long error conversion waits for {@code FetchErrorDetails}; see
   *     {@link #DEFAULT_FETCH_ERROR_DETAILS_TIMEOUT}
   */
  public Duration fetchErrorDetailsTimeout() {
    return fetchErrorDetailsTimeout;
  }

  /**
   * @return how long closing waits for {@code ReleaseSession}; see {@link #DEFAULT_RELEASE_SESSION_TIMEOUT}
   */
  public Duration releaseSessionTimeout() {
    return releaseSessionTimeout;
  }

  /**
   * @return the listeners of the session's events, in the order they are called (unmodifiable; empty by default)
   */
  public List<SparkConnectListener> listeners() {
    return listeners;
  }

  @Override
  public String toString() {
    return "ClientOptions[sc://" + host + ":" + port + (useSsl ? ", use_ssl" : "")
        + (token != null ? ", token=***" : "")
        + ", headers=" + headers.keySet() + ", sessionId=" + sessionId + ", userId=" + userId + ", clientType="
        + clientType + ", maxAttempts=" + retryConfig.getMaxAttempts() + ", resultChunkSize=" + resultChunkSize
        + ", maxBytesInFlight=" + maxBytesInFlight + ", grpcMaxMessageSize=" + grpcMaxMessageSize + "]";
  }

  /** Collects options; {@link #build()} validates nothing that the setters did not check already. */
  public static final class Builder {
    private String host = DEFAULT_HOST;
    private int port = DEFAULT_PORT;
    private boolean useSsl;
    private @Nullable String token;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private int grpcMaxMessageSize = DEFAULT_GRPC_MAX_MESSAGE_SIZE;
    private String userAgent = DEFAULT_USER_AGENT;
    private @Nullable String sessionId;
    private @Nullable String userId;
    private RetryConfig retryConfig = RetryConfig.ofDefaults();
    private long resultChunkSize = DEFAULT_RESULT_CHUNK_SIZE;
    private long maxBytesInFlight = DEFAULT_MAX_BYTES_IN_FLIGHT;
    private Duration fetchErrorDetailsTimeout = DEFAULT_FETCH_ERROR_DETAILS_TIMEOUT;
    private Duration releaseSessionTimeout = DEFAULT_RELEASE_SESSION_TIMEOUT;
    private final List<SparkConnectListener> listeners = new ArrayList<>();

    private Builder() {}

    private Builder(ClientOptions o) {
      host = o.host;
      port = o.port;
      useSsl = o.useSsl;
      token = o.token;
      headers.putAll(o.headers);
      grpcMaxMessageSize = o.grpcMaxMessageSize;
      userAgent = o.userAgent;
      sessionId = o.sessionId;
      userId = o.userId;
      retryConfig = o.retryConfig;
      resultChunkSize = o.resultChunkSize;
      maxBytesInFlight = o.maxBytesInFlight;
      fetchErrorDetailsTimeout = o.fetchErrorDetailsTimeout;
      releaseSessionTimeout = o.releaseSessionTimeout;
      listeners.addAll(o.listeners);
    }

    /**
     * @param host the server's host name or address
     * @return this builder
     */
    public Builder host(String host) {
      this.host = Objects.requireNonNull(host, "host");
      return this;
    }

    /**
     * @param port the server's port
     * @return this builder
     */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /**
     * @param useSsl whether to use TLS
     * @return this builder
     */
    public Builder useSsl(boolean useSsl) {
      this.useSsl = useSsl;
      return this;
    }

    /**
     * @param token a bearer token, or {@code null} for none
     * @return this builder
     */
    public Builder token(@Nullable String token) {
      this.token = token;
      return this;
    }

    /**
     * @param headers gRPC metadata headers for every call (replace the ones set before)
     * @return this builder
     */
    public Builder headers(Map<String, String> headers) {
      this.headers.clear();
      this.headers.putAll(headers);
      return this;
    }

    /**
     * @param bytes the largest inbound message, in bytes
     * @return this builder
     */
    public Builder grpcMaxMessageSize(int bytes) {
      this.grpcMaxMessageSize = bytes;
      return this;
    }

    /**
     * @param userAgent the user agent
     * @return this builder
     */
    public Builder userAgent(String userAgent) {
      this.userAgent = Objects.requireNonNull(userAgent, "userAgent");
      return this;
    }

    /**
     * @param sessionId the client-side session id (a UUID), or {@code null} for a random one
     * @return this builder
     */
    public Builder sessionId(@Nullable String sessionId) {
      this.sessionId = sessionId;
      return this;
    }

    /**
     * @param userId the user id, or {@code null} for the {@code user.name} system property
     * @return this builder
     */
    public Builder userId(@Nullable String userId) {
      this.userId = userId;
      return this;
    }

    /**
     * @param retryConfig the retry of every RPC
     * @return this builder
     */
    public Builder retryConfig(RetryConfig retryConfig) {
      this.retryConfig = Objects.requireNonNull(retryConfig, "retryConfig");
      return this;
    }

    /**
     * @param bytes preferred size of one result chunk, 0 to turn chunking off
     * @return this builder
     * @throws IllegalArgumentException if {@code bytes} is negative
     */
    public Builder resultChunkSize(long bytes) {
      if (bytes < 0) {
        throw new IllegalArgumentException("resultChunkSize must be >= 0 bytes, was " + bytes);
      }
      this.resultChunkSize = bytes;
      return this;
    }

    /**
     * @param bytes response bytes a query may buffer ahead of demand
     * @return this builder
     * @throws IllegalArgumentException if {@code bytes} is not positive
     */
    public Builder maxBytesInFlight(long bytes) {
      if (bytes <= 0) {
        throw new IllegalArgumentException("maxBytesInFlight must be > 0 bytes, was " + bytes);
      }
      this.maxBytesInFlight = bytes;
      return this;
    }

    /**
     * @param timeout how long to wait for {@code FetchErrorDetails}
     * @return this builder
     */
    public Builder fetchErrorDetailsTimeout(Duration timeout) {
      this.fetchErrorDetailsTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /**
     * @param timeout how long closing waits for {@code ReleaseSession}
     * @return this builder
     */
    public Builder releaseSessionTimeout(Duration timeout) {
      this.releaseSessionTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /**
     * @param listener a listener of the session's events, called after the ones added before it
     * @return this builder
     */
    public Builder listener(SparkConnectListener listener) {
      this.listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * @return the snapshot; a random session id is drawn here when none was set
     */
    public ClientOptions build() {
      return new ClientOptions(this);
    }
  }
}
