package io.github.reactivespark.connect.internal.client;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Random version-4 UUIDs that never block: {@link UUID#randomUUID()} draws from {@code SecureRandom}, which reads
 * {@code /dev/urandom} with a blocking file read whenever its buffer runs dry, and operation ids are made on
 * whatever thread subscribes (a Reactor or gRPC thread; BlockHound caught it in {@code ReattachableExecution}).
 * These ids only have to be unique (an operation id, a generated view name); they are not secrets: what lets a
 * client reach a server-side session is its session id, which {@link ClientOptions} still draws from
 * {@code SecureRandom}, once, when the session is created.
 */
public final class RandomIds {

  private RandomIds() {}

  /**
   * A random UUID (version 4, IETF variant) from {@link ThreadLocalRandom}.
   *
   * @return a new UUID
   */
  public static UUID uuid() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long msb = (random.nextLong() & ~0xF000L) | 0x4000L;
    long lsb = (random.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48);
    return new UUID(msb, lsb);
  }
}
