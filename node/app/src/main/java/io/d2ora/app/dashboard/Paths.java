package io.d2ora.app.dashboard;

import java.util.regex.Pattern;

/**
 * Path parameters checked before use: round ids, transaction hashes and the raw path itself. A bad
 * one is a 400 that quotes (a bounded prefix of) what was sent.
 */
final class Paths {
  private static final Pattern ROUND = Pattern.compile("[1-9][0-9]{0,17}");
  private static final Pattern TX = Pattern.compile("0x[0-9a-fA-F]{64}");
  private static final Pattern SAFE_PATH = Pattern.compile("/[A-Za-z0-9/._-]{0,200}");

  private Paths() {}

  /**
   * The raw request path if it is plain ({@code /}, letters, digits, {@code . _ -}) and names no
   * {@code .} or {@code ..} segment; else a 400. Nothing is decoded: the dashboard's own paths need
   * no escapes.
   */
  static String checked(String raw) {
    if (raw == null || !SAFE_PATH.matcher(raw).matches()) {
      throw bad("path", raw);
    }
    for (String segment : raw.split("/", -1)) {
      if (segment.equals("..") || segment.equals(".")) {
        throw bad("path", raw);
      }
    }
    return raw;
  }

  /** A round id: 1 to 18 digits, no sign or leading zero. */
  static long roundId(String text) {
    if (!ROUND.matcher(text).matches()) {
      throw new DashboardException(
          400,
          "A round id is a positive whole number of at most 18 digits; got '"
              + bounded(text)
              + "'.");
    }
    return Long.parseLong(text);
  }

  static String transaction(String text) {
    if (!TX.matcher(text).matches()) {
      throw new DashboardException(
          400, "A transaction hash is 0x and 64 hex digits; got '" + bounded(text) + "'.");
    }
    return text.toLowerCase(java.util.Locale.ROOT);
  }

  private static DashboardException bad(String what, String raw) {
    return new DashboardException(
        400,
        "Malformed " + what + " '" + bounded(raw) + "': only plain dashboard paths are served.");
  }

  private static String bounded(String s) {
    String t = String.valueOf(s);
    return t.length() > 60 ? t.substring(0, 60) + "…" : t;
  }
}
