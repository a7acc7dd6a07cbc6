package io.github.reactivespark.connect.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway PKI made at test time with the JDK's {@code keytool} (EC P-256 keys, valid for 2 days), written into
 * a directory of the test run and never committed:
 * <ul>
 *   <li>{@link #ca()}: the test CA's certificate (PEM), and {@link #trustStore()} the same as a PKCS#12 trust store;
 *   <li>{@link #serverCertificate()}/{@link #serverKey()}: {@code CN=localhost}, SAN {@code dns:localhost} only
 *       (so connecting as {@code 127.0.0.1} is a host name mismatch), signed by the CA, for the TLS proxy;
 *   <li>{@link #clientCertificate()}/{@link #clientKey()}: {@code CN=reactive-spark-connect-it-client}, signed by
 *       the CA, for mutual TLS, and {@link #clientKeyStore()} the same as a PKCS#12 key store;
 *   <li>{@link #otherCa()}/{@link #otherCaKey()}: a second, unrelated CA (self-signed): a certificate nobody here
 *       trusts, as a server's trust or as a client's identity.
 * </ul>
 * Keys are PKCS#8 PEM, unencrypted; store passwords are {@link #PASSWORD}.
 */
final class TestCertificates {

  /** The password of every store made here. */
  static final String PASSWORD = "changeit";

  private final Path dir;

  private TestCertificates(Path dir) {
    this.dir = dir;
  }

  /**
   * Makes the PKI in {@code dir} (about 3 s: seven keytool runs, two at a time).
   *
   * @param dir an empty directory
   * @return the files
   */
  static TestCertificates create(Path dir) {
    TestCertificates c = new TestCertificates(dir);
    try {
      Files.createDirectories(dir);
      CompletableFuture<Void> ca = CompletableFuture.runAsync(() -> c.selfSigned("ca", "CN=reactive-spark-connect throwaway test CA"));
      CompletableFuture<Void> other = CompletableFuture.runAsync(() -> c.selfSigned("other-ca", "CN=some other CA"));
      CompletableFuture<Void> serverKey = CompletableFuture.runAsync(() -> c.keyPair("server", "CN=localhost"));
      CompletableFuture<Void> clientKey = CompletableFuture.runAsync(
          () -> c.keyPair("client", "CN=reactive-spark-connect-it-client"));
      CompletableFuture.allOf(ca, other, serverKey, clientKey).get(2, TimeUnit.MINUTES);
      CompletableFuture<Void> server = CompletableFuture.runAsync(() -> c.sign("server", "SAN=dns:localhost",
          "EKU=serverAuth"));
      CompletableFuture<Void> client = CompletableFuture.runAsync(() -> c.sign("client", "EKU=clientAuth"));
      CompletableFuture.allOf(server, client).get(2, TimeUnit.MINUTES);
      c.writePem("ca");
      c.writePem("other-ca");
      c.writeKeyStores();
    } catch (Exception e) {
      throw new IllegalStateException("Could not make the test PKI with keytool in " + dir, e);
    }
    return c;
  }

  Path ca() {
    return dir.resolve("ca.pem");
  }

  Path trustStore() {
    return dir.resolve("trust.p12");
  }

  Path serverCertificate() {
    return dir.resolve("server.pem");
  }

  Path serverKey() {
    return dir.resolve("server.key");
  }

  Path clientCertificate() {
    return dir.resolve("client.pem");
  }

  Path clientKey() {
    return dir.resolve("client.key");
  }

  Path clientKeyStore() {
    return dir.resolve("client.p12");
  }

  Path otherCa() {
    return dir.resolve("other-ca.pem");
  }

  Path otherCaKey() {
    return dir.resolve("other-ca.key");
  }

  private void selfSigned(String name, String dname) {
    keytool("-genkeypair", "-alias", name, "-dname", dname, "-ext", "bc:c", "-ext", "KU=keyCertSign,cRLSign",
        "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2", "-keystore", store(name));
  }

  private void keyPair(String name, String dname) {
    keytool("-genkeypair", "-alias", name, "-dname", dname, "-keyalg", "EC", "-groupname", "secp256r1",
        "-validity", "2", "-keystore", store(name));
    keytool("-certreq", "-alias", name, "-keystore", store(name), "-file", dir.resolve(name + ".csr").toString());
  }

  /** Signs {@code name}'s request with the CA into {@code name.pem} (the leaf, then the CA). */
  private void sign(String name, String... extensions) {
    List<String> args = new ArrayList<>(List.of("-gencert", "-alias", "ca", "-keystore", store("ca"), "-rfc",
        "-validity", "2", "-infile", dir.resolve(name + ".csr").toString(),
        "-outfile", dir.resolve(name + ".leaf.pem").toString(), "-ext", "KU=digitalSignature"));
    for (String e : extensions) {
      args.add("-ext");
      args.add(e);
    }
    keytool(args.toArray(String[]::new));
  }

  private String store(String name) {
    return dir.resolve(name + ".p12").toString();
  }

  private void keytool(String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    cmd.addAll(List.of(args));
    cmd.addAll(List.of("-storetype", "PKCS12", "-storepass", PASSWORD)); // PKCS#12: the key has the store's password
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException("keytool " + String.join(" ", args) + " failed: " + out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private KeyStore load(String name) throws IOException, GeneralSecurityException {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(dir.resolve(name + ".p12"))) {
      ks.load(in, PASSWORD.toCharArray());
    }
    return ks;
  }

  /** {@code name.pem} (its certificate) and {@code name.key} (its private key) from its store. */
  private void writePem(String name) throws IOException, GeneralSecurityException {
    KeyStore ks = load(name);
    Files.writeString(dir.resolve(name + ".pem"), pem("CERTIFICATE", ks.getCertificate(name).getEncoded()));
    Files.writeString(dir.resolve(name + ".key"),
        pem("PRIVATE KEY", ks.getKey(name, PASSWORD.toCharArray()).getEncoded()));
  }

  /** server/client: key PEMs, chain PEMs (leaf + CA); client.p12 with the signed chain; trust.p12 with the CA. */
  private void writeKeyStores() throws IOException, GeneralSecurityException {
    CertificateFactory x509 = CertificateFactory.getInstance("X.509");
    Certificate ca = load("ca").getCertificate("ca");
    for (String name : List.of("server", "client")) {
      Certificate leaf;
      try (InputStream in = Files.newInputStream(dir.resolve(name + ".leaf.pem"))) {
        leaf = x509.generateCertificate(in);
      }
      PrivateKey key = (PrivateKey) load(name).getKey(name, PASSWORD.toCharArray());
      Files.writeString(dir.resolve(name + ".key"), pem("PRIVATE KEY", key.getEncoded()));
      Files.writeString(dir.resolve(name + ".pem"),
          pem("CERTIFICATE", leaf.getEncoded()) + pem("CERTIFICATE", ca.getEncoded()));
      if (name.equals("client")) {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry(name, key, PASSWORD.toCharArray(), new Certificate[] {leaf, ca});
        store(ks, clientKeyStore());
      }
    }
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", ca);
    store(trust, trustStore());
  }

  private static void store(KeyStore ks, Path file) throws IOException, GeneralSecurityException {
    try (OutputStream out = Files.newOutputStream(file)) {
      ks.store(out, PASSWORD.toCharArray());
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }
}
