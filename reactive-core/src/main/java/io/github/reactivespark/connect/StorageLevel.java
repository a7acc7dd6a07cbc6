package io.github.reactivespark.connect;

/**
 * How cached data is stored on the executors, as Spark's {@code org.apache.spark.storage.StorageLevel}: on disk,
 * in memory, off-heap, deserialized (as Java objects) or serialized, and in how many replicas.
 *
 * @param useDisk whether blocks may be stored on disk
 * @param useMemory whether blocks may be stored in memory
 * @param useOffHeap whether blocks are stored off-heap
 * @param deserialized whether blocks in memory are kept deserialized
 * @param replication the number of replicas, at least 1
 * @since 0.1.0
 */
public record StorageLevel(boolean useDisk, boolean useMemory, boolean useOffHeap, boolean deserialized,
    int replication) {

  /** Not stored at all. */
  public static final StorageLevel NONE = new StorageLevel(false, false, false, false, 1);
  /** On disk only. */
  public static final StorageLevel DISK_ONLY = new StorageLevel(true, false, false, false, 1);
  /** On disk only, two replicas. */
  public static final StorageLevel DISK_ONLY_2 = new StorageLevel(true, false, false, false, 2);
  /** On disk only, three replicas. */
  public static final StorageLevel DISK_ONLY_3 = new StorageLevel(true, false, false, false, 3);
  /** In memory, deserialized; partitions that do not fit are recomputed. */
  public static final StorageLevel MEMORY_ONLY = new StorageLevel(false, true, false, true, 1);
  /** {@link #MEMORY_ONLY} with two replicas. */
  public static final StorageLevel MEMORY_ONLY_2 = new StorageLevel(false, true, false, true, 2);
  /** In memory, serialized. */
  public static final StorageLevel MEMORY_ONLY_SER = new StorageLevel(false, true, false, false, 1);
  /** In memory, spilling to disk (the default of {@code cacheTable}). */
  public static final StorageLevel MEMORY_AND_DISK = new StorageLevel(true, true, false, true, 1);
  /** {@link #MEMORY_AND_DISK} with two replicas. */
  public static final StorageLevel MEMORY_AND_DISK_2 = new StorageLevel(true, true, false, true, 2);
  /** In memory serialized, spilling to disk. */
  public static final StorageLevel MEMORY_AND_DISK_SER = new StorageLevel(true, true, false, false, 1);
  /** In memory deserialized, spilling to disk, as Spark's Dataset {@code cache()} default. */
  public static final StorageLevel MEMORY_AND_DISK_DESER = new StorageLevel(true, true, false, true, 1);
  /** Off-heap memory. */
  public static final StorageLevel OFF_HEAP = new StorageLevel(true, true, true, false, 1);

  /**
   * Checks the replication.
   *
   * @throws IllegalArgumentException if {@code replication} is less than 1
   */
  public StorageLevel {
    if (replication < 1) {
      throw new IllegalArgumentException("replication must be at least 1, was " + replication);
    }
  }
}
