package io.github.reactivespark.connect.localserver;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The servers this JVM started, shared by options (confs, packages, cluster) and reference counted.
 *
 * <p><b>This is the one piece of process-wide state in the library, on purpose.</b> A server is an operating
 * system process: a resource owned by the JVM that launched it, not by any object in it. Every caller in this
 * JVM asking for the same confs gets the same server (starting one costs seconds and gigabytes); the last
 * {@link LocalSparkConnectServer#close()} stops it; and a single JVM shutdown hook stops whatever is still
 * running, so no caller can leak a process by forgetting to close. (If the JVM is killed without running its
 * hooks, {@link ParentWatchdogMain} in the server ends it.)
 */
final class ServerRegistry {

  /** Servers in use, by their exact options. Guarded by {@code ServerRegistry.class}. */
  private static final Map<LocalServerOptions, Entry> IN_USE = new HashMap<>();

  /** Every launched process not yet stopped, whatever its state: what the shutdown hook stops. */
  private static final Set<ServerProcess> LAUNCHED = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(ServerRegistry::stopAll, "local-spark-connect-server-stopper"));
  }

  private ServerRegistry() {}

  /** Takes one use of the server for {@code key}, starting it if needed (blocking). */
  static Lease acquire(LocalServerOptions key) {
    Entry entry;
    synchronized (ServerRegistry.class) {
      entry = IN_USE.computeIfAbsent(key, Entry::new);
      entry.users++;
    }
    try {
      return new Lease(entry, entry.runningDeployment());
    } catch (RuntimeException | Error e) {
      release(entry);
      throw e;
    }
  }

  /** Gives back one use; the last one stops the process. */
  static void release(Entry entry) {
    ServerDeployment toStop = null;
    synchronized (ServerRegistry.class) {
      entry.users--;
      if (entry.users == 0) {
        IN_USE.remove(entry.key, entry);
        toStop = entry.deployment;
      }
    }
    if (toStop != null) {
      stop(toStop);
    }
  }

  private static void stop(ServerDeployment deployment) {
    try {
      deployment.stop();
    } finally {
      deployment.all().forEach(LAUNCHED::remove);
    }
  }

  /** Shutdown hook: signal every server first so they stop in parallel, then wait for each. */
  static void stopAll() {
    List<ServerProcess> all = new ArrayList<>(LAUNCHED);
    all.forEach(ServerProcess::requestStop);
    all.forEach(process -> {
      process.stop();
      LAUNCHED.remove(process);
    });
  }

  /** One options' server; its own lock serialises starts so that different options start in parallel. */
  static final class Entry {
    final LocalServerOptions key;
    /** Guarded by {@code ServerRegistry.class}. */
    int users;
    /** Written under this entry's lock, read under either lock. */
    volatile @Nullable ServerDeployment deployment;

    Entry(LocalServerOptions key) {
      this.key = key;
    }

    /** The running server for this entry, started (again, if a process of it died) when needed. */
    synchronized ServerDeployment runningDeployment() {
      ServerDeployment current = deployment;
      if (current != null && current.isAlive()) {
        return current;
      }
      if (current != null) {
        stop(current); // died on its own: clean up, then replace
        deployment = null;
      }
      LaunchSettings settings = LaunchSettings.fromSystemProperties();
      try {
        ServerDeployment started = ServerDeployment.start(key, settings, LAUNCHED::add);
        deployment = started;
        return started;
      } finally {
        LAUNCHED.removeIf(p -> !p.isAlive()); // what a failed start launched, it has stopped again
      }
    }
  }

  /** One caller's use of a server. */
  record Lease(Entry entry, ServerDeployment deployment) {}
}
