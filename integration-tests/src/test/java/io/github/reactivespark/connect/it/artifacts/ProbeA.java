package io.github.reactivespark.connect.it.artifacts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Uploaded to the server as a class artifact by {@code ArtifactsIT} and called there through SQL {@code reflect}: the
 * server can only answer if it loaded this class from the session's artifacts (it is on no server classpath).
 */
public final class ProbeA {

  private ProbeA() {}

  /** SHA-256 of {@code text} (UTF-8) as lower-case hex, prefixed with this class's simple name. */
  public static String digest(String text) {
    return "ProbeA:" + sha256(text);
  }

  static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
