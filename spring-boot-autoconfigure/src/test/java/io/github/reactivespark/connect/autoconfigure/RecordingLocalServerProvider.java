package io.github.reactivespark.connect.autoconfigure;

import io.github.reactivespark.connect.spi.LocalServerProvider;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for the {@code local-server} module's provider (found by the same {@code ServiceLoader} lookup): it
 * records the confs {@code remote=local} hands it and answers with a dead address, so these tests check what the
 * auto-configuration asks of the embedded server without starting one ({@code SparkConnectAutoConfigurationIT}
 * runs against a real server).
 */
public final class RecordingLocalServerProvider implements LocalServerProvider {

  static final List<Map<String, String>> STARTS = new CopyOnWriteArrayList<>();
  static final AtomicInteger CLOSED = new AtomicInteger();
  static volatile String remote = "sc://127.0.0.1:1";

  @Override
  public LocalServer start(Map<String, String> serverConfs) {
    STARTS.add(Map.copyOf(serverConfs));
    return new LocalServer() {
      @Override
      public String remote() {
        return remote;
      }

      @Override
      public void close() {
        CLOSED.incrementAndGet();
      }
    };
  }
}
