package io.d2ora.chain.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JSON-RPC proxy on a real socket in front of a real node that loses messages on purpose, to test
 * what a client does when the network fails mid-call. One request per connection ({@code
 * Connection: close}). Per JSON-RPC method it can, for the first {@code n} calls, <em>drop the
 * answer</em> (forward the request, then close the connection without replying: the node acted, the
 * client cannot know), <em>swallow</em> the request (close without forwarding: the node never saw
 * it) or answer with an error after forwarding. It records every request body it received.
 */
public final class FlakyRpcProxy implements AutoCloseable {
  private static final Pattern METHOD = Pattern.compile("\"method\"\\s*:\\s*\"([^\"]+)\"");
  private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*(\\d+)");

  private final URI upstream;
  private final ServerSocket server;
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final Thread acceptor;
  private volatile Fault fault = new Fault("", 0, false, null);

  /** {@code error} set: forward, then answer with that JSON-RPC error instead of the node's. */
  private record Fault(String method, int remaining, boolean forward, String error) {}

  private FlakyRpcProxy(URI upstream) throws IOException {
    this.upstream = upstream;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.acceptor = Thread.ofVirtual().name("flaky-rpc-proxy").start(this::accept);
  }

  public static FlakyRpcProxy start(URI upstream) {
    try {
      return new FlakyRpcProxy(upstream);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public URI url() {
    return URI.create("http://127.0.0.1:" + server.getLocalPort());
  }

  /** Forwards the next {@code count} calls of {@code method} but never answers them. */
  public void dropAnswers(String method, int count) {
    fault = new Fault(method, count, true, null);
  }

  /**
   * Forwards the next {@code count} calls of {@code method} and answers each with a JSON-RPC error
   * carrying {@code message} (as a node does for a transaction it already has).
   */
  public void answerWithError(String method, int count, String message) {
    fault = new Fault(method, count, true, message);
  }

  /** Closes the connection of the next {@code count} calls of {@code method} unforwarded. */
  public void swallow(String method, int count) {
    fault = new Fault(method, count, false, null);
  }

  /** Request bodies received for {@code method}, in order (including faulted ones). */
  public List<String> received(String method) {
    return requests.stream().filter(b -> method.equals(method(b))).toList();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        Thread.ofVirtual().start(() -> serve(socket));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      InputStream in = socket.getInputStream();
      int length = contentLength(readHead(in));
      String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
      requests.add(body);
      Fault f = claimFault(method(body));
      if (f != null && !f.forward()) {
        return;
      }
      String answer = forward(body);
      if (f != null && f.error() == null) {
        return;
      }
      if (f != null) {
        answer =
            "{\"jsonrpc\":\"2.0\",\"id\":%s,\"error\":{\"code\":-32000,\"message\":\"%s\"}}"
                .formatted(id(body), f.error());
      }
      byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n"
                  + "Connection: close\r\n\r\n")
              .formatted(bytes.length)
              .getBytes(StandardCharsets.US_ASCII));
      out.write(bytes);
      out.flush();
    } catch (IOException | InterruptedException e) {
      // The client went away or the node did not answer: the connection just ends.
    }
  }

  private synchronized Fault claimFault(String method) {
    Fault f = fault;
    if (!f.method().equals(method) || f.remaining() <= 0) {
      return null;
    }
    fault = new Fault(f.method(), f.remaining() - 1, f.forward(), f.error());
    return f;
  }

  private String forward(String body) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(upstream)
            .header("Content-Type", "application/json")
            .timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed in the request head");
      }
      head.write(b);
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    return head.toString(StandardCharsets.US_ASCII);
  }

  private static int contentLength(String head) throws IOException {
    for (String line : head.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0
          && line.substring(0, colon).strip().toLowerCase(Locale.ROOT).equals("content-length")) {
        return Integer.parseInt(line.substring(colon + 1).strip());
      }
    }
    throw new IOException("no Content-Length in " + head);
  }

  private static String id(String body) {
    Matcher m = ID.matcher(body);
    return m.find() ? m.group(1) : "null";
  }

  private static String method(String body) {
    Matcher m = METHOD.matcher(body);
    return m.find() ? m.group(1) : "";
  }

  /** Sends of {@code eth_sendRawTransaction} seen so far, any outcome. */
  public int sends() {
    return received("eth_sendRawTransaction").size();
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    acceptor.interrupt();
  }
}
