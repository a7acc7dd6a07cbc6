package io.github.reactivespark.connect.localserver;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The servers this JVM started, shared by conf map and reference counted.
 *
 * <p><b>This is the one piece of process-wide state in the library, on purpose.</b> A server is an operating
 * system process: a resource owned by the JVM that launched it, not by any object in it. Every caller in this
 * JVM asking for the same confs gets the same server (starting one costs seconds and gigabytes); the last
 * {@link LocalSparkConnectServer#close()} stops it; and a single JVM shutdown hook stops whatever is still
 * running, so no caller can leak a process by forgetting to close. (If the JVM is killed without running its
 * hooks, {@link ParentWatchdogMain} in the server ends it.)
 */
final class ServerRegistry {

  /** Servers in use, by their exact conf map. Guarded by {@code ServerRegistry.class}. */
  private static final Map<Map<String, String>, Entry> IN_USE = new HashMap<>();

  /** Every launched process not yet stopped, whatever its state: what the shutdown hook stops. */
  private static final Set<ServerProcess> LAUNCHED = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(ServerRegistry::stopAll, "local-spark-connect-server-stopper"));
  }

  private ServerRegistry() {}

  /** Takes one use of the server for {@code confs}, starting it if needed (blocking). */
  static Lease acquire(Map<String, String> confs) {
    Map<String, String> key = Map.copyOf(confs);
    Entry entry;
    synchronized (ServerRegistry.class) {
      entry = IN_USE.computeIfAbsent(key, Entry::new);
      entry.users++;
    }
    try {
      return new Lease(entry, entry.runningProcess());
    } catch (RuntimeException | Error e) {
      release(entry);
      throw e;
    }
  }

  /** Gives back one use; the last one stops the process. */
  static void release(Entry entry) {
    ServerProcess toStop = null;
    synchronized (ServerRegistry.class) {
      entry.users--;
      if (entry.users == 0) {
        IN_USE.remove(entry.key, entry);
        toStop = entry.process;
      }
    }
    if (toStop != null) {
      stop(toStop);
    }
  }

  private static void stop(ServerProcess process) {
    try {
      process.stop();
    } finally {
      LAUNCHED.remove(process);
    }
  }

  /** Shutdown hook: signal every server first so they stop in parallel, then wait for each. */
  static void stopAll() {
    List<ServerProcess> all = new ArrayList<>(LAUNCHED);
    all.forEach(ServerProcess::requestStop);
    all.forEach(ServerRegistry::stop);
  }

  /** One conf map's server; its own lock serialises starts so that different confs start in parallel. */
  static final class Entry {
    final Map<String, String> key;
    /** Guarded by {@code ServerRegistry.class}. */
    int users;
    /** Written under this entry's lock, read under either lock. */
    volatile @Nullable ServerProcess process;

    Entry(Map<String, String> key) {
      this.key = key;
    }

    /** The running server for this entry, started (again, if it died) when needed. */
    synchronized ServerProcess runningProcess() {
      ServerProcess current = process;
      if (current != null && current.isAlive()) {
        return current;
      }
      if (current != null) {
        stop(current); // died on its own: clean up, then replace
      }
      LaunchSettings settings = LaunchSettings.fromSystemProperties();
      ServerProcess started = ServerProcess.launch(key, settings);
      LAUNCHED.add(started);
      try {
        started.awaitReady(settings.startTimeout());
      } catch (RuntimeException e) {
        stop(started);
        process = null;
        throw e;
      }
      process = started;
      return started;
    }
  }

  /** One caller's use of a server. */
  record Lease(Entry entry, ServerProcess process) {}
}
