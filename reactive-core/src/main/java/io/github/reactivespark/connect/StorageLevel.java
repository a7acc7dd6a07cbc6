package io.github.reactivespark.connect;

/**
 * Where and how a persisted {@link DataFrame} is cached on the server: Spark's {@code StorageLevel}
 * ({@code core/.../storage/StorageLevel.scala}; proto {@code spark.connect.StorageLevel}). Pass one to
 * {@link DataFrame#persist(StorageLevel)} or read it back with {@link DataFrame#storageLevel()}.
 *
 * @param useDisk whether blocks may be stored on disk
 * @param useMemory whether blocks may be stored in memory
 * @param useOffHeap whether memory blocks live off the JVM heap
 * @param deserialized whether memory blocks are kept as deserialized objects
 * @param replication how many executors hold a copy of each block (1 or more)
 * @since 0.2.0
 */
public record StorageLevel(boolean useDisk, boolean useMemory, boolean useOffHeap, boolean deserialized,
    int replication) {

  /** Not persisted. */
  public static final StorageLevel NONE = new StorageLevel(false, false, false, false, 1);
  /** Disk only. */
  public static final StorageLevel DISK_ONLY = new StorageLevel(true, false, false, false, 1);
  /** Disk only, 2 replicas. */
  public static final StorageLevel DISK_ONLY_2 = new StorageLevel(true, false, false, false, 2);
  /** Disk only, 3 replicas. */
  public static final StorageLevel DISK_ONLY_3 = new StorageLevel(true, false, false, false, 3);
  /** Memory only, deserialized (Scala's {@code MEMORY_ONLY}). */
  public static final StorageLevel MEMORY_ONLY = new StorageLevel(false, true, false, true, 1);
  /** Memory only, deserialized, 2 replicas. */
  public static final StorageLevel MEMORY_ONLY_2 = new StorageLevel(false, true, false, true, 2);
  /** Memory only, serialized. */
  public static final StorageLevel MEMORY_ONLY_SER = new StorageLevel(false, true, false, false, 1);
  /** Memory only, serialized, 2 replicas. */
  public static final StorageLevel MEMORY_ONLY_SER_2 = new StorageLevel(false, true, false, false, 2);
  /** Memory, spilling to disk, deserialized: the level of {@link DataFrame#cache()}. */
  public static final StorageLevel MEMORY_AND_DISK = new StorageLevel(true, true, false, true, 1);
  /** {@link #MEMORY_AND_DISK} with 2 replicas. */
  public static final StorageLevel MEMORY_AND_DISK_2 = new StorageLevel(true, true, false, true, 2);
  /** Memory, spilling to disk, serialized. */
  public static final StorageLevel MEMORY_AND_DISK_SER = new StorageLevel(true, true, false, false, 1);
  /** Memory, spilling to disk, serialized, 2 replicas. */
  public static final StorageLevel MEMORY_AND_DISK_SER_2 = new StorageLevel(true, true, false, false, 2);
  /** PySpark's name for {@link #MEMORY_AND_DISK} (deserialized), the level of PySpark's {@code cache()}. */
  public static final StorageLevel MEMORY_AND_DISK_DESER = MEMORY_AND_DISK;
  /** Off-heap memory, spilling to disk. */
  public static final StorageLevel OFF_HEAP = new StorageLevel(true, true, true, false, 1);

  /**
   * Checks the replication.
   *
   * @throws IllegalArgumentException if {@code replication} is less than 1
   */
  public StorageLevel {
    if (replication < 1) {
      throw new IllegalArgumentException("replication must be >= 1, was " + replication);
    }
  }

  /** Spark's description, for example {@code "Disk Memory Deserialized 1x Replicated"}. */
  public String description() {
    StringBuilder s = new StringBuilder();
    s.append(useDisk ? "Disk " : "");
    if (useMemory) {
      s.append(useOffHeap ? "Memory (off heap) " : "Memory ");
    }
    s.append(deserialized ? "Deserialized " : "Serialized ");
    s.append(replication).append("x Replicated");
    return s.toString();
  }

  io.github.reactivespark.connect.internal.proto.StorageLevel toProto() {
    return io.github.reactivespark.connect.internal.proto.StorageLevel.newBuilder().setUseDisk(useDisk)
        .setUseMemory(useMemory).setUseOffHeap(useOffHeap).setDeserialized(deserialized).setReplication(replication)
        .build();
  }

  static StorageLevel fromProto(io.github.reactivespark.connect.internal.proto.StorageLevel p) {
    return new StorageLevel(p.getUseDisk(), p.getUseMemory(), p.getUseOffHeap(), p.getDeserialized(),
        Math.max(1, p.getReplication()));
  }
}
