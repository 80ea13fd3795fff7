package io.d2ora.app.node;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The node's output: one plain status line per event, or with {@code --json} one JSON object per
 * line ({@code {"time":..., "event":..., ...fields}}) for scripts. Thread-safe.
 */
final class NodeEvents {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final PrintWriter out;
  private final boolean json;
  private final java.util.function.Consumer<Map<String, Object>> observer;

  NodeEvents(PrintWriter out, boolean json) {
    this(out, json, m -> {});
  }

  /** Also hands every event (as the map printed in JSON) to {@code observer}, e.g. a test. */
  NodeEvents(
      PrintWriter out, boolean json, java.util.function.Consumer<Map<String, Object>> observer) {
    this.out = out;
    this.json = json;
    this.observer = observer;
  }

  /** Emits {@code event} with {@code fields} given as alternating names and values. */
  synchronized void emit(String event, Object... fields) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("time", Instant.now().toString());
    m.put("event", event);
    for (int i = 0; i + 1 < fields.length; i += 2) {
      m.put(fields[i].toString(), plain(fields[i + 1]));
    }
    observer.accept(m);
    if (json) {
      try {
        out.println(JSON.writeValueAsString(m));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("cannot encode event " + event, e);
      }
    } else {
      StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-10s", event));
      for (int i = 0; i + 1 < fields.length; i += 2) {
        b.append(' ').append(fields[i]).append('=').append(fields[i + 1]);
      }
      out.println(b);
    }
    out.flush();
  }

  /** Numbers, booleans and lists stay JSON values; domain values print as their text form. */
  private static Object plain(Object value) {
    if (value == null || value instanceof Number || value instanceof Boolean) {
      return value;
    }
    if (value instanceof java.util.Collection<?> c) {
      return c.stream().map(NodeEvents::plain).toList();
    }
    return value.toString();
  }
}
