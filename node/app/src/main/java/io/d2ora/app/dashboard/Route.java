package io.d2ora.app.dashboard;

/**
 * Answers a GET for a path (decoded, starting with {@code /}). Called on a server thread; may block
 * (chain reads). A {@link DashboardException} becomes an error page with its status.
 */
@FunctionalInterface
public interface Route {
  HttpReply handle(String path);
}
