package io.github.reactivespark.connect;

/** Build information of this client. */
final class Version {
  /** The client version, from the jar manifest when packaged, otherwise {@code "dev"}. */
  static final String CLIENT_VERSION = versionOf();

  private Version() {}

  private static String versionOf() {
    String v = Version.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
