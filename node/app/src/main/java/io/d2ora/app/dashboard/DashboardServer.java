package io.d2ora.app.dashboard;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard's HTTP edge on Jetty 12 core: GET only, one {@link Route} for the pages plus routes
 * mounted at exact paths ({@code server.mount("/metrics", metricsRoute)}). Replies are rendered
 * into memory, then sent with their length. A route's {@link DashboardException} becomes an error
 * page with its status; any other failure a 500 page that names no internals (logged here). Binds
 * 127.0.0.1 unless told otherwise: the pages show what a node knows about its peers.
 */
public final class DashboardServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DashboardServer.class);

  /** Browsers run no script and load nothing from elsewhere, even if an escape were missed. */
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'none'";

  private final Server server;
  private final ServerConnector connector;
  private final Map<String, Route> mounted = new ConcurrentHashMap<>();
  private final Route pages;

  private DashboardServer(String host, int port, Route pages) {
    this.pages = pages;
    QueuedThreadPool threads = new QueuedThreadPool(16, 2);
    threads.setName("dashboard");
    this.server = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    this.connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost(host);
    connector.setPort(port);
    server.addConnector(connector);
    ErrorHandler errors = new ErrorHandler();
    errors.setShowStacks(false);
    errors.setShowMessageInTitle(false);
    server.setErrorHandler(errors);
    server.setHandler(new Dispatch());
  }

  /** Starts serving {@code pages} on {@code host:port} (port 0: any free port). */
  public static DashboardServer start(String host, int port, Route pages) {
    DashboardServer s = new DashboardServer(host, port, pages);
    try {
      s.server.start();
    } catch (Exception e) {
      s.close();
      throw new IllegalStateException(
          "cannot serve the dashboard on " + host + ":" + port + ": " + e.getMessage(), e);
    }
    return s;
  }

  /** Serves {@code route} at exactly {@code path} (e.g. {@code /metrics}), before the pages. */
  public DashboardServer mount(String path, Route route) {
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("a mount path starts with '/', got '" + path + "'");
    }
    mounted.put(path, route);
    return this;
  }

  /** Where the dashboard answers, e.g. {@code http://127.0.0.1:8080/}. */
  public URI uri() {
    String host = connector.getHost() == null ? "127.0.0.1" : connector.getHost();
    return URI.create("http://" + host + ":" + connector.getLocalPort() + "/");
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      LOG.warn("stopping the dashboard failed: {}", e.toString());
    }
  }

  /** Runs {@code route} for {@code path}, turning failures into error pages. */
  static HttpReply answer(Route route, String path) {
    try {
      return route.handle(path);
    } catch (DashboardException e) {
      return ErrorPage.reply(e.status(), e.getMessage());
    } catch (RuntimeException e) {
      LOG.warn("dashboard page {} failed", path, e);
      return ErrorPage.reply(500, "The page failed; the dashboard's log says why.");
    }
  }

  private final class Dispatch extends Handler.Abstract {
    @Override
    public boolean handle(Request request, Response response, Callback callback)
        throws IOException {
      String method = request.getMethod();
      HttpReply reply;
      if (!method.equals("GET") && !method.equals("HEAD")) {
        reply = ErrorPage.reply(405, "Only GET is served here.");
      } else {
        String raw = request.getHttpURI().getPath();
        Route route = mounted.get(raw);
        reply = route != null ? answer(route, raw) : answer(pages, Paths.checked(raw));
      }
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      try {
        reply.body().writeTo(body);
      } catch (IOException | RuntimeException e) {
        LOG.warn("rendering {} failed", request.getHttpURI().getPath(), e);
        reply = ErrorPage.reply(500, "The page failed; the dashboard's log says why.");
        body.reset();
        reply.body().writeTo(body);
      }
      response.setStatus(reply.status());
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, reply.contentType());
      response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.size());
      response.getHeaders().put("Content-Security-Policy", CONTENT_SECURITY_POLICY);
      response.getHeaders().put("X-Content-Type-Options", "nosniff");
      response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
      // For HEAD, Jetty sends the headers only (with this length) and drops the body.
      response.write(true, ByteBuffer.wrap(body.toByteArray()), callback);
      return true;
    }
  }
}
