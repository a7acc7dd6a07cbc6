package io.github.reactivespark.connect.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Measures the heap of the current JVM over one measured run, in two ways:
 *
 * <ul>
 *   <li><b>peak used</b>: the largest heap occupancy seen, i.e. the maximum of (a) the sum of the heap pools'
 *       {@link MemoryPoolMXBean#getPeakUsage()} values after {@link MemoryPoolMXBean#resetPeakUsage()} at the start
 *       — an upper bound, since pools may peak at different moments — and (b) {@code heap used} sampled every
 *       {@value #SAMPLE_MILLIS} ms. The report uses (b) (the sampled maximum), printing (a) for reference. This
 *       figure mostly reflects how much garbage the collector lets pile up before collecting, so it depends on
 *       {@code -Xmx} and on the allocation rate;
 *   <li><b>peak live</b>: the largest heap occupancy right <em>after</em> a garbage collection, from the collectors'
 *       {@link GarbageCollectionNotificationInfo} notifications ({@code memoryUsageAfterGc}, summed over heap pools).
 *       This is what the consumer really retains; a flat figure when the row count grows fivefold is the
 *       "bounded memory" claim.
 * </ul>
 */
public final class HeapMonitor implements AutoCloseable {

  /** Sampling period of the heap-used sampler, in milliseconds. */
  public static final int SAMPLE_MILLIS = 5;

  private final List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
      .filter(p -> p.getType() == MemoryType.HEAP).toList();
  private final AtomicLong peakSampled = new AtomicLong();
  private final AtomicLong peakAfterGc = new AtomicLong();
  private final AtomicLong gcCount = new AtomicLong();
  private final NotificationListener listener = (n, handback) -> {
    if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
      return;
    }
    GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
    long after = 0;
    for (MemoryPoolMXBean p : heapPools) {
      MemoryUsage u = info.getGcInfo().getMemoryUsageAfterGc().get(p.getName());
      if (u != null) {
        after += u.getUsed();
      }
    }
    gcCount.incrementAndGet();
    peakAfterGc.accumulateAndGet(after, Math::max);
  };
  private final Thread sampler;
  private volatile boolean running = true;

  /** Resets the pools' peaks, subscribes to GC notifications and starts the sampler thread. */
  public HeapMonitor() {
    heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      ((NotificationEmitter) gc).addNotificationListener(listener, null, null);
    }
    sampler = new Thread(() -> {
      while (running) {
        peakSampled.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
        try {
          Thread.sleep(SAMPLE_MILLIS);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "heap-sampler");
    sampler.setDaemon(true);
    sampler.start();
  }

  /** Largest sampled heap occupancy since construction, in bytes. */
  public long peakUsedSampled() {
    return peakSampled.get();
  }

  /** Sum of the heap pools' peak usages since construction, in bytes (an upper bound of the true peak). */
  public long peakUsedPoolSum() {
    return heapPools.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
  }

  /** Largest heap occupancy right after a GC since construction, in bytes (0 if no GC ran). */
  public long peakLiveAfterGc() {
    return peakAfterGc.get();
  }

  /** Number of garbage collections since construction. */
  public long gcCount() {
    return gcCount.get();
  }

  /** Stops the sampler and unsubscribes from GC notifications. */
  @Override
  public void close() {
    running = false;
    sampler.interrupt();
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      try {
        ((NotificationEmitter) gc).removeNotificationListener(listener);
      } catch (javax.management.ListenerNotFoundException ignored) {
        // never added
      }
    }
  }
}
