package io.d2ora.app.p2p;

import java.util.Map;
import java.util.StringJoiner;

/** Minimal JSON object writer for the diagnostic commands' line output (strings and numbers). */
final class Json {
  private Json() {}

  /** One JSON object; values are written as numbers when they are Numbers, else as strings. */
  static String object(Map<String, ?> fields) {
    StringJoiner out = new StringJoiner(",", "{", "}");
    fields.forEach(
        (key, value) ->
            out.add(
                quote(key)
                    + ":"
                    + (value instanceof Number n ? n.toString() : quote(String.valueOf(value)))));
    return out.toString();
  }

  static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append("\\u%04x".formatted((int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
