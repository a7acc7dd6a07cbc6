package io.github.reactivespark.connect.internal.client;

import java.nio.file.Path;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The TLS material of a session beyond "use TLS": whom the client trusts (CA certificates in a PEM file, or a
 * trust store) instead of the JVM's default trust store, and, for mutual TLS, the client's own certificate (a PEM
 * certificate chain and PKCS#8 PEM private key, or a key store). At most one trust source and one client identity.
 * Immutable; the files are only named here and read when the channel is built ({@link TlsCredentials}).
 *
 * <p>{@link #toString()} names the files and never shows a password.
 */
public final class TlsOptions {

  /** No TLS material: trust the JVM's default trust store, present no client certificate. */
  public static final TlsOptions NONE = new TlsOptions(null, null, null, null, null, null, null);

  private final @Nullable Path trustCertificates;
  private final @Nullable Path trustStore;
  private final @Nullable String trustStorePassword;
  private final @Nullable Path certificateChain;
  private final @Nullable Path privateKey;
  private final @Nullable Path keyStore;
  private final @Nullable String keyStorePassword;

  private TlsOptions(@Nullable Path trustCertificates, @Nullable Path trustStore, @Nullable String trustStorePassword,
      @Nullable Path certificateChain, @Nullable Path privateKey, @Nullable Path keyStore,
      @Nullable String keyStorePassword) {
    this.trustCertificates = trustCertificates;
    this.trustStore = trustStore;
    this.trustStorePassword = trustStorePassword;
    this.certificateChain = certificateChain;
    this.privateKey = privateKey;
    this.keyStore = keyStore;
    this.keyStorePassword = keyStorePassword;
  }

  /**
   * Trusts the CA certificates of a PEM file instead of the JVM's default trust store.
   *
   * @param pemFile one or more {@code -----BEGIN CERTIFICATE-----} blocks
   * @return new options
   * @throws IllegalArgumentException if a trust source is set already
   */
  public TlsOptions trustCertificates(Path pemFile) {
    requireNoTrust("the CA certificates " + pemFile);
    return new TlsOptions(Objects.requireNonNull(pemFile, "pemFile"), null, null, certificateChain, privateKey,
        keyStore, keyStorePassword);
  }

  /**
   * Trusts the certificates of a key store file (PKCS#12 or JKS, detected from the file) instead of the JVM's
   * default trust store.
   *
   * @param file the trust store
   * @param password its password, or {@code null} for none
   * @return new options
   * @throws IllegalArgumentException if a trust source is set already
   */
  public TlsOptions trustStore(Path file, @Nullable String password) {
    requireNoTrust("the trust store " + file);
    return new TlsOptions(null, Objects.requireNonNull(file, "file"), password, certificateChain, privateKey,
        keyStore, keyStorePassword);
  }

  /**
   * Presents a client certificate (mutual TLS) from PEM files.
   *
   * @param chainPemFile the client's certificate chain, its own certificate first
   * @param keyPemFile its private key, PKCS#8 PEM ({@code -----BEGIN PRIVATE KEY-----}), not encrypted
   * @return new options
   * @throws IllegalArgumentException if a client identity is set already
   */
  public TlsOptions clientCertificate(Path chainPemFile, Path keyPemFile) {
    requireNoIdentity("the client certificate " + chainPemFile);
    return new TlsOptions(trustCertificates, trustStore, trustStorePassword,
        Objects.requireNonNull(chainPemFile, "chainPemFile"), Objects.requireNonNull(keyPemFile, "keyPemFile"),
        null, null);
  }

  /**
   * Presents a client certificate (mutual TLS) from a key store file (PKCS#12 or JKS) whose key entry has the
   * store's password.
   *
   * @param file the key store
   * @param password the password of the store and of its key
   * @return new options
   * @throws IllegalArgumentException if a client identity is set already
   */
  public TlsOptions clientKeyStore(Path file, String password) {
    requireNoIdentity("the client key store " + file);
    return new TlsOptions(trustCertificates, trustStore, trustStorePassword, null, null,
        Objects.requireNonNull(file, "file"), Objects.requireNonNull(password, "password"));
  }

  /**
   * These options with {@code more}'s trust source and client identity added.
   *
   * @param more options from another place (the builder, where these came from the connection string)
   * @return new options, or this one when {@code more} is empty
   * @throws IllegalArgumentException if both set a trust source, or both a client identity
   */
  public TlsOptions and(TlsOptions more) {
    TlsOptions r = this;
    if (more.trustCertificates != null) {
      r = r.trustCertificates(more.trustCertificates);
    } else if (more.trustStore != null) {
      r = r.trustStore(more.trustStore, more.trustStorePassword);
    }
    if (more.certificateChain != null && more.privateKey != null) {
      r = r.clientCertificate(more.certificateChain, more.privateKey);
    } else if (more.keyStore != null && more.keyStorePassword != null) {
      r = r.clientKeyStore(more.keyStore, more.keyStorePassword);
    }
    return r;
  }

  private void requireNoTrust(String what) {
    if (trustCertificates != null || trustStore != null) {
      throw new IllegalArgumentException("Cannot trust " + what + ": the session trusts "
          + (trustCertificates != null ? "the CA certificates " + trustCertificates : "the trust store " + trustStore)
          + " already (give one trust source, in the connection string or the builder)");
    }
  }

  private void requireNoIdentity(String what) {
    if (certificateChain != null || keyStore != null) {
      throw new IllegalArgumentException("Cannot present " + what + ": the session presents "
          + (certificateChain != null ? "the client certificate " + certificateChain : "the client key store "
              + keyStore) + " already (give one client identity, in the connection string or the builder)");
    }
  }

  /**
   * @return whether nothing is set (the JVM's default trust, no client certificate)
   */
  public boolean isEmpty() {
    return trustCertificates == null && trustStore == null && certificateChain == null && keyStore == null;
  }

  /**
   * @return the PEM file of trusted CA certificates, if set
   */
  public @Nullable Path trustCertificates() {
    return trustCertificates;
  }

  /**
   * @return the trust store file, if set
   */
  public @Nullable Path trustStore() {
    return trustStore;
  }

  /**
   * @return the trust store's password, if any
   */
  public @Nullable String trustStorePassword() {
    return trustStorePassword;
  }

  /**
   * @return the PEM file of the client's certificate chain, if set
   */
  public @Nullable Path certificateChain() {
    return certificateChain;
  }

  /**
   * @return the PEM file of the client's private key, if set (with {@link #certificateChain()})
   */
  public @Nullable Path privateKey() {
    return privateKey;
  }

  /**
   * @return the client key store file, if set
   */
  public @Nullable Path keyStore() {
    return keyStore;
  }

  /**
   * @return the client key store's password, if set (with {@link #keyStore()})
   */
  public @Nullable String keyStorePassword() {
    return keyStorePassword;
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("TlsOptions[");
    if (trustCertificates != null) {
      b.append("trustCertificates=").append(trustCertificates);
    } else if (trustStore != null) {
      b.append("trustStore=").append(trustStore);
    } else {
      b.append("trust=JVM default");
    }
    if (certificateChain != null) {
      b.append(", clientCertificate=").append(certificateChain).append(", clientKey=").append(privateKey);
    } else if (keyStore != null) {
      b.append(", clientKeyStore=").append(keyStore);
    }
    return b.append(']').toString();
  }
}
