package io.github.reactivespark.connect.localserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.reactivespark.connect.spi.LocalServerProvider;
import io.github.reactivespark.connect.spi.PackageResolutionException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalSparkConnectServerTest {

  private static final Map<String, String> CONFS_A = Map.of("spark.sql.shuffle.partitions", "2");
  private static final Map<String, String> CONFS_B = Map.of("spark.sql.shuffle.partitions", "3");

  /** Two server starts in all: A (shared by two handles) and B (through the SPI). */
  @Test
  void sharesServersByConfsAndStopsWithTheLastHandle() throws Exception {
    LocalSparkConnectServer first = LocalSparkConnectServer.start(CONFS_A);
    LocalSparkConnectServer second = null;
    LocalServerProvider.LocalServer other = null;
    try {
      assertTrue(Files.isRegularFile(first.logFile()), "log file " + first.logFile());
      // the server counts as ready once its port accepts connections; its ready line may be logged a moment later
      long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
      while (!Files.readString(first.logFile()).contains(ServerProcess.READY_LINE) && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertTrue(Files.readString(first.logFile()).contains(ServerProcess.READY_LINE), "ready line in the log");
      assertTrue(acceptsTcp(first.port()), "port " + first.port() + " accepts TCP");
      String token = first.token().orElseThrow();
      assertEquals("sc://127.0.0.1:" + first.port() + "/;token=" + token, first.remote());
      assertTrue(token.length() >= 40, "a 256-bit random token: " + token.length() + " characters");
      assertFalse(first.toString().contains(token), first::toString);
      assertFalse(Files.readString(first.logFile()).contains(token), "the token is not in the server's log");
      assertTrue(first.isRunning());

      second = LocalSparkConnectServer.start(Map.of("spark.sql.shuffle.partitions", "2"));
      assertEquals(first.port(), second.port(), "same confs share the server");
      assertEquals(first.pid(), second.pid());

      LocalServerProvider provider = ServiceLoader.load(LocalServerProvider.class).findFirst().orElseThrow();
      assertInstanceOf(LocalServerProviderImpl.class, provider);
      other = provider.start(CONFS_B);
      LocalSparkConnectServer otherServer = assertInstanceOf(LocalSparkConnectServer.class, other);
      assertNotEquals(first.port(), otherServer.port(), "different confs, different server");
      assertNotEquals(first.pid(), otherServer.pid());
      assertEquals("sc://127.0.0.1:" + otherServer.port() + "/;token=" + otherServer.token().orElseThrow(),
          other.remote());
      assertNotEquals(token, otherServer.token().orElseThrow(), "a fresh token per start");

      long pid = first.pid();
      first.close();
      first.close(); // idempotent: must not release the second handle's use
      assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "still used by the second handle");
      assertTrue(second.isRunning());

      second.close();
      assertGone(pid);

      long otherPid = otherServer.pid();
      other.close();
      assertGone(otherPid);
    } finally {
      first.close();
      if (second != null) {
        second.close();
      }
      if (other != null) {
        other.close();
      }
    }
  }

  @Test
  void failsFastNamingTheLogFileWhenTheServerExitsEarly() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> LocalSparkConnectServer.start(Map.of("spark.master", "no-such-master://x")));
    assertTrue(e.getMessage().contains("exited with code"), e.getMessage());
    assertTrue(e.getMessage().contains("log file: "), e.getMessage());
    assertTrue(e.getMessage().contains("no-such-master"), "quotes the log's last lines: " + e.getMessage());
  }

  /** A package that does not exist fails before any JVM starts, naming the coordinate. */
  @Test
  void anUnresolvablePackageFailsBeforeAnyProcessStarts(@TempDir Path logDir) throws Exception {
    String missing = "io.github.reactivespark.nosuch:no-such-package:0.0.1";
    String old = System.getProperty(LaunchSettings.PREFIX + "logDir");
    System.setProperty(LaunchSettings.PREFIX + "logDir", logDir.toString());
    try {
      long t0 = System.nanoTime();
      PackageResolutionException e = assertThrows(PackageResolutionException.class, () -> LocalSparkConnectServer.start(
          LocalServerOptions.builder().packages(missing).build()));
      assertEquals(List.of(missing), e.coordinates());
      assertTrue(e.getMessage().startsWith("Cannot resolve " + missing), e.getMessage());
      assertTrue(e.getMessage().contains("No server was started"), e.getMessage());
      try (Stream<Path> files = Files.list(logDir)) {
        assertEquals(List.of(), files.toList(), "no process was launched (no log file)");
      }
      System.out.printf("unresolvable package reported in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    } finally {
      if (old == null) {
        System.clearProperty(LaunchSettings.PREFIX + "logDir");
      } else {
        System.setProperty(LaunchSettings.PREFIX + "logDir", old);
      }
    }
  }

  @Test
  void rejectsConfsTheLauncherOwnsOrThatAreNotSparkConfs() {
    assertThrows(IllegalArgumentException.class,
        () -> LocalSparkConnectServer.start(Map.of("spark.connect.grpc.binding.port", "15002")));
    assertThrows(IllegalArgumentException.class, () -> LocalSparkConnectServer.start(Map.of("foo", "bar")));
  }

  static boolean acceptsTcp(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** close() waits for the process, so it should be gone at once; allow a little slack for the OS. */
  static void assertGone(long pid) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
      if (System.nanoTime() > deadline) {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        throw new AssertionError("server process " + pid + " still alive");
      }
      Thread.sleep(100);
    }
  }
}
