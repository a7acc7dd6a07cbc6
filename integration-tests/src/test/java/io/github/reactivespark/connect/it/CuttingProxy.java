package io.github.reactivespark.connect.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP proxy between the client and the real server that can cut every open connection at once (with a
 * TCP reset), to inject the network failures a healthy server never produces. Test code only; listens on
 * 127.0.0.1 and forwards to one target on this machine.
 */
final class CuttingProxy implements AutoCloseable {

  private final ServerSocket listener;
  private volatile String targetHost;
  private volatile int targetPort;
  private volatile boolean refusing;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final AtomicInteger cuts = new AtomicInteger();
  private final AtomicInteger connections = new AtomicInteger();
  private volatile boolean closed;

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

  /** How many times {@link #cutAll()} cut at least one connection. */
  int cuts() {
    return cuts.get();
  }

  /** How many client connections were accepted. */
  int connections() {
    return connections.get();
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
        if (refusing) {
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
        pump(client, server);
        pump(server, client);
      } catch (IOException e) {
        if (!closed) {
          continue;
        }
        return;
      }
    }
  }

  private void pump(Socket from, Socket to) {
    Thread t = new Thread(() -> {
      byte[] buf = new byte[64 * 1024];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        for (int n; (n = in.read(buf)) >= 0; ) {
          out.write(buf, 0, n);
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
}
