package io.github.reactivespark.connect.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback TCP proxy between the client and the real server that can cut every open connection at once (with a
 * TCP reset), to inject the network failures a healthy server never produces. Test code only; listens on
 * 127.0.0.1 and forwards to one target on this machine.
 *
 * <p>Besides cuts on command ({@link #cutAll()}), it can cut by itself every N bytes the server sent and refuse new
 * connections for a while after each cut ({@link #cutEvery}): a flaky network path. It reads the HTTP/2 frame
 * headers that pass through (cleartext gRPC), so it can tell how many RPCs the client started ({@link #rpcs()}: one
 * client {@code HEADERS} frame each) and, per automatic cut, how long it took until the server's next {@code DATA}
 * frame reached the client again ({@link #recoveries()}).
 */
final class CuttingProxy implements AutoCloseable {

  private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private static final int DATA = 0x0;
  private static final int HEADERS = 0x1;

  private final ServerSocket listener;
  private volatile String targetHost;
  private volatile int targetPort;
  private volatile boolean refusing;
  private volatile long refuseUntilNanos;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final AtomicInteger cuts = new AtomicInteger();
  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicInteger refused = new AtomicInteger();
  private final AtomicInteger rpcs = new AtomicInteger();
  private final AtomicLong serverBytes = new AtomicLong();
  private volatile boolean closed;

  // automatic cuts (cutEvery)
  private volatile long cutEveryBytes;
  private volatile long refuseNanos;
  private volatile int maxAutoCuts;
  private final AtomicLong bytesSinceCut = new AtomicLong();
  private final AtomicInteger autoCuts = new AtomicInteger();
  /** {@link System#nanoTime()} of the last automatic cut whose recovery was not seen yet, or 0. */
  private final AtomicLong pendingCutNanos = new AtomicLong();
  private final List<Long> recoveries = new ArrayList<>();

  CuttingProxy(String targetHost, int targetPort) throws IOException {
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread t = new Thread(this::acceptLoop, "cutting-proxy-accept");
    t.setDaemon(true);
    t.start();
  }

  /** The port clients connect to. */
  int port() {
    return listener.getLocalPort();
  }

  /** How many times a cut (by {@link #cutAll()} or automatic) cut at least one connection. */
  int cuts() {
    return cuts.get();
  }

  /** How many client connections were accepted and forwarded. */
  int connections() {
    return connections.get();
  }

  /** How many client connections were reset at once because the proxy was refusing. */
  int refused() {
    return refused.get();
  }

  /** How many RPCs the client started through this proxy (client {@code HEADERS} frames). */
  int rpcs() {
    return rpcs.get();
  }

  /** Bytes forwarded from the server to the client. */
  long serverBytes() {
    return serverBytes.get();
  }

  /**
   * From now on, cuts every connection each time the server has sent {@code bytes} more bytes, and refuses new
   * connections for {@code refusal} after each such cut, at most {@code maxCuts} times.
   */
  void cutEvery(long bytes, Duration refusal, int maxCuts) {
    this.refuseNanos = refusal.toNanos();
    this.maxAutoCuts = maxCuts;
    this.bytesSinceCut.set(0);
    this.cutEveryBytes = bytes;
  }

  /** How many automatic cuts were made. */
  int autoCuts() {
    return autoCuts.get();
  }

  /**
   * For each automatic cut whose stream came back: the time from the cut to the next {@code DATA} frame the server
   * sent the client, refusal included.
   */
  synchronized List<Duration> recoveries() {
    return recoveries.stream().map(Duration::ofNanos).toList();
  }

  /** Resets every open connection, both sides. */
  void cutAll() {
    boolean any = false;
    for (Socket s : open) {
      any = true;
      reset(s);
    }
    if (any) {
      cuts.incrementAndGet();
    }
  }

  /**
   * While set, every new connection is reset as soon as it is accepted (a server that is down), and
   * {@link #cutAll()} is what ends the open ones.
   */
  void refuse(boolean refuse) {
    this.refusing = refuse;
  }

  /** Forwards new connections to another server from now on (a restarted server, as seen through this port). */
  void retarget(String host, int port) {
    this.targetHost = host;
    this.targetPort = port;
  }

  private void acceptLoop() {
    while (!closed) {
      Socket client = null;
      try {
        client = listener.accept();
        if (refusing || System.nanoTime() - refuseUntilNanos < 0) {
          refused.incrementAndGet();
          reset(client);
          continue;
        }
        Socket server;
        try {
          server = new Socket(targetHost, targetPort);
        } catch (IOException e) {
          reset(client); // the target is down: the client sees the connection fail, as with a dead server
          continue;
        }
        client.setTcpNoDelay(true);
        server.setTcpNoDelay(true);
        open.add(client);
        open.add(server);
        connections.incrementAndGet();
        pump(client, server, new FrameReader(true));
        pump(server, client, new FrameReader(false));
      } catch (IOException e) {
        if (!closed) {
          continue;
        }
        return;
      }
    }
  }

  private void pump(Socket from, Socket to, FrameReader frames) {
    Thread t = new Thread(() -> {
      byte[] buf = new byte[64 * 1024];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        for (int n; (n = in.read(buf)) >= 0; ) {
          out.write(buf, 0, n);
          frames.read(buf, n);
          if (!frames.fromClient) {
            serverBytes.addAndGet(n);
            maybeCut(n);
          }
        }
      } catch (IOException e) {
        // cut or closed: fall through
      } finally {
        reset(from);
        reset(to);
      }
    }, "cutting-proxy-pump");
    t.setDaemon(true);
    t.start();
  }

  private void maybeCut(int n) {
    long every = cutEveryBytes;
    if (every <= 0 || bytesSinceCut.addAndGet(n) < every || autoCuts.get() >= maxAutoCuts) {
      return;
    }
    synchronized (this) {
      if (bytesSinceCut.get() < every || autoCuts.get() >= maxAutoCuts) {
        return; // another pump cut meanwhile
      }
      bytesSinceCut.set(0);
      autoCuts.incrementAndGet();
      long now = System.nanoTime();
      refuseUntilNanos = now + refuseNanos;
      pendingCutNanos.set(now);
      cutAll();
    }
  }

  private void dataFromServer() {
    long cut = pendingCutNanos.get();
    if (cut != 0 && pendingCutNanos.compareAndSet(cut, 0)) {
      synchronized (this) {
        recoveries.add(System.nanoTime() - cut);
      }
    }
  }

  private void reset(Socket s) {
    open.remove(s);
    try {
      s.setSoLinger(true, 0);
      s.close();
    } catch (IOException e) {
      // already gone
    }
  }

  @Override
  public void close() throws IOException {
    closed = true;
    listener.close();
    open.forEach(this::reset);
  }

  /** Follows the HTTP/2 frame boundaries of one direction of one connection (RFC 9113 §4.1: 9-byte headers). */
  private final class FrameReader {
    final boolean fromClient;
    private int prefaceLeft;
    private final byte[] header = new byte[9];
    private int headerFill;
    private long payloadLeft;

    FrameReader(boolean fromClient) {
      this.fromClient = fromClient;
      this.prefaceLeft = fromClient ? PREFACE.length : 0;
    }

    void read(byte[] buf, int n) {
      int i = 0;
      while (i < n) {
        if (prefaceLeft > 0) {
          int k = Math.min(prefaceLeft, n - i);
          prefaceLeft -= k;
          i += k;
        } else if (payloadLeft > 0) {
          int k = (int) Math.min(payloadLeft, n - i);
          payloadLeft -= k;
          i += k;
        } else {
          header[headerFill++] = buf[i++];
          if (headerFill == 9) {
            headerFill = 0;
            payloadLeft = ((header[0] & 0xffL) << 16) | ((header[1] & 0xffL) << 8) | (header[2] & 0xffL);
            frame(header[3] & 0xff);
          }
        }
      }
    }

    private void frame(int type) {
      if (fromClient && type == HEADERS) {
        rpcs.incrementAndGet();
      } else if (!fromClient && type == DATA) {
        dataFromServer();
      }
    }
  }
}
