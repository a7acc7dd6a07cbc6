package io.github.reactivespark.connect.localserver;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Main class of every JVM the launcher starts: watches the parent JVM, then runs Spark's
 * {@code SparkConnectServer} (or a standalone Master or Worker).
 *
 * <p>The launching JVM keeps the write end of this process's standard input open and never writes to it. When
 * the launcher dies in any way, including {@code SIGKILL} where no shutdown hook runs, the operating system
 * closes that pipe, a daemon thread here reads end-of-file and the server exits. So a server never outlives
 * the JVM that started it.
 *
 * <p>In that case it also deletes the server's temporary work directory, which the dead launcher no longer can.
 *
 * <p>It also turns a failing {@code SparkConnectServer.main} into a prompt process exit (non-daemon Spark
 * threads would otherwise keep a half-started JVM alive), which lets the launcher fail fast.
 *
 * <p>Internal to the launcher; public only because the JVM needs a public main class.
 */
public final class ParentWatchdogMain {

  /** Spark's server entry point, loaded reflectively: this module is compiled without Spark. */
  static final String SPARK_CONNECT_SERVER = "org.apache.spark.sql.connect.service.SparkConnectServer";

  /** System property naming the Spark main class to run (default {@link #SPARK_CONNECT_SERVER}). */
  static final String MAIN_CLASS_PROPERTY = "reactivespark.localserver.main";

  /** System property naming the server's temporary work directory (set by the launcher). */
  static final String WORK_DIR_PROPERTY = "reactivespark.localserver.workDir";

  /** How long the JVM's shutdown (Spark's own hooks) may take after the parent died, before a hard halt. */
  private static final long HALT_AFTER_MILLIS = 15_000;

  private ParentWatchdogMain() {}

  /**
   * Starts the parent watchdog, then runs {@code SparkConnectServer.main(args)} (or the main class named by the
   * system property {@value #MAIN_CLASS_PROPERTY}: a standalone {@code Master} or {@code Worker}) on this thread.
   *
   * @param args passed unchanged to the Spark main class
   * @throws Exception never in practice: failures end the process with exit code 1
   */
  public static void main(String[] args) throws Exception {
    Thread watchdog = new Thread(() -> exitWhenParentDies(System.in), "parent-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
    String mainClass = System.getProperty(MAIN_CLASS_PROPERTY, SPARK_CONNECT_SERVER);
    try {
      Class.forName(mainClass)
          .getMethod("main", String[].class)
          .invoke(null, (Object) args);
    } catch (InvocationTargetException e) {
      System.err.println("[parent-watchdog] " + mainClass + ".main failed:");
      e.getCause().printStackTrace();
      exit(1);
    } catch (ReflectiveOperationException | LinkageError e) {
      System.err.println("[parent-watchdog] cannot run " + mainClass + " (is Spark on the classpath?):");
      e.printStackTrace();
      exit(1);
    }
    // SparkConnectServer.main returns after the gRPC server terminated (Master/Worker after their RPC environment
    // did): do not linger on Spark's threads.
    exit(0);
  }

  /** Blocks on the parent's pipe; end-of-file (or a broken pipe) means the parent is gone. */
  private static void exitWhenParentDies(InputStream parentPipe) {
    byte[] buffer = new byte[256];
    try {
      while (parentPipe.read(buffer) >= 0) {
        // The parent never writes; ignore anything that arrives anyway.
      }
    } catch (IOException e) {
      // treated as end-of-file
    }
    System.err.println("[parent-watchdog] the launching JVM is gone (stdin closed): stopping the server");
    String workDir = System.getProperty(WORK_DIR_PROPERTY);
    if (workDir != null) {
      // The launcher cannot delete the work directory any more: do it here while Spark's hooks run.
      Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteWorkDir(Paths.get(workDir)), "work-dir-cleaner"));
    }
    exit(0);
  }

  private static void deleteWorkDir(Path workDir) {
    for (int attempt = 0; attempt < 20 && Files.exists(workDir); attempt++) {
      ServerProcess.deleteRecursively(workDir);
      if (Files.exists(workDir)) {
        try {
          Thread.sleep(250); // files still being written by Spark's own shutdown hook
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  /** {@link System#exit} runs Spark's shutdown hooks; a daemon timer halts the JVM if they hang. */
  private static void exit(int status) {
    Thread halter = new Thread(() -> {
      try {
        Thread.sleep(HALT_AFTER_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      Runtime.getRuntime().halt(status == 0 ? 2 : status);
    }, "parent-watchdog-halt");
    halter.setDaemon(true);
    halter.start();
    System.exit(status);
  }
}
