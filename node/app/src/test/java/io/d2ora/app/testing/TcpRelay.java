package io.d2ora.app.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * A TCP relay on a loopback port in front of a real server (a Hardhat node's JSON-RPC port), which
 * a test can cut, as a network outage would: {@link #cut()} drops every open connection and refuses
 * new ones until {@link #restore()}. Clients see resets and refused requests, nothing else.
 */
public final class TcpRelay implements AutoCloseable {
  private final ServerSocket server;
  private final String targetHost;
  private final int targetPort;
  private final List<Socket> open = new ArrayList<>();
  private volatile boolean up = true;
  private final Thread acceptor;

  /** Relays to {@code target}'s host and port (an {@code http://host:port} URL). */
  public TcpRelay(URI target) throws IOException {
    this.targetHost = target.getHost();
    this.targetPort = target.getPort();
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.acceptor = Thread.ofPlatform().daemon().name("tcp-relay").start(this::accept);
  }

  /** The relay's URL, to give a client instead of the target's. */
  public URI uri() {
    return URI.create("http://127.0.0.1:" + server.getLocalPort());
  }

  /** Drops every connection and refuses new ones. */
  public synchronized void cut() {
    up = false;
    open.forEach(TcpRelay::closeQuietly);
    open.clear();
  }

  /** Relays again. */
  public void restore() {
    up = true;
  }

  private void accept() {
    while (!server.isClosed()) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        return;
      }
      if (!up) {
        closeQuietly(client);
        continue;
      }
      try {
        Socket upstream = new Socket(targetHost, targetPort);
        synchronized (this) {
          open.add(client);
          open.add(upstream);
        }
        pump(client, upstream);
        pump(upstream, client);
      } catch (IOException e) {
        closeQuietly(client);
      }
    }
  }

  private void pump(Socket from, Socket to) {
    Thread.ofPlatform()
        .daemon()
        .name("tcp-relay-pump")
        .start(
            () -> {
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
              } catch (IOException e) {
                // The other side closed, or the relay was cut: end both directions.
              } finally {
                closeQuietly(from);
                closeQuietly(to);
                forget(from, to);
              }
            });
  }

  private synchronized void forget(Socket a, Socket b) {
    open.remove(a);
    open.remove(b);
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // Closing a dead socket: nothing to report.
    }
  }

  @Override
  public void close() throws IOException {
    cut();
    server.close();
    acceptor.interrupt();
  }
}
