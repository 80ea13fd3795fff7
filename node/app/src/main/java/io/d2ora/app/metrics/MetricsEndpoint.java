package io.d2ora.app.metrics;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * {@code GET /metrics} on the loopback interface with the JDK's HTTP server, for {@code node run
 * --metrics-port}; the dashboard's server mounts {@link NodeMetrics} the same way.
 */
public final class MetricsEndpoint implements AutoCloseable {
  private final HttpServer server;

  private MetricsEndpoint(HttpServer server) {
    this.server = server;
  }

  /** Serves {@code metrics} on 127.0.0.1:{@code port} (0: any free port). */
  public static MetricsEndpoint start(NodeMetrics metrics, int port) throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    server.createContext(
        "/metrics",
        exchange -> {
          try (exchange) {
            if (!exchange.getRequestMethod().equals("GET")) {
              exchange.sendResponseHeaders(405, -1);
              return;
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            metrics.writeTo(body);
            exchange.getResponseHeaders().set("Content-Type", metrics.contentType());
            exchange.sendResponseHeaders(200, body.size());
            body.writeTo(exchange.getResponseBody());
          }
        });
    server.start();
    return new MetricsEndpoint(server);
  }

  /** The port it listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
