package io.github.reactivespark.connect.samples;

import io.github.reactivespark.connect.SparkSession;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Keeps the samples' default embedded server running for the whole test run: the ITs whose samples call
 * {@code SparkSession.builder().create()} with no conf of their own (quickstart, streaming, pipelines) then join
 * one server ("starts, or joins the one already running with equal options") instead of each starting and
 * stopping its own (an embedded server start is 10 to 20 s of CPU on 2 cores). The samples still go through the
 * same {@code create()} path, and close their sessions as before.
 *
 * <p>Holds a session of its own, from the same {@code create()} call, in JUnit's root store, which closes
 * {@link AutoCloseable} values (JUnit 5.13+) when the test run ends: with it goes the last handle on the server,
 * which stops it. With {@code SPARK_REMOTE} or {@code -Dspark.remote} set, {@code create()} starts nothing and does
 * no I/O; the samples use that server.
 */
public final class SharedEmbeddedServer implements BeforeAllCallback {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(SharedEmbeddedServer.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent("server", key -> new Handle(), Handle.class);
  }

  /** The session that keeps the server alive; closing it releases its handle on the server. */
  private static final class Handle implements AutoCloseable {
    private final SparkSession session = SparkSession.builder().create();

    @Override
    public void close() {
      session.close();
    }
  }
}
