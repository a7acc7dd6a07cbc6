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
import java.util.List;
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
      StringBuilder output = new StringBuilder();
      String[] workDir = {""};
      CompletableFuture<Long> pid = CompletableFuture.supplyAsync(() -> {
        try (BufferedReader reader =
                 new BufferedReader(new InputStreamReader(launcher.getInputStream(), StandardCharsets.UTF_8))) {
          String line;
          while ((line = reader.readLine()) != null) {
            output.append(line).append('\n');
            if (line.startsWith(WatchdogTestMain.WORK_DIR_PREFIX)) {
              workDir[0] = line.substring(WatchdogTestMain.WORK_DIR_PREFIX.length()).trim();
            }
            if (line.startsWith(WatchdogTestMain.PID_PREFIX)) {
              return Long.parseLong(line.substring(WatchdogTestMain.PID_PREFIX.length()).trim());
            }
          }
          throw new IllegalStateException("launcher ended without a server pid:\n" + output);
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
      serverPid = pid.get(150, TimeUnit.SECONDS);
      assertNotNull(serverPid);
      assertTrue(ProcessHandle.of(serverPid).map(ProcessHandle::isAlive).orElse(false), "server running");

      launcher.destroyForcibly(); // SIGKILL: no shutdown hook runs in the launcher
      assertTrue(launcher.waitFor(10, TimeUnit.SECONDS), "launcher killed");

      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (ProcessHandle.of(serverPid).map(ProcessHandle::isAlive).orElse(false)) {
        assertTrue(System.nanoTime() < deadline, "server " + serverPid + " outlived its launcher by 20 s");
        Thread.sleep(100);
      }
      assertTrue(!workDir[0].isEmpty(), "work dir reported:\n" + output);
      assertFalse(Files.exists(Paths.get(workDir[0])), "the watchdog deleted the work dir " + workDir[0]);
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
      StringBuilder output = new StringBuilder();
      CompletableFuture<List<Long>> reported = CompletableFuture.supplyAsync(() -> {
        try (BufferedReader reader =
                 new BufferedReader(new InputStreamReader(launcher.getInputStream(), StandardCharsets.UTF_8))) {
          String line;
          while ((line = reader.readLine()) != null) {
            output.append(line).append('\n');
            if (line.startsWith(WatchdogTestMain.CLUSTER_PIDS_PREFIX)) {
              return java.util.Arrays.stream(line.substring(WatchdogTestMain.CLUSTER_PIDS_PREFIX.length()).split(","))
                  .filter(p -> !p.isBlank()).map(Long::parseLong).toList();
            }
          }
          throw new IllegalStateException("launcher ended without cluster pids:\n" + output);
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
      pids = reported.get(240, TimeUnit.SECONDS);
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
