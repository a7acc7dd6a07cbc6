package io.github.reactivespark.connect.internal.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** The watchdog of a real grpc-java channel to a port that refuses connections until a server starts on it. */
class ChannelWatchdogTest {

  @Test
  void probesGrowWithTheOutageBetweenTheirBounds() {
    assertEquals(ChannelWatchdog.FIRST_PROBE, ChannelWatchdog.probeInterval(Duration.ZERO));
    assertEquals(ChannelWatchdog.FIRST_PROBE, ChannelWatchdog.probeInterval(Duration.ofMillis(200)));
    assertEquals(Duration.ofMillis(250), ChannelWatchdog.probeInterval(Duration.ofSeconds(1)));
    assertEquals(ChannelWatchdog.MAX_PROBE, ChannelWatchdog.probeInterval(Duration.ofMinutes(5)));
  }

  @Test
  void aWaiterLearnsOfTheNewConnectionOnceTheServerIsUp() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    Server server = null;
    try {
      ChannelWatchdog watchdog = new ChannelWatchdog(channel, "127.0.0.1:" + port);
      assertEquals("127.0.0.1:" + port, watchdog.target());
      long before = watchdog.epoch();
      channel.getState(true); // a connection attempt: refused, so the channel goes to TRANSIENT_FAILURE
      for (int i = 0; i < 100 && channel.getState(false) != ConnectivityState.TRANSIENT_FAILURE; i++) {
        Thread.sleep(20);
      }
      assertEquals(ConnectivityState.TRANSIENT_FAILURE, channel.getState(false));
      var reconnected = watchdog.reconnected(before).toFuture();
      Thread.sleep(200);
      assertTrue(!reconnected.isDone(), "nothing listens yet");
      server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port)).build().start();
      // grpc-java alone would wait out its reconnect backoff; the watchdog's probes connect on their own schedule
      reconnected.get(30, TimeUnit.SECONDS);
      assertEquals(ConnectivityState.READY, channel.getState(false));
      assertEquals(before + 1, watchdog.epoch(), "one outage ended");
      // a waiter for an epoch that has passed is answered at once
      Mono.from(watchdog.reconnected(before)).block(Duration.ofSeconds(1));
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      if (server != null) {
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void aFirstConnectionIsNotAnOutageEnding() throws IOException, InterruptedException {
    Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).build().start();
    ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
    try {
      ChannelWatchdog watchdog = new ChannelWatchdog(channel, "t");
      channel.getState(true);
      for (int i = 0; i < 250 && channel.getState(false) != ConnectivityState.READY; i++) {
        Thread.sleep(20);
      }
      assertEquals(ConnectivityState.READY, channel.getState(false));
      assertEquals(0, watchdog.epoch(), "READY without a failed attempt before it does not wake retries");
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }
}
