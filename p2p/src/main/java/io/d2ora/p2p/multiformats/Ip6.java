package io.d2ora.p2p.multiformats;

import io.d2ora.p2p.ProtocolViolationException;

/** IPv6 text forms without DNS lookups: RFC 4291 parsing, RFC 5952 canonical output. */
final class Ip6 {
  private Ip6() {}

  static byte[] parse(String text) {
    if (text.isEmpty() || text.length() > 45) {
      throw invalid(text);
    }
    int[] groups = new int[8];
    int dbl = text.indexOf("::");
    if (dbl >= 0 && text.indexOf("::", dbl + 1) >= 0) {
      throw invalid(text);
    }
    String head = dbl >= 0 ? text.substring(0, dbl) : text;
    String tail = dbl >= 0 ? text.substring(dbl + 2) : "";
    int[] h = groups(head, text);
    int[] t = groups(tail, text);
    if (dbl < 0 ? h.length != 8 : h.length + t.length > 7) {
      throw invalid(text);
    }
    System.arraycopy(h, 0, groups, 0, h.length);
    System.arraycopy(t, 0, groups, 8 - t.length, t.length);
    byte[] out = new byte[16];
    for (int i = 0; i < 8; i++) {
      out[2 * i] = (byte) (groups[i] >>> 8);
      out[2 * i + 1] = (byte) groups[i];
    }
    return out;
  }

  private static int[] groups(String part, String whole) {
    if (part.isEmpty()) {
      return new int[0];
    }
    String[] items = part.split(":", -1);
    boolean v4Tail = items[items.length - 1].contains(".");
    int[] out = new int[items.length + (v4Tail ? 1 : 0)];
    for (int i = 0; i < items.length; i++) {
      String s = items[i];
      if (i == items.length - 1 && v4Tail) {
        byte[] v4 = MultiaddrValues.fromText(MultiaddrProtocol.IP4, s);
        out[i] = ((v4[0] & 0xFF) << 8) | (v4[1] & 0xFF);
        out[i + 1] = ((v4[2] & 0xFF) << 8) | (v4[3] & 0xFF);
      } else if (s.isEmpty() || s.length() > 4 || !s.chars().allMatch(Ip6::isHex)) {
        throw invalid(whole);
      } else {
        out[i] = Integer.parseInt(s, 16);
      }
    }
    return out;
  }

  static String format(byte[] b) {
    int[] g = new int[8];
    for (int i = 0; i < 8; i++) {
      g[i] = ((b[2 * i] & 0xFF) << 8) | (b[2 * i + 1] & 0xFF);
    }
    int bestStart = -1;
    int bestLen = 1; // RFC 5952: never compress a single zero group
    for (int i = 0; i < 8; ) {
      int j = i;
      while (j < 8 && g[j] == 0) {
        j++;
      }
      if (j - i > bestLen) {
        bestStart = i;
        bestLen = j - i;
      }
      i = j == i ? i + 1 : j;
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        sb.append("::");
        i += bestLen - 1;
        continue;
      }
      if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
        sb.append(':');
      }
      sb.append(Integer.toHexString(g[i]));
    }
    return sb.toString();
  }

  private static boolean isHex(int c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  private static ProtocolViolationException invalid(String text) {
    return new ProtocolViolationException("invalid ip6 address: " + text);
  }
}
