package io.github.reactivespark.connect.internal.client;

/** Build information of this client (sent in every request's {@code client_type}). */
final class Version {
  /** The client version, from the jar manifest when packaged, otherwise {@code "dev"}. */
  static final String CLIENT_VERSION = versionOf();

  private Version() {}

  private static String versionOf() {
    String v = Version.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
