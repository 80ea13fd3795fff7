package io.d2ora.app.dashboard;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;

/** HTML building blocks: escaping, the page frame, tables, short hashes, token amounts. */
final class Html {
  private static final String STYLE =
      "body{font:14px/1.4 system-ui,sans-serif;margin:0;color:#222}"
          + "nav{background:#233;padding:8px 16px}nav a{color:#fff;margin-right:16px}"
          + "main{padding:8px 16px}table{border-collapse:collapse;margin:8px 0}"
          + "td,th{border:1px solid #ccc;padding:3px 6px;text-align:left;vertical-align:top}"
          + "th{background:#eee}code{font-size:12px}.error{color:#a00}"
          + "svg{border:1px solid #ddd;background:#fcfcfc;margin:8px 0}";

  private Html() {}

  /** Escapes text for an element body or a quoted attribute value. */
  static String esc(Object value) {
    String s = String.valueOf(value);
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c < 0x20 && c != '\n' && c != '\t' ? '\uFFFD' : c);
      }
    }
    return b.toString();
  }

  /** A whole page: {@code title} is escaped, {@code body} is trusted HTML built by a page class. */
  static String page(String title, String body) {
    return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>"
        + esc(title)
        + " - D2ORA</title><style>"
        + STYLE
        + "</style></head><body><nav><a href=\"/rounds\">Rounds</a><a href=\"/curves\">"
        + "Learning curves</a><a href=\"/peers\">Peers</a></nav><main><h1>"
        + esc(title)
        + "</h1>"
        + body
        + "</main></body></html>";
  }

  /** A table; header names are escaped, cells are trusted HTML. */
  static String table(String id, List<String> headers, List<List<String>> rows) {
    StringBuilder b = new StringBuilder("<table id=\"").append(id).append("\"><tr>");
    headers.forEach(h -> b.append("<th>").append(esc(h)).append("</th>"));
    b.append("</tr>");
    for (List<String> row : rows) {
      b.append("<tr>");
      row.forEach(cell -> b.append("<td>").append(cell).append("</td>"));
      b.append("</tr>");
    }
    return b.append("</table>").toString();
  }

  /** {@code 0x1234…cdef} for a long hex string, escaped; the whole value in a tooltip. */
  static String hex(Object value) {
    String s = String.valueOf(value);
    String shown = s.length() > 14 ? s.substring(0, 8) + "…" + s.substring(s.length() - 4) : s;
    return "<code title=\"" + esc(s) + "\">" + esc(shown) + "</code>";
  }

  /** Token base units (18 decimals) as whole tokens. */
  static String tokens(BigInteger baseUnits) {
    return new BigDecimal(baseUnits).movePointLeft(18).stripTrailingZeros().toPlainString();
  }

  static String link(String href, String text) {
    return "<a href=\"" + esc(href) + "\">" + text + "</a>";
  }
}
