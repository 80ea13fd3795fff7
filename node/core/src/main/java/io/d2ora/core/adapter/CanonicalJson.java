package io.d2ora.core.adapter;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one JSON form this package writes, so that equal values always give equal bytes: no
 * whitespace, object keys sorted by {@link String#compareTo} (byte order for the ASCII keys we
 * use), strings escaped minimally ({@code \"}, {@code \\}, and {@code \}{@code u00XX} with
 * lowercase hex for code points below 0x20; everything else written as UTF-8), integers in decimal,
 * doubles by {@link Double#toString} (finite only), {@code true}/{@code false}/{@code null}.
 */
final class CanonicalJson {
  private CanonicalJson() {}

  /**
   * Writes {@code Map<String, ?>}, {@code List<?>}, String, Integer/Long, Double, Boolean, null.
   */
  static String write(Object value) {
    StringBuilder out = new StringBuilder();
    append(out, value);
    return out.toString();
  }

  private static void append(StringBuilder out, Object value) {
    switch (value) {
      case null -> out.append("null");
      case String s -> appendString(out, s);
      case Boolean b -> out.append(b);
      case Integer i -> out.append(i);
      case Long l -> out.append(l);
      case Double d -> {
        if (!Double.isFinite(d)) {
          throw new IllegalArgumentException("JSON has no representation for " + d);
        }
        out.append(d);
      }
      case Map<?, ?> map -> appendObject(out, map);
      case List<?> list -> {
        out.append('[');
        for (int i = 0; i < list.size(); i++) {
          if (i > 0) {
            out.append(',');
          }
          append(out, list.get(i));
        }
        out.append(']');
      }
      default ->
          throw new IllegalArgumentException(
              "not a JSON value type: " + value.getClass().getName());
    }
  }

  private static void appendObject(StringBuilder out, Map<?, ?> map) {
    TreeMap<String, Object> sorted = new TreeMap<>();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (!(e.getKey() instanceof String key)) {
        throw new IllegalArgumentException("JSON object keys must be strings, got " + e.getKey());
      }
      sorted.put(key, e.getValue());
    }
    out.append('{');
    boolean first = true;
    for (Map.Entry<String, Object> e : sorted.entrySet()) {
      if (!first) {
        out.append(',');
      }
      first = false;
      appendString(out, e.getKey());
      out.append(':');
      append(out, e.getValue());
    }
    out.append('}');
  }

  private static void appendString(StringBuilder out, String s) {
    checkWellFormed(s);
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append("\\u00")
            .append(Character.forDigit(c >> 4, 16))
            .append(Character.forDigit(c & 15, 16));
      } else {
        out.append(c);
      }
    }
    out.append('"');
  }

  /** Unpaired surrogates have no UTF-8 form; refuse them rather than write a replacement char. */
  private static void checkWellFormed(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new IllegalArgumentException("string has an unpaired surrogate at index " + i);
      }
    }
  }
}
