package io.github.reactivespark.connect.localserver;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A launcher JVM killed with SIGKILL runs no shutdown hook: its server must still go away by itself. */
class ParentWatchdogTest {

  @Test
  void serverExitsWhenItsLauncherJvmIsKilled() throws Exception {
    Process launcher = launcher();
    Long serverPid = null;
    try {
      Map<String, String> reported = reportedLines(launcher, WatchdogTestMain.WORK_DIR_PREFIX,
          WatchdogTestMain.PID_PREFIX).get(150, TimeUnit.SECONDS);
      String workDir = reported.getOrDefault(WatchdogTestMain.WORK_DIR_PREFIX, "");
      serverPid = Long.parseLong(reported.get(WatchdogTestMain.PID_PREFIX));
      assertNotNull(serverPid);
      assertTrue(ProcessHandle.of(serverPid).map(ProcessHandle::isAlive).orElse(false), "server running");

      launcher.destroyForcibly(); // SIGKILL: no shutdown hook runs in the launcher
      assertTrue(launcher.waitFor(10, TimeUnit.SECONDS), "launcher killed");

      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (ProcessHandle.of(serverPid).map(ProcessHandle::isAlive).orElse(false)) {
        assertTrue(System.nanoTime() < deadline, "server " + serverPid + " outlived its launcher by 20 s");
        Thread.sleep(100);
      }
      assertTrue(!workDir.isEmpty(), "work dir reported: " + reported);
      assertFalse(Files.exists(Paths.get(workDir)), "the watchdog deleted the work dir " + workDir);
    } finally {
      launcher.destroyForcibly();
      if (serverPid != null) {
        ProcessHandle.of(serverPid).ifPresent(ProcessHandle::destroyForcibly);
      }
    }
  }

  /** The same for a cluster: the server, the Master, the Worker and its executor all go. */
  @Test
  void everyClusterProcessExitsWhenTheLauncherJvmIsKilled() throws Exception {
    Process launcher = launcher("cluster");
    List<Long> pids = List.of();
    try {
      String line = reportedLines(launcher, WatchdogTestMain.CLUSTER_PIDS_PREFIX).get(240, TimeUnit.SECONDS)
          .get(WatchdogTestMain.CLUSTER_PIDS_PREFIX);
      pids = java.util.Arrays.stream(line.split(",")).filter(p -> !p.isBlank()).map(Long::parseLong).toList();
      assertTrue(pids.size() >= 4, "server, master, worker and executor: " + pids);

      launcher.destroyForcibly(); // SIGKILL: no shutdown hook runs in the launcher
      assertTrue(launcher.waitFor(10, TimeUnit.SECONDS), "launcher killed");

      long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
      for (long pid : pids) {
        while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
          assertTrue(System.nanoTime() < deadline, "process " + pid + " outlived its launcher by 40 s: " + pids);
          Thread.sleep(100);
        }
      }
    } finally {
      launcher.destroyForcibly();
      pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }
  }

  /** The values of the launcher's lines starting with {@code prefixes}, once the last one has been printed. */
  private static CompletableFuture<Map<String, String>> reportedLines(Process launcher, String... prefixes) {
    return CompletableFuture.supplyAsync(() -> {
      StringBuilder output = new StringBuilder();
      Map<String, String> values = new HashMap<>();
      try (BufferedReader reader =
               new BufferedReader(new InputStreamReader(launcher.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = reader.readLine()) != null) {
          output.append(line).append('\n');
          for (String prefix : prefixes) {
            if (line.startsWith(prefix)) {
              values.put(prefix, line.substring(prefix.length()).trim());
            }
          }
          if (values.containsKey(prefixes[prefixes.length - 1])) {
            return values;
          }
        }
        throw new IllegalStateException("launcher ended without " + prefixes[prefixes.length - 1] + ":\n" + output);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
  }

  private static Process launcher(String... args) throws java.io.IOException {
    List<String> command = new java.util.ArrayList<>(List.of(
        Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
        System.getProperty("client.jvm.flags", "--add-opens=java.base/java.nio=ALL-UNNAMED"),
        "-D" + LaunchSettings.PREFIX + "heap=" + System.getProperty(LaunchSettings.PREFIX + "heap", "1g"),
        "-cp", System.getProperty("java.class.path"),
        WatchdogTestMain.class.getName()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectErrorStream(true).start();
  }
}
