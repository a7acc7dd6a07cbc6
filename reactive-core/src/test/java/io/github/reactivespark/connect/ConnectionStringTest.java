package io.github.reactivespark.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConnectionStringTest {

  @Test
  void defaults() {
    ConnectionString cs = ConnectionString.parse("sc://localhost");
    assertEquals("localhost", cs.host());
    assertEquals(15002, cs.port());
    assertFalse(cs.useSsl());
    assertEquals(Optional.empty(), cs.token());
    assertEquals(128 * 1024 * 1024, cs.grpcMaxMessageSize());
    assertEquals("reactive-spark-connect", cs.userAgent());
    assertEquals(Map.of(), cs.headers());
  }

  @Test
  void everyKnownParameterAndHeaders() {
    ConnectionString cs = ConnectionString.parse("sc://spark.example.com:443/;use_ssl=true;token=s3cr%3Dt;"
        + "user_id=ann;user_agent=my%20app;session_id=0b7a7f7e-1c2d-4e5f-8a9b-0c1d2e3f4a5b;"
        + "grpc_max_message_size=1048576;x-trace=abc;");
    assertEquals("spark.example.com", cs.host());
    assertEquals(443, cs.port());
    assertTrue(cs.useSsl());
    assertEquals(Optional.of("s3cr=t"), cs.token());
    assertEquals(Optional.of("ann"), cs.userId());
    assertEquals("my app", cs.userAgent());
    assertEquals(Optional.of("0b7a7f7e-1c2d-4e5f-8a9b-0c1d2e3f4a5b"), cs.sessionId());
    assertEquals(1048576, cs.grpcMaxMessageSize());
    assertEquals(Map.of("x-trace", "abc"), cs.headers());
    assertFalse(cs.toString().contains("s3cr"), cs.toString());
    assertTrue(cs.toString().contains("token=***"));
  }

  @Test
  void ipv4AndIpv6Hosts() {
    assertEquals("127.0.0.1", ConnectionString.parse("sc://127.0.0.1:15099").host());
    ConnectionString v6 = ConnectionString.parse("sc://[::1]:15003");
    assertEquals("::1", v6.host());
    assertEquals(15003, v6.port());
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', value = {
      "''                                          | it is empty",
      "localhost:15002                             | does not start with the scheme",
      "http://localhost                            | the scheme is 'http'",
      "SC://localhost                              | the scheme is 'SC'",
      "sc://                                       | the host is empty",
      "sc://:15002                                 | the host is empty",
      "sc://bad_host!                              | is not a valid host name",
      "sc://-leading.dash                          | is not a valid host name",
      "sc://localhost:                             | the port '' is not a number",
      "sc://localhost:abc                          | the port 'abc' is not a number",
      "sc://localhost:0                            | outside 1..65535",
      "sc://localhost:65536                        | outside 1..65535",
      "sc://localhost:123456                       | is not a number",
      "sc://localhost/path                         | the path must be empty",
      "sc://user@localhost                         | user information",
      "sc://localhost?x=1                          | queries and fragments are not allowed",
      "sc://[::1                                   | has no closing ']'",
      "sc://[zz]:1                                 | is not valid",
      "sc://localhost/;novalue                     | has no '='",
      "sc://localhost/;=v                          | empty key",
      "sc://localhost/;a=1;a=2                     | given twice",
      "sc://localhost/;use_ssl=yes                 | use_ssl must be 'true' or 'false'",
      "sc://spark.example.com/;token=abc           | a token requires TLS to host 'spark.example.com'",
      "sc://10.0.0.7/;use_ssl=false;token=abc      | a token requires TLS to host '10.0.0.7'",
      "sc://128.0.0.1/;token=abc                   | a token requires TLS to host '128.0.0.1'",
      "sc://127.0.0.300/;token=abc                 | a token requires TLS to host '127.0.0.300'",
      "sc://[::2]/;token=abc                       | a token requires TLS to host '::2'",
      "sc://localhost.example.com/;token=abc       | a token requires TLS to host 'localhost.example.com'",
      "sc://localhost/;use_ssl=true;token=         | the token is empty",
      "sc://localhost/;session_id=not-a-uuid       | is not a UUID",
      "sc://localhost/;grpc_max_message_size=-1    | must be positive",
      "sc://localhost/;grpc_max_message_size=1e9   | is not a whole number",
      "sc://localhost/;user_id=                    | user_id is empty",
      "sc://localhost/;bad key=v                   | cannot be sent as a gRPC header",
      "sc://localhost/;grpc-timeout=1              | cannot be sent as a gRPC header",
      "sc://localhost/;x=%zz                       | not valid URL encoding",
      "sc://h/;ssl_ca_file=/etc/ca.pem             | ssl_ca_file needs TLS: add ';use_ssl=true'",
      "sc://h/;use_ssl=true;ssl_ca_file=           | ssl_ca_file is empty",
      "sc://h/;use_ssl=true;ssl_cert_file=/c.pem   | ssl_cert_file needs ssl_key_file",
      "sc://h/;use_ssl=true;ssl_key_file=/k.pem    | ssl_key_file needs ssl_cert_file",
      "sc://h/;ssl_cert_file=/c;ssl_key_file=/k    | ssl_cert_file needs TLS",
  })
  void malformedStringsNameTheirFault(String input, String expected) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ConnectionString.parse(input));
    assertTrue(e.getMessage().contains(expected), () -> "'" + e.getMessage() + "' should contain '" + expected + "'");
    assertFalse(e.getMessage().contains("abc") && input.contains("token=abc"), "token leaked: " + e.getMessage());
  }

  /** Plaintext carries a token only to loopback literals (and localhost), where it never leaves the machine. */
  @ParameterizedTest
  @ValueSource(strings = {"localhost", "LocalHost", "127.0.0.1", "127.1.2.3", "127.255.255.254", "[::1]",
      "[0:0:0:0:0:0:0:1]", "[::ffff:127.0.0.1]"})
  void aTokenOverPlaintextIsAllowedToLoopbackAddresses(String host) {
    ConnectionString cs = ConnectionString.parse("sc://" + host + ":15002/;token=abc");
    assertEquals(Optional.of("abc"), cs.token());
    assertFalse(cs.useSsl());
    assertFalse(cs.toString().contains("abc"), cs::toString);
  }

  /** Our keys for TLS files: parsed into paths, shown by toString, never sent as headers. */
  @Test
  void tlsFilesAreOptionsNotHeaders() {
    ConnectionString cs = ConnectionString.parse("sc://spark.example.com:443/;use_ssl=true;token=abc;"
        + "ssl_ca_file=/etc/spark/ca.pem;ssl_cert_file=/etc/spark/client.pem;ssl_key_file=/etc/spark/client%20key.pem");
    assertEquals(Optional.of(java.nio.file.Path.of("/etc/spark/ca.pem")), cs.trustCertificates());
    assertEquals(Optional.of(java.nio.file.Path.of("/etc/spark/client.pem")), cs.clientCertificate());
    assertEquals(Optional.of(java.nio.file.Path.of("/etc/spark/client key.pem")), cs.clientKey());
    assertEquals(Map.of(), cs.headers());
    assertTrue(cs.toString().contains(";ssl_ca_file=/etc/spark/ca.pem;ssl_cert_file=/etc/spark/client.pem"), cs::toString);
    assertEquals(Optional.empty(), ConnectionString.parse("sc://h/;use_ssl=true").trustCertificates());
  }

  @Test
  void userAgentLengthIsCapped() {
    String ok = "a".repeat(2048);
    assertEquals(ok, ConnectionString.parse("sc://h/;user_agent=" + ok).userAgent());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ConnectionString.parse("sc://h/;user_agent=" + ok + "b"));
    assertTrue(e.getMessage().contains("2049 characters"), e.getMessage());
  }
}
