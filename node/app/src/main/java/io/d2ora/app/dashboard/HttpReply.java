package io.d2ora.app.dashboard;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * What a route answers: status, content type and a body written on demand (so a metrics registry
 * can stream its text).
 */
public record HttpReply(int status, String contentType, Body body) {
  public static final String HTML = "text/html; charset=utf-8";
  public static final String JSON = "application/json; charset=utf-8";

  /** Writes the body; called once per request. */
  @FunctionalInterface
  public interface Body {
    void writeTo(OutputStream out) throws IOException;
  }

  /** A 200 reply of {@code contentType} written by {@code body}. */
  public static HttpReply ok(String contentType, Body body) {
    return new HttpReply(200, contentType, body);
  }

  public static HttpReply html(int status, String html) {
    return text(status, HTML, html);
  }

  public static HttpReply json(int status, String json) {
    return text(status, JSON, json);
  }

  private static HttpReply text(int status, String type, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    return new HttpReply(status, type, out -> out.write(bytes));
  }
}
