package io.github.reactivespark.connect;

import io.github.reactivespark.connect.internal.client.ClientOptions;
import io.github.reactivespark.connect.internal.client.TlsOptions;
import java.net.InetAddress;
import java.net.URLDecoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A parsed Spark Connect connection string: {@code sc://host[:port][/][;key=value]*}.
 *
 * <p>Follows Spark's {@code sql/connect/docs/client-connection-string.md} and the parsing of the Scala client's
 * {@code SparkConnectClient.Builder.connectionString}: the scheme is {@code sc}, the port defaults to
 * {@value #DEFAULT_PORT}, the path must be empty, parameters are case-sensitive and their values are URL-decoded.
 * Known keys:
 * <ul>
 *   <li>{@code token}: bearer token sent as {@code Authorization: Bearer …}; refused unless {@code use_ssl=true}
 *       or the host is a loopback address ({@code localhost}, {@code 127.0.0.0/8}, {@code ::1}), where plaintext
 *       never leaves the machine (the embedded server of {@code local-server} is one);
 *   <li>{@code use_ssl}: {@code true}/{@code false} (default false);
 *   <li>{@code ssl_ca_file}: a PEM file of CA certificates to trust instead of the JVM's default trust store (a
 *       private CA, a TLS proxy's own certificate); needs {@code use_ssl=true};
 *   <li>{@code ssl_cert_file} and {@code ssl_key_file}, together: the client certificate chain (PEM) and its
 *       private key (PKCS#8 PEM, not encrypted) presented for mutual TLS; need {@code use_ssl=true};
 *   <li>{@code user_id}: sent as {@code UserContext.user_id} (default: the {@code user.name} system property);
 *   <li>{@code user_agent}: at most 2048 characters (default {@value #DEFAULT_USER_AGENT});
 *   <li>{@code session_id}: must be a UUID; joins an existing server-side session;
 *   <li>{@code grpc_max_message_size}: the largest inbound message in bytes (default {@value #DEFAULT_MAX_MESSAGE_SIZE}).
 * </ul>
 * Any other key is sent as a gRPC metadata header on every call. The three {@code ssl_…} file keys are ours (Spark's
 * connection-string document has none: its clients take custom TLS material in code); they let a deployment point
 * {@code SPARK_REMOTE} at a server behind a private CA without code. {@code SparkSession.Builder} offers the same and
 * trust stores and key stores ({@code trustCertificates}, {@code trustStore}, {@code clientCertificate},
 * {@code clientKeyStore}). The files are read when the session is created.
 *
 * <p>{@link #toString()} never shows the token.
 *
 * @since 0.1.0
 */
public final class ConnectionString {

  /** Default Spark Connect port. */
  public static final int DEFAULT_PORT = ClientOptions.DEFAULT_PORT;
  /** Default largest inbound gRPC message: 128 MiB, as Spark's clients. */
  public static final int DEFAULT_MAX_MESSAGE_SIZE = ClientOptions.DEFAULT_GRPC_MAX_MESSAGE_SIZE;
  /** Default user agent sent as {@code client_type}. */
  public static final String DEFAULT_USER_AGENT = ClientOptions.DEFAULT_USER_AGENT;
  /** Longest accepted {@code user_agent}, in characters. */
  public static final int MAX_USER_AGENT_LENGTH = 2048;

  private static final Pattern HOST_NAME =
      Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");
  private static final Pattern HEADER_KEY = Pattern.compile("[a-z0-9_.-]+");
  private static final Pattern IPV4_LITERAL = Pattern.compile("\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");

  private final String host;
  private final int port;
  private final @Nullable String token;
  private final boolean useSsl;
  private final TlsOptions tls;
  private final @Nullable String userId;
  private final String userAgent;
  private final @Nullable String sessionId;
  private final int grpcMaxMessageSize;
  private final Map<String, String> headers;

  private ConnectionString(String host, int port, @Nullable String token, boolean useSsl, TlsOptions tls,
      @Nullable String userId, String userAgent, @Nullable String sessionId, int grpcMaxMessageSize,
      Map<String, String> headers) {
    this.host = host;
    this.port = port;
    this.token = token;
    this.useSsl = useSsl;
    this.tls = tls;
    this.userId = userId;
    this.userAgent = userAgent;
    this.sessionId = sessionId;
    this.grpcMaxMessageSize = grpcMaxMessageSize;
    this.headers = headers;
  }

  /**
   * Parses a connection string.
   *
   * @param connectionString for example {@code sc://localhost}, {@code sc://spark.example.com:443/;use_ssl=true;token=abc}
   * @return the parsed, validated connection string
   * @throws IllegalArgumentException naming the offending part when the string is malformed: wrong scheme, empty
   *     or invalid host, invalid port, non-empty path, a parameter without {@code =} or with an empty key, a
   *     duplicate key, a non-boolean {@code use_ssl}, an {@code ssl_…} file key without {@code use_ssl=true} or
   *     empty, {@code ssl_cert_file} without {@code ssl_key_file} or the reverse, a non-UUID {@code session_id}, a
   *     non-positive
   *     {@code grpc_max_message_size}, a {@code user_agent} longer than 2048 characters, or a token without TLS to
   *     a host that is not a loopback address (the message names the host).
   *     The message never contains the token.
   */
  public static ConnectionString parse(String connectionString) {
    Objects.requireNonNull(connectionString, "connectionString");
    String s = connectionString.strip();
    if (s.isEmpty()) {
      throw bad("it is empty");
    }
    int schemeEnd = s.indexOf("://");
    if (schemeEnd < 0) {
      throw bad("it does not start with the scheme 'sc://'");
    }
    String scheme = s.substring(0, schemeEnd);
    if (!scheme.equals("sc")) {
      throw bad("the scheme is '" + scheme + "', expected 'sc'");
    }
    String rest = s.substring(schemeEnd + 3);
    int paramsStart = rest.indexOf(';');
    String beforeParams = paramsStart < 0 ? rest : rest.substring(0, paramsStart);
    String params = paramsStart < 0 ? "" : rest.substring(paramsStart + 1);
    int slash = beforeParams.indexOf('/');
    String authority = slash < 0 ? beforeParams : beforeParams.substring(0, slash);
    String path = slash < 0 ? "" : beforeParams.substring(slash);
    if (!path.isEmpty() && !path.equals("/")) {
      throw bad("the path must be empty, found '" + path + "'");
    }
    if (authority.contains("@")) {
      throw bad("user information ('…@') is not allowed in the authority; use ;user_id= and ;token=");
    }
    if (authority.contains("?") || authority.contains("#")) {
      throw bad("queries and fragments are not allowed; parameters go after ';'");
    }
    String host;
    String portText = null;
    if (authority.startsWith("[")) {
      int close = authority.indexOf(']');
      if (close < 0) {
        throw bad("the IPv6 host '" + authority + "' has no closing ']'");
      }
      host = authority.substring(1, close);
      String after = authority.substring(close + 1);
      if (!after.isEmpty()) {
        if (!after.startsWith(":")) {
          throw bad("unexpected '" + after + "' after the IPv6 host");
        }
        portText = after.substring(1);
      }
      if (host.isEmpty() || !host.matches("[0-9A-Fa-f:.]+")) {
        throw bad("the IPv6 host '" + host + "' is not valid");
      }
    } else {
      int colon = authority.lastIndexOf(':');
      if (colon >= 0) {
        host = authority.substring(0, colon);
        portText = authority.substring(colon + 1);
      } else {
        host = authority;
      }
      if (host.isEmpty()) {
        throw bad("the host is empty");
      }
      if (!HOST_NAME.matcher(host).matches()) {
        throw bad("the host '" + host + "' is not a valid host name or IP address");
      }
    }
    int port = DEFAULT_PORT;
    if (portText != null) {
      if (portText.isEmpty() || !portText.chars().allMatch(Character::isDigit) || portText.length() > 5) {
        throw bad("the port '" + portText + "' is not a number");
      }
      port = Integer.parseInt(portText);
      if (port < 1 || port > 65535) {
        throw bad("the port " + port + " is outside 1..65535");
      }
    }

    Map<String, String> values = new LinkedHashMap<>();
    if (!params.isEmpty()) {
      int position = 0;
      for (String part : params.split(";", -1)) {
        position++;
        if (part.isEmpty()) {
          continue; // tolerate a trailing ';'
        }
        int eq = part.indexOf('=');
        if (eq < 0) {
          // not echoed: a parameter without '=' may be a secret pasted without its key
          throw bad("parameter " + position + " after the host (" + part.length() + " characters, not shown)"
              + " has no '=' (expected key=value)");
        }
        String key = part.substring(0, eq);
        if (key.isEmpty()) {
          throw bad("a parameter has an empty key");
        }
        String value;
        try {
          value = URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
          throw bad("the value of parameter '" + key + "' is not valid URL encoding");
        }
        if (values.put(key, value) != null) {
          throw bad("the parameter '" + key + "' is given twice");
        }
      }
    }

    String token = values.remove("token");
    if (token != null && token.isEmpty()) {
      throw bad("the token is empty");
    }
    String sslText = values.remove("use_ssl");
    boolean useSsl = false;
    if (sslText != null) {
      String v = sslText.toLowerCase(Locale.ROOT);
      if (!v.equals("true") && !v.equals("false")) {
        throw bad("use_ssl must be 'true' or 'false', found '" + sslText + "'");
      }
      useSsl = v.equals("true");
    }
    if (token != null && !useSsl && !isLoopback(host)) {
      throw bad("a token requires TLS to host '" + host + "': add ';use_ssl=true' (tokens go over plaintext only to"
          + " a loopback address: localhost, 127.0.0.0/8, ::1)");
    }
    TlsOptions tls = tlsOptions(values.remove("ssl_ca_file"), values.remove("ssl_cert_file"),
        values.remove("ssl_key_file"), useSsl);
    String userId = values.remove("user_id");
    if (userId != null && userId.isEmpty()) {
      throw bad("user_id is empty");
    }
    String userAgent = values.remove("user_agent");
    if (userAgent == null) {
      userAgent = DEFAULT_USER_AGENT;
    } else if (userAgent.isEmpty()) {
      throw bad("user_agent is empty");
    } else if (userAgent.length() > MAX_USER_AGENT_LENGTH) {
      throw bad("user_agent is " + userAgent.length() + " characters long, at most " + MAX_USER_AGENT_LENGTH
          + " are allowed");
    }
    String sessionId = values.remove("session_id");
    if (sessionId != null) {
      try {
        if (!UUID.fromString(sessionId).toString().equalsIgnoreCase(sessionId)) {
          throw new IllegalArgumentException();
        }
      } catch (IllegalArgumentException e) {
        throw bad("session_id '" + sessionId + "' is not a UUID");
      }
    }
    int maxMessage = DEFAULT_MAX_MESSAGE_SIZE;
    String maxText = values.remove("grpc_max_message_size");
    if (maxText != null) {
      try {
        maxMessage = Integer.parseInt(maxText);
      } catch (NumberFormatException e) {
        throw bad("grpc_max_message_size '" + maxText + "' is not a whole number of bytes up to 2147483647");
      }
      if (maxMessage <= 0) {
        throw bad("grpc_max_message_size must be positive, found " + maxMessage);
      }
    }
    Map<String, String> headers = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : values.entrySet()) {
      String key = e.getKey().toLowerCase(Locale.ROOT);
      if (!HEADER_KEY.matcher(key).matches() || key.startsWith("grpc-") || key.startsWith(":")) {
        throw bad("the parameter '" + e.getKey() + "' cannot be sent as a gRPC header");
      }
      headers.put(key, e.getValue());
    }
    return new ConnectionString(host, port, token, useSsl, tls, userId, userAgent, sessionId, maxMessage,
        Collections.unmodifiableMap(headers));
  }

  private static TlsOptions tlsOptions(@Nullable String caFile, @Nullable String certFile, @Nullable String keyFile,
      boolean useSsl) {
    TlsOptions tls = TlsOptions.NONE;
    for (String[] kv : new String[][] {{"ssl_ca_file", caFile}, {"ssl_cert_file", certFile},
        {"ssl_key_file", keyFile}}) {
      if (kv[1] != null && kv[1].isBlank()) {
        throw bad(kv[0] + " is empty");
      }
      if (kv[1] != null && !useSsl) {
        throw bad(kv[0] + " needs TLS: add ';use_ssl=true'");
      }
    }
    if ((certFile == null) != (keyFile == null)) {
      throw bad(certFile == null ? "ssl_key_file needs ssl_cert_file (the client certificate of that key)"
          : "ssl_cert_file needs ssl_key_file (the private key of that certificate)");
    }
    try {
      if (caFile != null) {
        tls = tls.trustCertificates(Path.of(caFile));
      }
      if (certFile != null && keyFile != null) {
        tls = tls.clientCertificate(Path.of(certFile), Path.of(keyFile));
      }
    } catch (InvalidPathException e) {
      throw bad("an ssl_… file is not a valid path: " + e.getMessage());
    }
    return tls;
  }

  /**
   * {@code localhost}, or an IP literal in 127.0.0.0/8 or {@code ::1} (any spelling). Only literals are parsed
   * ({@link InetAddress#getByName} does no lookup for them): a host name other than {@code localhost} is not
   * loopback, whatever it resolves to.
   */
  static boolean isLoopback(String host) {
    if (host.equalsIgnoreCase("localhost")) {
      return true;
    }
    if (IPV4_LITERAL.matcher(host).matches()) {
      return host.startsWith("127.") && Arrays.stream(host.split("\\.")).allMatch(o -> Integer.parseInt(o) <= 255);
    }
    if (host.indexOf(':') < 0) {
      return false;
    }
    try { // an IPv6 literal
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false; // not a valid literal
    }
  }

  private static IllegalArgumentException bad(String why) {
    return new IllegalArgumentException("Invalid Spark Connect connection string: " + why
        + ". Expected sc://host[:port][/][;key=value]*");
  }

  /** The host name or IP address (IPv6 without brackets). */
  public String host() {
    return host;
  }

  /** The port, {@value #DEFAULT_PORT} when none was given. */
  public int port() {
    return port;
  }

  /** The bearer token, if one was given. Never logged. */
  public Optional<String> token() {
    return Optional.ofNullable(token);
  }

  /** Whether the channel uses TLS. */
  public boolean useSsl() {
    return useSsl;
  }

  /** The PEM file of CA certificates to trust ({@code ssl_ca_file}), if one was given. */
  public Optional<Path> trustCertificates() {
    return Optional.ofNullable(tls.trustCertificates());
  }

  /** The client certificate chain for mutual TLS ({@code ssl_cert_file}), if one was given. */
  public Optional<Path> clientCertificate() {
    return Optional.ofNullable(tls.certificateChain());
  }

  /** The private key of {@link #clientCertificate()} ({@code ssl_key_file}), if one was given. */
  public Optional<Path> clientKey() {
    return Optional.ofNullable(tls.privateKey());
  }

  /** The user id to send, if one was given. */
  public Optional<String> userId() {
    return Optional.ofNullable(userId);
  }

  /** The user agent sent as {@code client_type}. */
  public String userAgent() {
    return userAgent;
  }

  /** The session id to join, if one was given (a UUID string). */
  public Optional<String> sessionId() {
    return Optional.ofNullable(sessionId);
  }

  /** The largest inbound gRPC message, in bytes. */
  public int grpcMaxMessageSize() {
    return grpcMaxMessageSize;
  }

  /** Extra gRPC metadata headers (lower-cased keys), sent on every call. */
  public Map<String, String> headers() {
    return headers;
  }

  /** The TLS files this string names (no file: {@link TlsOptions#NONE}). */
  TlsOptions tls() {
    return tls;
  }

  /**
   * Writes what this string says into the session core's options: address, TLS and its files, token, headers,
   * message limit, user agent, and the session and user ids when given.
   */
  ClientOptions.Builder applyTo(ClientOptions.Builder options) {
    return options.host(host).port(port).useSsl(useSsl).tls(tls).token(token).headers(headers)
        .grpcMaxMessageSize(grpcMaxMessageSize).userAgent(userAgent).sessionId(sessionId).userId(userId);
  }

  /** The connection string with the token replaced by {@code ***}. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("sc://");
    b.append(host.contains(":") ? "[" + host + "]" : host).append(':').append(port);
    if (token != null) {
      b.append(";token=***");
    }
    if (useSsl) {
      b.append(";use_ssl=true");
    }
    trustCertificates().ifPresent(f -> b.append(";ssl_ca_file=").append(f));
    clientCertificate().ifPresent(f -> b.append(";ssl_cert_file=").append(f));
    clientKey().ifPresent(f -> b.append(";ssl_key_file=").append(f));
    if (userId != null) {
      b.append(";user_id=").append(userId);
    }
    if (!userAgent.equals(DEFAULT_USER_AGENT)) {
      b.append(";user_agent=").append(userAgent);
    }
    if (sessionId != null) {
      b.append(";session_id=").append(sessionId);
    }
    if (grpcMaxMessageSize != DEFAULT_MAX_MESSAGE_SIZE) {
      b.append(";grpc_max_message_size=").append(grpcMaxMessageSize);
    }
    headers.forEach((k, v) -> b.append(';').append(k).append('=').append(v));
    return b.toString();
  }
}
