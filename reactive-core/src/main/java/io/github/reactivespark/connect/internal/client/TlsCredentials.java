package io.github.reactivespark.connect.internal.client;

import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import org.jspecify.annotations.Nullable;

/**
 * The TLS context of a session's channel, built from its {@link TlsOptions} with grpc-netty-shaded's
 * {@link GrpcSslContexts} (HTTP/2 over ALPN, the ciphers gRPC requires, OpenSSL when available): the JVM's
 * default trust store unless CA certificates or a trust store are given, and a client certificate for mutual TLS
 * when one is given. The server's host name is checked against its certificate (gRPC's default). The bearer token
 * is not part of this: it is a per-call credential of the transport.
 *
 * <p>Reads and parses the named files now, once, on the calling thread (the session builder's {@code create()}),
 * so a missing or malformed file fails there, named.
 */
public final class TlsCredentials {

  private TlsCredentials() {}

  /**
   * The TLS context for a channel to {@code options}' server.
   *
   * @param options the session's options ({@link ClientOptions#tls()}, host and port for messages)
   * @return a client {@link SslContext}
   * @throws IllegalArgumentException naming the file when a certificate, key or store cannot be read or parsed
   */
  public static SslContext sslContext(ClientOptions options) {
    TlsOptions tls = options.tls();
    SslContextBuilder b = GrpcSslContexts.forClient();
    String what = "the JVM's default trust store";
    try {
      if (tls.trustCertificates() != null) {
        what = "the CA certificates " + tls.trustCertificates();
        b.trustManager(tls.trustCertificates().toFile());
      } else if (tls.trustStore() != null) {
        what = "the trust store " + tls.trustStore();
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(load(tls.trustStore(), tls.trustStorePassword()));
        b.trustManager(tmf);
      }
      if (tls.certificateChain() != null && tls.privateKey() != null) {
        what = "the client certificate " + tls.certificateChain() + " with the key " + tls.privateKey();
        b.keyManager(tls.certificateChain().toFile(), tls.privateKey().toFile());
      } else if (tls.keyStore() != null) {
        what = "the client key store " + tls.keyStore();
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        String password = tls.keyStorePassword();
        kmf.init(load(tls.keyStore(), password), password == null ? null : password.toCharArray());
        b.keyManager(kmf);
      }
      what = tls.isEmpty() ? what : "the TLS settings " + tls;
      return b.build();
    } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalArgumentException("Cannot use " + what + " for the TLS connection to " + options.host()
          + ":" + options.port() + ": " + e, e);
    }
  }

  private static KeyStore load(Path file, @Nullable String password) throws IOException, GeneralSecurityException {
    // detects PKCS#12 and JKS from the file's content
    return KeyStore.getInstance(file.toFile(), password == null ? null : password.toCharArray());
  }
}
